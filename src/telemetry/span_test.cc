#include "telemetry/span.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

namespace lakehouse {
namespace {

// Keeps what it is given.
class CollectingSink : public SpanSink {
 public:
  void Export(SpanData span) override {
    std::lock_guard<std::mutex> lock(mu_);
    spans_.push_back(std::move(span));
  }
  std::vector<SpanData> spans() {
    std::lock_guard<std::mutex> lock(mu_);
    return spans_;
  }

 private:
  std::mutex mu_;
  std::vector<SpanData> spans_;
};

TEST(SpanTest, ChildrenOfTheCurrentSpanFormATree) {
  CollectingSink sink;
  TraceContext root_context;
  {
    Span root(&sink, "root", SpanKind::kServer, std::nullopt);
    root_context = root.context();
    EXPECT_EQ(CurrentTraceContext(), root.context());
    {
      Span child("child");
      child.SetAttribute("n", 3);
      Span grandchild("grandchild");
      EXPECT_EQ(grandchild.context().trace_id, root_context.trace_id);
    }
    EXPECT_EQ(CurrentTraceContext(), root_context);
  }
  EXPECT_FALSE(CurrentTraceContext().valid());
  std::vector<SpanData> spans = sink.spans();
  ASSERT_EQ(spans.size(), 3u);  // in the order they ended
  EXPECT_EQ(spans[0].name, "grandchild");
  EXPECT_EQ(spans[1].name, "child");
  EXPECT_EQ(spans[2].name, "root");
  EXPECT_EQ(spans[0].parent_span_id, spans[1].context.span_id);
  EXPECT_EQ(spans[1].parent_span_id, spans[2].context.span_id);
  EXPECT_EQ(spans[2].parent_span_id, SpanId{});
  EXPECT_EQ(spans[2].kind, SpanKind::kServer);
  ASSERT_EQ(spans[1].attributes.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(spans[1].attributes[0].value), 3);
  for (const SpanData& s : spans) {
    EXPECT_EQ(s.context.trace_id, root_context.trace_id);
    EXPECT_LE(s.start_unix_nano, s.end_unix_nano);
    EXPECT_GT(s.start_unix_nano, 0);
  }
}

TEST(SpanTest, WithoutACurrentSpanASpanIsANoOp) {
  Span alone("alone");
  EXPECT_FALSE(alone.recording());
  EXPECT_FALSE(CurrentTraceContext().valid());
}

TEST(SpanTest, ARemoteParentContinuesItsTrace) {
  CollectingSink sink;
  TraceContext remote =
      *ParseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  { Span server(&sink, "server", SpanKind::kServer, remote); }
  ASSERT_EQ(sink.spans().size(), 1u);
  EXPECT_EQ(sink.spans()[0].context.trace_id, remote.trace_id);
  EXPECT_EQ(sink.spans()[0].parent_span_id, remote.span_id);
}

TEST(SpanTest, AnUnsampledParentPropagatesButRecordsNothing) {
  CollectingSink sink;
  TraceContext remote =
      *ParseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  {
    Span server(&sink, "server", SpanKind::kServer, remote);
    EXPECT_FALSE(server.recording());
    EXPECT_EQ(CurrentTraceContext().trace_id, remote.trace_id);  // still propagated
    Span child("child");
    EXPECT_FALSE(child.recording());
  }
  EXPECT_TRUE(sink.spans().empty());
}

TEST(SpanTest, ACapturedTraceContinuesOnAnotherThread) {
  CollectingSink sink;
  SpanId root_id{};
  {
    Span root(&sink, "root", SpanKind::kServer, std::nullopt);
    root_id = root.context().span_id;
    TraceHandle handle = CurrentTrace();
    std::thread([handle] {
      ScopedTrace traced(handle);
      Span worker("worker");
    }).join();
  }
  std::vector<SpanData> spans = sink.spans();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].name, "worker");
  EXPECT_EQ(spans[0].parent_span_id, root_id);
}

TEST(SpanTest, ErrorsAreRecorded) {
  CollectingSink sink;
  {
    Span root(&sink, "root", SpanKind::kInternal, std::nullopt);
    root.SetError("boom");
  }
  EXPECT_TRUE(sink.spans()[0].error);
  EXPECT_EQ(sink.spans()[0].status_message, "boom");
}

}  // namespace
}  // namespace lakehouse
