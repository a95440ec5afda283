#include "tests/support/server_test.h"

#include <fstream>
#include <sstream>

#include "sql/database.h"

namespace lakehouse::testing {

std::string WriteParquet(const std::string& path, const std::string& select) {
  auto db = Database::Open({});
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  auto conn = db->Connect();
  Status status = conn->Execute("COPY (" + select + ") TO '" + path + "' (FORMAT parquet)");
  EXPECT_TRUE(status.ok()) << status.ToString();
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void ServerTest::SetUp() {
  auto s = ServerProcess::Start(ServerOptions());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  server_ = std::move(*s);
}

void ServerTest::RegisterParts(const std::string& name, const std::vector<std::string>& selects) {
  Json files = Json::array();
  for (size_t i = 0; i < selects.size(); ++i) {
    std::string key = "raw/" + name + "-" + std::to_string(i) + ".parquet";
    std::string bytes =
        WriteParquet(scratch_.Join(name + std::to_string(i) + ".parquet"), selects[i]);
    auto put = c().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/" + key, bytes,
                        "application/octet-stream");
    ASSERT_EQ(put->status, 201) << put->body;
    files.push_back({{"key", key}});
  }
  auto created = c().PostJson("/catalog/datasets", {{"name", name}, {"files", files}});
  ASSERT_EQ(created->status, 201) << created->body;
}

}  // namespace lakehouse::testing
