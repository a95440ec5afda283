// Integration: the hot cache over real Parquet files and a real Metastore — pinned views read an
// in-memory table, commits rebuild it, LRU eviction under a tiny budget, stats and hit counting.
#include "table/hot_cache.h"

#include <gtest/gtest.h>

#include "catalog/dataset_layout.h"
#include "sql/query_service.h"
#include "table/dataset_view.h"
#include "table/read_path.h"
#include "table/table_test_util.h"

namespace lakehouse {
namespace {

using testing::TableTest;

class HotCacheTest : public TableTest {
 protected:
  // The read path as the server builds it, minus the pins restored (tests call RestorePins).
  void StartCache(int64_t budget, std::string pins_file = "", int64_t result_bytes = 0) {
    ReadPathOptions options;
    options.hot_cache_bytes = budget;
    options.result_cache_bytes = result_bytes;
    options.result_cache_max_result_bytes = result_bytes;
    options.pins_file = std::move(pins_file);
    read_path_.reset();
    read_path_ =
        std::make_unique<ReadPath>(db_.get(), metastore_.get(), buckets_.get(), &clock_, options);
    cache_ = &read_path_->hot_cache();
    LH_ASSERT_OK(read_path_->views().BuildAll());
  }

  void Create(const std::string& name) {
    CreateDatasetRequest request;
    request.name = name;
    Column id;
    id.name = "id";
    id.type = "BIGINT";
    Column label;
    label.name = "label";
    label.type = "VARCHAR";
    request.columns = {id, label};
    request.actor = "tester";
    Result<Dataset> d = metastore_->CreateDataset(request);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
  }

  void Commit(const std::string& name, const std::string& select) {
    Dataset d = metastore_->GetDataset(name).value();
    std::string key = DatasetKeyPrefix(d.id) + "part-" + std::to_string(++files_) + ".parquet";
    WriteParquet(key, select);
    CommitRequest request;
    request.dataset_id = d.id;
    request.expected_version = d.current_version;
    request.operation = VersionOperation::kAppend;
    request.files_added = {DataFile{key, "primary",
                                    Scalar("SELECT count(*) FROM (" + select + ")").get<int64_t>(),
                                    FileSize(key), "data"}};
    request.actor = "tester";
    Result<DatasetVersion> v = metastore_->Commit(request);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    if (read_path_) read_path_->views().OnCommit(metastore_->GetDataset(name).value(), *v);
  }

  Json Scalar(const std::string& sql) {
    Result<ConnectionLease> lease = pool_->Acquire(std::chrono::seconds(5));
    EXPECT_TRUE(lease.ok());
    Result<QueryResult> result = (*lease)->Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
    return result.ok() ? result->FetchScalar() : Json();
  }

  // Whether the view of `name` reads the hot table rather than the files.
  bool ViewReadsTable(const std::string& name) {
    Json sql = Scalar("SELECT sql FROM duckdb_views() WHERE view_name = '" + name + "'");
    return sql.is_string() && sql.get<std::string>().find("__lh_hot_") != std::string::npos;
  }

  std::unique_ptr<ReadPath> read_path_;
  HotCache* cache_ = nullptr;
  int files_ = 0;
};

constexpr char kRows[] = "SELECT i::BIGINT AS id, 'row-' || i AS label FROM range(100) t(i)";

TEST_F(HotCacheTest, PinnedViewReadsTableAndCommitsRebuildIt) {
  Create("events");
  Commit("events", kRows);
  StartCache(int64_t{1} << 30);
  EXPECT_FALSE(ViewReadsTable("events"));

  LH_ASSERT_OK_AND_ASSIGN(HotCacheEntry entry, cache_->Pin("events"));
  EXPECT_EQ(entry.rows, 100);
  int64_t first = metastore_->GetDataset("events").value().current_version;
  EXPECT_EQ(entry.version, first);
  // 100 rows × (8 + 16) bytes plus the labels' lengths ("row-0" … "row-99": 10×5 + 90×6).
  EXPECT_EQ(entry.bytes, 100 * 24 + 590);
  EXPECT_TRUE(ViewReadsTable("events"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM events").get<int64_t>(), 100);
  Dataset d = metastore_->GetDataset("events").value();
  EXPECT_EQ(Scalar("SELECT count(*) FROM \"" + HotCache::TableName(d) + "\"").get<int64_t>(), 100);

  Commit("events", "SELECT 1000::BIGINT AS id, 'new' AS label");
  EXPECT_TRUE(ViewReadsTable("events"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM events").get<int64_t>(), 101);
  HotCacheStats stats = cache_->Stats();
  ASSERT_EQ(stats.datasets.size(), 1u);
  EXPECT_EQ(stats.datasets[0].rows, 101);
  EXPECT_EQ(stats.datasets[0].version, first + 1);
  EXPECT_EQ(stats.rows, 101);

  LH_ASSERT_OK(cache_->Evict("events"));
  EXPECT_FALSE(ViewReadsTable("events"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM events").get<int64_t>(), 101);
  EXPECT_EQ(Scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '__lh_hot_%'")
                .get<int64_t>(),
            0);
  EXPECT_EQ(cache_->Evict("events").code(), StatusCode::kNotFound);
  EXPECT_EQ(cache_->Pin("nope").status().code(), StatusCode::kNotFound);
}

// Issue #16 (18): what was pinned when the server stopped is pinned again at start-up; what was
// evicted, or deleted since, is not.
TEST_F(HotCacheTest, PinsSurviveARestart) {
  for (const char* name : {"a", "b", "c"}) {
    Create(name);
    Commit(name, kRows);
  }
  const std::string pins = data_dir_ + "/hot_cache_pins.json";
  StartCache(int64_t{1} << 30, pins);
  LH_ASSERT_OK(cache_->Pin("a").status());
  LH_ASSERT_OK(cache_->Pin("b").status());
  LH_ASSERT_OK(cache_->Pin("c").status());
  LH_ASSERT_OK(cache_->Evict("b"));
  ASSERT_TRUE(metastore_->DeleteDataset("c", "tester").ok());

  // A new process: a new cache over the same data directory.
  StartCache(int64_t{1} << 30, pins);
  EXPECT_TRUE(cache_->Stats().datasets.empty());
  LH_ASSERT_OK(cache_->RestorePins());
  HotCacheStats stats = cache_->Stats();
  ASSERT_EQ(stats.datasets.size(), 1u);
  EXPECT_EQ(stats.datasets[0].dataset, "a");
  EXPECT_EQ(stats.datasets[0].rows, 100);
  EXPECT_TRUE(ViewReadsTable("a"));
  EXPECT_FALSE(ViewReadsTable("b"));
}

TEST_F(HotCacheTest, LeastRecentlyUsedIsEvictedPastTheBudget) {
  for (const char* name : {"a", "b", "c"}) {
    Create(name);
    Commit(name, kRows);
  }
  // Each table is 2,990 estimated bytes: two fit, three do not.
  StartCache(6000);
  LH_ASSERT_OK(cache_->Pin("a").status());
  LH_ASSERT_OK(cache_->Pin("b").status());
  cache_->CountRead({"a"});  // a is now more recent than b
  LH_ASSERT_OK(cache_->Pin("c").status());

  HotCacheStats stats = cache_->Stats();
  ASSERT_EQ(stats.datasets.size(), 2u);
  EXPECT_EQ(stats.datasets[0].dataset, "a");
  EXPECT_EQ(stats.datasets[1].dataset, "c");
  EXPECT_EQ(stats.bytes, 2 * 2990);
  EXPECT_EQ(stats.budget_bytes, 6000);
  EXPECT_FALSE(ViewReadsTable("b"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM b").get<int64_t>(), 100);
}

// Hits come from the statement's parse tree (QueryService → ReadPath::CountRead): before, they
// were found by searching the SQL text, so a pinned name inside a string literal or a comment
// counted as a hit (the third statement below).
TEST_F(HotCacheTest, QueriesCountHitsByPinnedNamesAndMissesOtherwise) {
  Create("orders");
  Commit("orders", kRows);
  Create("order_lines");
  Commit("order_lines", kRows);
  StartCache(int64_t{1} << 30);
  LH_ASSERT_OK(cache_->Pin("orders").status());
  QueryWatchdog watchdog;
  QueryService queries(pool_.get(), &watchdog, DuckDbOptions{}, read_path_.get());
  auto run = [&](const std::string& sql) {
    SqlRequest request;
    request.sql = sql;
    Result<QueryAnswer> answer = queries.Query(request);
    EXPECT_TRUE(answer.ok()) << sql << ": " << answer.status().ToString();
  };

  run("SELECT count(*) FROM \"Orders\"");
  run("SELECT * FROM orders o JOIN orders p USING (id)");
  run("SELECT 'orders' AS word FROM order_lines -- orders");  // reads order_lines only
  HotCacheStats stats = cache_->Stats();
  EXPECT_EQ(stats.hits, 2);
  EXPECT_EQ(stats.misses, 1);
  ASSERT_EQ(stats.datasets.size(), 1u);
  EXPECT_EQ(stats.datasets[0].hits, 2);
  Json json = stats.ToJson();
  EXPECT_EQ(json["datasets"][0]["dataset"], "orders");
  EXPECT_TRUE(json["datasets"][0]["pinned_at"].is_string());
  EXPECT_EQ(json["hits"], 2);
}

}  // namespace
}  // namespace lakehouse

namespace lakehouse {
namespace {

// The result cache behind the hot cache: sources resolve only for pinned datasets, a commit (a
// new table build) or an eviction drops a dataset's results, and results give way to tables
// under the shared budget.
class HotCacheResultsTest : public HotCacheTest {
 protected:
  void StartWithResults(int64_t budget) {
    StartCache(budget, "", budget);
    results_ = read_path_->results();
  }
  std::shared_ptr<const RowSet> Rows(int n) {
    auto rows = std::make_shared<RowSet>();
    for (int i = 0; i < n; ++i) rows->rows.push_back({SqlValue::FromJson(i)});
    return rows;
  }
  ResultCache* results_ = nullptr;
};

TEST_F(HotCacheResultsTest, SourcesOfPinnedDatasetsAndInvalidationOnANewVersion) {
  Create("events");
  Commit("events", kRows);
  Create("other");
  Commit("other", kRows);
  StartWithResults(int64_t{1} << 30);
  EXPECT_FALSE(cache_->PinnedSources({"events"}).has_value());  // not pinned yet
  LH_ASSERT_OK(cache_->Pin("events").status());
  std::optional<std::vector<ResultSource>> sources = cache_->PinnedSources({"events"});
  ASSERT_TRUE(sources.has_value());
  ASSERT_EQ(sources->size(), 1u);
  const Dataset events = metastore_->GetDataset("events").value();
  EXPECT_EQ((*sources)[0].dataset_id, events.id);
  EXPECT_EQ((*sources)[0].version, events.current_version);
  EXPECT_EQ((*sources)[0].table_version, events.current_version);
  EXPECT_GT((*sources)[0].build, 0u);
  EXPECT_FALSE(cache_->PinnedSources({"events", "other"}).has_value());  // other is not pinned
  EXPECT_FALSE(cache_->PinnedSources({"no_such"}).has_value());
  EXPECT_FALSE(cache_->PinnedSources({}).has_value());

  ASSERT_TRUE(results_->Insert("q", *sources, Rows(3)));
  Commit("events", "SELECT 1000::BIGINT AS id, 'new' AS label");
  EXPECT_EQ(results_->Stats().entries, 0);                    // dropped with the rebuild
  EXPECT_FALSE(results_->Insert("late", *sources, Rows(3)));  // computed from the old build
  std::optional<std::vector<ResultSource>> next = cache_->PinnedSources({"events"});
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ((*next)[0].version, events.current_version + 1);
  EXPECT_GT((*next)[0].build, (*sources)[0].build);
  EXPECT_NE(ResultCache::MakeKey(StatementFacts{}, nullptr, 1, *next),
            ResultCache::MakeKey(StatementFacts{}, nullptr, 1, *sources));

  ASSERT_TRUE(results_->Insert("q", *next, Rows(3)));
  LH_ASSERT_OK(cache_->Evict("events"));
  EXPECT_EQ(results_->Stats().entries, 0);
  EXPECT_FALSE(cache_->PinnedSources({"events"}).has_value());
  EXPECT_EQ(cache_->Stats().results->entries, 0);
}

TEST_F(HotCacheResultsTest, ResultsGiveWayToTablesUnderTheSharedBudget) {
  Create("events");
  Commit("events", kRows);
  const int64_t table_bytes = 100 * 24 + 590;  // see PinnedViewReadsTableAndCommitsRebuildIt
  const int64_t result_bytes = ResultCache::EstimateBytes(*Rows(50)) + 1;
  StartWithResults(table_bytes + result_bytes + 10);
  LH_ASSERT_OK(cache_->Pin("events").status());
  std::vector<ResultSource> sources = cache_->PinnedSources({"events"}).value();
  ASSERT_TRUE(results_->Insert("a", sources, Rows(50)));
  LH_ASSERT_OK(cache_->BeforeQuery());
  EXPECT_EQ(results_->Stats().entries, 1);  // tables + results fit
  ASSERT_TRUE(results_->Insert("b", sources, Rows(50)));
  LH_ASSERT_OK(cache_->BeforeQuery());
  // Over the budget: the least recently used result goes, the table stays.
  EXPECT_EQ(results_->Stats().entries, 1);
  EXPECT_NE(results_->Lookup("b"), nullptr);
  EXPECT_EQ(cache_->Stats().datasets.size(), 1u);
}

}  // namespace
}  // namespace lakehouse
