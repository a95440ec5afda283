// End-to-end: SIGKILL of the real binary in the middle of a compaction loses nothing. The server
// runs with the compactor's fault hook (LAKEHOUSE_DEBUG_COMPACT_PAUSE_MS), which logs and pauses
// at each step boundary, so the kill lands at a known point: output written but not in the bucket,
// object in the bucket but not committed, committed but listeners not told. After each kill the
// server restarts on the same data directory and the dataset must read back identically (same
// rows, same content digest), every file the catalog lists must be on disk, nothing the catalog
// never published may stay in the bucket or in tmp/, and a later compaction must still work.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::ServerProcessOptions;

constexpr char kDigest[] =
    "SELECT count(*), sum(id), md5(string_agg(id || ':' || amount, ',' ORDER BY id, amount)) "
    "FROM ledger";

class CompactionCrashE2E : public testing::ServerTest {
 protected:
  ServerProcessOptions ServerOptions() override {
    return {.env = {{"LAKEHOUSE_DEBUG_COMPACT_PAUSE_MS", "2000"}}};
  }

  Json Digest() {
    auto r = c().PostJson("/query/sql", {{"sql", kDigest}});
    EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    return Body(r)["rows"];
  }

  void AppendCsv(int64_t from, int64_t to) {
    std::string csv = "id,amount\n";
    for (int64_t i = from; i < to; ++i)
      csv += std::to_string(i) + "," + std::to_string(i * 3) + "\n";
    std::vector<MultipartItem> items = {
        {"dataset", "ledger", "", "", ""},
        {"file", csv, "part-" + std::to_string(from) + ".csv", "", ""}};
    auto r = c().PostMultipart("/ingest/file", items);
    ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  }

  // Files of the dataset's live version per the version log: every file added, minus removed.
  std::set<std::string> LiveFiles() {
    std::set<std::string> live;
    const Json versions = Body(c().Get("/catalog/datasets/by-name/ledger/versions"));
    for (const Json& v : versions["versions"]) {
      for (const Json& f : v["files_added"]) live.insert(f["path"].get<std::string>());
      for (const Json& f : v["files_removed"]) live.erase(f["path"].get<std::string>());
    }
    return live;
  }

  // The catalog and the disk agree: every live file exists, and every object under the dataset's
  // prefix is live or a removed file the reaper has yet to delete (never an unpublished one).
  void ExpectDiskMatchesCatalog(const std::string& dataset_id) {
    namespace fs = std::filesystem;
    const fs::path bucket = fs::path(server_->data_dir()) / "buckets" / "primary";
    const std::set<std::string> live = LiveFiles();
    std::set<std::string> ever_added;
    const Json versions = Body(c().Get("/catalog/datasets/by-name/ledger/versions"));
    for (const Json& v : versions["versions"]) {
      for (const Json& f : v["files_added"]) ever_added.insert(f["path"].get<std::string>());
    }
    for (const std::string& key : live) EXPECT_TRUE(fs::exists(bucket / key)) << key;
    const std::string prefix = "datasets/" + dataset_id;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(bucket / prefix, ec)) {
      if (!entry.is_regular_file()) continue;
      std::string key = fs::relative(entry.path(), bucket).string();
      EXPECT_TRUE(ever_added.count(key)) << "unpublished object left in the bucket: " << key;
    }
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(server_->data_dir()) / "tmp", ec)) {
      EXPECT_EQ(entry.path().filename().string().rfind("compact-", 0), std::string::npos)
          << "compaction leftover: " << entry.path();
    }
  }

  // Waits until the server log shows the compaction paused at `stage` (after `from` bytes).
  bool WaitForPause(const std::string& stage, size_t from) {
    const std::string marker = "paused " + stage;
    for (int i = 0; i < 600; ++i) {
      std::string log = server_->Log();
      if (log.size() > from && log.find(marker, from) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
};

TEST_F(CompactionCrashE2E, KillDuringCompactionLosesNothing) {
  RegisterParts("ledger", {"SELECT range AS id, range * 3 AS amount FROM range(0, 300)",
                           "SELECT range AS id, range * 3 AS amount FROM range(300, 600)"});
  for (int64_t part = 0; part < 8; ++part) AppendCsv(600 + part * 50, 650 + part * 50);
  const Json before = Digest();
  ASSERT_EQ(before[0][0], 1000);

  for (const char* stage : {"before_put", "before_commit", "after_commit"}) {
    SCOPED_TRACE(stage);
    const size_t log_from = server_->Log().size();
    // The compaction request blocks in the hook; its client dies with the server.
    auto client = server_->NewClient();
    auto pending = std::async(std::launch::async, [&client] {
      return client->PostJson("/query/compact", {{"dataset", "ledger"}});
    });
    ASSERT_TRUE(WaitForPause(stage, log_from)) << server_->Log();
    server_->Kill();
    (void)pending.get();
    client.reset();

    ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
    EXPECT_EQ(Digest(), before) << "rows after a kill " << stage;
    auto manifest = Body(c().Get("/catalog/datasets/by-name/ledger"));
    EXPECT_EQ(manifest["row_count"], 1000);
    ExpectDiskMatchesCatalog(manifest["id"].get<std::string>());
    // The kill landed where intended: only a kill after the commit leaves a compact version.
    auto versions = Body(c().Get("/catalog/datasets/by-name/ledger/versions"));
    EXPECT_EQ(versions["versions"].back()["operation"] == "compact",
              std::string(stage) == "after_commit");
  }

  // Whatever the last kill left, new data and a full compaction (the hook lets it through after
  // its pauses) still work and keep every row.
  AppendCsv(1000, 1100);
  const Json grown = Digest();
  ASSERT_EQ(grown[0][0], 1100);
  auto compacted = c().PostJson("/query/compact", {{"dataset", "ledger"}});
  ASSERT_TRUE(compacted.ok() && compacted->status == 200)
      << (compacted.ok() ? compacted->body : compacted.status().ToString());
  EXPECT_EQ(Body(compacted)["compacted"], true);
  EXPECT_EQ(Body(compacted)["rows"], 1100);
  EXPECT_EQ(Digest(), grown);
  EXPECT_EQ(LiveFiles().size(), 1u) << "a full compaction leaves one base file";
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  EXPECT_EQ(Digest(), grown);
  ExpectDiskMatchesCatalog(Body(c().Get("/catalog/datasets/by-name/ledger"))["id"]);
}

}  // namespace
}  // namespace lakehouse
