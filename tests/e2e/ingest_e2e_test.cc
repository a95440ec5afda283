// End-to-end: file ingest over HTTP against the real binary — every supported format, content
// dedup, schema evolution, replace/upsert, tombstones, bad input leaving the dataset unchanged,
// a restart, the schema-diff endpoint and the CLI.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "sql/database.h"
#include "tests/e2e/ingest_e2e_fixture.h"
#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"
#include "tests/support/test_pdf.h"

namespace lakehouse {
namespace {

using testing::BuildPdf;

// Five rows (id BIGINT, email VARCHAR) for the Parquet ingest case.
constexpr const char* kUsersSelect =
    "SELECT range AS id, 'user' || range || '@example.com' AS email FROM range(5)";

TEST_F(IngestE2E, EveryFormatIsIngestedAndCounted) {
  struct Case {
    std::string dataset, file, content;
    int64_t rows;
  };
  std::vector<Case> cases = {
      {"csv_people", "people.csv",
       "id,name,email\n1,Ann,ann@example.com\n2,Bob,bob@example.com\n"
       "3,Cy,cy@example.com\n",
       3},
      {"tsv_people", "people.tsv", "id\tname\n1\tAnn\n2\tBob\n", 2},
      {"json_orders", "orders.json",
       R"([{"id":1,"customer":{"name":"Ann","city":"Oslo"}},{"id":2,"customer":{"name":"Bob","city":"Rome"}}])",
       2},
      {"ndjson_events", "events.ndjson",
       "{\"a\":{\"b\":1},\"kind\":\"x\"}\n{\"a\":{\"b\":2},\"kind\":\"y\"}\n"
       "{\"a\":{\"b\":3},\"kind\":\"z\"}\n",
       3},
      {"parquet_users", "users.parquet",
       testing::WriteParquet(scratch_.Join("users.parquet"), kUsersSelect), 5},
      {"pdf_report", "report.pdf", BuildPdf({"Page one", "Page two"}), 2},
      {"text_notes", "notes.txt", "just some notes\nover two lines\n", 1},
      {"sms_chat", "chat.sms",
       "2024-03-01 09:00:00\tAnn\tHello there\n2024-03-01 09:01:00 | Bob | Hi Ann\n", 2},
  };
  for (const Case& tc : cases) {
    SCOPED_TRACE(tc.file);
    Json result = IngestOk({{tc.file, tc.content}}, {{"dataset", tc.dataset}});
    EXPECT_EQ(result["dataset"], tc.dataset);
    EXPECT_EQ(result["committed"], true);
    EXPECT_EQ(result["rows_added"], tc.rows);
    ASSERT_EQ(result["files"].size(), 1u);
    EXPECT_EQ(result["files"][0]["name"], tc.file);
    EXPECT_EQ(result["files"][0]["rows"], tc.rows);
    EXPECT_EQ(result["files"][0]["duplicate"], false);
    EXPECT_EQ(result["version"], 2) << "version 1 creates the dataset, version 2 holds the data";
    Json dataset = Dataset(tc.dataset);
    EXPECT_EQ(dataset["row_count"], tc.rows);
    EXPECT_EQ(Count(tc.dataset), tc.rows);
    EXPECT_EQ(dataset["lineage"]["source_system"], "file");
    EXPECT_EQ(dataset["lineage"]["source_uri"], tc.file);
    // An upload runs in its request, not as a job: no job to point at (it used to name a
    // random id that /jobs answered 404 for).
    EXPECT_TRUE(dataset["lineage"]["ingest_job_id"].is_null()) << dataset["lineage"];
  }
  // Nested JSON records become dotted columns.
  EXPECT_FALSE(Column(Dataset("ndjson_events"), "a.b").is_null());
  EXPECT_FALSE(Column(Dataset("json_orders"), "customer.city").is_null());
  EXPECT_EQ(Column(Dataset("csv_people"), "email")["pii"]["kind"], "email");
  // PII detection runs over sampled values, not only column names.
  std::string reach = "id,reach\n";
  for (int i = 0; i < 20; ++i)
    reach += std::to_string(i) + ",user" + std::to_string(i) + "@example.com\n";
  IngestOk({{"who.csv", reach}}, {{"dataset", "who"}});
  EXPECT_EQ(Column(Dataset("who"), "reach")["pii"]["kind"], "email") << Dataset("who").dump();

  // Per-file CSV options override the sniffer: ';' and no header row.
  Json semi = IngestOk({{"plain.csv", "1;Ann\n2;Bob\n3;Cy\n"}},
                       {{"dataset", "semi"}, {"delimiter", ";"}, {"header", "false"}});
  EXPECT_EQ(semi["rows_added"], 3) << "the first line is data, not a header";
  EXPECT_EQ(Dataset("semi")["columns"].size(), 2u);

  // Restart on the same data directory: every dataset reads back with the same rows.
  std::map<std::string, Json> before;
  for (const Case& tc : cases) before[tc.dataset] = AllRows(tc.dataset);
  before["semi"] = AllRows("semi");
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  for (const auto& [name, rows] : before) {
    EXPECT_FALSE(rows.empty()) << name;
    EXPECT_EQ(AllRows(name), rows) << name;
  }
}

TEST_F(IngestE2E, SeveralFilesFormOneCommitAndDuplicatesAreSkipped) {
  const std::string a = "id,v\n1,10\n2,20\n";
  const std::string b = "id,v\n3,30\n";
  Json first = IngestOk({{"a.csv", a}, {"b.csv", b}}, {{"dataset", "multi"}});
  EXPECT_EQ(first["rows_added"], 3);
  EXPECT_EQ(first["version"], 2);
  EXPECT_EQ(Versions("multi").size(), 2u);

  Json again = IngestOk({{"a-copy.csv", a}}, {{"dataset", "multi"}});
  EXPECT_EQ(again["committed"], false);
  EXPECT_EQ(again["version"], 2);
  EXPECT_EQ(again["files"][0]["duplicate"], true);
  EXPECT_EQ(Versions("multi").size(), 2u) << "all duplicates → no new version";

  const std::string c3 = "id,v\n4,40\n";
  Json mixed = IngestOk({{"b.csv", b}, {"c.csv", c3}, {"c2.csv", c3}}, {{"dataset", "multi"}});
  EXPECT_EQ(mixed["committed"], true);
  EXPECT_EQ(mixed["files"][0]["duplicate"], true);
  EXPECT_EQ(mixed["files"][1]["duplicate"], false);
  EXPECT_EQ(mixed["files"][2]["duplicate"], true) << "the same content twice in one call";
  EXPECT_EQ(mixed["rows_added"], 1);
  EXPECT_EQ(Dataset("multi")["row_count"], 4);
  EXPECT_EQ(Count("multi"), 4);

  // Dedup survives a restart, as do rows and versions.
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  Json dataset = Dataset("multi");
  EXPECT_EQ(dataset["row_count"], 4);
  EXPECT_EQ(dataset["current_version"], 3);
  EXPECT_EQ(Versions("multi").size(), 3u);
  Json after = IngestOk({{"a.csv", a}}, {{"dataset", "multi"}});
  EXPECT_EQ(after["files"][0]["duplicate"], true);
  EXPECT_EQ(Dataset("multi")["current_version"], 3);
}

TEST_F(IngestE2E, SchemaEvolution) {
  IngestOk({{"v1.csv", "id,amount,customer_name\n1,10,Ann\n"}}, {{"dataset", "sales"}});
  EXPECT_EQ(Column(Dataset("sales"), "amount")["type"], "BIGINT");

  // Adding a column changes the dataset's shape: 409 with the diff unless the client allows it.
  auto refused =
      Ingest({{"v2.csv", "id,amount,customer_name,region\n2,20,Bob,EU\n"}}, {{"dataset", "sales"}});
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 409) << refused->body;
  EXPECT_EQ(Body(refused)["schema_diff"]["added"][0]["name"], "region") << refused->body;
  EXPECT_EQ(Dataset("sales")["current_version"], 2);
  Json added = IngestOk({{"v2.csv", "id,amount,customer_name,region\n2,20,Bob,EU\n"}},
                        {{"dataset", "sales"}, {"allow_schema_change", "true"}});
  ASSERT_EQ(added["schema_diff"]["added"].size(), 1u);
  EXPECT_EQ(added["schema_diff"]["added"][0]["name"], "region");
  EXPECT_FALSE(Column(Dataset("sales"), "region").is_null());

  Json widened = IngestOk({{"v3.csv", "id,amount,customer_name,region\n3,1.5,Cy,US\n"}},
                          {{"dataset", "sales"}});
  ASSERT_EQ(widened["schema_diff"]["type_changed"].size(), 1u);
  EXPECT_EQ(widened["schema_diff"]["type_changed"][0]["widening"], true);
  EXPECT_EQ(Column(Dataset("sales"), "amount")["type"], "DOUBLE");
  // The diff is in the version log.
  Json last = Versions("sales").back();
  EXPECT_TRUE(last["detail"].contains("schema_diff")) << last.dump();

  EXPECT_EQ(
      Ingest({{"v4.csv", "id,amount,cust_name,region\n4,2.5,Di,EU\n"}}, {{"dataset", "sales"}})
          ->status,
      409)
      << "a rename is a schema change";
  Json renamed = IngestOk({{"v4.csv", "id,amount,cust_name,region\n4,2.5,Di,EU\n"}},
                          {{"dataset", "sales"}, {"allow_schema_change", "true"}});
  ASSERT_EQ(renamed["schema_diff"]["renamed"].size(), 1u) << renamed.dump();
  EXPECT_EQ(renamed["schema_diff"]["renamed"][0]["from"], "customer_name");
  EXPECT_EQ(renamed["schema_diff"]["renamed"][0]["to"], "cust_name");

  Json before = Dataset("sales");
  const std::string incompatible = "id,amount\n5,2024-01-01\n";
  auto conflict = Ingest({{"v5.csv", incompatible}}, {{"dataset", "sales"}});
  ASSERT_TRUE(conflict.ok());
  EXPECT_EQ(conflict->status, 409) << conflict->body;
  Json body = Body(conflict);
  EXPECT_EQ(body["error"]["code"], "CONFLICT");
  EXPECT_EQ(body["schema_diff"]["compatible"], false);
  EXPECT_EQ(body["schema_diff"]["type_changed"][0]["name"], "amount");
  Json unchanged = Dataset("sales");
  EXPECT_EQ(unchanged["current_version"], before["current_version"]);
  EXPECT_EQ(unchanged["row_count"], before["row_count"]);
  EXPECT_EQ(Column(unchanged, "amount")["type"], "DOUBLE");

  Json forced =
      IngestOk({{"v5.csv", incompatible}}, {{"dataset", "sales"}, {"allow_schema_change", "true"}});
  EXPECT_EQ(forced["committed"], true);
  EXPECT_EQ(Column(Dataset("sales"), "amount")["type"], "VARCHAR");
  EXPECT_EQ(Dataset("sales")["row_count"], 5);
  EXPECT_EQ(Count("sales"), 5);
}

TEST_F(IngestE2E, AddedAndRemovedColumnsReadAsNullAndFreshnessMoves) {
  IngestOk({{"a.csv", "id,name,note\n1,Ann,first\n"}}, {{"dataset", "evolve"}});
  const Json first = Dataset("evolve");
  ASSERT_TRUE(first["last_ingest_at"].is_string()) << first.dump();

  Json removed = IngestOk({{"b.csv", "id,name\n2,Bob\n"}},
                          {{"dataset", "evolve"}, {"allow_schema_change", "true"}});
  ASSERT_EQ(removed["schema_diff"]["removed"].size(), 1u) << removed.dump();
  EXPECT_EQ(removed["schema_diff"]["removed"][0]["name"], "note");
  EXPECT_TRUE(Versions("evolve").back()["detail"].contains("schema_diff"));
  EXPECT_FALSE(Column(Dataset("evolve"), "note").is_null()) << "a removed column stays readable";

  Json added = IngestOk({{"c.csv", "id,name,city\n3,Cy,Oslo\n"}},
                        {{"dataset", "evolve"}, {"allow_schema_change", "true"}});
  ASSERT_EQ(added["schema_diff"]["added"].size(), 1u) << added.dump();
  EXPECT_EQ(added["schema_diff"]["added"][0]["name"], "city");
  EXPECT_EQ(added["schema_diff"]["renamed"].size(), 0u) << "note and city share no name part";

  auto rows =
      c().PostJson("/query/sql", {{"sql", "SELECT id, name, note, city FROM evolve ORDER BY id"}});
  ASSERT_EQ(rows->status, 200) << rows->body;
  EXPECT_EQ(Body(rows)["rows"], Json::parse(R"([[1, "Ann", "first", null],
                                                 [2, "Bob", null, null],
                                                 [3, "Cy", null, "Oslo"]])"))
      << "added columns are NULL for older rows, removed ones for newer rows";
  const Json last = Dataset("evolve");
  EXPECT_EQ(last["row_count"], 3);
  EXPECT_GT(last["last_ingest_at"].get<std::string>(), first["last_ingest_at"].get<std::string>())
      << "freshness moves with every ingest";
}

TEST_F(IngestE2E, ReplaceAndUpsert) {
  IngestOk({{"a.csv", "id,v\n1,a\n2,b\n"}}, {{"dataset", "things"}});
  IngestOk({{"b.csv", "id,v\n3,c\n"}}, {{"dataset", "things"}});
  EXPECT_EQ(Dataset("things")["row_count"], 3);
  Json replaced =
      IngestOk({{"c.csv", "id,v\n9,z\n"}}, {{"dataset", "things"}, {"mode", "replace"}});
  EXPECT_EQ(replaced["rows_added"], 1);
  EXPECT_EQ(Dataset("things")["row_count"], 1);
  EXPECT_EQ(Count("things"), 1);
  Json last = Versions("things").back();
  EXPECT_EQ(last["operation"], "replace");
  EXPECT_EQ(last["rows_removed"], 3);

  auto no_key = Ingest({{"u.csv", "id,v\n1,a\n"}}, {{"dataset", "keyed"}, {"mode", "upsert"}});
  EXPECT_EQ(no_key->status, 400) << no_key->body;
  EXPECT_NE(no_key->body.find("key"), std::string::npos);
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/keyed")->status, 404);

  IngestOk({{"u1.csv", "id,v\n1,a\n2,b\n"}},
           {{"dataset", "keyed"}, {"mode", "upsert"}, {"key", "id"}});
  EXPECT_EQ(Dataset("keyed")["primary_key"], Json::array({"id"}));
  IngestOk({{"u2.csv", "id,v\n2,B\n3,c\n"}},
           {{"dataset", "keyed"}, {"mode", "upsert"}, {"key", "id"}});
  EXPECT_EQ(Versions("keyed").back()["operation"], "upsert");
  EXPECT_EQ(Count("keyed"), 3) << "key 2 was upserted: latest wins";

  auto wrong_key =
      Ingest({{"u3.csv", "id,v\n4,d\n"}}, {{"dataset", "keyed"}, {"mode", "upsert"}, {"key", "v"}});
  EXPECT_EQ(wrong_key->status, 400) << wrong_key->body;
  auto missing_key =
      Ingest({{"u4.csv", "x,v\n4,d\n"}}, {{"dataset", "other"}, {"mode", "upsert"}, {"key", "id"}});
  EXPECT_EQ(missing_key->status, 400) << missing_key->body;
  // Upsert into a dataset that has no key.
  auto keyless = Ingest({{"u5.csv", "id,v\n7,q\n"}},
                        {{"dataset", "things"}, {"mode", "upsert"}, {"key", "id"}});
  EXPECT_EQ(keyless->status, 412) << keyless->body;

  // Replaced and upserted datasets read back the same after a restart.
  const Json things = AllRows("things");
  const Json keyed = AllRows("keyed");
  EXPECT_EQ(keyed, Json::parse(R"([[1, "a"], [2, "B"], [3, "c"]])"));
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  EXPECT_EQ(AllRows("things"), things);
  EXPECT_EQ(AllRows("keyed"), keyed);
}

TEST_F(IngestE2E, BadInputIsRefusedAndTheDatasetUnchanged) {
  IngestOk({{"good.csv", "id,v\n1,a\n"}}, {{"dataset", "stable"}});
  Json before = Dataset("stable");

  auto bad = Ingest({{"more.csv", "id,v\n2,b\n"}, {"broken.json", "{\"id\": 1, \"v\": "}},
                    {{"dataset", "stable"}});
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->status, 400) << bad->body;
  EXPECT_NE(bad->body.find("broken.json"), std::string::npos) << bad->body;
  Json after = Dataset("stable");
  EXPECT_EQ(after["current_version"], before["current_version"]);
  EXPECT_EQ(after["row_count"], before["row_count"]);

  std::string wide;
  for (int i = 0; i < 100'000; ++i) wide += (i ? ",c" : "c") + std::to_string(i);
  const std::vector<std::pair<std::string, std::string>> bad_files = {
      {"fake.pdf", "hello"},     {"truncated.csv", "id,v\n2,\"never closed"},
      {"empty.csv", ""},         {"latin1.csv", "id,v\n2,caf\xe9\n"},
      {"wide.csv", wide + "\n"},
  };
  for (const auto& [name, content] : bad_files) {
    auto refused = Ingest({{name, content}}, {{"dataset", "stable"}});
    ASSERT_TRUE(refused.ok()) << name;
    EXPECT_EQ(refused->status, 400) << name << ": " << refused->body;
    EXPECT_NE(refused->body.find(name), std::string::npos) << refused->body;
    EXPECT_EQ(Body(refused)["error"]["code"], "INVALID_ARGUMENT") << refused->body;
  }

  auto bad_mode = Ingest({{"x.csv", "id\n1\n"}}, {{"dataset", "stable"}, {"mode", "merge"}});
  EXPECT_EQ(bad_mode->status, 400);
  auto unknown_field = Ingest({{"x.csv", "id\n1\n"}}, {{"dataset", "stable"}, {"colour", "red"}});
  EXPECT_EQ(unknown_field->status, 400);
  auto no_files = Ingest({}, {{"dataset", "stable"}});
  EXPECT_EQ(no_files->status, 400);
  auto long_field = Ingest({{"x.csv", "id\n1\n"}}, {{"dataset", std::string(5000, 'd')}});
  EXPECT_EQ(long_field->status, 400);
  EXPECT_NE(long_field->body.find("longer than 4096 bytes"), std::string::npos) << long_field->body;

  auto bucket =
      Ingest({{"x.csv", "id\n1\n"}}, {{"dataset", "stable"}}, {{"X-Lakehouse-Bucket", "nowhere"}});
  EXPECT_EQ(bucket->status, 404) << bucket->body;
  EXPECT_NE(bucket->body.find("primary"), std::string::npos) << bucket->body;
  EXPECT_EQ(Dataset("stable")["current_version"], before["current_version"]);
  // No staged or uncommitted objects were left behind.
  auto listed = Body(c().Get("/storage/buckets/primary/objects?prefix=datasets/"));
  EXPECT_EQ(listed["objects"].size(), 1u) << listed.dump();
}

TEST_F(IngestE2E, BucketHeaderPutsTheDataInThatBucketAndItStaysQueryable) {
  // Adding a bucket at runtime needs an API key, and its root must lie under the allowed roots.
  server_.reset();
  testing::ServerProcessOptions options;
  options.api_key = "ingest-test-key";
  auto keyed = ServerProcess::Start(options);
  ASSERT_TRUE(keyed.ok()) << keyed.status().ToString();
  server_ = std::move(*keyed);
  const std::string root = server_->data_dir() + "/buckets/extra-bucket";
  auto created = c().PostJson("/storage/buckets", {{"name", "extra"}, {"root", root}});
  ASSERT_EQ(created->status, 201) << created->body;
  auto r = Ingest({{"far.csv", "id,v\n1,a\n2,b\n"}}, {{"dataset", "far"}},
                  {{"X-Lakehouse-Bucket", "extra"}});
  ASSERT_EQ(r->status, 200) << r->body;
  Json dataset = Dataset("far");
  EXPECT_EQ(dataset["bucket"], "extra");
  const std::string prefix = root + "/datasets/" + dataset["id"].get<std::string>();
  ASSERT_TRUE(std::filesystem::is_directory(prefix)) << prefix;
  EXPECT_FALSE(std::filesystem::is_empty(prefix));
  EXPECT_EQ(Count("far"), 2) << "a bucket added at runtime is readable by the query sandbox";
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  EXPECT_EQ(Count("far"), 2);
}

TEST_F(IngestE2E, SchemaDiffOfAStoredObject) {
  IngestOk({{"a.csv", "id,amount\n1,10\n"}}, {{"dataset", "ledger"}});
  auto put = c().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/incoming/next.csv",
                      "id,amount,note\n2,1.5,x\n", "text/csv");
  ASSERT_EQ(put->status, 201) << put->body;
  auto diff = c().Get(
      "/catalog/datasets/by-name/ledger/schema-diff?against=incoming/next.csv&bucket=primary");
  ASSERT_EQ(diff->status, 200) << diff->body;
  Json body = Body(diff);
  EXPECT_EQ(body["schema_diff"]["added"][0]["name"], "note");
  EXPECT_EQ(body["schema_diff"]["type_changed"][0]["to"], "DOUBLE");
  EXPECT_EQ(Dataset("ledger")["current_version"], 2) << "a diff ingests nothing";
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/ledger/schema-diff?against=missing.csv")->status,
            404);
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/ledger/schema-diff")->status, 400);
}

TEST_F(IngestE2E, TombstonesAreCountedListedAndSurviveRestart) {
  IngestOk({{"people.csv", "id,name\n1,Ann\n2,Bob\n3,Cy\n"}},
           {{"dataset", "people"}, {"mode", "upsert"}, {"key", "id"}});
  const std::string path = "/catalog/datasets/by-name/people/tombstone";
  auto ok = c().Send(HttpMethod::kPost, path,
                     R"({"row_key_column":"id","row_key_values":[1,"2"],"actor":"dpo",
                         "reason":"erasure request"})");
  ASSERT_EQ(ok->status, 200) << ok->body;
  Json body = Body(ok);
  EXPECT_EQ(body["rows_tombstoned"], 2);
  EXPECT_EQ(body["failures"], Json::array());
  EXPECT_EQ(body["version"], 3);
  EXPECT_EQ(Count("people"), 1);
  Json last = Versions("people").back();
  EXPECT_EQ(last["operation"], "delete");
  ASSERT_EQ(last["files_added"].size(), 1u);
  EXPECT_EQ(last["files_added"][0]["kind"], "delete");

  // Already tombstoned and unknown keys match nothing: 207, and nothing is written for them.
  auto partial = c().Send(HttpMethod::kPost, path,
                          R"({"row_key_column":"id","row_key_values":["1","3","99"]})");
  ASSERT_EQ(partial->status, 207) << partial->body;
  Json p = Body(partial);
  EXPECT_EQ(p["rows_tombstoned"], 1);
  EXPECT_EQ(p["failures"], Json::array({"1", "99"}));

  auto none =
      c().Send(HttpMethod::kPost, path, R"({"row_key_column":"id","row_key_values":["42"]})");
  EXPECT_EQ(none->status, 207) << none->body;
  EXPECT_EQ(Dataset("people")["current_version"], 4) << "nothing matched → no version";

  // An upsert brings key 1 back; it can be tombstoned again.
  IngestOk({{"again.csv", "id,name\n1,Ann again\n"}},
           {{"dataset", "people"}, {"mode", "upsert"}, {"key", "id"}});
  EXPECT_EQ(Count("people"), 1) << "key 1 is back, key 3 is gone";
  auto again =
      c().Send(HttpMethod::kPost, path, R"({"row_key_column":"id","row_key_values":["1"]})");
  EXPECT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(Count("people"), 0);

  EXPECT_EQ(c().Send(HttpMethod::kPost, path, R"({"row_key_column":"name","row_key_values":["x"]})")
                ->status,
            400)
      << "the key column of a keyed dataset is its primary key";
  EXPECT_EQ(
      c().Send(HttpMethod::kPost, path, R"({"row_key_column":"id","row_key_values":[]})")->status,
      400);
  EXPECT_EQ(c().Send(HttpMethod::kPost, "/catalog/datasets/by-name/nope/tombstone",
                     R"({"row_key_column":"id","row_key_values":["1"]})")
                ->status,
            404);

  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  Json list = Body(c().Get(path));
  ASSERT_EQ(list["tombstones"].size(), 4u) << list.dump();
  EXPECT_EQ(list["tombstones"][0]["value"], "1");
  EXPECT_EQ(list["tombstones"][0]["actor"], "dpo");
  EXPECT_EQ(list["tombstones"][0]["reason"], "erasure request");
  EXPECT_EQ(list["tombstones"][0]["version"], 3);
  EXPECT_TRUE(list["tombstones"][0]["created_at"].is_string());
  EXPECT_EQ(list["tombstones"][3]["version"], 6);
  EXPECT_EQ(Count("people"), 0) << "tombstones survive the restart";

  // Without a primary key there is nothing to match tombstones against.
  IngestOk({{"log.csv", "user,event\nann,login\nbob,login\n"}}, {{"dataset", "log"}});
  auto keyless = c().Send(HttpMethod::kPost, "/catalog/datasets/by-name/log/tombstone",
                          R"({"row_key_column":"user","row_key_values":["ann"]})");
  EXPECT_EQ(keyless->status, 412) << keyless->body;
}

TEST_F(IngestE2E, CliIngestsADirectoryAsOneCommit) {
  const std::string dir = scratch_.Join("drop");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/a.csv") << "id,email\n1,ann@example.com\n2,bob@example.com\n";
  std::ofstream(dir + "/b.csv") << "id,email\n3,cy@example.com\n";
  std::ofstream(dir + "/.hidden") << "ignored";
  auto [code, out] =
      RunCli("ingest " + dir + " --dataset contacts --key id --server " + server_->base_url());
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("a.csv"), std::string::npos) << out;
  EXPECT_NE(out.find("version 2"), std::string::npos) << out;
  Json dataset = Dataset("contacts");
  EXPECT_EQ(dataset["row_count"], 3);
  EXPECT_EQ(dataset["primary_key"], Json::array({"id"}));
  EXPECT_EQ(Versions("contacts").size(), 2u) << "two files, one commit";

  // A larger file with --progress (stderr is a pipe here): the bar is drawn up to 100%.
  std::string big = "id,email\n";
  for (int i = 10; i < 200'000; ++i)
    big += std::to_string(i) + ",user" + std::to_string(i) + "@x.org\n";
  std::ofstream(scratch_.Join("big.csv")) << big;
  auto [progress, progress_out] =
      RunCli("ingest " + scratch_.Join("big.csv") + " --dataset contacts --progress --server " +
             server_->base_url());
  EXPECT_EQ(progress, 0) << progress_out;
  EXPECT_NE(progress_out.find("] 100% "), std::string::npos) << progress_out.substr(0, 400);
  EXPECT_NE(progress_out.find("MiB"), std::string::npos);
  EXPECT_EQ(Dataset("contacts")["row_count"], 3 + 199'990);

  auto [again, again_out] =
      RunCli("ingest " + dir + "/a.csv --dataset contacts --json --server " + server_->base_url());
  EXPECT_EQ(again, 0) << again_out;
  EXPECT_NE(again_out.find("\"duplicate\": true"), std::string::npos) << again_out;

  std::ofstream(dir + "/c.csv") << "id,email\n4,2024-01-01\n";
  std::ofstream(scratch_.Join("dates.csv")) << "id,email\nx,2024-01-01\n";
  auto [conflict, conflict_out] = RunCli("ingest " + scratch_.Join("dates.csv") +
                                         " --dataset contacts --server " + server_->base_url());
  EXPECT_EQ(conflict, 1) << conflict_out;
  EXPECT_NE(conflict_out.find("schema diff"), std::string::npos) << conflict_out;

  auto [usage, usage_out] = RunCli("ingest " + scratch_.Join("missing") +
                                   " --dataset contacts --server " + server_->base_url());
  EXPECT_EQ(usage, 2) << usage_out;
}

TEST_F(IngestE2E, ConcurrentIngestsIntoOneDatasetAllLand) {
  // Two writers race to create the dataset and to commit; the loser re-reads and retries once.
  // Two more race with the same content: exactly one of them commits it.
  auto run = [&](const std::string& name, const std::string& content, Json* out) {
    std::unique_ptr<HttpClient> client = server_->NewClient();
    std::vector<MultipartItem> items = {{"dataset", "race", "", "", ""},
                                        {"file", content, name, "", ""}};
    auto r = client->PostMultipart("/ingest/file", items);
    *out = r.ok() ? Json{{"status", r->status}, {"body", r->body}} : Json();
  };
  Json a, b;
  std::thread ta(run, "a.csv", "id,v\n1,a\n", &a);
  std::thread tb(run, "b.csv", "id,v\n2,b\n3,c\n", &b);
  ta.join();
  tb.join();
  EXPECT_EQ(a["status"], 200) << a.dump();
  EXPECT_EQ(b["status"], 200) << b.dump();
  EXPECT_EQ(Dataset("race")["row_count"], 3);

  Json c1, c2;
  std::thread t1(run, "same1.csv", "id,v\n7,x\n", &c1);
  std::thread t2(run, "same2.csv", "id,v\n7,x\n", &c2);
  t1.join();
  t2.join();
  ASSERT_EQ(c1["status"], 200) << c1.dump();
  ASSERT_EQ(c2["status"], 200) << c2.dump();
  EXPECT_EQ(Dataset("race")["row_count"], 4) << "the same content lands once";
  Json r1 = Json::parse(c1["body"].get<std::string>());
  Json r2 = Json::parse(c2["body"].get<std::string>());
  EXPECT_NE(r1["committed"], r2["committed"]) << r1.dump() << r2.dump();
}

}  // namespace
}  // namespace lakehouse
