// IngestE2E: the fixture of the file-ingest end-to-end tests — the real binary on a fresh data
// directory, multipart uploads to POST /ingest/file, and reads of the catalog and the dataset's
// view.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"

namespace lakehouse {

using testing::Body;
using testing::RunCli;
using testing::ServerProcess;

using Files = std::vector<std::pair<std::string, std::string>>;  // (name, content)
using Fields = std::map<std::string, std::string>;

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class IngestE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = ServerProcess::Start();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
  }
  HttpClient& c() { return server_->client(); }

  Result<ClientResponse> Ingest(const Files& files, const Fields& fields,
                                const HttpHeaders& headers = {}) {
    std::vector<MultipartItem> items;
    for (const auto& [name, value] : fields) items.push_back({name, value, "", "", ""});
    for (const auto& [name, content] : files) items.push_back({"file", content, name, "", ""});
    return c().PostMultipart("/ingest/file", items, headers);
  }
  // Ingests and expects 200; returns the result.
  Json IngestOk(const Files& files, const Fields& fields) {
    auto r = Ingest(files, fields);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return Json();
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r);
  }
  Json Dataset(const std::string& name) {
    auto r = c().Get("/catalog/datasets/by-name/" + name);
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r);
  }
  Json Versions(const std::string& name) {
    return Body(c().Get("/catalog/datasets/by-name/" + name + "/versions"))["versions"];
  }
  // SELECT count(*) over the dataset's view (merge-on-read: upserts and tombstones applied).
  Json Count(const std::string& name) {
    auto r = c().PostJson("/query/sql", {{"sql", "SELECT count(*) FROM \"" + name + "\""}});
    EXPECT_EQ(r->status, 200) << r->body;
    Json body = Body(r);
    return body.contains("rows") && !body["rows"].empty() ? body["rows"][0][0] : Json();
  }
  // Every row of the dataset's view, in a stable order.
  Json AllRows(const std::string& name) {
    auto r = c().PostJson("/query/sql", {{"sql", "SELECT * FROM \"" + name + "\" ORDER BY ALL"}});
    EXPECT_EQ(r->status, 200) << name << ": " << r->body;
    return Body(r)["rows"];
  }
  Json Column(const Json& dataset, const std::string& name) {
    for (const Json& column : dataset["columns"]) {
      if (column["name"] == name) return column;
    }
    return Json();
  }

  testing::TempDir scratch_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace lakehouse
