#include "common/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "common/json.h"
#include "common/trace_context.h"

namespace lakehouse {
namespace {

// One line logged through the formatter of `format`.
std::string LogLine(std::string_view format, const std::string& message) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("test", sink);
  logger.set_formatter(MakeLogFormatter(format));
  logger.info("{}", message);
  return out.str();
}

TEST(LoggingTest, JsonLinesAreValidJsonWhateverTheMessage) {
  std::string line = LogLine("json", "path=\"a\\b\"\n\ttab \x01");
  Result<Json> parsed = ParseJson(line);
  ASSERT_TRUE(parsed.ok()) << line;
  EXPECT_EQ((*parsed)["msg"], "path=\"a\\b\"\n\ttab \x01");
  EXPECT_EQ((*parsed)["level"], "info");
  EXPECT_FALSE(parsed->contains("trace_id"));
}

TEST(LoggingTest, JsonLinesCarryTheCurrentTraceAndSpan) {
  TraceContext context =
      *ParseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ScopedTraceContext scope(context);
  Result<Json> parsed = ParseJson(LogLine("json", "hello"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ((*parsed)["span_id"], "00f067aa0ba902b7");
}

TEST(LoggingTest, TextLinesCarryTheMessage) {
  EXPECT_NE(LogLine("text", "hello").find("info  hello"), std::string::npos);
}

}  // namespace
}  // namespace lakehouse
