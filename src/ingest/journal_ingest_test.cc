// The event journal on the ingest path: a real IngestService and TombstoneService writing to a
// real Journal (segment files), read back line by line.
#include <gtest/gtest.h>

#include <fstream>

#include "audit/journal.h"
#include "ingest/ingest_service_fixture.h"

namespace lakehouse::testing {
namespace {

class JournalIngestTest : public IngestServiceTest {
 protected:
  void SetUp() override {
    IngestServiceTest::SetUp();
    OpenJournal(true);
  }

  void OpenJournal(bool enabled) {
    JournalOptions options;
    options.enabled = enabled;
    options.segments = {dir_.Sub(enabled ? "journal" : "journal-off"), "events"};
    LH_ASSERT_OK_AND_ASSIGN(journal_, Journal::Open(options, &clock_));
    IngestServiceOptions ingest_options;
    ingest_options.staging.staging_dir = dir_.Sub("staging");
    ingest_options.journal = journal_.get();
    ingest_ = std::make_unique<IngestService>(catalog_.get(), metastore_.get(), buckets_.get(),
                                              pool_.get(), &listeners_, &clock_, ingest_options);
    tombstones_ = std::make_unique<TombstoneService>(
        catalog_.get(), metastore_.get(), buckets_.get(), pool_.get(), &listeners_, &clock_,
        ingest_options.staging.staging_dir, journal_.get());
  }

  std::vector<Json> Events() {
    std::vector<Json> out;
    for (const std::string& file : journal_->segments().Segments()) {
      std::ifstream in(file);
      std::string line;
      while (std::getline(in, line)) out.push_back(Json::parse(line));
    }
    return out;
  }

  std::unique_ptr<Journal> journal_;
};

TEST_F(JournalIngestTest, KeyedIngestJournalsInsertsChangedFieldsAndTombstones) {
  LH_ASSERT_OK(
      IngestCsv("people", IngestMode::kUpsert, "id", "id,name,city\n1,ann,Oslo\n2,bob,Rome\n"));
  std::vector<Json> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["type"], "insert");
  EXPECT_EQ(events[0]["dataset"], "people");
  EXPECT_EQ(events[0]["key"], "1");
  EXPECT_EQ(events[0]["actor"], "api");
  EXPECT_EQ(events[0]["source"], "api");
  EXPECT_EQ(events[0]["version"], 2);
  ASSERT_EQ(events[0]["changes"].size(), 3u);
  EXPECT_EQ(events[0]["changes"][1]["field"], "name");
  EXPECT_EQ(events[0]["changes"][1]["old"], "null");
  EXPECT_EQ(events[0]["changes"][1]["new"], "\"ann\"");

  // Row 1 changes its city, row 2 is sent unchanged, row 3 is new.
  LH_ASSERT_OK(IngestCsv("people", IngestMode::kUpsert, "id",
                         "id,name,city\n1,ann,Bergen\n2,bob,Rome\n3,cy,Pisa\n"));
  events = Events();
  ASSERT_EQ(events.size(), 4u) << events.back().dump();
  EXPECT_EQ(events[2]["type"], "update");
  EXPECT_EQ(events[2]["key"], "1");
  ASSERT_EQ(events[2]["changes"].size(), 1u) << events[2].dump();
  EXPECT_EQ(events[2]["changes"][0]["field"], "city");
  EXPECT_EQ(events[2]["changes"][0]["old"], "\"Oslo\"");
  EXPECT_EQ(events[2]["changes"][0]["new"], "\"Bergen\"");
  EXPECT_EQ(events[3]["type"], "insert");
  EXPECT_EQ(events[3]["key"], "3");

  LH_ASSERT_OK(Tombstone("people", "id", {"2", "99"}));
  events = Events();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[4]["type"], "tombstone");
  EXPECT_EQ(events[4]["key"], "2");
  EXPECT_EQ(events[4]["version"], 4);

  // A tombstoned key sent again is an insert.
  LH_ASSERT_OK(IngestCsv("people", IngestMode::kUpsert, "id", "id,name,city\n2,bob,Rome\n"));
  events = Events();
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[5]["type"], "insert");
  EXPECT_EQ(events[5]["key"], "2");
}

TEST_F(JournalIngestTest, UnkeyedCommitsJournalCounts) {
  LH_ASSERT_OK(IngestCsv("logs", IngestMode::kAppend, "", "a,b\n1,x\n2,y\n"));
  LH_ASSERT_OK(IngestCsv("logs", IngestMode::kReplace, "", "a,b\n3,z\n"));
  std::vector<Json> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["type"], "commit");
  EXPECT_TRUE(events[0]["key"].is_null());
  Json payload = Json::parse(events[0]["payload"].get<std::string>());
  EXPECT_EQ(payload["mode"], "append");
  EXPECT_EQ(payload["rows_added"], 2);
  EXPECT_EQ(payload["row_count"], 2);
  payload = Json::parse(events[1]["payload"].get<std::string>());
  EXPECT_EQ(payload["mode"], "replace");
  EXPECT_EQ(payload["rows_removed"], 2);
  EXPECT_EQ(payload["row_count"], 1);
}

TEST_F(JournalIngestTest, DisabledJournalRecordsNothingAndIngestStillWorks) {
  OpenJournal(false);
  LH_ASSERT_OK(IngestCsv("people", IngestMode::kUpsert, "id", "id,name\n1,ann\n"));
  LH_ASSERT_OK(IngestCsv("people", IngestMode::kUpsert, "id", "id,name\n1,anne\n"));
  EXPECT_TRUE(Events().empty());
  LH_ASSERT_OK_AND_ASSIGN(std::vector<std::string> rows, QueryRows("SELECT name FROM people"));
  EXPECT_EQ(rows, std::vector<std::string>{"anne"});
}

}  // namespace
}  // namespace lakehouse::testing
