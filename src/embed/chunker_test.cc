#include "embed/chunker.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/hash.h"
#include "embed/utf8.h"

namespace lakehouse {
namespace {

std::vector<TextChunk> SplitOrDie(std::string_view text, int64_t size, int64_t overlap) {
  auto chunker = Chunker::Create({.size_chars = size, .overlap_chars = overlap});
  EXPECT_TRUE(chunker.ok()) << chunker.status().ToString();
  return chunker->Split(text);
}

std::string SubstrByCodePoints(const std::string& s, int64_t begin, int64_t end) {
  std::string out;
  int64_t i = 0;
  for (size_t pos = 0; pos < s.size(); ++i) {
    const DecodedCodePoint d = DecodeUtf8(s, pos);
    if (i >= begin && i < end) out.append(s, pos, static_cast<size_t>(d.length));
    pos += static_cast<size_t>(d.length);
  }
  return out;
}

// Invariants every split must satisfy, whatever the input.
void CheckInvariants(const std::string& text, const std::vector<TextChunk>& chunks, int64_t size,
                     int64_t overlap) {
  const std::string clean = SanitizeUtf8(text);
  for (size_t i = 0; i < chunks.size(); ++i) {
    const TextChunk& c = chunks[i];
    EXPECT_EQ(c.index, static_cast<int32_t>(i));
    EXPECT_LT(c.char_begin, c.char_end);
    EXPECT_LE(c.char_end - c.char_begin, size);
    EXPECT_EQ(CountCodePoints(c.text), c.char_end - c.char_begin);
    EXPECT_EQ(c.text, SubstrByCodePoints(clean, c.char_begin, c.char_end));
    EXPECT_EQ(SanitizeUtf8(c.text), c.text) << "chunk " << i << " is not valid UTF-8";
    EXPECT_EQ(c.embed_text, c.text);
    EXPECT_EQ(c.content_hash, Sha256Hex(c.embed_text));
    if (i > 0) {
      EXPECT_GT(c.char_begin, chunks[i - 1].char_begin);
      EXPECT_GT(c.char_end, chunks[i - 1].char_end);
      EXPECT_GE(c.char_begin, chunks[i - 1].char_end - overlap) << "overlap too large at " << i;
    }
  }
}

struct SplitCase {
  std::string name;
  std::string text;
  int64_t size;
  int64_t overlap;
  std::vector<std::string> expected;
};

class ChunkerCases : public ::testing::TestWithParam<SplitCase> {};

TEST_P(ChunkerCases, SplitsAsExpected) {
  const SplitCase& c = GetParam();
  const std::vector<TextChunk> chunks = SplitOrDie(c.text, c.size, c.overlap);
  std::vector<std::string> texts;
  for (const TextChunk& chunk : chunks) texts.push_back(chunk.text);
  EXPECT_EQ(texts, c.expected);
  CheckInvariants(c.text, chunks, c.size, c.overlap);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ChunkerCases,
    ::testing::Values(
        SplitCase{"Empty", "", 10, 0, {}}, SplitCase{"WhitespaceOnly", " \n\n\t ", 10, 0, {}},
        SplitCase{"ShortText", "  Hello world.  ", 100, 10, {"Hello world."}},
        SplitCase{"ExactlySize", "abcdefghij", 10, 3, {"abcdefghij"}},
        SplitCase{"Paragraphs",
                  "First paragraph here.\n\nSecond paragraph is here.\n\nThird one.",
                  50,
                  0,
                  {"First paragraph here.\n\nSecond paragraph is here.", "Third one."}},
        SplitCase{"ParagraphBeatsSentence",
                  "Alpha beta gamma. Delta epsilon.\n\nZeta eta theta iota kappa.",
                  40,
                  0,
                  {"Alpha beta gamma. Delta epsilon.", "Zeta eta theta iota kappa."}},
        SplitCase{"Sentences",
                  "One two three. Four five six! Seven eight nine? Ten.",
                  32,
                  0,
                  {"One two three. Four five six!", "Seven eight nine? Ten."}},
        SplitCase{"Words",
                  "alpha beta gamma delta epsilon zeta",
                  12,
                  0,
                  {"alpha beta", "gamma delta", "epsilon zeta"}},
        SplitCase{
            "WordOverlap", "aa bb cc dd ee ff gg", 8, 3, {"aa bb cc", "cc dd ee", "ee ff gg"}},
        SplitCase{
            "HardSplit", "abcdefghijklmnopqrstuvwxy", 10, 0, {"abcdefghij", "klmnopqrst", "uvwxy"}},
        SplitCase{"CjkSentences",
                  "今天天气很好。我们去公园吧！明天下雨？",
                  8,
                  0,
                  {"今天天气很好。", "我们去公园吧！", "明天下雨？"}},
        SplitCase{
            "CjkNoPunctuation", "一二三四五六七八九十", 4, 1, {"一二三四", "四五六七", "七八九十"}},
        SplitCase{"Emoji",
                  "😀😃😄😁😆😅🤣😂🙂🙃",
                  4,
                  0,
                  {"😀😃😄😁", "😆😅🤣😂", "🙂🙃"}},
        SplitCase{"InvalidUtf8Replaced",
                  "ab\xff"
                  "cd",
                  10,
                  0,
                  {"ab\xEF\xBF\xBD"
                   "cd"}}),
    [](const ::testing::TestParamInfo<SplitCase>& info) { return info.param.name; });

TEST(ChunkerTest, RejectsBadOptions) {
  EXPECT_EQ(Chunker::Create({.size_chars = 0, .overlap_chars = 0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Chunker::Create({.size_chars = 10, .overlap_chars = 10}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Chunker::Create({.size_chars = 10, .overlap_chars = -1}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ChunkerTest, OverlapSharesTextAndStartsAtWords) {
  std::string text;
  for (int i = 0; i < 400; ++i) text += "word" + std::to_string(i) + (i % 17 == 16 ? ". " : " ");
  const int64_t size = 120, overlap = 30;
  const std::vector<TextChunk> chunks = SplitOrDie(text, size, overlap);
  ASSERT_GT(chunks.size(), 10u);
  CheckInvariants(text, chunks, size, overlap);
  for (size_t i = 1; i < chunks.size(); ++i) {
    const TextChunk& prev = chunks[i - 1];
    const TextChunk& cur = chunks[i];
    EXPECT_LT(cur.char_begin, prev.char_end) << "chunk " << i << " does not overlap";
    EXPECT_EQ(text[static_cast<size_t>(cur.char_begin) - 1], ' ') << "starts mid-word";
    const int64_t shared = prev.char_end - cur.char_begin;
    EXPECT_EQ(prev.text.substr(prev.text.size() - static_cast<size_t>(shared)),
              cur.text.substr(0, static_cast<size_t>(shared)));
  }
  EXPECT_EQ(chunks.back().char_end, static_cast<int64_t>(text.size()) - 1);  // trailing space
}

TEST(ChunkerTest, FourByteSequencesNeverSplit) {
  std::string text;
  for (int i = 0; i < 997; ++i) text += (i % 5 == 4) ? " " : "\xF0\x9F\x98\x80";  // 😀
  for (int64_t size : {1, 3, 7, 50}) {
    const std::vector<TextChunk> chunks = SplitOrDie(text, size, size / 3);
    CheckInvariants(text, chunks, size, size / 3);
  }
}

TEST(ChunkerTest, SingleHundredKilobyteWord) {
  const std::string word(100 * 1024, 'x');
  const std::vector<TextChunk> chunks = SplitOrDie(word, 1000, 100);
  ASSERT_EQ(chunks.size(), 103u);  // hard splits do not overlap: 102 full chunks + 400 chars
  CheckInvariants(word, chunks, 1000, 100);
  EXPECT_EQ(chunks.back().char_end, 100 * 1024);
  EXPECT_EQ(chunks[1].char_begin, 1000);
}

TEST(ChunkerTest, TemplateExpansionFeedsTheHash) {
  auto tmpl = ChunkTemplate::Parse("{title}\n{chunk}", {"title", "body"});
  ASSERT_TRUE(tmpl.ok()) << tmpl.status().ToString();
  auto chunker = Chunker::Create({.size_chars = 20, .overlap_chars = 0}, *tmpl);
  ASSERT_TRUE(chunker.ok());
  const std::vector<TextChunk> chunks =
      chunker->Split("alpha beta gamma delta epsilon", {{"title", "Greek"}});
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].text, "alpha beta gamma");
  EXPECT_EQ(chunks[0].embed_text, "Greek\nalpha beta gamma");
  EXPECT_EQ(chunks[1].embed_text, "Greek\ndelta epsilon");
  EXPECT_EQ(chunks[0].content_hash, Sha256Hex("Greek\nalpha beta gamma"));
}

// Issue #16 (15): a row with an empty text column still has what its template adds.
TEST(ChunkerTest, EmptyTextWithATemplateIsOneChunkOfTheTemplate) {
  auto tmpl = ChunkTemplate::Parse("{subject}\n{chunk}", {"subject", "body"});
  ASSERT_TRUE(tmpl.ok()) << tmpl.status().ToString();
  auto chunker = Chunker::Create({.size_chars = 20, .overlap_chars = 0}, *tmpl);
  ASSERT_TRUE(chunker.ok());
  for (const char* text : {"", "  \n "}) {
    const std::vector<TextChunk> chunks = chunker->Split(text, {{"subject", "Budget meeting"}});
    ASSERT_EQ(chunks.size(), 1u) << "'" << text << "'";
    EXPECT_EQ(chunks[0].index, 0);
    EXPECT_EQ(chunks[0].text, "");
    EXPECT_EQ(chunks[0].embed_text, "Budget meeting\n");
    EXPECT_EQ(chunks[0].content_hash, Sha256Hex("Budget meeting\n"));
  }
  // Nothing from the template either (NULL subject): still no chunk.
  EXPECT_TRUE(chunker->Split("", {}).empty());
  EXPECT_TRUE(chunker->Split("", {{"subject", " "}}).empty());
}

}  // namespace
}  // namespace lakehouse
