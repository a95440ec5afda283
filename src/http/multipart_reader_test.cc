// MultipartReader: every case is parsed whole, split in two at every byte offset, and fed one
// byte at a time; all three must give the same parts (or the same error).
#include "http/multipart_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lakehouse {
namespace {

struct Part {
  std::string name;
  std::string filename;
  std::string content_type;
  std::string content;
  bool operator==(const Part&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Part& p) {
  return os << "{" << p.name << ", " << p.filename << ", " << p.content_type << ", "
            << testing::PrintToString(p.content) << "}";
}

struct Outcome {
  std::vector<Part> parts;
  std::string error;  // empty when the body parsed
};

// Feeds `body` cut at `cuts` (ascending offsets) and collects what the reader reported.
Outcome Parse(const std::string& boundary, const std::string& body,
              const std::vector<size_t>& cuts) {
  Outcome out;
  MultipartReader reader(
      boundary,
      [&](const MultipartPartHeader& h) {
        out.parts.push_back({h.name, h.filename, h.content_type, ""});
        return true;
      },
      [&](std::string_view chunk) {
        EXPECT_FALSE(out.parts.empty());
        if (!out.parts.empty()) out.parts.back().content.append(chunk);
        return true;
      });
  size_t from = 0;
  Status s;
  for (size_t i = 0; i <= cuts.size() && s.ok(); ++i) {
    size_t to = i < cuts.size() ? cuts[i] : body.size();
    // A copy per piece, so the reader cannot rely on bytes it has been given before.
    std::string piece = body.substr(from, to - from);
    s = reader.Feed(piece);
    from = to;
  }
  if (s.ok()) s = reader.Finish();
  if (!s.ok()) {
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
    out.error = s.message();
  }
  return out;
}

struct Case {
  const char* label;
  std::string body;
  std::vector<Part> parts;
  std::string error;  // substring of the expected error; empty → success
};

constexpr const char* kB = "XyZ-boundary";

std::vector<Case> Cases() {
  const std::string kPart = "Content-Disposition: form-data; name=";
  return {
      {"one field",
       "--XyZ-boundary\r\n" + kPart + "\"dataset\"\r\n\r\norders\r\n--XyZ-boundary--\r\n",
       {{"dataset", "", "", "orders"}},
       ""},
      {"fields and files",
       "--XyZ-boundary\r\n" + kPart +
           "\"dataset\"\r\n\r\norders\r\n"
           "--XyZ-boundary\r\n" +
           kPart +
           "\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n"
           "id,name\n1,x\n\r\n"
           "--XyZ-boundary\r\n" +
           kPart +
           "\"file\"; filename=\"b.csv\"\r\n\r\n"
           "id,name\r\n2,y\r\n\r\n"
           "--XyZ-boundary--",
       {{"dataset", "", "", "orders"},
        {"file", "a.csv", "text/csv", "id,name\n1,x\n"},
        {"file", "b.csv", "", "id,name\r\n2,y\r\n"}},
       ""},
      {"empty content and empty body part",
       "--XyZ-boundary\r\n" + kPart + "\"key\"\r\n\r\n\r\n--XyZ-boundary--\r\n",
       {{"key", "", "", ""}},
       ""},
      {"preamble and epilogue ignored",
       "This is a preamble.\r\nIt has --XyZ-boundar lines.\r\n--XyZ-boundary\r\n" + kPart +
           "\"mode\"\r\n\r\nappend\r\n--XyZ-boundary--\r\nepilogue --XyZ-boundary\r\n",
       {{"mode", "", "", "append"}},
       ""},
      {"content holds near-delimiters",
       "--XyZ-boundary\r\n" + kPart +
           "\"file\"; filename=\"x\"\r\n\r\n"
           "\r\r\n\r\n-\r\n--\r\n--XyZ\r\n--XyZ-boundar\n\r\n--XyZ-boundary\r\n" +
           kPart + "\"f\"\r\n\r\nv\r\n--XyZ-boundary--",
       {{"file", "x", "", "\r\r\n\r\n-\r\n--\r\n--XyZ\r\n--XyZ-boundar\n"}, {"f", "", "", "v"}},
       ""},
      {"transport padding after boundaries",
       "--XyZ-boundary \t\r\n" + kPart + "\"a\"\r\n\r\n1\r\n--XyZ-boundary-- \t\r\n",
       {{"a", "", "", "1"}},
       ""},
      {"header names case-insensitive, unknown headers ignored, spaces",
       "--XyZ-boundary\r\nX-Extra: 1\r\ncontent-disposition:form-data;name=plain ;  "
       "FILENAME = \"r.csv\"\r\nCONTENT-TYPE:  text/plain  \r\n\r\nz\r\n--XyZ-boundary--",
       {{"plain", "r.csv", "text/plain", "z"}},
       ""},
      {"quoted filename with semicolon, escapes and a Windows path",
       "--XyZ-boundary\r\n" + kPart +
           "\"file\"; filename=\"C:\\data\\a;b \\\"q\\\".csv\"\r\n\r\nc\r\n--XyZ-boundary--",
       {{"file", "C:\\data\\a;b \"q\".csv", "", "c"}},
       ""},
      {"filename* wins",
       "--XyZ-boundary\r\n" + kPart +
           "\"file\"; filename=\"na-ve.csv\"; filename*=UTF-8''na%C3%AFve.csv\r\n\r\nc\r\n"
           "--XyZ-boundary--",
       {{"file", "na\xC3\xAFve.csv", "", "c"}},
       ""},
      {"folded header line",
       "--XyZ-boundary\r\nContent-Disposition: form-data;\r\n name=\"folded\"\r\n\r\nv\r\n"
       "--XyZ-boundary--",
       {{"folded", "", "", "v"}},
       ""},
      {"missing final boundary",
       "--XyZ-boundary\r\n" + kPart + "\"file\"; filename=\"a\"\r\n\r\ntruncated data",
       {{"file", "a", "", "truncated data"}},
       "ended before its closing boundary"},
      {"missing final boundary after a delimiter",
       "--XyZ-boundary\r\n" + kPart + "\"a\"\r\n\r\n1\r\n--XyZ-boundary\r\n",
       {{"a", "", "", "1"}},
       "ended before its closing boundary"},
      {"no boundary at all", "just some bytes\r\n", {}, "no boundary line found"},
      {"empty body", "", {}, "no boundary line found"},
      {"junk after boundary",
       "--XyZ-boundary\r\n" + kPart + "\"a\"\r\n\r\n1\r\n--XyZ-boundaryX\r\n",
       {{"a", "", "", "1"}},
       "unexpected bytes after a boundary"},
      {"no Content-Disposition",
       "--XyZ-boundary\r\nContent-Type: text/csv\r\n\r\nv\r\n--XyZ-boundary--",
       {},
       "no Content-Disposition"},
      {"not form-data",
       "--XyZ-boundary\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XyZ-boundary--",
       {},
       "not form-data"},
      {"no name",
       "--XyZ-boundary\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nv\r\n"
       "--XyZ-boundary--",
       {},
       "without a name"},
      {"unterminated quote",
       "--XyZ-boundary\r\n" + kPart + "\"a\r\n\r\nv\r\n--XyZ-boundary--",
       {},
       "malformed Content-Disposition"},
      {"header line without colon",
       "--XyZ-boundary\r\n" + kPart + "\"a\"\r\nbogus\r\n\r\nv\r\n--XyZ-boundary--",
       {},
       "malformed multipart part header"},
      {"two dispositions",
       "--XyZ-boundary\r\n" + kPart + "\"a\"\r\n" + kPart + "\"b\"\r\n\r\nv\r\n--XyZ-boundary--",
       {},
       "two Content-Disposition"},
      {"headers never end",
       "--XyZ-boundary\r\n" + kPart + "\"a\"\r\n" + std::string(20000, 'h'),
       {},
       "part headers exceed"},
  };
}

class MultipartReaderTest : public ::testing::TestWithParam<Case> {
 protected:
  void Check(const Outcome& got, const std::string& how) {
    const Case& c = GetParam();
    if (c.error.empty()) {
      EXPECT_EQ(got.error, "") << how;
    } else {
      EXPECT_NE(got.error.find(c.error), std::string::npos) << how << ": got '" << got.error << "'";
    }
    EXPECT_EQ(got.parts, c.parts) << how;
  }
};

TEST_P(MultipartReaderTest, Whole) { Check(Parse(kB, GetParam().body, {}), "whole"); }

TEST_P(MultipartReaderTest, SplitAtEveryOffset) {
  const std::string& body = GetParam().body;
  for (size_t cut = 0; cut <= body.size(); ++cut) {
    Check(Parse(kB, body, {cut}), "split at " + std::to_string(cut));
    if (HasFailure()) return;
  }
}

TEST_P(MultipartReaderTest, ByteAtATime) {
  const std::string& body = GetParam().body;
  std::vector<size_t> cuts;
  for (size_t i = 1; i < body.size(); ++i) cuts.push_back(i);
  Check(Parse(kB, body, cuts), "byte at a time");
}

INSTANTIATE_TEST_SUITE_P(Table, MultipartReaderTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) {
                           std::string name;
                           for (char ch : std::string(info.param.label)) {
                             name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           }
                           return name;
                         });

TEST(MultipartReader, LargeFileInBigChunks) {
  std::string content;
  for (int i = 0; i < 200000; ++i) content += std::to_string(i) + (i % 7 ? ",a\n" : ",b\r\n");
  std::string body =
      "--" + std::string(kB) +
      "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n" + content +
      "\r\n--" + kB + "--\r\n";
  std::vector<size_t> cuts;
  for (size_t at = 4093; at < body.size(); at += 65537) cuts.push_back(at);
  Outcome got = Parse(kB, body, cuts);
  ASSERT_EQ(got.error, "");
  ASSERT_EQ(got.parts.size(), 1u);
  EXPECT_EQ(got.parts[0].content.size(), content.size());
  EXPECT_TRUE(got.parts[0].content == content);
}

TEST(MultipartReader, ConsumerStopsTheParse) {
  int chunks = 0;
  MultipartReader reader(
      kB, [](const MultipartPartHeader&) { return true; },
      [&](std::string_view) { return ++chunks < 2; });
  std::string head = "--XyZ-boundary\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n";
  EXPECT_TRUE(reader.Feed(head + "abc").ok());
  Status s = reader.Feed("def");
  EXPECT_EQ(s.code(), StatusCode::kCancelled);
  EXPECT_EQ(reader.Feed("ghi").code(), StatusCode::kCancelled);  // sticky
  EXPECT_EQ(reader.Finish().code(), StatusCode::kCancelled);
}

TEST(MultipartReader, PartHandlerRefusal) {
  MultipartReader reader(
      kB, [](const MultipartPartHeader& h) { return h.name != "bad"; },
      [](std::string_view) { return true; });
  Status s = reader.Feed(
      "--XyZ-boundary\r\nContent-Disposition: form-data; name=\"ok\"\r\n\r\n1\r\n"
      "--XyZ-boundary\r\nContent-Disposition: form-data; name=\"bad\"\r\n\r\n2\r\n");
  EXPECT_EQ(s.code(), StatusCode::kCancelled);
  EXPECT_EQ(reader.parts(), 2);
}

struct BoundaryCase {
  const char* content_type;
  const char* boundary;  // nullptr → error
};

class MultipartBoundaryTest : public ::testing::TestWithParam<BoundaryCase> {};

TEST_P(MultipartBoundaryTest, Parses) {
  const BoundaryCase& c = GetParam();
  Result<std::string> b = MultipartReader::BoundaryOf(c.content_type);
  if (c.boundary == nullptr) {
    ASSERT_FALSE(b.ok()) << c.content_type;
    EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
  } else {
    ASSERT_TRUE(b.ok()) << c.content_type << ": " << b.status().ToString();
    EXPECT_EQ(*b, c.boundary);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, MultipartBoundaryTest,
    ::testing::Values(
        BoundaryCase{"multipart/form-data; boundary=abc", "abc"},
        BoundaryCase{"Multipart/Form-Data;BOUNDARY=abc", "abc"},
        BoundaryCase{"multipart/form-data; charset=utf-8; boundary=\"a b;c\"", "a b;c"},
        BoundaryCase{"multipart/form-data; boundary=--cpp-httplib-multipart-data-x1",
                     "--cpp-httplib-multipart-data-x1"},
        BoundaryCase{"multipart/form-data", nullptr},
        BoundaryCase{"multipart/form-data; boundary=", nullptr},
        BoundaryCase{"multipart/form-data; boundary=\"unterminated", nullptr},
        BoundaryCase{"multipart/mixed; boundary=abc", nullptr},
        BoundaryCase{"application/json", nullptr},
        BoundaryCase{"multipart/form-data; boundary=0123456789012345678901234567890123456789"
                     "01234567890123456789012345678901",
                     nullptr}));

}  // namespace
}  // namespace lakehouse
