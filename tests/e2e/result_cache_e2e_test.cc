// End-to-end: the result cache against the real binary — a repeated query over pinned datasets is
// answered from the cache with the same document, a new version is seen at once, volatile
// queries and queries reading an unpinned dataset always run, evicting drops the entries, and
// `"cache": false` / sql.result_cache_percent = 0 turn it off.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::Body;

constexpr const char* kByBucket =
    "SELECT id % 10 AS bucket, count(*) AS n, sum(id) AS total FROM people "
    "GROUP BY bucket ORDER BY bucket";

class ResultCacheE2E : public testing::ServerTest {
 protected:
  void SetUp() override {
    testing::ServerTest::SetUp();
    Register("people", "SELECT range AS id, 'person ' || range AS name FROM range(1000)");
    Register("cities", "SELECT range AS id, 'city ' || range AS city FROM range(10)");
  }

  Json QueryBody(const Json& body) {
    auto r = c().PostJson("/query/sql", body);
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r);
  }
  Json Query(const std::string& sql) { return QueryBody(Json{{"sql", sql}}); }

  void Pin(const std::string& dataset) {
    auto r = c().PostJson("/query/cache/pin", {{"dataset", dataset}});
    ASSERT_EQ(r->status, 200) << r->body;
  }

  Json ResultStats() {
    auto r = c().Get("/query/cache/stats");
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r)["result_cache"];
  }

  void Append(const std::string& csv) {
    std::vector<MultipartItem> items = {{"dataset", "people", "", "", ""},
                                        {"file", csv, "more.csv", "", ""}};
    auto r = c().PostMultipart("/ingest/file", items);
    ASSERT_EQ(r->status, 200) << r->body;
  }

  // The document without what differs between a run and a cached answer.
  static Json Shape(Json body) {
    body.erase("elapsed_ms");
    body.erase("cached");
    return body;
  }
};

TEST_F(ResultCacheE2E, SecondQueryIsCachedAndIdentical) {
  Pin("people");
  Json first = Query(kByBucket);
  EXPECT_EQ(first["cached"], false);
  EXPECT_EQ(first["row_count"], 10);
  Json second = Query(kByBucket);
  EXPECT_EQ(second["cached"], true);
  EXPECT_TRUE(second.contains("elapsed_ms"));
  EXPECT_EQ(Shape(second), Shape(first));
  // The same statement in other whitespace, comments and keyword case is the same entry.
  Json reworded = Query(
      "select id % 10 as bucket, COUNT(*) as n, SUM(id) as total -- by bucket\n"
      "from people group by bucket order by bucket;");
  EXPECT_EQ(reworded["cached"], true);

  Json stats = ResultStats();
  EXPECT_EQ(stats["enabled"], true);
  EXPECT_EQ(stats["entries"], 1);
  EXPECT_GT(stats["bytes"].get<int64_t>(), 0);
  EXPECT_EQ(stats["hits"], 2);
  EXPECT_EQ(stats["misses"], 1);

  // Another limit, other parameters or "cache": false run the statement.
  EXPECT_EQ(QueryBody(Json{{"sql", kByBucket}, {"limit", 3}})["cached"], false);
  EXPECT_EQ(QueryBody(Json{{"sql", kByBucket}, {"limit", 3}})["row_count"], 3);
  Json bypass = QueryBody(Json{{"sql", kByBucket}, {"cache", false}});
  EXPECT_EQ(bypass["cached"], false);
  EXPECT_EQ(Shape(bypass), Shape(first));
  const std::string by_id = "SELECT name FROM people WHERE id = $1";
  EXPECT_EQ(QueryBody(Json{{"sql", by_id}, {"params", {7}}})["rows"][0][0], "person 7");
  EXPECT_EQ(QueryBody(Json{{"sql", by_id}, {"params", {8}}})["rows"][0][0], "person 8");
  Json again = QueryBody(Json{{"sql", by_id}, {"params", {7}}});
  EXPECT_EQ(again["cached"], true);
  EXPECT_EQ(again["rows"][0][0], "person 7");
}

TEST_F(ResultCacheE2E, ANewVersionIsSeenNotAStaleResult) {
  Pin("people");
  const std::string sql = "SELECT count(*) AS n, max(id) AS top FROM people";
  EXPECT_EQ(Query(sql)["rows"][0][0], 1000);
  EXPECT_EQ(Query(sql)["cached"], true);
  Append("id,name\n5000,newcomer\n");
  Json after = Query(sql);
  EXPECT_EQ(after["cached"], false);
  EXPECT_EQ(after["rows"][0][0], 1001);
  EXPECT_EQ(after["rows"][0][1], 5000);
  // The entries of the old version went when the table was rebuilt.
  EXPECT_EQ(ResultStats()["entries"], 1);
  EXPECT_EQ(Query(sql)["cached"], true);

  // Compaction is a new version too: same rows, but not served from the old entry.
  auto compacted = c().PostJson("/query/compact", {{"dataset", "people"}});
  ASSERT_EQ(compacted->status, 200) << compacted->body;
  Json recount = Query(sql);
  EXPECT_EQ(recount["cached"], false);
  EXPECT_EQ(recount["rows"][0][0], 1001);
}

TEST_F(ResultCacheE2E, VolatileQueriesAreNeverCached) {
  Pin("people");
  for (const char* sql : {"SELECT count(*), max(now()) FROM people",
                          "SELECT id FROM people ORDER BY random() LIMIT 3",
                          "SELECT count(*), current_timestamp FROM people",
                          "SELECT id, gen_random_uuid() FROM people LIMIT 2",
                          "SELECT count(*) FROM people USING SAMPLE 10%"}) {
    EXPECT_EQ(Query(sql)["cached"], false) << sql;
    EXPECT_EQ(Query(sql)["cached"], false) << sql;
  }
  Json stats = ResultStats();
  EXPECT_EQ(stats["entries"], 0);
  EXPECT_EQ(stats["hits"], 0);
  EXPECT_EQ(stats["uncacheable"], 10);
}

TEST_F(ResultCacheE2E, QueriesReadingAnUnpinnedDatasetAreNotCached) {
  Pin("people");
  const std::string join =
      "SELECT c.city, count(*) FROM people p JOIN cities c ON p.id % 10 = c.id "
      "GROUP BY c.city ORDER BY c.city";
  EXPECT_EQ(Query(join)["cached"], false);
  EXPECT_EQ(Query(join)["cached"], false);
  EXPECT_EQ(Query("SELECT count(*) FROM cities")["cached"], false);
  EXPECT_EQ(Query("SELECT count(*) FROM cities")["cached"], false);
  EXPECT_EQ(Query("SELECT count(*) FROM range(5)")["cached"], false);
  EXPECT_EQ(Query("SELECT count(*) FROM range(5)")["cached"], false);
  EXPECT_EQ(ResultStats()["entries"], 0);
  // Once both are pinned the join is cached.
  Pin("cities");
  Json first = Query(join);
  EXPECT_EQ(first["cached"], false);
  Json second = Query(join);
  EXPECT_EQ(second["cached"], true);
  EXPECT_EQ(second["rows"], first["rows"]);
}

TEST_F(ResultCacheE2E, EvictingADatasetDropsItsResults) {
  Pin("people");
  Pin("cities");
  EXPECT_EQ(Query("SELECT count(*) FROM people")["cached"], false);
  EXPECT_EQ(Query("SELECT count(*) FROM cities")["cached"], false);
  EXPECT_EQ(ResultStats()["entries"], 2);
  auto evicted = c().PostJson("/query/cache/evict", {{"dataset", "people"}});
  ASSERT_EQ(evicted->status, 200) << evicted->body;
  EXPECT_EQ(ResultStats()["entries"], 1);
  EXPECT_EQ(Query("SELECT count(*) FROM people")["cached"], false);
  EXPECT_EQ(Query("SELECT count(*) FROM people")["cached"], false);  // not pinned any more
  EXPECT_EQ(Query("SELECT count(*) FROM cities")["cached"], true);
  Pin("people");  // pinned again: a new table, nothing cached from before
  EXPECT_EQ(Query("SELECT count(*) FROM people")["cached"], false);
  EXPECT_EQ(Query("SELECT count(*) FROM people")["cached"], true);
}

TEST_F(ResultCacheE2E, CsvExportsStillRunAndPagedQueriesUseTheCache) {
  Pin("people");
  auto csv = c().Send(HttpMethod::kPost, "/query/sql",
                      DumpJson({{"sql", "SELECT id FROM people ORDER BY id LIMIT 2"}}),
                      "application/json", {{"Accept", "text/csv"}});
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(csv->body, "id\n0\n1\n");
  EXPECT_EQ(ResultStats()["entries"], 0);
  for (int i = 0; i < 2; ++i) {
    auto paged = c().PostJson("/query/paged", {{"sql", kByBucket}, {"page_size", 5}});
    ASSERT_EQ(paged->status, 200) << paged->body;
    EXPECT_EQ(Body(paged)["total_rows"], 10);
  }
  EXPECT_EQ(ResultStats()["hits"], 1);
}

class ResultCacheOffE2E : public ResultCacheE2E {
 protected:
  testing::ServerProcessOptions ServerOptions() override {
    testing::ServerProcessOptions options;
    options.env["LAKEHOUSE_SQL_RESULT_CACHE_PERCENT"] = "0";
    return options;
  }
};

TEST_F(ResultCacheOffE2E, ConfigTurnsItOff) {
  Pin("people");
  EXPECT_EQ(Query(kByBucket)["cached"], false);
  EXPECT_EQ(Query(kByBucket)["cached"], false);
  Json stats = ResultStats();
  EXPECT_EQ(stats["enabled"], false);
  EXPECT_EQ(stats["entries"], 0);
}

}  // namespace
}  // namespace lakehouse
