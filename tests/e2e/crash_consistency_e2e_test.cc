// End-to-end crash consistency: the real binary does mixed work — appends, upserts and tombstones
// from two writer threads, compactions and asynchronous vector refreshes from a third — and is
// killed with SIGKILL at a random moment, then restarted on the same data directory, again and
// again. After every restart:
//   - every acknowledged write is there, and the write that was in flight at the kill is either
//     wholly there or wholly absent (no partial commit); a refused write (4xx) left nothing;
//   - the catalog and the disk agree: every live file exists, no object the catalog never
//     published is left under the dataset's prefix, start-up emptied the scratch folders;
//   - every job the kill interrupted is resumed and succeeds;
//   - once refreshed, the vector index holds exactly the live documents: no deleted or replaced
//     document is returned by search.
// Each writer owns the ids congruent to its number modulo kWriters, so its model of "what must be
// there" does not depend on the other threads' timing.
//
// Knobs (environment): LAKEHOUSE_CRASH_KILLS (default 8; `make soak` raises it),
// LAKEHOUSE_CRASH_SEED (default: time-based, printed so a failure can be replayed).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/e2e_util.h"
#include "tests/support/fake_llm_server.h"
#include "tests/support/server_process.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::FakeLlmServer;
using testing::FakeLlmServerOptions;
using testing::ServerProcess;
using testing::ServerProcessOptions;
using namespace std::chrono_literals;

constexpr int kWriters = 2;
constexpr char kDataset[] = "ledger";
constexpr char kIndex[] = "ledger_idx";

int64_t EnvInt(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoll(v) : fallback;
}

using Rows = std::map<int64_t, int64_t>;  // id → ver of the live rows

// What one writer knows: the rows it was told are committed, and what they would be if the
// request in flight when the server died was committed too.
struct WriterModel {
  Rows live;
  std::set<int64_t> ever;  // ids written at least once (upserts may revive tombstoned ones)
  int64_t next_k = 0;
  int64_t next_ver = 1;
  std::optional<Rows> pending;
};

// Counts for the report (docs/RELIABILITY.md); guarded by mu.
struct Stats {
  std::mutex mu;
  std::map<std::string, int64_t> attempts, acked, refused, lost;  // per operation
  int64_t kills = 0, restarts = 0, in_flight_committed = 0, in_flight_absent = 0;
  int64_t jobs_resumed = 0;
  void Count(std::map<std::string, int64_t>& m, const std::string& op) {
    std::lock_guard<std::mutex> lock(mu);
    ++m[op];
  }
};

std::string Ndjson(int writer, const Rows& rows) {
  std::string out;
  for (const auto& [id, ver] : rows) {
    out += DumpJson(Json{{"id", id},
                         {"owner", writer},
                         {"ver", ver},
                         {"body", "Doc w" + std::to_string(id) + " version " + std::to_string(ver) +
                                      " is about weather."}}) +
           "\n";
  }
  return out;
}

class CrashConsistencyE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fake = FakeLlmServer::Start(FakeLlmServerOptions::With(32));
    ASSERT_TRUE(fake.ok()) << fake.status().ToString();
    fake_ = std::move(*fake);
    fake_->SetDelay(40ms);  // refreshes take long enough to be interrupted
    ServerProcessOptions options;
    options.env = fake_->LakehouseEnv();
    options.env["LAKEHOUSE_AI_BATCH_SIZE"] = "8";
    options.env["LAKEHOUSE_VECTORS_CHECKPOINT_CHUNKS"] = "8";
    auto server = ServerProcess::Start(std::move(options));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
  }

  HttpClient& c() { return server_->client(); }

  // One write of `writer`: append new ids, upsert known ones, or tombstone live ones.
  // Returns false when the server could not be reached (it is being killed).
  bool WriteOnce(HttpClient& client, int writer, WriterModel& m, std::mt19937_64& rng) {
    const int dice = static_cast<int>(rng() % 10);
    std::string op = m.live.size() < 8 || dice < 4 ? "append" : dice < 7 ? "upsert" : "tombstone";
    Rows after = m.live;
    Rows written;
    std::vector<int64_t> tombstoned;
    if (op == "append") {
      for (int i = 0; i < 5; ++i) {
        const int64_t id = writer + kWriters * m.next_k++;
        written[id] = m.next_ver;
      }
    } else if (op == "upsert") {
      std::vector<int64_t> ever(m.ever.begin(), m.ever.end());
      for (int i = 0; i < 3; ++i) written[ever[rng() % ever.size()]] = m.next_ver;
    } else {
      std::vector<int64_t> live;
      for (const auto& [id, ver] : m.live) live.push_back(id);
      std::shuffle(live.begin(), live.end(), rng);
      tombstoned.assign(live.begin(), live.begin() + 2);
    }
    ++m.next_ver;
    for (const auto& [id, ver] : written) after[id] = ver;
    for (int64_t id : tombstoned) after.erase(id);
    m.pending = after;

    stats_.Count(stats_.attempts, op);
    Result<ClientResponse> r = Internal("not sent");
    if (op == "tombstone") {
      Json values = Json::array();
      for (int64_t id : tombstoned) values.push_back(id);
      r = client.PostJson(std::string("/catalog/datasets/by-name/") + kDataset + "/tombstone",
                          {{"row_key_column", "id"}, {"row_key_values", values}});
    } else {
      std::vector<MultipartItem> items = {{"dataset", kDataset, "", "", ""},
                                          {"mode", op, "", "", ""},
                                          {"key", "id", "", "", ""},
                                          {"file", Ndjson(writer, written), "rows.ndjson", "", ""}};
      r = client.PostMultipart("/ingest/file", items);
    }
    if (!r.ok()) {
      stats_.Count(stats_.lost, op);
      return false;  // the pending state stays: decided after the restart
    }
    m.pending.reset();
    if (r->status == 207 && op == "tombstone") {
      // Some keys matched nothing: the model said they were live.
      ADD_FAILURE() << "tombstone of live keys partly failed: " << r->body;
      const Json answer = Body(r);
      for (const Json& failed : answer["failures"]) {
        const int64_t id = std::stoll(failed.get<std::string>());
        if (m.live.count(id)) after[id] = m.live.at(id);
      }
    }
    if (r->status == 200 || r->status == 207) {
      stats_.Count(stats_.acked, op);
      m.live = std::move(after);
      for (const auto& [id, ver] : written) m.ever.insert(id);
    } else {
      // Refused (a commit conflict, say): it must have changed nothing.
      stats_.Count(stats_.refused, op + " " + std::to_string(r->status));
      EXPECT_LT(r->status, 500) << op << ": " << r->body;
    }
    return true;
  }

  // Compactions and asynchronous refreshes until the server goes away or `stop`.
  void Maintain(HttpClient& client, const std::atomic<bool>& stop) {
    for (int i = 0; !stop; ++i) {
      const bool compact = i % 2 == 0;
      const std::string op = compact ? "compact" : "refresh";
      stats_.Count(stats_.attempts, op);
      auto r = compact ? client.PostJson("/query/compact", {{"dataset", kDataset}})
                       : client.PostJson(std::string("/vectors/refresh/") + kDataset,
                                         {{"index_name", kIndex}});
      if (!r.ok()) {
        stats_.Count(stats_.lost, op);
        return;
      }
      if (r->status / 100 == 2) {
        stats_.Count(stats_.acked, op);
      } else {
        stats_.Count(stats_.refused, op + " " + std::to_string(r->status));
        EXPECT_LT(r->status, 500) << op << ": " << r->body;
      }
      std::this_thread::sleep_for(50ms);
    }
  }

  // Runs the writers and the maintainer, kills the server after `work` and joins them.
  void WorkThenKill(std::chrono::milliseconds work, std::mt19937_64& rng) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int w = 0; w < kWriters; ++w) {
      threads.emplace_back([this, w, seed = rng(), &stop] {
        auto client = server_->NewClient();
        std::mt19937_64 local(seed);
        // Short pauses between writes give compactions a chance to commit.
        while (!stop && WriteOnce(*client, w, models_[w], local)) {
          std::this_thread::sleep_for(std::chrono::milliseconds(local() % 60));
        }
      });
    }
    threads.emplace_back([this, &stop] {
      auto client = server_->NewClient();
      Maintain(*client, stop);
    });
    std::this_thread::sleep_for(work);
    server_->Kill();
    stop = true;
    for (std::thread& t : threads) t.join();
    ++stats_.kills;
  }

  // Every acknowledged write is there; the one in flight is wholly there or wholly absent.
  void ExpectRowsMatchModels() {
    auto r = c().PostJson(
        "/query/sql",
        {{"sql", std::string("SELECT id, owner, ver FROM ") + kDataset}, {"limit", 1000000}});
    ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    std::vector<Rows> actual(kWriters);
    const Json result = Body(r);
    for (const Json& row : result["rows"]) {
      const int64_t id = row[0].get<int64_t>();
      const int owner = row[1].get<int>();
      ASSERT_EQ(id % kWriters, owner) << row.dump();
      EXPECT_TRUE(actual[owner].emplace(id, row[2].get<int64_t>()).second)
          << "id " << id << " appears twice";
    }
    for (int w = 0; w < kWriters; ++w) {
      WriterModel& m = models_[w];
      if (actual[w] == m.live) {
        if (m.pending && *m.pending != m.live) ++stats_.in_flight_absent;
      } else if (m.pending && actual[w] == *m.pending) {
        ++stats_.in_flight_committed;
        m.live = *m.pending;
        for (const auto& [id, ver] : m.live) m.ever.insert(id);
      } else {
        ADD_FAILURE() << "writer " << w << ": " << Describe(actual[w], m);
        m.live = actual[w];  // carry on from what is there, to report later rounds too
      }
      // Ids of an in-flight append that did not commit stay unused (next_k moved on); an
      // in-flight upsert may have revived an id, which `ever` already holds.
      m.pending.reset();
    }
  }

  static std::string Describe(const Rows& actual, const WriterModel& m) {
    std::string missing, unexpected;
    for (const auto& [id, ver] : m.live) {
      auto it = actual.find(id);
      if (it == actual.end() || it->second != ver)
        missing += " " + std::to_string(id) + "@" + std::to_string(ver);
    }
    for (const auto& [id, ver] : actual) {
      auto it = m.live.find(id);
      if (it == m.live.end() || it->second != ver)
        unexpected += " " + std::to_string(id) + "@" + std::to_string(ver);
    }
    return "acknowledged but missing or stale:" + missing +
           "; present but not acknowledged:" + unexpected +
           (m.pending ? " (a write was in flight)" : "");
  }

  // The catalog and the disk agree (see compaction_crash_e2e_test.cc), and start-up emptied the
  // folders of interrupted work.
  void ExpectDiskMatchesCatalog() {
    namespace fs = std::filesystem;
    const Json manifest = Body(c().Get(std::string("/catalog/datasets/by-name/") + kDataset));
    const std::string id = manifest["id"].get<std::string>();
    const Json versions =
        Body(c().Get(std::string("/catalog/datasets/by-name/") + kDataset + "/versions"));
    std::set<std::string> live, ever_added;
    for (const Json& v : versions["versions"]) {
      for (const Json& f : v["files_added"]) {
        live.insert(f["path"].get<std::string>());
        ever_added.insert(f["path"].get<std::string>());
      }
      for (const Json& f : v["files_removed"]) live.erase(f["path"].get<std::string>());
    }
    const fs::path bucket = fs::path(server_->data_dir()) / "buckets" / "primary";
    for (const std::string& key : live) EXPECT_TRUE(fs::exists(bucket / key)) << "missing " << key;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(bucket / "datasets" / id, ec)) {
      if (!entry.is_regular_file()) continue;
      const std::string key = fs::relative(entry.path(), bucket).string();
      EXPECT_TRUE(ever_added.count(key)) << "orphan object (never published): " << key;
    }
    for (const char* scratch : {"tmp/staging", "tmp/query-exports"}) {
      for (const auto& entry :
           fs::recursive_directory_iterator(fs::path(server_->data_dir()) / scratch, ec)) {
        EXPECT_FALSE(entry.is_regular_file()) << "leftover after restart: " << entry.path();
      }
    }
  }

  // Every job the kill interrupted finishes, successfully, on the restarted server.
  void ExpectJobsResumed() {
    std::set<std::string> unfinished;
    const Json jobs = Body(c().Get("/jobs?limit=1000"));
    for (const Json& job : jobs["jobs"]) {
      const std::string state = job["state"];
      if (state == "queued" || state == "running") unfinished.insert(job["job_id"]);
    }
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    for (const std::string& id : unfinished) {
      Json job;
      while (std::chrono::steady_clock::now() < deadline) {
        job = Body(c().Get("/jobs/" + id));
        if (job["state"] != "queued" && job["state"] != "running") break;
        std::this_thread::sleep_for(50ms);
      }
      EXPECT_EQ(job["state"], "succeeded") << "interrupted job: " << job.dump();
      ++stats_.jobs_resumed;
    }
  }

  // Brought up to date, the index holds exactly the live documents.
  void ExpectSearchSeesOnlyLiveDocuments() {
    auto refreshed = c().PostJson(std::string("/vectors/refresh/") + kDataset + "?wait=true",
                                  {{"index_name", kIndex}});
    ASSERT_TRUE(refreshed.ok() && refreshed->status == 200)
        << (refreshed.ok() ? refreshed->body : refreshed.status().ToString());
    std::set<std::string> live;
    for (const WriterModel& m : models_) {
      for (const auto& [id, ver] : m.live) live.insert(std::to_string(id));
    }
    const int64_t k = std::clamp<int64_t>(static_cast<int64_t>(live.size()), 1, 1000);
    auto r = c().PostJson("/vectors/search",
                          {{"index", kIndex}, {"query", "weather"}, {"k", k}, {"exact", true}});
    ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    const Json found = Body(r);
    EXPECT_EQ(found["stale"], false) << found.dump().substr(0, 500);
    std::set<std::string> returned;
    for (const Json& hit : found["results"]) {
      const std::string doc = hit["doc_id"];
      returned.insert(doc);
      EXPECT_TRUE(live.count(doc)) << "search returned deleted document " << doc;
      EXPECT_FALSE(hit["row"].is_null()) << hit.dump();
      if (!hit["row"].is_null()) {
        const int64_t id = std::stoll(doc);
        const Rows& rows = models_[id % kWriters].live;
        auto it = rows.find(id);
        if (it != rows.end()) {
          EXPECT_EQ(hit["row"]["ver"], it->second) << "stale text: " << doc;
        }
      }
    }
    if (live.size() <= 1000) {
      EXPECT_EQ(returned, live) << "index misses live documents";
    }
  }

  std::unique_ptr<FakeLlmServer> fake_;
  std::unique_ptr<ServerProcess> server_;
  WriterModel models_[kWriters];
  Stats stats_;
};

TEST_F(CrashConsistencyE2E, RandomKillsDuringMixedWorkLoseNothing) {
  const int64_t kills = EnvInt("LAKEHOUSE_CRASH_KILLS", 8);
  const uint64_t seed = static_cast<uint64_t>(
      EnvInt("LAKEHOUSE_CRASH_SEED", std::chrono::system_clock::now().time_since_epoch().count()));
  std::cout << "LAKEHOUSE_CRASH_SEED=" << seed << " LAKEHOUSE_CRASH_KILLS=" << kills << std::endl;
  std::mt19937_64 rng(seed);
  const auto started = std::chrono::steady_clock::now();

  // The dataset (keyed by id) and its index exist before the first kill.
  for (int w = 0; w < kWriters; ++w) {
    auto client = server_->NewClient();
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(WriteOnce(*client, w, models_[w], rng));
    ASSERT_FALSE(models_[w].live.empty()) << server_->Log();
  }
  auto built = c().PostJson(std::string("/vectors/refresh/") + kDataset + "?wait=true",
                            {{"index_name", kIndex},
                             {"id_column", "id"},
                             {"text_column", "body"},
                             {"model", "ollama/nomic-embed-text"}});
  ASSERT_TRUE(built.ok() && built->status == 200)
      << (built.ok() ? built->body : built.status().ToString());

  for (int64_t round = 0; round < kills && !HasFailure(); ++round) {
    SCOPED_TRACE("kill " + std::to_string(round + 1) + " of " + std::to_string(kills));
    WorkThenKill(std::chrono::milliseconds(300 + rng() % 2200), rng);
    ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
    ++stats_.restarts;
    ExpectRowsMatchModels();
    ExpectDiskMatchesCatalog();
    ExpectJobsResumed();
    ExpectSearchSeesOnlyLiveDocuments();
    std::cout << "kill " << round + 1 << "/" << kills << " ok: in-flight committed "
              << stats_.in_flight_committed << ", absent " << stats_.in_flight_absent
              << ", jobs resumed " << stats_.jobs_resumed << std::endl;
  }

  // The figures for docs/RELIABILITY.md.
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  std::cout << "kills=" << stats_.kills << " restarts=" << stats_.restarts
            << " seconds=" << seconds.count()
            << " in_flight_committed=" << stats_.in_flight_committed
            << " in_flight_absent=" << stats_.in_flight_absent
            << " jobs_resumed=" << stats_.jobs_resumed << "\n";
  for (const auto* table : {&stats_.attempts, &stats_.acked, &stats_.refused, &stats_.lost}) {
    const char* name = table == &stats_.attempts  ? "attempts"
                       : table == &stats_.acked   ? "acked"
                       : table == &stats_.refused ? "refused"
                                                  : "lost_at_kill";
    std::cout << name << ":";
    for (const auto& [op, n] : *table) std::cout << " " << op << "=" << n;
    std::cout << "\n";
  }
  size_t live = 0;
  for (const WriterModel& m : models_) live += m.live.size();
  std::cout << "live_rows=" << live << " failures=" << (HasFailure() ? "yes" : "0") << std::endl;
}

}  // namespace
}  // namespace lakehouse
