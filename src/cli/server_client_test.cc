// ProgressText: what `--wait` draws for a job's progress (issue #16, 19).
#include "cli/server_client.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(ProgressTextTest, DoneOfTotalRateAndEta) {
  Json progress = {
      {"done", 120}, {"total", 500}, {"unit", "documents"}, {"rate_per_s", 35.04}, {"eta_s", 11}};
  EXPECT_EQ(ProgressText(progress), "24% 120/500 documents, 35.0 documents/s, ETA 11 s");
  progress["eta_s"] = 3725;
  EXPECT_EQ(ProgressText(progress), "24% 120/500 documents, 35.0 documents/s, ETA 1 h 02 min");
  progress["eta_s"] = 125;
  EXPECT_EQ(ProgressText(progress), "24% 120/500 documents, 35.0 documents/s, ETA 2 min 05 s");
}

TEST(ProgressTextTest, WhatIsNotKnownIsLeftOut) {
  EXPECT_EQ(ProgressText({{"done", 0}, {"total", nullptr}, {"unit", "rows"}}), "");
  EXPECT_EQ(ProgressText({{"done", 7},
                          {"total", nullptr},
                          {"unit", "rows"},
                          {"rate_per_s", nullptr},
                          {"eta_s", nullptr}}),
            "7 rows");
  EXPECT_EQ(ProgressText({{"done", 0}, {"total", 0}, {"unit", "documents"}}), "100% 0/0 documents");
  EXPECT_EQ(ProgressText(Json()), "");
}

// Found by hand: `lakehouse --server URL sql …` failed with "The following arguments were not
// expected: URL --server" because each command defines the flags itself.
TEST(HoistConnectionFlagsTest, FlagsBeforeTheCommandMoveAfterIt) {
  using Args = std::vector<std::string>;
  EXPECT_EQ(HoistConnectionFlags({"lh", "--server", "http://h:1", "sql", "SELECT 1"}),
            (Args{"lh", "sql", "SELECT 1", "--server", "http://h:1"}));
  EXPECT_EQ(HoistConnectionFlags({"lh", "--api-key=k", "--server", "u", "rows", "delete", "d"}),
            (Args{"lh", "rows", "delete", "d", "--api-key=k", "--server", "u"}));
  // Nothing to move, or nothing to move them after: unchanged (CLI11 reports what is wrong).
  for (const Args& args :
       {Args{"lh", "sql", "--server", "u"}, Args{"lh", "--server", "u"}, Args{"lh", "--version"},
        Args{"lh", "--server"}, Args{"lh", "--server", "u", "--version"}, Args{"lh"}}) {
    EXPECT_EQ(HoistConnectionFlags(args), args);
  }
}

}  // namespace
}  // namespace lakehouse
