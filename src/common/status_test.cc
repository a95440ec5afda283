#include "common/status.h"

#include <gtest/gtest.h>

#include "common/result.h"
#include "common/status_detail.h"

namespace lakehouse {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return InvalidArgument("value must be positive, got ", std::to_string(v));
  return v;
}

Result<int> Doubled(int v) {
  LH_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return 2 * x;
}

Status Check(int v) {
  LH_RETURN_IF_ERROR(ParsePositive(v));
  return Status::Ok();
}

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, FactoriesCarryCodeAndMessage) {
  Status s = NotFound("dataset '", "sales", "' does not exist");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "dataset 'sales' does not exist");
  EXPECT_EQ(s.ToString(), "NOT_FOUND: dataset 'sales' does not exist");
  EXPECT_EQ(s.WithContext("loading").message(), "loading: dataset 'sales' does not exist");
}

TEST(StatusTest, EveryCodeHasAStableName) {
  EXPECT_EQ(StatusCodeName(StatusCode::kInvalidArgument), "INVALID_ARGUMENT");
  EXPECT_EQ(StatusCodeName(StatusCode::kPayloadTooLarge), "PAYLOAD_TOO_LARGE");
  EXPECT_EQ(StatusCodeName(StatusCode::kInternal), "INTERNAL");
}

TEST(ResultTest, ValueAndErrorPropagate) {
  auto ok = Doubled(4);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 8);
  auto bad = Doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Check(3).ok());
  EXPECT_EQ(Check(0).code(), StatusCode::kInvalidArgument);
}

Result<int> ConflictWithDiff() {
  return WithDetail(Conflict("schema changed"), "schema_diff", Json{{"added", 1}});
}

Result<int> PassesThrough() {
  LH_ASSIGN_OR_RETURN(int x, ConflictWithDiff());
  return x;
}

TEST(StatusTest, DetailTravelsThroughResultAndContext) {
  Status s = PassesThrough().status().WithContext("ingest");
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.message(), "ingest: schema changed");
  const Json* diff = FindDetail(s, "schema_diff");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ((*diff)["added"], 1);
  EXPECT_EQ(FindDetail(s, "other"), nullptr);
  EXPECT_EQ(Conflict("x").detail(), nullptr);
}

}  // namespace
}  // namespace lakehouse

namespace lakehouse {
namespace {

// Before, StrCat appended an integer as one character ("limit " + char(10000)).
TEST(StrCatTest, NumbersAreWrittenInDecimal) {
  EXPECT_EQ(StrCat("limit ", size_t{10000}, " rows"), "limit 10000 rows");
  EXPECT_EQ(StrCat(-3, '/', 7), "-3/7");
  EXPECT_EQ(StrCat(0.5, " ", true), "0.5 true");
  EXPECT_EQ(InvalidArgument("at most ", int64_t{1} << 40).message(), "at most 1099511627776");
}

}  // namespace
}  // namespace lakehouse
