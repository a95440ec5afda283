// The event journal on the ingest path: a real IngestService and TombstoneService writing to a
// real Journal (segment files), read back line by line.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

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

  // Ingests `ndjson` (one JSON object per line) as one uploaded file, upserting on `key`; a key
  // repeated in the file keeps its last row.
  Result<IngestResult> UpsertNdjson(const std::string& dataset, const std::string& key,
                                    const std::string& ndjson) {
    const std::string path = dir_.Sub("upload-" + std::to_string(++uploads_) + ".ndjson");
    std::ofstream(path, std::ios::binary) << ndjson;
    IngestRequest request;
    request.dataset = dataset;
    request.mode = IngestMode::kUpsert;
    request.key = key;
    request.files = {IngestFile{path, "upload.ndjson", Sha256Hex(ndjson), nullptr}};
    request.format = InputFormat::kNdjson;
    request.on_duplicate_key = DuplicateKeyPolicy::kLast;
    return ingest_->Ingest(request);
  }

  // event["changes"] as {field: [old, new]}, the values parsed from their JSON text.
  static std::map<std::string, std::pair<Json, Json>> Changes(const Json& event) {
    std::map<std::string, std::pair<Json, Json>> out;
    for (const Json& c : event["changes"]) {
      out[c["field"].get<std::string>()] = {Json::parse(c["old"].get<std::string>()),
                                            Json::parse(c["new"].get<std::string>())};
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

// The per-column comparison on typed values: NULL to a value and back, floats, lists, flattened
// object fields, an unchanged row (no event) and a key sent twice in one file (the later row wins,
// as in the view).
TEST_F(JournalIngestTest, UpdatesListExactlyTheFieldsWhoseTypedValueChanged) {
  LH_ASSERT_OK(UpsertNdjson(
      "things", "id",
      R"({"id": 1, "note": null, "score": 1.5, "tags": ["a", "b"], "dims": {"w": 1, "h": 2}})"
      "\n"
      R"({"id": 2, "note": "keep", "score": 2.25, "tags": ["x"], "dims": {"w": 3, "h": 4}})"
      "\n"
      R"({"id": 3, "note": "same", "score": 0.1, "tags": [], "dims": {"w": 5, "h": 6}})"
      "\n"));
  std::vector<Json> events = Events();
  ASSERT_EQ(events.size(), 3u);
  // An insert lists the fields with a value: row 1's NULL note is not one.
  EXPECT_EQ(events[0]["type"], "insert");
  std::map<std::string, std::pair<Json, Json>> inserted = Changes(events[0]);
  EXPECT_EQ(inserted.count("note"), 0u) << events[0].dump();
  EXPECT_EQ(inserted["score"], std::make_pair(Json(nullptr), Json(1.5)));
  EXPECT_EQ(inserted["tags"].second, Json::parse(R"(["a","b"])"));
  EXPECT_EQ(inserted["dims.w"].second, Json(1));  // objects arrive flattened (json_converter)

  // Row 1: note NULL → "now", score 1.5 → 1.75, the list grows, the object is the same.
  // Row 2: note "keep" → NULL, score unchanged, an object field changes, the list is the same.
  // Row 3: sent again unchanged, once with a changed score and then as it was (the later wins).
  LH_ASSERT_OK(UpsertNdjson(
      "things", "id",
      R"({"id": 1, "note": "now", "score": 1.75, "tags": ["a", "b", "c"], "dims": {"w": 1, "h": 2}})"
      "\n"
      R"({"id": 2, "note": null, "score": 2.25, "tags": ["x"], "dims": {"w": 3, "h": 40}})"
      "\n"
      R"({"id": 3, "note": "same", "score": 9.5, "tags": [], "dims": {"w": 5, "h": 6}})"
      "\n"
      R"({"id": 3, "note": "same", "score": 0.1, "tags": [], "dims": {"w": 5, "h": 6}})"
      "\n"));
  events = Events();
  ASSERT_EQ(events.size(), 5u) << events.back().dump();
  EXPECT_EQ(events[3]["type"], "update");
  EXPECT_EQ(events[3]["key"], "1");
  std::map<std::string, std::pair<Json, Json>> one = Changes(events[3]);
  ASSERT_EQ(one.size(), 3u) << events[3].dump();
  EXPECT_EQ(one["note"], std::make_pair(Json(nullptr), Json("now")));
  EXPECT_EQ(one["score"], std::make_pair(Json(1.5), Json(1.75)));
  EXPECT_EQ(one["tags"],
            std::make_pair(Json::parse(R"(["a","b"])"), Json::parse(R"(["a","b","c"])")));
  EXPECT_EQ(events[4]["type"], "update");
  EXPECT_EQ(events[4]["key"], "2");
  std::map<std::string, std::pair<Json, Json>> two = Changes(events[4]);
  ASSERT_EQ(two.size(), 2u) << events[4].dump();
  EXPECT_EQ(two["note"], std::make_pair(Json("keep"), Json(nullptr)));
  EXPECT_EQ(two["dims.h"], std::make_pair(Json(4), Json(40)));
  // The raw text of a NULL is "null".
  for (const Json& c : events[4]["changes"]) {
    if (c["field"] == "note") {
      EXPECT_EQ(c["new"], "null");
    }
  }

  // Sent unchanged: nothing at all (a commit with no entity change journals no event).
  LH_ASSERT_OK(UpsertNdjson(
      "things", "id",
      R"({"id": 2, "note": null, "score": 2.25, "tags": ["x"], "dims": {"w": 3, "h": 40}})"
      "\n"
      R"({"id": 3, "note": "same", "score": 0.1, "tags": [], "dims": {"w": 5, "h": 6}})"
      "\n"));
  EXPECT_EQ(Events().size(), 5u);
}

// With the journal on, the live rows after a keyed commit come from its comparison (those before
// plus the inserts it found): the counts must be those of the view.
TEST_F(JournalIngestTest, LiveRowCountsFollowTheComparison) {
  LH_ASSERT_OK_AND_ASSIGN(IngestResult first, IngestCsv("people", IngestMode::kUpsert, "id",
                                                        "id,name\n1,ann\n2,bob\n3,cy\n"));
  EXPECT_EQ(first.row_count, 3);
  EXPECT_EQ(first.rows_inserted, 3);
  LH_ASSERT_OK(Tombstone("people", "id", {"2"}));
  // 1 changed, 3 unchanged, 2 back after its tombstone, 4 new.
  LH_ASSERT_OK_AND_ASSIGN(IngestResult next, IngestCsv("people", IngestMode::kUpsert, "id",
                                                       "id,name\n1,anne\n3,cy\n2,bob\n4,di\n"));
  EXPECT_EQ(next.row_count, 4);
  EXPECT_EQ(next.rows_inserted, 2);
  EXPECT_EQ(next.rows_updated, 2);
  LH_ASSERT_OK_AND_ASSIGN(std::vector<std::string> rows, QueryRows("SELECT count(*) FROM people"));
  EXPECT_EQ(rows, std::vector<std::string>{"4"});
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
