// Data-driven ingest semantics (issue #17 item 9), sqllogictest style: each file under
// src/ingest/testdata/*.test is a script of records separated by blank lines, run in order against
// a fresh in-process IngestService / TombstoneService (ingest_service_fixture.h):
//
//   statement ok                         statement error <text the message must contain>
//   ingest <dataset> <append|replace|upsert> [key=<column>] [on_duplicate_key=<first|last>]
//   <CSV header>
//   <CSV rows...>
//
//   statement ok
//   tombstone <dataset> <key column> <value> [<value>...]
//
//   statement ok
//   compact <dataset>                    (Compactor::Compact: the live rows into one file)
//
//   query
//   <SQL over the dataset views>
//   ----
//   <expected rows, values separated by tabs, NULL for null>
//
// Lines starting with '#' are comments. A failing record names the file and its line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/ingest_service_fixture.h"
#include "table/compactor.h"

namespace lakehouse {
namespace {

std::string TestDataDir() {
  const char* root = std::getenv("LAKEHOUSE_SOURCE_DIR");
  return root == nullptr ? "" : std::string(root) + "/src/ingest/testdata";
}

std::vector<std::string> TestFiles() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(TestDataDir(), ec)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct Record {
  int line = 0;                    // first line of the record
  std::vector<std::string> lines;  // without comments
};

std::vector<Record> ReadRecords(const std::string& path) {
  std::ifstream in(path);
  std::vector<Record> records;
  Record current;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line[0] == '#') continue;
    if (line.empty()) {
      if (!current.lines.empty()) records.push_back(std::move(current));
      current = Record();
      continue;
    }
    if (current.lines.empty()) current.line = n;
    current.lines.push_back(line);
  }
  if (!current.lines.empty()) records.push_back(std::move(current));
  return records;
}

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

class IngestLogicTest : public testing::IngestServiceTest,
                        public ::testing::WithParamInterface<std::string> {
 protected:
  // Runs one `ingest` or `tombstone` command (the record's lines from the second on).
  Status RunStatement(const std::vector<std::string>& lines) {
    std::vector<std::string> words = Words(lines[1]);
    if (words.size() >= 3 && words[0] == "ingest") {
      LH_ASSIGN_OR_RETURN(IngestMode mode, ParseIngestMode(words[2]));
      std::string key;
      DuplicateKeyPolicy on_duplicate_key = DuplicateKeyPolicy::kError;
      for (size_t i = 3; i < words.size(); ++i) {
        if (words[i].starts_with("key=")) {
          key = words[i].substr(4);
        } else if (words[i].starts_with("on_duplicate_key=")) {
          LH_ASSIGN_OR_RETURN(on_duplicate_key, ParseDuplicateKeyPolicy(words[i].substr(17)));
        } else {
          return InvalidArgument("unknown ingest option: ", words[i]);
        }
      }
      std::string csv;
      for (size_t i = 2; i < lines.size(); ++i) csv += lines[i] + "\n";
      return IngestCsv(words[1], mode, key, csv, on_duplicate_key).status();
    }
    if (words.size() == 2 && words[0] == "compact") {
      if (!compactor_) {
        std::filesystem::create_directories(dir_.Sub("compact"));
        compactor_ = std::make_unique<Compactor>(metastore_.get(), catalog_.get(), buckets_.get(),
                                                 views_.get(), pool_.get(), &listeners_,
                                                 dir_.Sub("compact"), /*auto_compact=*/0);
      }
      return compactor_->Compact(words[1]).status();
    }
    if (words.size() >= 4 && words[0] == "tombstone") {
      return Tombstone(words[1], words[2], {words.begin() + 3, words.end()}).status();
    }
    return InvalidArgument("unknown statement: ", lines[1]);
  }

  void TearDown() override {
    if (compactor_) compactor_->Stop();
    compactor_.reset();
    IngestServiceTest::TearDown();
  }

  std::unique_ptr<Compactor> compactor_;
};

TEST_P(IngestLogicTest, Script) {
  const std::string path = TestDataDir() + "/" + GetParam();
  for (const Record& record : ReadRecords(path)) {
    const std::string where = GetParam() + ":" + std::to_string(record.line);
    const std::string& head = record.lines[0];
    if (head.starts_with("statement")) {
      ASSERT_GE(record.lines.size(), 2u) << where;
      Status status = RunStatement(record.lines);
      if (head == "statement ok") {
        EXPECT_TRUE(status.ok()) << where << ": " << status.ToString();
      } else {
        ASSERT_TRUE(head.starts_with("statement error")) << where << ": " << head;
        const std::string expected = head.size() > 16 ? head.substr(16) : "";
        EXPECT_FALSE(status.ok()) << where << ": the statement succeeded";
        EXPECT_NE(status.message().find(expected), std::string::npos)
            << where << ": " << status.ToString();
      }
    } else if (head == "query") {
      auto separator = std::find(record.lines.begin(), record.lines.end(), "----");
      ASSERT_NE(separator, record.lines.end()) << where << ": query without ----";
      std::string sql;
      for (auto it = record.lines.begin() + 1; it != separator; ++it) sql += *it + "\n";
      const std::vector<std::string> expected(separator + 1, record.lines.end());
      Result<std::vector<std::string>> rows = QueryRows(sql);
      ASSERT_TRUE(rows.ok()) << where << ": " << rows.status().ToString();
      EXPECT_EQ(*rows, expected) << where << ":\n" << sql;
    } else {
      FAIL() << where << ": unknown record " << head;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Files, IngestLogicTest, ::testing::ValuesIn(TestFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.find('.'));
                           for (char& c : name)
                             c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(IngestLogicTest);

// Run outside ctest (no LAKEHOUSE_SOURCE_DIR) the scripts would silently be skipped.
TEST(IngestLogicFilesTest, ScriptsAreFound) {
  EXPECT_GE(TestFiles().size(), 3u) << "no *.test under '" << TestDataDir() << "'";
}

}  // namespace
}  // namespace lakehouse
