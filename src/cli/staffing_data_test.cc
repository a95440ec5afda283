// The staffing demo's generator: seeded and reproducible, with referential integrity.
#include "cli/staffing_data.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "common/json.h"

namespace lakehouse {
namespace {

std::vector<Json> Rows(const StaffingTable& table) {
  std::vector<Json> rows;
  std::istringstream in(table.ndjson);
  for (std::string line; std::getline(in, line);) rows.push_back(*ParseJson(line));
  return rows;
}

TEST(StaffingData, SameSeedSameRowsOtherSeedOtherRows) {
  auto a = GenerateStaffingData(300, 7);
  auto b = GenerateStaffingData(300, 7);
  auto c = GenerateStaffingData(300, 8);
  ASSERT_EQ(a.size(), 6u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].ndjson, b[i].ndjson) << a[i].name;
  EXPECT_NE(a[0].ndjson, c[0].ndjson);
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

}  // namespace
}  // namespace lakehouse
