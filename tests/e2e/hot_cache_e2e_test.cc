// End-to-end: the hot cache against the real binary — pin a dataset, query it, stats with rows,
// bytes and hits, a new version through ingest rebuilds the cached table, evict.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sql/database.h"
#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::ServerProcess;

class HotCacheE2E : public testing::ServerTest {
 protected:
  Json Scalar(const std::string& sql) {
    auto r = c().PostJson("/query/sql", {{"sql", sql}});
    EXPECT_EQ(r->status, 200) << r->body;
    Json body = Body(r);
    return body.contains("rows") && !body["rows"].empty() ? body["rows"][0][0] : Json();
  }

  Json Stats() {
    auto r = c().Get("/query/cache/stats");
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r);
  }
};

TEST_F(HotCacheE2E, PinQueryIngestAndEvict) {
  Register("people", "SELECT range AS id, 'person ' || range AS name FROM range(1000)");
  Register("other", "SELECT 1 AS x");

  auto pinned = c().PostJson("/query/cache/pin", {{"dataset", "people"}});
  ASSERT_EQ(pinned->status, 200) << pinned->body;
  EXPECT_EQ(Body(pinned)["rows"], 1000);
  EXPECT_GT(Body(pinned)["bytes"].get<int64_t>(), 1000 * 8);

  EXPECT_EQ(Scalar("SELECT count(*) FROM people"), 1000);
  EXPECT_EQ(Scalar("SELECT sum(id) FROM people WHERE name LIKE 'person %'"), 499500);
  EXPECT_EQ(Scalar("SELECT count(*) FROM other"), 1);

  Json stats = Stats();
  ASSERT_EQ(stats["datasets"].size(), 1u) << stats.dump();
  Json entry = stats["datasets"][0];
  EXPECT_EQ(entry["dataset"], "people");
  EXPECT_EQ(entry["rows"], 1000);
  int64_t first = entry["version"].get<int64_t>();
  EXPECT_GE(first, 1);
  EXPECT_EQ(entry["hits"], 2);
  EXPECT_TRUE(entry["pinned_at"].is_string());
  EXPECT_TRUE(entry["last_used"].is_string());
  EXPECT_EQ(stats["rows"], 1000);
  EXPECT_EQ(stats["bytes"], entry["bytes"]);
  EXPECT_EQ(stats["budget_bytes"], int64_t{1} << 30);
  EXPECT_EQ(stats["hits"], 2);
  EXPECT_EQ(stats["misses"], 1);

  // A new version through ingest: the cached table is rebuilt and queries see the new rows.
  std::vector<MultipartItem> items = {{"dataset", "people", "", "", ""},
                                      {"file", "id,name\n5000,newcomer\n", "more.csv", "", ""}};
  auto ingested = c().PostMultipart("/ingest/file", items);
  ASSERT_EQ(ingested->status, 200) << ingested->body;
  EXPECT_EQ(Scalar("SELECT count(*) FROM people"), 1001);
  EXPECT_EQ(Scalar("SELECT name FROM people WHERE id = 5000"), "newcomer");
  stats = Stats();
  ASSERT_EQ(stats["datasets"].size(), 1u) << stats.dump();
  EXPECT_EQ(stats["datasets"][0]["rows"], 1001);
  EXPECT_EQ(stats["datasets"][0]["version"], first + 1);

  EXPECT_EQ(c().PostJson("/query/cache/pin", {{"dataset", "missing"}})->status, 404);
  EXPECT_EQ(c().PostJson("/query/cache/evict", {{"dataset", "other"}})->status, 404);
  auto evicted = c().PostJson("/query/cache/evict", {{"dataset", "people"}});
  ASSERT_EQ(evicted->status, 200) << evicted->body;
  EXPECT_EQ(Stats()["datasets"].size(), 0u);
  EXPECT_EQ(Scalar("SELECT count(*) FROM people"), 1001);
  EXPECT_EQ(c().PostJson("/query/cache/evict", {{"dataset", "people"}})->status, 404);
}

}  // namespace
}  // namespace lakehouse
