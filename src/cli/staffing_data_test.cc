// The staffing demo's generator: seeded and reproducible, with referential integrity.
#include "cli/staffing_data.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "common/json.h"

namespace lakehouse {
namespace {

std::vector<Json> Rows(const StaffingTable& table) {
  std::vector<Json> rows(static_cast<size_t>(table.rows), Json::object());
  for (const StaffingColumn& column : table.columns) {
    for (size_t r = 0; r < rows.size(); ++r) {
      switch (column.type) {
        case StaffingType::kInteger:
          rows[r][column.name] = column.integers.at(r);
          break;
        case StaffingType::kNumber:
          rows[r][column.name] = column.numbers.at(r);
          break;
        case StaffingType::kText:
          rows[r][column.name] = column.texts.at(r);
          break;
      }
    }
  }
  return rows;
}

TEST(StaffingData, SameSeedSameRowsOtherSeedOtherRows) {
  auto a = GenerateStaffingData(300, 7);
  auto b = GenerateStaffingData(300, 7);
  auto c = GenerateStaffingData(300, 8);
  ASSERT_EQ(a.size(), 7u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(Rows(a[i]), Rows(b[i])) << a[i].name;
  EXPECT_NE(Rows(a[0]), Rows(c[0]));
  EXPECT_EQ(a[0].name, "candidates");
  EXPECT_EQ(a[0].rows, 300);
}

TEST(StaffingData, EveryReferenceResolvesAndColdLeadsExist) {
  auto tables = GenerateStaffingData(1000, 42);
  std::map<std::string, std::set<int64_t>> keys;
  std::map<std::string, std::vector<Json>> rows;
  for (const StaffingTable& t : tables) {
    rows[t.name] = Rows(t);
    EXPECT_EQ(static_cast<int64_t>(rows[t.name].size()), t.rows);
    for (const Json& r : rows[t.name]) {
      EXPECT_TRUE(keys[t.name].insert(r[t.key].get<int64_t>()).second) << t.name << " key twice";
    }
  }
  std::set<int64_t> placed;
  for (const Json& p : rows["placements"]) {
    EXPECT_TRUE(keys["candidates"].count(p["candidate_id"].get<int64_t>()));
    EXPECT_TRUE(keys["job_orders"].count(p["job_id"].get<int64_t>()));
    EXPECT_TRUE(keys["clients"].count(p["client_id"].get<int64_t>()));
    EXPECT_TRUE(keys["recruiters"].count(p["recruiter_id"].get<int64_t>()));
    placed.insert(p["candidate_id"].get<int64_t>());
  }
  std::map<int64_t, int> calls;
  for (const Json& c : rows["call_logs"]) {
    EXPECT_TRUE(keys["candidates"].count(c["candidate_id"].get<int64_t>()));
    EXPECT_TRUE(keys["recruiters"].count(c["recruiter_id"].get<int64_t>()));
    ++calls[c["candidate_id"].get<int64_t>()];
  }
  int cold = 0;
  for (const auto& [candidate, n] : calls) cold += (n >= 5 && !placed.count(candidate)) ? 1 : 0;
  EXPECT_GT(cold, 10);
}

// candidate_activity is the call log summarised: one row per candidate called, its number of
// calls and its last call's date — exactly what aggregating call_logs gives.
TEST(StaffingData, CandidateActivitySummarisesTheCallLog) {
  auto tables = GenerateStaffingData(2000, 42, 3);
  std::map<int64_t, std::pair<int64_t, std::string>> expected;  // candidate → calls, last
  std::vector<Json> summary;
  for (const StaffingTable& t : tables) {
    if (t.name == "call_logs") {
      for (const Json& c : Rows(t)) {
        auto& [n, last] = expected[c["candidate_id"].get<int64_t>()];
        ++n;
        last = std::max(last, c["called_at"].get<std::string>());
      }
    }
    if (t.name == "candidate_activity") summary = Rows(t);
  }
  ASSERT_EQ(summary.size(), expected.size());
  for (const Json& row : summary) {
    auto it = expected.find(row["candidate_id"].get<int64_t>());
    ASSERT_NE(it, expected.end()) << row.dump();
    EXPECT_EQ(row["calls"].get<int64_t>(), it->second.first) << row.dump();
    EXPECT_EQ(row["last_called_at"].get<std::string>(), it->second.second) << row.dump();
  }
}

}  // namespace
}  // namespace lakehouse
