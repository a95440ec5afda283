#include "tests/realdata/realdata_fixture.h"

#include "tests/support/e2e_util.h"

namespace lakehouse::realdata {

void RealDataTest::SetUp() {
  auto server = testing::ServerProcess::Start();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  server_ = std::move(*server);
}

Result<ClientResponse> RealDataTest::Ingest(const std::vector<UploadFile>& files,
                                            const Fields& fields) {
  std::vector<MultipartItem> items;
  for (const auto& [name, value] : fields) items.push_back({name, value, "", "", ""});
  for (const UploadFile& file : files) items.push_back({"file", file.bytes, file.name, "", ""});
  return c().PostMultipart("/ingest/file", items);
}

Json RealDataTest::IngestOk(const std::vector<UploadFile>& files, const Fields& fields) {
  auto r = Ingest(files, fields);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return Json();
  EXPECT_EQ(r->status, 200) << r->body;
  return r->status == 200 ? testing::Body(r) : Json();
}

Json RealDataTest::Sql(const std::string& sql) {
  auto r = c().PostJson("/query/sql", {{"sql", sql}});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return Json::array();
  EXPECT_EQ(r->status, 200) << sql << "\n→ " << r->body;
  Json body = testing::Body(r);
  return body.contains("rows") ? body["rows"] : Json::array();
}

Json RealDataTest::Manifest(const std::string& dataset) {
  auto r = c().Get("/catalog/datasets/by-name/" + dataset);
  EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  return r.ok() ? testing::Body(r) : Json();
}

std::pair<int, std::string> RealDataTest::Cli(const std::string& args) {
  return testing::RunCli(args + " --server " + server_->base_url());
}

Json RealDataTest::CliJson(const std::string& args) {
  auto [code, out] = Cli(args + " --json");
  EXPECT_EQ(code, 0) << args << "\n" << out;
  auto json = ParseJson(out);
  EXPECT_TRUE(json.ok()) << args << "\n" << out;
  return json.ok() ? *json : Json();
}

std::string RealDataTest::Scratch(const std::string& name, const std::string& bytes) {
  const std::string path = scratch_.Join(name);
  Status written = WriteFileBytes(path, bytes);
  EXPECT_TRUE(written.ok()) << written.ToString();
  return path;
}

std::string ErrorMessage(const ClientResponse& response) {
  auto body = response.JsonBody();
  if (body.ok() && body->contains("error") && (*body)["error"].contains("message")) {
    return (*body)["error"]["message"].get<std::string>();
  }
  return response.body;
}

bool IsErrorShape(const ClientResponse& response) {
  auto body = response.JsonBody();
  if (!body.ok() || !body->contains("error")) return false;
  const Json& error = (*body)["error"];
  return error.is_object() && error.value("code", Json()).is_string() &&
         error.value("message", Json()).is_string() &&
         error.value("request_id", Json()).is_string();
}

}  // namespace lakehouse::realdata
