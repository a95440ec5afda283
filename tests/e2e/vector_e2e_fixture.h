// The fixture of the vector end-to-end tests (vector_e2e_test.cc: search, filters, RAG, bring
// your own vectors, bad requests; vector_refresh_e2e_test.cc: the decoupled refresh): the real
// binary with embeddings from the fake Ollama/OpenAI server, which counts every text it embeds —
// so each test can assert exactly what a build or refresh embedded (and that nothing was
// embedded twice) — and the HTTP steps they share.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "tests/support/e2e_util.h"
#include "tests/support/fake_llm_server.h"
#include "tests/support/server_process.h"

namespace lakehouse::vector_e2e {

using testing::Body;
using testing::FakeLlmServer;
using testing::FakeLlmServerOptions;
using testing::ServerProcess;
using testing::ServerProcessOptions;
using namespace std::chrono_literals;

inline constexpr const char* kModel = "ollama/nomic-embed-text";

// Row i of the "notes" datasets: a short text (one chunk) with words unique to it.
inline Json Note(int i, const std::string& version = "") {
  static const char* kTopics[] = {"lakes", "rivers", "mountains", "forests", "deserts"};
  return {{"id", i},
          {"title", "note " + std::to_string(i)},
          {"category", i % 40 == 0 ? "rare" : "common"},
          {"body", "Note number w" + std::to_string(i) + version + " is about " + kTopics[i % 5] +
                       " and weather " + version + "."}};
}

inline Json Notes(int begin, int end, const std::string& version = "") {
  Json rows = Json::array();
  for (int i = begin; i < end; ++i) rows.push_back(Note(i, version));
  return rows;
}

class VectorE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fake = FakeLlmServer::Start(FakeLlmServerOptions::With(32));
    ASSERT_TRUE(fake.ok()) << fake.status().ToString();
    fake_ = std::move(*fake);
  }

  void StartServer(std::map<std::string, std::string> extra_env = {}) {
    ServerProcessOptions options;
    options.env = fake_->LakehouseEnv();
    for (auto& [k, v] : extra_env) options.env[k] = v;
    auto server = ServerProcess::Start(std::move(options));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
  }
  HttpClient& c() { return server_->client(); }

  // Ingests `rows` as one NDJSON file (one commit).
  Json Ingest(const std::string& dataset, const Json& rows, const std::string& mode = "append") {
    std::string ndjson;
    for (const Json& row : rows) ndjson += DumpJson(row) + "\n";
    std::vector<MultipartItem> items = {{"dataset", dataset, "", "", ""},
                                        {"mode", mode, "", "", ""},
                                        {"file", ndjson, "rows.ndjson", "", ""}};
    if (keyed_.insert(dataset).second || mode == "upsert")
      items.push_back({"key", "id", "", "", ""});
    auto r = c().PostMultipart("/ingest/file", items);
    EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    return Body(r);
  }

  // POST /vectors/refresh/{dataset}?wait=true → the refresh result.
  Json Refresh(const std::string& dataset, Json body = {{"index_name", "notes_idx"}}) {
    auto r = c().PostJson("/vectors/refresh/" + dataset + "?wait=true", body);
    EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    return Body(r);
  }
  Json FirstBuild(const std::string& dataset, Json extra = Json::object()) {
    Json body = {{"index_name", "notes_idx"},
                 {"id_column", "id"},
                 {"text_column", "body"},
                 {"model", kModel}};
    body.update(extra);
    return Refresh(dataset, body);
  }

  Json Search(Json body) {
    if (!body.contains("index")) body["index"] = "notes_idx";
    auto r = c().PostJson("/vectors/search", body);
    EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    return Body(r);
  }
  std::set<std::string> DocIds(const Json& search) {
    std::set<std::string> out;
    for (const Json& hit : search["results"]) out.insert(hit["doc_id"].get<std::string>());
    return out;
  }

  Result<ClientResponse> Patch(const std::string& path, const Json& body) {
    return c().Send(HttpMethod::kPatch, path, DumpJson(body));
  }
  Result<ClientResponse> Delete(const std::string& path) {
    return c().Send(HttpMethod::kDelete, path, "", "");
  }

  Json Stale() { return Body(c().Get("/vectors/stale"))["stale"]; }
  Json Freshness(const std::string& index = "notes_idx") {
    return Body(c().Get("/vectors/indexes/" + index + "/freshness"));
  }
  Json Job(const std::string& id) { return Body(c().Get("/jobs/" + id)); }

  // Polls until `done()` or the deadline; returns whether it became true.
  template <typename F>
  bool Eventually(F done, std::chrono::milliseconds deadline = 20s) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < end) {
      if (done()) return true;
      std::this_thread::sleep_for(25ms);
    }
    return done();
  }
  Json WaitForJob(const std::string& id) {
    Json job;
    EXPECT_TRUE(Eventually([&] {
      job = Job(id);
      const std::string state = job.value("state", "");
      return state == "succeeded" || state == "failed" || state == "cancelled";
    })) << job.dump();
    return job;
  }
  int64_t RefreshJobs() {
    return static_cast<int64_t>(
        Body(c().Get("/jobs?kind=vector_refresh&limit=1000"))["jobs"].size());
  }

  // Every text of `rows` ("body") was embedded exactly once.
  void ExpectEmbeddedOnce(const Json& rows) {
    for (const Json& row : rows) {
      EXPECT_EQ(fake_->embeds_of(row["body"].get<std::string>()), 1) << row.dump();
    }
  }

  std::unique_ptr<FakeLlmServer> fake_;
  std::unique_ptr<ServerProcess> server_;
  std::set<std::string> keyed_;  // datasets whose first ingest set the key "id"
};

}  // namespace lakehouse::vector_e2e
