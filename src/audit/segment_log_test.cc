#include "audit/segment_log.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::TempDir;

std::string ReadAll(const std::vector<std::string>& files) {
  std::string out;
  for (const std::string& f : files) {
    std::ifstream in(f);
    std::stringstream s;
    s << in.rdbuf();
    out += s.str();
  }
  return out;
}

TEST(SegmentLogTest, AppendsLinesInOrderAndKeepsThemAcrossReopen) {
  TempDir dir;
  ManualClock clock;
  SegmentLogOptions options{dir.File("log"), "seg"};
  {
    LH_ASSERT_OK_AND_ASSIGN(auto log, SegmentLog::Open(options, &clock));
    LH_ASSERT_OK(log->Append({"{\"a\":1}", "{\"a\":2}"}, true));
    LH_ASSERT_OK(log->Append({"{\"a\":3}"}, false));
    EXPECT_EQ(log->Stats().lines_appended, 3);
  }
  clock.Advance(10);
  LH_ASSERT_OK_AND_ASSIGN(auto reopened, SegmentLog::Open(options, &clock));
  LH_ASSERT_OK(reopened->Append({"{\"a\":4}"}, false));
  EXPECT_EQ(ReadAll(reopened->Segments()), "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n{\"a\":4}\n");
  EXPECT_EQ(reopened->Segments().size(), 2u);  // a reopen starts a new segment
}

TEST(SegmentLogTest, RotatesBySizeAndByAge) {
  TempDir dir;
  ManualClock clock;
  SegmentLogOptions options{dir.File("log"), "seg"};
  options.max_segment_bytes = 20;
  options.max_segment_age_us = 1'000'000;
  LH_ASSERT_OK_AND_ASSIGN(auto log, SegmentLog::Open(options, &clock));
  LH_ASSERT_OK(log->Append({"0123456789"}, false));  // 11 bytes
  clock.Advance(1);
  LH_ASSERT_OK(log->Append({"0123456789"}, false));  // would be 22 > 20: new segment
  EXPECT_EQ(log->Segments().size(), 2u);
  LH_ASSERT_OK(log->Append({"x"}, false));  // 13 bytes: fits
  EXPECT_EQ(log->Segments().size(), 2u);
  clock.Advance(1'000'000);  // the open segment is a second old
  LH_ASSERT_OK(log->Append({"y"}, false));
  EXPECT_EQ(log->Segments().size(), 3u);
  EXPECT_EQ(ReadAll(log->Segments()), "0123456789\n0123456789\nx\ny\n");
}

TEST(SegmentLogTest, RetentionDeletesOnlyClosedSegmentsPastIt) {
  TempDir dir;
  ManualClock clock;
  SegmentLogOptions options{dir.File("log"), "seg"};
  options.max_segment_age_us = 1'000'000;
  options.retention_us = 10'000'000;
  LH_ASSERT_OK_AND_ASSIGN(auto log, SegmentLog::Open(options, &clock));
  LH_ASSERT_OK(log->Append({"old"}, false));
  clock.Advance(2'000'000);
  LH_ASSERT_OK(log->Append({"newer"}, false));  // rotates; "old" closed now
  EXPECT_EQ(log->Segments().size(), 2u);
  clock.Advance(5'000'000);
  log->ApplyRetention();
  EXPECT_EQ(log->Segments().size(), 2u);  // closed 5 s ago: kept
  clock.Advance(6'000'000);
  log->ApplyRetention();
  ASSERT_EQ(log->Segments().size(), 1u);  // closed 11 s ago: gone; the open one stays
  EXPECT_EQ(ReadAll(log->Segments()), "newer\n");
  EXPECT_EQ(log->Stats().segments_deleted, 1);
  clock.Advance(100'000'000);
  log->ApplyRetention();
  EXPECT_EQ(log->Segments().size(), 1u);  // the open segment is never deleted
}

}  // namespace
}  // namespace lakehouse
