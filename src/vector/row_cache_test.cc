// RowCache: sets built on the worker, kept only while current, superseded by newer versions,
// refused past the budget, evicted least recently used first.
#include "vector/row_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <vector>

namespace lakehouse {
namespace {

// A loader answering like QueryComposed: rows (doc id, title) with ids `ids`, titles
// "<id>-<tag>".
struct FakeRows {
  std::string tag = "a";
  std::vector<Json> ids = {"1", "2", "3"};
  std::string title_bytes;  // appended to every title
  bool fail = false;
  std::atomic<int> calls{0};

  RowCache::Loader loader() {
    return [this](const std::string&) -> Result<std::shared_ptr<const RowSet>> {
      ++calls;
      if (fail) return Internal("boom");
      auto rows = std::make_shared<RowSet>();
      rows->columns = {{"__lh_doc_id", "VARCHAR"}, {"title", "VARCHAR"}};
      for (const Json& id : ids) {
        rows->rows.push_back(
            {SqlValue::FromJson(id),
             SqlValue::FromJson(id.is_null() ? "null"
                                             : id.get<std::string>() + "-" + tag + title_bytes)});
      }
      return std::shared_ptr<const RowSet>(std::move(rows));
    };
  }
};

RowSetKey Key(int64_t version, const std::string& dataset = "ds", const std::string& proj = "*") {
  return RowSetKey{dataset, version, "id", proj};
}

TEST(RowCacheTest, BuildsOnRequestAndServesByDocId) {
  FakeRows fake;
  fake.ids = {"1", "2", nullptr, "2"};
  RowCache cache(RowCacheOptions{}, fake.loader());
  EXPECT_EQ(cache.Find(Key(1)), nullptr);
  cache.Request(Key(1), "SELECT", [] { return true; });
  cache.Request(Key(1), "SELECT", [] { return true; });  // coalesced
  cache.WaitIdle();
  auto set = cache.Find(Key(1));
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->rows.size(), 2u);  // the null id is skipped
  EXPECT_EQ(set->rows.at("1").ToJson(), (Json{{"title", "1-a"}}));
  EXPECT_EQ(fake.calls.load(), 1);
  EXPECT_EQ(cache.Find(Key(2)), nullptr);             // another version
  EXPECT_EQ(cache.Find(Key(1, "ds", "a")), nullptr);  // another projection
  cache.Request(Key(1), "SELECT", [] { return true; });
  cache.WaitIdle();
  EXPECT_EQ(fake.calls.load(), 1);  // cached: not read again
}

TEST(RowCacheTest, KeepsOnlyCurrentSetsAndNewerVersionsSupersede) {
  FakeRows fake;
  RowCache cache(RowCacheOptions{}, fake.loader());
  cache.Request(Key(1), "SELECT", [] { return false; });  // the version moved meanwhile
  cache.WaitIdle();
  EXPECT_EQ(cache.Find(Key(1)), nullptr);
  cache.Request(Key(1), "SELECT", [] { return true; });
  cache.WaitIdle();
  ASSERT_NE(cache.Find(Key(1)), nullptr);
  fake.tag = "b";
  cache.Request(Key(2), "SELECT", [] { return true; });
  cache.WaitIdle();
  EXPECT_EQ(cache.Find(Key(1)), nullptr);
  ASSERT_NE(cache.Find(Key(2)), nullptr);
  EXPECT_EQ(cache.Find(Key(2))->rows.at("3").ToJson(), (Json{{"title", "3-b"}}));
  EXPECT_EQ(cache.builds(), 2);
}

TEST(RowCacheTest, FailedReadsAreRetriedAndOversizedSetsRefused) {
  FakeRows fake;
  fake.fail = true;
  RowCacheOptions options;
  options.budget_bytes = 2000;
  RowCache cache(options, fake.loader());
  cache.Request(Key(1), "SELECT", [] { return true; });
  cache.WaitIdle();
  EXPECT_EQ(cache.Find(Key(1)), nullptr);
  fake.fail = false;
  fake.title_bytes = std::string(1000, 'x');  // 3 rows × 1 KB: over the budget
  cache.Request(Key(1), "SELECT", [] { return true; });
  cache.WaitIdle();
  EXPECT_EQ(fake.calls.load(), 2);
  EXPECT_EQ(cache.Find(Key(1)), nullptr);
  cache.Request(Key(2), "SELECT", [] { return true; });  // refused for the dataset: not read
  cache.WaitIdle();
  EXPECT_EQ(fake.calls.load(), 2);
  fake.title_bytes.clear();
  cache.Request(Key(2, "other"), "SELECT", [] { return true; });
  cache.WaitIdle();
  EXPECT_NE(cache.Find(Key(2, "other")), nullptr);
}

TEST(RowCacheTest, EvictsLeastRecentlyUsedPastTheBudget) {
  FakeRows fake;
  fake.title_bytes = std::string(200, 'x');
  RowCacheOptions options;
  options.budget_bytes = 2 * (3 * (64 + 32 + 32 + 230)) + 100;  // two sets fit, not three
  RowCache cache(options, fake.loader());
  for (const char* ds : {"a", "b"}) {
    cache.Request(Key(1, ds), "SELECT", [] { return true; });
    cache.WaitIdle();
  }
  ASSERT_NE(cache.Find(Key(1, "a")), nullptr);  // a is now the most recent
  cache.Request(Key(1, "c"), "SELECT", [] { return true; });
  cache.WaitIdle();
  EXPECT_NE(cache.Find(Key(1, "a")), nullptr);
  EXPECT_EQ(cache.Find(Key(1, "b")), nullptr);
  EXPECT_NE(cache.Find(Key(1, "c")), nullptr);
  EXPECT_LE(cache.bytes(), options.budget_bytes);
}

TEST(RowCacheTest, OffWithAZeroBudgetAndStopsCleanly) {
  FakeRows fake;
  RowCache off(RowCacheOptions{.budget_bytes = 0}, fake.loader());
  off.Request(Key(1), "SELECT", [] { return true; });
  off.WaitIdle();
  EXPECT_EQ(off.Find(Key(1)), nullptr);
  EXPECT_EQ(fake.calls.load(), 0);
  RowCache cache(RowCacheOptions{}, fake.loader());
  cache.Stop();
  cache.Request(Key(1), "SELECT", [] { return true; });
  cache.WaitIdle();
  EXPECT_EQ(cache.Find(Key(1)), nullptr);
}

// A commit's new version is read in the background for every projection kept for an older one,
// with the SQL that projection was read with, so the new version's first search finds its rows.
TEST(RowCacheTest, RewarmBuildsTheNewVersionOfKeptProjections) {
  FakeRows fake;
  std::vector<std::string> sqls;
  // While `hold` is set the worker waits inside its read: a burst of commits then finds it busy,
  // whatever the machine's load (the test once depended on the worker being slow).
  std::mutex gate_mu;
  std::condition_variable gate;
  bool hold = false;
  RowCache::Loader recording = [&](const std::string& sql) {
    {
      std::unique_lock<std::mutex> lock(gate_mu);
      gate.wait(lock, [&] { return !hold; });
      sqls.push_back(sql);
    }
    return fake.loader()(sql);
  };
  RowCache rows(RowCacheOptions{}, recording);
  rows.Request(Key(1, "ds", "*"), "SELECT star", [] { return true; });
  rows.Request(Key(1, "ds", "title"), "SELECT title", [] { return true; });
  rows.Request(Key(1, "other", "*"), "SELECT other", [] { return true; });
  rows.WaitIdle();
  ASSERT_EQ(sqls.size(), 3u);
  fake.tag = "b";
  rows.Rewarm("ds", 2, [] { return true; });
  rows.WaitIdle();
  ASSERT_NE(rows.Find(Key(2, "ds", "*")), nullptr);
  ASSERT_NE(rows.Find(Key(2, "ds", "title")), nullptr);
  EXPECT_EQ(rows.Find(Key(2, "ds", "*"))->rows.at("1").ToJson(), (Json{{"title", "1-b"}}));
  EXPECT_EQ(rows.Find(Key(1, "ds", "*")), nullptr);  // superseded
  EXPECT_EQ(rows.Find(Key(2, "other", "*")), nullptr);
  EXPECT_NE(rows.Find(Key(1, "other", "*")), nullptr);
  ASSERT_EQ(sqls.size(), 5u);
  EXPECT_EQ(std::set<std::string>(sqls.begin() + 3, sqls.end()),
            (std::set<std::string>{"SELECT star", "SELECT title"}));
  // A burst of commits: only the newest version is read (the worker may have taken the first).
  const size_t reads = sqls.size();
  {
    std::lock_guard<std::mutex> lock(gate_mu);
    hold = true;
  }
  for (int64_t v = 10; v < 20; ++v) rows.Rewarm("ds", v, [] { return true; });
  {
    std::lock_guard<std::mutex> lock(gate_mu);
    hold = false;
  }
  gate.notify_all();
  rows.WaitIdle();
  EXPECT_NE(rows.Find(Key(19, "ds", "*")), nullptr);
  EXPECT_LE(sqls.size(), reads + 4);  // at most one in flight plus the newest, per projection
  // Not current any more when read: dropped, as for any request.
  rows.Rewarm("ds", 30, [] { return false; });
  rows.WaitIdle();
  EXPECT_EQ(rows.Find(Key(30, "ds", "*")), nullptr);
  EXPECT_NE(rows.Find(Key(19, "ds", "*")), nullptr);
}

}  // namespace
}  // namespace lakehouse
