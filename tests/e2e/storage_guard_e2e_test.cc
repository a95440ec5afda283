// End-to-end guards of the storage core against the real binary: bucket roots stay inside the
// allowed roots (issue #15 item 2), the object API cannot touch what the catalog owns (item 6),
// appends under contention all commit (item 7), database hosts are allow-listed (item 14), the
// data directory is locked against a second server (issue #16 item 1) and upload spools of a
// killed server are cleaned at start-up (issue #16 item 11).
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

namespace fs = std::filesystem;
using testing::Body;
using testing::ServerProcess;

constexpr char kKey[] = "guard-test-key";
// A server expected to refuse to start must not hang the test if it starts after all (exit 124).
constexpr char kBounded[] = "timeout 30";

testing::ServerProcessOptions WithApiKey() {
  testing::ServerProcessOptions options;
  options.api_key = kKey;
  return options;
}

testing::ServerProcessOptions WithEnv(const std::string& name, const std::string& value) {
  testing::ServerProcessOptions options;
  options.env[name] = value;
  return options;
}

std::string ErrorCode(const Result<ClientResponse>& r) {
  Json body = Body(r);
  return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
}

class BucketRootE2E : public ::testing::Test {
 protected:
  std::unique_ptr<ServerProcess> Start(testing::ServerProcessOptions options) {
    auto s = ServerProcess::Start(std::move(options));
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }
  testing::TempDir dir_;
};

TEST_F(BucketRootE2E, WithoutAnApiKeyBucketsCannotBeAddedAtRuntime) {
  auto server = Start({});
  ASSERT_NE(server, nullptr);
  const std::string root = server->data_dir() + "/buckets/harmless";
  auto r = server->client().PostJson("/storage/buckets", {{"name", "x"}, {"root", root}});
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_EQ(ErrorCode(r), "PERMISSION_DENIED");
  EXPECT_NE(r->body.find("api_keys"), std::string::npos) << r->body;
  EXPECT_FALSE(fs::exists(root));
  EXPECT_EQ(Body(server->client().Get("/storage/buckets"))["buckets"].size(), 1u);
}

TEST_F(BucketRootE2E, EveryEscapeFormIsRefusedAndCreatesNothing) {
  auto server = Start(WithApiKey());
  ASSERT_NE(server, nullptr);
  fs::create_directories(dir_.Join("outside"));
  fs::create_directory_symlink(dir_.Join("outside"), server->data_dir() + "/buckets/link");
  const std::string missing = dir_.Join("outside/would-be-created");
  for (const std::string& root :
       {std::string("/etc"), std::string("../../../../../../../../../etc"),
        std::string("/proc/self"), std::string("/"), missing,
        server->data_dir() + "/buckets/link/inner", std::string("tmp"), std::string("indexes"),
        server->data_dir()}) {
    auto r = server->client().PostJson("/storage/buckets", {{"name", "escape"}, {"root", root}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 403) << root << ": " << r->body;
    EXPECT_EQ(ErrorCode(r), "PERMISSION_DENIED") << root;
  }
  EXPECT_FALSE(fs::exists(missing));
  EXPECT_FALSE(fs::exists(dir_.Join("outside/inner")));
  EXPECT_EQ(server->client().Get("/storage/buckets/escape/objects?prefix=")->status, 404);
  // Under the allowed root it works (and a missing directory there is created).
  auto ok = server->client().PostJson(
      "/storage/buckets", {{"name", "fine"}, {"root", server->data_dir() + "/buckets/fine/deep"}});
  EXPECT_EQ(ok->status, 201) << ok->body;
}

TEST_F(BucketRootE2E, AConfiguredBucketOutsideTheAllowedRootsStopsStartUp) {
  const std::string config = dir_.Join("lakehouse.toml");
  std::ofstream(config) << "[[storage.buckets]]\nname = \"etc\"\nroot = \"/etc\"\n";
  auto [code, output] = testing::RunCli(
      "serve --port 0 --data-dir " + dir_.Join("data") + " --config " + config, kBounded);
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find("storage.allowed_roots"), std::string::npos) << output;
}

class CatalogObjectsE2E : public testing::ServerTest {};

TEST_F(CatalogObjectsE2E, DatasetFilesAndRegisteredObjectsAreReadOnlyThroughTheObjectApi) {
  Register("sales", "SELECT range AS id FROM range(5)");  // raw/sales-0.parquet, registered
  auto ingest = c().PostMultipart("/ingest/file", {{"dataset", "notes", "", "", ""},
                                                   {"file", "id,v\n1,a\n2,b\n", "n.csv", "", ""}});
  ASSERT_EQ(ingest->status, 200) << ingest->body;
  Json listed = Body(c().Get("/storage/buckets/primary/objects?prefix=datasets/"));
  ASSERT_EQ(listed["objects"].size(), 1u) << listed.dump();
  const std::string data_key = listed["objects"][0]["key"];
  const std::string objects = "/storage/buckets/primary/objects/";

  for (const std::string& key : {data_key, std::string("raw/sales-0.parquet")}) {
    const std::string before = c().Get(objects + key)->body;
    auto put = c().Send(HttpMethod::kPut, objects + key, "garbage", "application/octet-stream");
    EXPECT_EQ(put->status, 409) << key << ": " << put->body;
    auto del = c().Send(HttpMethod::kDelete, objects + key);
    EXPECT_EQ(del->status, 409) << key << ": " << del->body;
    EXPECT_EQ(c().Get(objects + key)->body, before) << key << " changed";
  }
  for (const char* reserved :
       {"datasets/new/x.parquet", "_errors/2026-01-01.jsonl", "_health/probe-1"}) {
    auto put = c().Send(HttpMethod::kPut, objects + reserved, "x", "application/octet-stream");
    EXPECT_EQ(put->status, 409) << reserved << ": " << put->body;
  }
  auto q = c().PostJson("/query/sql", {{"sql",
                                        "SELECT (SELECT count(*) FROM sales) + "
                                        "(SELECT count(*) FROM notes) AS n"}});
  ASSERT_EQ(q->status, 200) << q->body;
  EXPECT_NE(q->body.find("7"), std::string::npos) << q->body;
  // Ordinary objects stay writable.
  EXPECT_EQ(c().Send(HttpMethod::kPut, objects + "raw/free.txt", "x", "text/plain")->status, 201);
  EXPECT_EQ(c().Send(HttpMethod::kDelete, objects + "raw/free.txt")->status, 204);
}

// Four clients appending 160 files while auto-compaction (threshold 2) runs: every append commits
// (on main several answer 409 after their one retry), and compaction keeps the file count down.
class ContentionE2E : public testing::ServerTest {
 protected:
  testing::ServerProcessOptions ServerOptions() override {
    return WithEnv("LAKEHOUSE_SQL_COMPACT_AFTER_FILES", "2");
  }
};

TEST_F(ContentionE2E, ConcurrentAppendsAllCommitWhileCompactionRuns) {
  constexpr int kClients = 4;
  constexpr int kAppendsEach = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      std::unique_ptr<HttpClient> client = server_->NewClient();
      for (int i = 0; i < kAppendsEach; ++i) {
        const std::string csv =
            "id,writer\n" + std::to_string(t * 1000 + i) + "," + std::to_string(t) + "\n";
        auto r = client->PostMultipart(
            "/ingest/file", {{"dataset", "stream", "", "", ""}, {"file", csv, "part.csv", "", ""}});
        if (!r.ok() || r->status != 200) {
          ++failures;
          ADD_FAILURE() << (r.ok() ? r->body : r.status().ToString());
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto q = c().PostJson("/query/sql", {{"sql", "SELECT count(*) AS n FROM stream"}});
  ASSERT_EQ(q->status, 200) << q->body;
  EXPECT_EQ(Body(q)["rows"][0][0], kClients * kAppendsEach) << q->body;
  int compactions = 0;
  for (int i = 0; i < 200; ++i) {
    Json versions = Body(c().Get("/catalog/datasets/by-name/stream/versions"))["versions"];
    compactions = 0;
    for (const Json& v : versions) compactions += v.value("operation", "") == "compact" ? 1 : 0;
    Json listed = Body(c().Get("/storage/buckets/primary/objects?prefix=datasets/"));
    if (compactions > 0 && listed["objects"].size() <= 6) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GE(compactions, 1);
}

// Tombstones racing appends and auto-compaction in a keyed dataset: every tombstone commits (it
// re-read the dataset once and then answered 409 before), and exactly the tombstoned keys are gone.
TEST_F(ContentionE2E, TombstonesCommitWhileAppendsAndCompactionRun) {
  auto seeded = c().PostMultipart("/ingest/file", {{"dataset", "keyed", "", "", ""},
                                                   {"key", "id", "", "", ""},
                                                   {"file", "id,v\n0,seed\n", "seed.csv", "", ""}});
  ASSERT_EQ(seeded->status, 200) << seeded->body;
  constexpr int kWriters = 2;
  constexpr int kAppendsEach = 30;
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kWriters; ++t) {
    clients.emplace_back([&, t] {
      std::unique_ptr<HttpClient> client = server_->NewClient();
      for (int i = 0; i < kAppendsEach; ++i) {
        const std::string csv = "id,v\n" + std::to_string(1000 * (t + 1) + i) + ",w\n";
        auto r = client->PostMultipart("/ingest/file", {{"dataset", "keyed", "", "", ""},
                                                        {"key", "id", "", "", ""},
                                                        {"file", csv, "part.csv", "", ""}});
        if (!r.ok() || r->status != 200) {
          ++failures;
          ADD_FAILURE() << (r.ok() ? r->body : r.status().ToString());
        }
      }
    });
  }
  // Tombstone the first writer's rows as they appear, racing the other writer and compaction.
  int tombstoned = 0;
  std::unique_ptr<HttpClient> deleter = server_->NewClient();
  for (int i = 0; i < kAppendsEach; i += 3) {
    const std::string key = std::to_string(1000 + i);
    for (int wait = 0; wait < 400; ++wait) {
      auto q = deleter->PostJson("/query/sql",
                                 {{"sql", "SELECT count(*) FROM keyed WHERE id = " + key}});
      if (q.ok() && q->status == 200 && Body(q)["rows"][0][0] == 1) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    auto r = deleter->PostJson("/catalog/datasets/by-name/keyed/tombstone",
                               {{"row_key_column", "id"}, {"row_key_values", {key}}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, 200) << key << ": " << r->body;
    tombstoned += r->status == 200 ? 1 : 0;
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto q = c().PostJson("/query/sql", {{"sql", "SELECT count(*) AS n FROM keyed"}});
  ASSERT_EQ(q->status, 200) << q->body;
  EXPECT_EQ(Body(q)["rows"][0][0], 1 + kWriters * kAppendsEach - tombstoned) << q->body;
}

TEST(DbIngestAllowListE2E, HostsOutsideTheListAreRefusedBeforeConnecting) {
  auto s = ServerProcess::Start(WithEnv("LAKEHOUSE_POSTGRES_ALLOWED_HOSTS", "db.example"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  for (const char* dsn : {"postgresql://u@169.254.169.254:80/meta", "host=127.0.0.1 port=22",
                          "postgresql://u@db.example/x?sslkey=/etc/ssl/private/k.pem"}) {
    auto r = (*s)->client().PostJson("/ingest/db", {{"dsn", dsn}, {"table", "t"}});
    EXPECT_EQ(r->status, 403) << dsn << ": " << r->body;
    EXPECT_EQ(ErrorCode(r), "PERMISSION_DENIED") << dsn;
  }
}

// Issue #16 item 1: two real processes on one data directory.
TEST(DataDirLockE2E, ASecondServerOnTheSameDirectoryRefusesToStart) {
  auto first = ServerProcess::Start();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto [code, output] =
      testing::RunCli("serve --port 0 --data-dir " + (*first)->data_dir(), kBounded);
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find("pid " + std::to_string((*first)->pid())), std::string::npos) << output;
  EXPECT_NE(output.find("in use"), std::string::npos) << output;
  EXPECT_EQ((*first)->client().Get("/health")->status, 200) << "the first one is unharmed";
  // Once the first is gone (even by SIGKILL) the directory is free again.
  (*first)->Kill();
  ASSERT_TRUE((*first)->Restart().ok()) << (*first)->Log();
}

// Issue #16 item 11: a spool file left by a killed upload is removed at the next start.
TEST(UploadSpoolE2E, SpoolFilesOfAKilledServerAreCleanedAtStartUp) {
  auto server = ServerProcess::Start();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  const std::string spool = (*server)->data_dir() + "/tmp/uploads/upload-Leftover";
  (*server)->Kill();
  fs::create_directories(fs::path(spool).parent_path());
  std::ofstream(spool) << std::string(1 << 16, 'x');
  ASSERT_TRUE(fs::exists(spool));
  ASSERT_TRUE((*server)->Restart().ok()) << (*server)->Log();
  EXPECT_FALSE(fs::exists(spool));
}

// Issue #15 item 11: a full disk is 507 on every path and shows in /storage/errors. Needs a small
// tmpfs for the data directory (root in a container that allows mounts); skipped otherwise.
class DiskFullE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    mount_point_ = dir_.Join("small-disk");
    fs::create_directories(mount_point_);
    if (::mount("tmpfs", mount_point_.c_str(), "tmpfs", 0, "size=6m") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs here (needs root and mount permission)";
    }
    mounted_ = true;
    testing::ServerProcessOptions options;
    options.data_dir = mount_point_ + "/data";
    auto s = ServerProcess::Start(options);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
  }
  void TearDown() override {
    server_.reset();
    if (mounted_) ::umount2(mount_point_.c_str(), MNT_DETACH);
  }
  testing::TempDir dir_;
  std::string mount_point_;
  bool mounted_ = false;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(DiskFullE2E, EveryDiskFullPathIs507AndJournaled) {
  HttpClient& c = server_->client();
  const std::string big(12 << 20, 'x');  // twice the disk
  auto put = c.Send(HttpMethod::kPut, "/storage/buckets/primary/objects/raw/big.bin", big,
                    "application/octet-stream");
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->status, 507) << put->body;
  EXPECT_EQ(ErrorCode(put), "INSUFFICIENT_STORAGE");

  std::string csv = "id,text\n";
  while (csv.size() < (12u << 20)) csv += std::to_string(csv.size()) + ",some text to fill\n";
  auto ingest = c.PostMultipart("/ingest/file",
                                {{"dataset", "big", "", "", ""}, {"file", csv, "big.csv", "", ""}});
  ASSERT_TRUE(ingest.ok());
  EXPECT_EQ(ingest->status, 507) << ingest->body;
  EXPECT_EQ(ErrorCode(ingest), "INSUFFICIENT_STORAGE");

  Json errors = Body(c.Get("/storage/errors?limit=100"));
  int disk_full = 0;
  for (const Json& e : errors["errors"]) disk_full += e.value("code", "") == "INSUFFICIENT_STORAGE";
  EXPECT_GE(disk_full, 2) << errors.dump();
  EXPECT_EQ(c.Get("/catalog/datasets/by-name/big")->status, 404) << "nothing committed";
  EXPECT_EQ(c.Get("/health")->status, 200);
}

}  // namespace
}  // namespace lakehouse
