// Tiers and their expiry, and the saved-search JSON the edges parse (issue 21).
#include "workspace/workspace.h"

#include <gtest/gtest.h>

#include "workspace/workspace_json.h"

namespace lakehouse {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kDay = 86'400 * kSecond;
// 2026-12-07 (a Monday) 21:41:08 UTC.
constexpr int64_t kMonday = 1'796'679'668 * kSecond;
constexpr int64_t kMondayMidnight = 1'796'601'600 * kSecond;

TEST(WorkspaceTierTest, ExpiresAtTheEndOfItsDayWeekOrMonth) {
  EXPECT_EQ(TierExpiry(WorkspaceTier::kDaily, kMonday), kMondayMidnight + kDay);
  // The ISO week ends at the next Monday 00:00 UTC.
  EXPECT_EQ(TierExpiry(WorkspaceTier::kWeekly, kMonday), kMondayMidnight + 7 * kDay);
  EXPECT_EQ(TierExpiry(WorkspaceTier::kWeekly, kMondayMidnight + 6 * kDay + kDay - 1),
            kMondayMidnight + 7 * kDay);  // Sunday 23:59:59.999999
  EXPECT_EQ(TierExpiry(WorkspaceTier::kWeekly, kMondayMidnight), kMondayMidnight + 7 * kDay);
  // December → 2027-01-01 00:00 UTC.
  EXPECT_EQ(TierExpiry(WorkspaceTier::kMonthly, kMonday), 1'798'761'600 * kSecond);
  // February of a leap year: 2028-02-10 → 2028-03-01.
  EXPECT_EQ(TierExpiry(WorkspaceTier::kMonthly, 1'833'753'600 * kSecond), 1'835'481'600 * kSecond);
  EXPECT_EQ(TierExpiry(WorkspaceTier::kPinned, kMonday), std::nullopt);
  // The last microsecond of a day is still that day.
  EXPECT_EQ(TierExpiry(WorkspaceTier::kDaily, kMondayMidnight + kDay - 1), kMondayMidnight + kDay);
}

TEST(WorkspaceTierTest, NamesRoundTrip) {
  for (const char* name : {"daily", "weekly", "monthly", "pinned"}) {
    Result<WorkspaceTier> tier = ParseWorkspaceTier(name);
    ASSERT_TRUE(tier.ok()) << name;
    EXPECT_EQ(WorkspaceTierName(*tier), name);
  }
  EXPECT_EQ(ParseWorkspaceTier("yearly").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseWorkspaceTier("Daily").status().code(), StatusCode::kInvalidArgument);
}

TEST(SavedSearchJsonTest, ParsesEachKindAndRefusesWhatDoesNotApply) {
  Result<SavedSearch> sql =
      SavedSearchFromJson({{"name", "chicago"}, {"kind", "sql"}, {"sql", "SELECT 1"}});
  ASSERT_TRUE(sql.ok()) << sql.status().ToString();
  EXPECT_EQ(sql->limit, 100);
  Result<SavedSearch> tool = SavedSearchFromJson(
      {{"name", "t"}, {"kind", "tool"}, {"tool", "by_city"}, {"arguments", {{"city", "X"}}}});
  ASSERT_TRUE(tool.ok()) << tool.status().ToString();
  EXPECT_EQ(tool->arguments["city"], "X");
  Result<SavedSearch> vector = SavedSearchFromJson(
      {{"name", "v"}, {"kind", "vector"}, {"index", "i"}, {"query", "nurse"}, {"limit", 5}});
  ASSERT_TRUE(vector.ok()) << vector.status().ToString();
  // The stored spec reads back as the same search.
  Result<SavedSearch> again = SavedSearchFromJson(SavedSearchSpecToJson(*vector));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(SavedSearchSpecToJson(*again), SavedSearchSpecToJson(*vector));

  for (const Json& bad : {
           Json{{"name", "x"}, {"kind", "sql"}},                         // no sql
           Json{{"name", "x"}, {"kind", "sql"}, {"sql", "  "}},          // empty
           Json{{"name", "x y"}, {"kind", "sql"}, {"sql", "SELECT 1"}},  // name
           Json{{"name", "x"}, {"kind", "shell"}, {"sql", "SELECT 1"}},  // kind
           Json{{"name", "x"}, {"kind", "sql"}, {"sql", "SELECT 1"}, {"tool", "t"}},
           Json{{"name", "x"}, {"kind", "sql"}, {"sql", "SELECT 1"}, {"limit", 0}},
           Json{{"name", "x"}, {"kind", "sql"}, {"sql", "SELECT 1"}, {"limit", 10001}},
           Json{{"name", "x"}, {"kind", "tool"}, {"tool", "t"}, {"limit", 5}},
           Json{{"name", "x"}, {"kind", "tool"}, {"tool", "t"}, {"arguments", "a"}},
           Json{{"name", "x"}, {"kind", "vector"}, {"index", "i"}},  // no query
           Json{{"name", "x"}, {"kind", "sql"}, {"sql", "SELECT 1"}, {"extra", 1}},
           Json::array(),
       }) {
    EXPECT_EQ(SavedSearchFromJson(bad).status().code(), StatusCode::kInvalidArgument) << bad.dump();
  }
}

}  // namespace
}  // namespace lakehouse
