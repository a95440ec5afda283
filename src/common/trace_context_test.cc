#include "common/trace_context.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

constexpr std::string_view kExample = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(TraceContextTest, ParsesTheSpecificationsExample) {
  std::optional<TraceContext> context = ParseTraceparent(kExample);
  ASSERT_TRUE(context.has_value());
  EXPECT_EQ(HexOf(context->trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(HexOf(context->span_id), "00f067aa0ba902b7");
  EXPECT_TRUE(context->sampled());
  EXPECT_EQ(FormatTraceparent(*context), kExample);
}

TEST(TraceContextTest, KeepsAnUnsampledFlag) {
  auto context = ParseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  ASSERT_TRUE(context.has_value());
  EXPECT_FALSE(context->sampled());
}

TEST(TraceContextTest, RefusesMalformedValues) {
  for (std::string_view bad : {
           "",
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",       // no flags
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",    // upper case
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",    // zero trace id
           "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",    // zero span id
           "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // version ff
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",  // 00 with extra field
           "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // wrong separator
           "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",    // not hex
       }) {
    EXPECT_FALSE(ParseTraceparent(bad).has_value()) << bad;
  }
}

TEST(TraceContextTest, AcceptsALaterVersionWithMoreFields) {
  auto context =
      ParseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-whatever");
  ASSERT_TRUE(context.has_value());
  EXPECT_EQ(HexOf(context->span_id), "00f067aa0ba902b7");
}

TEST(TraceContextTest, ScopesNestAndRestore) {
  EXPECT_FALSE(CurrentTraceContext().valid());
  TraceContext outer{NewTraceId(), NewSpanId(), 1};
  {
    ScopedTraceContext a(outer);
    EXPECT_EQ(CurrentTraceContext(), outer);
    TraceContext inner{outer.trace_id, NewSpanId(), 1};
    {
      ScopedTraceContext b(inner);
      EXPECT_EQ(CurrentTraceContext(), inner);
    }
    EXPECT_EQ(CurrentTraceContext(), outer);
  }
  EXPECT_FALSE(CurrentTraceContext().valid());
}

TEST(TraceContextTest, NewIdsAreValidAndDiffer) {
  TraceContext a{NewTraceId(), NewSpanId(), 1};
  TraceContext b{NewTraceId(), NewSpanId(), 1};
  EXPECT_TRUE(a.valid());
  EXPECT_NE(a.trace_id, b.trace_id);
  EXPECT_NE(a.span_id, b.span_id);
}

}  // namespace
}  // namespace lakehouse
