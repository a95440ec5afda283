#include "embed/chunk_template.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

const std::vector<std::string> kColumns = {"title", "author", "body"};

TEST(ChunkTemplateTest, ExpandsColumnsAndChunk) {
  auto tmpl = ChunkTemplate::Parse("{title} by {author}\n{chunk}", kColumns);
  ASSERT_TRUE(tmpl.ok()) << tmpl.status().ToString();
  EXPECT_EQ(tmpl->Expand("text", {{"title", "Dune"}, {"author", "Herbert"}}),
            "Dune by Herbert\ntext");
  EXPECT_EQ(tmpl->referenced_columns(), (std::vector<std::string>{"title", "author"}));
}

TEST(ChunkTemplateTest, MissingValueExpandsToEmpty) {
  auto tmpl = ChunkTemplate::Parse("[{title}] {chunk}", kColumns);
  ASSERT_TRUE(tmpl.ok());
  EXPECT_EQ(tmpl->Expand("x", {}), "[] x");
}

TEST(ChunkTemplateTest, EscapedBraces) {
  auto tmpl = ChunkTemplate::Parse("{{literal}} {chunk} }}", kColumns);
  ASSERT_TRUE(tmpl.ok()) << tmpl.status().ToString();
  EXPECT_EQ(tmpl->Expand("c", {}), "{literal} c }");
}

TEST(ChunkTemplateTest, InvalidValueBytesAreSanitised) {
  auto tmpl = ChunkTemplate::Parse("{title}:{chunk}", kColumns);
  ASSERT_TRUE(tmpl.ok());
  EXPECT_EQ(tmpl->Expand("c", {{"title", "a\xFF"}}), "a\uFFFD:c");
}

struct BadTemplate {
  const char* text;
  const char* message_part;
};

class ChunkTemplateErrors : public ::testing::TestWithParam<BadTemplate> {};

TEST_P(ChunkTemplateErrors, RejectedAtParseTime) {
  auto tmpl = ChunkTemplate::Parse(GetParam().text, kColumns);
  ASSERT_FALSE(tmpl.ok());
  EXPECT_EQ(tmpl.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(tmpl.status().message().find(GetParam().message_part), std::string::npos)
      << tmpl.status().message();
}

INSTANTIATE_TEST_SUITE_P(Table, ChunkTemplateErrors,
                         ::testing::Values(BadTemplate{"{nope} {chunk}", "unknown placeholder"},
                                           BadTemplate{"{title}", "{chunk}"},
                                           BadTemplate{"{chunk", "unterminated"},
                                           BadTemplate{"{ti{tle} {chunk}", "unterminated"},
                                           BadTemplate{"{} {chunk}", "empty"},
                                           BadTemplate{"} {chunk}", "unmatched"}));

}  // namespace
}  // namespace lakehouse
