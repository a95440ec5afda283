// Real-data acceptance: real files damaged the way files get damaged — a ragged CSV row, an NDJSON
// line cut short, a file of another table appended, duplicate keys, a "n/a" in a numeric column —
// are refused with a clear 4xx in the one error shape, naming the place, and the dataset they were
// sent to keeps exactly its rows and version.
#include <gtest/gtest.h>

#include "tests/realdata/derived_files.h"
#include "tests/realdata/realdata_fixture.h"
#include "tests/support/e2e_util.h"

namespace lakehouse::realdata {
namespace {

class BadInputTest : public RealDataTest {
 protected:
  void SetUp() override {
    RealDataTest::SetUp();
    auto table = LoadFfq();
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    ffq_ = std::move(*table);
    auto speeches = LoadSpeeches();
    ASSERT_TRUE(speeches.ok()) << speeches.status().ToString();
    speeches_.assign(speeches->begin(), speeches->begin() + 50);
  }

  // Ingests the whole questionnaire as dataset "ffq" (key id) and remembers its state.
  void IngestQuestionnaire() {
    Json first =
        IngestOk({{"data.csv", FfqCsvSlice(ffq_, 0, 54)}}, {{"dataset", "ffq"}, {"key", "id"}});
    ASSERT_EQ(first["rows_added"], 54);
    before_ = State("ffq");
  }
  void IngestAddresses() {
    Json first = IngestOk({{"sotu.ndjson", SpeechesNdjson(speeches_)}},
                          {{"dataset", "sotu"}, {"key", "id"}});
    ASSERT_EQ(first["rows_added"], 50);
    before_ = State("sotu");
  }
  // What must not change: the version, the row count and every row.
  Json State(const std::string& dataset) {
    return Json::array({Manifest(dataset)["current_version"], Count(dataset),
                        Sql("SELECT * FROM \"" + dataset + "\" ORDER BY id")});
  }

  // `response` is a `status` with the one error shape whose message contains every `needle`.
  void ExpectRefused(const Result<ClientResponse>& response, int status,
                     const std::vector<std::string>& needles) {
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, status) << response->body;
    EXPECT_TRUE(IsErrorShape(*response)) << response->body;
    const std::string message = ErrorMessage(*response);
    for (const std::string& needle : needles) {
      EXPECT_NE(message.find(needle), std::string::npos)
          << "the message should say '" << needle << "': " << message;
    }
    EXPECT_LT(message.size(), 2000u) << "an error message quotes an excerpt, not the input";
  }

  FfqTable ffq_;
  std::vector<Speech> speeches_;
  Json before_;
};

// The questionnaire with row 17 (line 19; the header is line 1) three fields short.
std::string RaggedQuestionnaire(const FfqTable& ffq) {
  FfqTable ragged = ffq;
  std::string& line = ragged.lines[17];
  for (int i = 0; i < 3; ++i) line.erase(line.rfind(','));
  return FfqCsvSlice(ragged, 0, ragged.lines.size());
}

// The speeches `from` (ids suffixed "_copy") as NDJSON with line 31 cut in the middle of its text;
// the lines after it are intact.
std::string NdjsonWithLine31Cut(const std::vector<Speech>& from) {
  std::vector<Speech> more(from.begin(), from.begin() + 40);
  for (Speech& s : more) s.id += "_copy";
  std::string ndjson = SpeechesNdjson(more);
  size_t line_start = 0;
  for (int i = 0; i < 30; ++i) line_start = ndjson.find('\n', line_start) + 1;
  const size_t half = (ndjson.find('\n', line_start) - line_start) / 2;
  ndjson.erase(line_start + half, half);
  return ndjson;
}

// A row with fewer fields than the header is refused, never a reinterpretation of the file.
TEST_F(BadInputTest, ARaggedCsvRowIsRefused) {
  IngestQuestionnaire();
  ExpectRefused(Ingest({{"ragged.csv", RaggedQuestionnaire(ffq_)}}, {{"dataset", "ffq"}}), 400, {});
  EXPECT_EQ(State("ffq"), before_);
}

// Issue #16 item 4: ... and the 400 names the file and the line (today: "field 'columns[1094]':
// name must be 1-255 bytes", neither file nor line).
TEST_F(BadInputTest, DISABLED_ARaggedCsvRowIsRefusedNamingItsLine) {
  IngestQuestionnaire();
  ExpectRefused(Ingest({{"ragged.csv", RaggedQuestionnaire(ffq_)}}, {{"dataset", "ffq"}}), 400,
                {"ragged.csv", "line 19"});
  EXPECT_EQ(State("ffq"), before_);
}

// An NDJSON line cut short in the middle of a file is refused naming the file.
TEST_F(BadInputTest, ATruncatedNdjsonLineIsRefused) {
  IngestAddresses();
  ExpectRefused(Ingest({{"cut.ndjson", NdjsonWithLine31Cut(speeches_)}}, {{"dataset", "sotu"}}),
                400, {"cut.ndjson"});
  EXPECT_EQ(State("sotu"), before_);
}

// Issue #16 item 13: ... naming the line that was cut (today: "line 32: unexpected control
// character in string", the line after it).
TEST_F(BadInputTest, DISABLED_ATruncatedNdjsonLineIsRefusedNamingItsLine) {
  IngestAddresses();
  ExpectRefused(Ingest({{"cut.ndjson", NdjsonWithLine31Cut(speeches_)}}, {{"dataset", "sotu"}}),
                400, {"cut.ndjson", "line 31"});
  EXPECT_EQ(State("sotu"), before_);
}

// A file whose last line was cut off (an interrupted download) is refused, not shortened by one
// record.
TEST_F(BadInputTest, AnNdjsonFileCutAtTheEndIsRefused) {
  IngestAddresses();
  std::vector<Speech> more(speeches_.begin(), speeches_.begin() + 40);
  for (Speech& s : more) s.id += "_copy";
  std::string ndjson = SpeechesNdjson(more);
  ndjson.resize(ndjson.size() - more.back().text.size() / 2);
  auto r = Ingest({{"partial.ndjson", ndjson}}, {{"dataset", "sotu"}});
  ExpectRefused(r, 400, {"partial.ndjson"});
  EXPECT_EQ(State("sotu"), before_);
}

// Appending another table (the questionnaire shares only the column name `id`, as BIGINT, with
// the addresses) is a schema change: 409 with the diff, nothing committed (issue #16 item 5).
TEST_F(BadInputTest, AppendingAnotherTableIsASchemaConflict) {
  IngestAddresses();
  auto r = Ingest({{"data.csv", FfqCsvSlice(ffq_, 0, 54)}}, {{"dataset", "sotu"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 409) << r->body.substr(0, 2000);
  EXPECT_TRUE(IsErrorShape(*r));
  auto body = r->JsonBody();
  ASSERT_TRUE(body.ok());
  EXPECT_TRUE(body->contains("schema_diff")) << r->body.substr(0, 2000);
  EXPECT_EQ(State("sotu"), before_);
}

// Issue #16 item 8: duplicate keys inside one upserted file are a 400 naming the key, not a
// silent collapse. The file: the whole questionnaire (typed as the dataset) plus answer 10 again
// with another value.
TEST_F(BadInputTest, DISABLED_DuplicateKeysInOneFileAreRefused) {
  IngestQuestionnaire();
  const std::string id = ffq_.rows[10][0];
  const std::string source = "read_csv('" + ffq_.csv_path + "')";
  auto twice = DuckDbExport("SELECT * FROM " + source +
                                " UNION ALL SELECT * REPLACE (eggsfreq + 1 AS eggsfreq) FROM " +
                                source + " WHERE id = " + id,
                            scratch_.Join("twice.parquet"), "FORMAT parquet");
  ASSERT_TRUE(twice.ok()) << twice.status().ToString();
  auto r =
      Ingest({{"twice.parquet", *twice}}, {{"dataset", "ffq"}, {"key", "id"}, {"mode", "upsert"}});
  ExpectRefused(r, 400, {"twice.parquet", id});
  EXPECT_EQ(State("ffq"), before_);
}

// Issue #16 item 6: one "n/a" in a numeric column does not turn the column into VARCHAR.
TEST_F(BadInputTest, DISABLED_AnNaInANumericColumnIsASchemaConflict) {
  IngestQuestionnaire();
  FfqTable na = ffq_;
  const size_t eggs = ffq_.Column("eggsfreq");
  na.rows[5][eggs] = "n/a";
  std::string line;
  for (size_t c = 0; c < na.rows[5].size(); ++c) line += (c ? "," : "") + na.rows[5][c];
  na.lines[5] = line;
  auto r = Ingest({{"na.csv", FfqCsvSlice(na, 0, na.lines.size())}}, {{"dataset", "ffq"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 409) << r->body.substr(0, 2000);
  EXPECT_EQ(State("ffq"), before_);
  EXPECT_EQ(SqlValue("SELECT typeof(eggsfreq) FROM ffq LIMIT 1"), "BIGINT");
}

}  // namespace
}  // namespace lakehouse::realdata
