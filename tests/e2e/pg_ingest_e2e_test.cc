// End-to-end: PostgreSQL ingest against a real PostgreSQL server (tests/support/postgres_server)
// and the real binary — full pull with every mapped type and NULLs read back through /query/sql,
// pull by query, incremental pulls after inserts and updates, the async job with progress, and an
// incremental pull marking a vector index stale so the next refresh embeds only the new rows.
// Failures (bad requests, credentials, permissions, a server killed mid-pull) are in
// pg_ingest_errors_e2e_test.cc.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/pg_ingest_fixture.h"

namespace lakehouse {
namespace {

using testing::Body;

class PgIngestE2E : public testing::PgIngestTest {};

TEST_F(PgIngestE2E, FullPullKeepsEveryMappedTypeAndNulls) {
  ASSERT_TRUE(pg_->Execute(R"(
    DROP TABLE IF EXISTS everything;
    CREATE TABLE everything (
      id integer PRIMARY KEY, s smallint, b bigint, n numeric(12,3), nf numeric, r real,
      d double precision, t text, vc varchar(10), ch char(4), ok boolean, dt date, tm time,
      ts timestamp, tz timestamptz, iv interval, u uuid, j json, jb jsonb, by bytea,
      ai integer[], at text[], an numeric[], ip inet);
    INSERT INTO everything VALUES
      (1, -32768, 9007199254740993, -123456789.125, 3.25, 1.5, -2.5e-300, 'héllo "x"', 'abc',
       'ab', true, '2024-02-29', '23:59:59.999999', '1999-12-31 23:59:59.5',
       '2024-01-01 12:00:00+02', '1 year 2 mons 3 days 04:05:06.7',
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"k": [1, 2]}', '{"b": 1, "a": null}',
       '\xdeadbeef', '{1,NULL,3}', '{"a b",NULL,"c''d"}', '{1.5,2}', '10.0.0.1/8'),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  )")
                  .ok());
  Json result = PullOk({{"table", "public.everything"}});
  EXPECT_EQ(result["dataset"], "everything");
  EXPECT_EQ(result["rows_read"], 2);
  EXPECT_TRUE(result["committed"].get<bool>());
  ExpectNoPassword(DumpJson(result));

  Json dataset = Body(c().Get("/catalog/datasets/by-name/everything"));
  std::map<std::string, std::string> types;
  for (const Json& col : dataset["columns"]) types[col["name"]] = col["type"];
  EXPECT_EQ(types["s"], "SMALLINT");
  EXPECT_EQ(types["b"], "BIGINT");
  EXPECT_EQ(types["n"], "DECIMAL(12,3)");
  EXPECT_EQ(types["nf"], "DOUBLE");
  EXPECT_EQ(types["r"], "FLOAT");
  EXPECT_EQ(types["tz"], "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(types["iv"], "INTERVAL");
  EXPECT_EQ(types["u"], "UUID");
  EXPECT_EQ(types["by"], "BLOB");
  EXPECT_EQ(types["ai"], "INTEGER[]");
  EXPECT_EQ(types["at"], "VARCHAR[]");
  EXPECT_EQ(types["an"], "DOUBLE[]");
  EXPECT_EQ(types["ip"], "VARCHAR");
  EXPECT_EQ(dataset["lineage"]["source_system"], "postgres");
  ExpectNoPassword(DumpJson(dataset));
  // The lineage names the job that pulled the rows, and that job exists.
  ASSERT_TRUE(dataset["lineage"]["ingest_job_id"].is_string()) << dataset["lineage"];
  auto job = c().Get("/jobs/" + dataset["lineage"]["ingest_job_id"].get<std::string>());
  ASSERT_EQ(job->status, 200) << job->body;
  EXPECT_EQ(Body(job)["state"], "succeeded");

  Json rows = Rows(
      "SELECT s, b, n::VARCHAR, nf, r, d, t, vc, ch, ok, dt::VARCHAR, tm::VARCHAR, ts::VARCHAR, "
      "epoch_us(tz), iv::VARCHAR, u::VARCHAR, j, jb, hex(\"by\"), ai, \"at\", an, ip "
      "FROM everything ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  Json expected = Json::parse(R"([-32768, 9007199254740993, "-123456789.125", 3.25, 1.5, -2.5e-300,
      "héllo \"x\"", "abc", "ab  ", true, "2024-02-29", "23:59:59.999999",
      "1999-12-31 23:59:59.5", 1704103200000000, "1 year 2 months 3 days 04:05:06.7",
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"k\": [1, 2]}", "{\"a\": null, \"b\": 1}",
      "DEADBEEF", [1, null, 3], ["a b", null, "c'd"], [1.5, 2.0], "10.0.0.1/8"])");
  ASSERT_EQ(rows[0].size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(rows[0][i], expected[i]) << "column " << i;
  for (const Json& v : rows[1]) EXPECT_TRUE(v.is_null()) << rows[1];
}

TEST_F(PgIngestE2E, PullByQueryRecordsAHashAndNoPassword) {
  ASSERT_TRUE(pg_->Execute("DROP TABLE IF EXISTS sales; CREATE TABLE sales AS SELECT g AS id, "
                           "g * 10 AS amount FROM generate_series(1, 1000) g")
                  .ok());
  Json result = PullOk(
      {{"query", "SELECT id, amount FROM sales WHERE id <= 100;"}, {"dataset", "small_sales"}});
  EXPECT_EQ(result["rows_added"], 100);
  EXPECT_NE(result["source"].get<std::string>().find("query_sha256="), std::string::npos);
  EXPECT_EQ(Rows("SELECT sum(amount) FROM small_sales")[0][0], 50500);
  Json versions = Body(c().Get("/catalog/datasets/by-name/small_sales/versions"));
  Json detail = versions["versions"].back()["detail"];
  EXPECT_EQ(detail["source"]["database"], "postgres");
  EXPECT_TRUE(detail["source"].contains("query_sha256"));
  ExpectNoPassword(DumpJson(versions));
  ExpectNoPassword(DumpJson(Body(c().Get("/jobs"))));
  ExpectNoPassword(server_->Log());
}

TEST_F(PgIngestE2E, IncrementalPullsFetchOnlyNewerRows) {
  ASSERT_TRUE(pg_->Execute(R"(
    DROP TABLE IF EXISTS events;
    CREATE TABLE events (id int PRIMARY KEY, v text, updated_at timestamptz);
    INSERT INTO events SELECT g, 'v' || g, '2024-01-01'::timestamptz + g * interval '1 minute'
      FROM generate_series(1, 50) g;)")
                  .ok());
  Json body = {
      {"table", "events"}, {"mode", "upsert"}, {"key", "id"}, {"incremental_column", "updated_at"}};
  Json first = PullOk(body);
  EXPECT_EQ(first["rows_read"], 50);
  EXPECT_TRUE(first["incremental"]["previous_high_water_mark"].is_null());
  EXPECT_EQ(first["incremental"]["high_water_mark"], "2024-01-01 00:50:00+00");

  ASSERT_TRUE(pg_->Execute(R"(
    INSERT INTO events VALUES (51, 'new', '2024-02-01'), (52, 'newer', '2024-02-02');
    UPDATE events SET v = 'changed', updated_at = '2024-03-01' WHERE id = 7;)")
                  .ok());
  Json second = PullOk(body);
  EXPECT_EQ(second["rows_read"], 3);
  EXPECT_EQ(second["incremental"]["previous_high_water_mark"], "2024-01-01 00:50:00+00");
  EXPECT_EQ(Rows("SELECT count(*) FROM events")[0][0], 52);
  EXPECT_EQ(Rows("SELECT v FROM events WHERE id = 7")[0][0], "changed");

  Json third = PullOk(body);
  EXPECT_EQ(third["rows_read"], 0);
  EXPECT_FALSE(third["committed"].get<bool>());
  EXPECT_EQ(third["version"], second["version"]);

  // Append mode on a fresh dataset keeps its own mark.
  Json append =
      PullOk({{"table", "events"}, {"dataset", "events_log"}, {"incremental_column", "id"}});
  EXPECT_EQ(append["rows_read"], 52);
  ASSERT_TRUE(pg_->Execute("INSERT INTO events VALUES (53, 'x', now())").ok());
  append = PullOk({{"table", "events"}, {"dataset", "events_log"}, {"incremental_column", "id"}});
  EXPECT_EQ(append["rows_read"], 1);
  EXPECT_EQ(Rows("SELECT count(*) FROM events_log")[0][0], 53);
}

// Pulls share the file-ingest commit path: a widening is accepted; a new column or an
// incompatible change is a 409 with the diff (sync and async) unless allow_schema_change.
TEST_F(PgIngestE2E, SchemaEvolutionLikeFileIngest) {
  ASSERT_TRUE(pg_->Execute("DROP TABLE IF EXISTS evo; CREATE TABLE evo (id int, amount int); "
                           "INSERT INTO evo VALUES (1, 10)")
                  .ok());
  const Json pull = {{"table", "evo"}, {"incremental_column", "id"}};
  PullOk(pull);
  auto column_type = [&](const std::string& name) {
    Json dataset = Body(c().Get("/catalog/datasets/by-name/evo"));
    for (const Json& col : dataset["columns"]) {
      if (col["name"] == name) return col["type"].get<std::string>();
    }
    return std::string();
  };
  EXPECT_EQ(column_type("amount"), "INTEGER");

  ASSERT_TRUE(pg_->Execute("ALTER TABLE evo ADD COLUMN region text, ALTER COLUMN amount TYPE "
                           "bigint; INSERT INTO evo VALUES (2, 20000000000, 'EU')")
                  .ok());
  auto added = Pull(pull);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->status, 409) << added->body;
  EXPECT_EQ(Body(added)["schema_diff"]["added"][0]["name"], "region") << added->body;
  Json allowed = pull;
  allowed["allow_schema_change"] = true;
  Json evolved = PullOk(allowed);
  ASSERT_EQ(evolved["schema_diff"]["added"].size(), 1u) << evolved;
  EXPECT_EQ(evolved["schema_diff"]["added"][0]["name"], "region");
  EXPECT_EQ(evolved["schema_diff"]["type_changed"][0]["widening"], true) << evolved;
  EXPECT_EQ(column_type("amount"), "BIGINT");

  ASSERT_TRUE(pg_->Execute("ALTER TABLE evo ALTER COLUMN amount TYPE date USING DATE "
                           "'2024-01-01'; INSERT INTO evo VALUES (3, '2024-05-05', 'US')")
                  .ok());
  const int64_t version = Body(c().Get("/catalog/datasets/by-name/evo"))["current_version"];
  auto conflict = Pull(pull);
  ASSERT_TRUE(conflict.ok());
  EXPECT_EQ(conflict->status, 409) << conflict->body;
  Json body = Body(conflict);
  EXPECT_EQ(body["error"]["code"], "CONFLICT") << body;
  EXPECT_EQ(body["schema_diff"]["compatible"], false) << body;
  EXPECT_EQ(body["schema_diff"]["type_changed"][0]["name"], "amount") << body;
  auto async = Pull(pull, /*wait=*/false);
  ASSERT_EQ(async->status, 202) << async->body;
  Json job = WaitForJob(Body(async)["job_id"]);
  EXPECT_EQ(job["state"], "failed") << job;
  EXPECT_EQ(job["detail"]["schema_diff"]["type_changed"][0]["name"], "amount") << job;
  EXPECT_EQ(Body(c().Get("/catalog/datasets/by-name/evo"))["current_version"], version);

  Json forced = [&] {
    Json b = pull;
    b["allow_schema_change"] = true;
    return PullOk(b);
  }();
  EXPECT_EQ(forced["rows_read"], 1) << forced;  // the mark did not move on the refused pulls
  EXPECT_EQ(column_type("amount"), "VARCHAR");
  EXPECT_EQ(Rows("SELECT count(*) FROM evo")[0][0], 3);
}

TEST_F(PgIngestE2E, AsyncPullReportsRowsAsJobProgress) {
  ASSERT_TRUE(pg_->Execute("DROP TABLE IF EXISTS big; CREATE TABLE big AS SELECT g AS id "
                           "FROM generate_series(1, 250000) g")
                  .ok());
  auto r = Pull({{"table", "big"}, {"batch_size", 50000}}, /*wait=*/false);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 202) << r->body;
  std::string id = Body(r)["job_id"];
  Json job;
  for (int i = 0; i < 600; ++i) {
    job = Body(c().Get("/jobs/" + id));
    if (job["state"] == "succeeded" || job["state"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(job["state"], "succeeded") << job;
  EXPECT_EQ(job["progress"]["unit"], "rows");
  EXPECT_EQ(job["progress"]["done"], 250000);
  EXPECT_EQ(job["result"]["rows_added"], 250000);
}

// A PostgreSQL pull is a commit like a file ingest: it marks the dataset's vector indexes stale,
// and the next refresh embeds only the rows the incremental pull brought.
TEST_F(PgIngestE2E, IncrementalPullMarksVectorIndexesStaleAndRefreshEmbedsOnlyNewRows) {
  ASSERT_TRUE(pg_->Execute(R"(
    DROP TABLE IF EXISTS notes;
    CREATE TABLE notes (id int PRIMARY KEY, body text, updated_at timestamptz);
    INSERT INTO notes SELECT g, 'note number ' || g || ' about topic ' || (g % 4),
      '2024-01-01'::timestamptz + g * interval '1 hour' FROM generate_series(1, 20) g;)")
                  .ok());
  const Json pull = {
      {"table", "notes"}, {"mode", "upsert"}, {"key", "id"}, {"incremental_column", "updated_at"}};
  EXPECT_EQ(PullOk(pull)["rows_read"], 20);

  const Json index = {{"index_name", "notes_idx"}, {"id_column", "id"}, {"text_column", "body"}};
  auto built = c().PostJson("/vectors/refresh/notes?wait=true", index);
  ASSERT_EQ(built->status, 200) << built->body;
  EXPECT_EQ(Body(built)["docs_added"], 20) << built->body;
  Json stale = Body(c().Get("/vectors/stale"));
  EXPECT_TRUE(stale["stale"].empty()) << stale;

  ASSERT_TRUE(pg_->Execute(R"(
    INSERT INTO notes VALUES (21, 'a brand new note about lighthouses', '2024-06-01'),
      (22, 'another new note about harbours', '2024-06-02'),
      (23, 'a third new note about tides', '2024-06-03');)")
                  .ok());
  Json second = PullOk(pull);
  EXPECT_EQ(second["rows_read"], 3);
  EXPECT_TRUE(second["committed"].get<bool>());

  stale = Body(c().Get("/vectors/stale"));
  ASSERT_EQ(stale["stale"].size(), 1u) << stale;
  const Json& entry = stale["stale"][0];
  EXPECT_EQ(entry["index_name"], "notes_idx");
  EXPECT_EQ(entry["dataset"], "notes");
  EXPECT_EQ(entry["lag_versions"], 1);
  EXPECT_EQ(entry["dataset_version"], second["version"]);
  EXPECT_EQ(entry["pending_rows_estimate"], 3);

  auto refreshed = c().PostJson("/vectors/refresh/notes?wait=true", {{"index_name", "notes_idx"}});
  ASSERT_EQ(refreshed->status, 200) << refreshed->body;
  Json result = Body(refreshed);
  EXPECT_EQ(result["docs_added"], 3) << result;
  EXPECT_EQ(result["docs_updated"], 0) << result;
  EXPECT_EQ(result["docs_deleted"], 0) << result;
  EXPECT_EQ(result["chunks_embedded"], 3) << result;  // one chunk per short note
  EXPECT_FALSE(result["full_diff"].get<bool>()) << result;
  EXPECT_TRUE(Body(c().Get("/vectors/stale"))["stale"].empty());

  // An updated row (its mark raised) comes back through the next pull and is re-embedded alone.
  ASSERT_TRUE(pg_->Execute("UPDATE notes SET body = 'rewritten note about lighthouses', "
                           "updated_at = '2024-07-01' WHERE id = 5")
                  .ok());
  EXPECT_EQ(PullOk(pull)["rows_read"], 1);
  ASSERT_EQ(Body(c().Get("/vectors/stale"))["stale"].size(), 1u);
  result = Body(c().PostJson("/vectors/refresh/notes?wait=true", {{"index_name", "notes_idx"}}));
  EXPECT_EQ(result["docs_added"], 0) << result;
  EXPECT_EQ(result["docs_updated"], 1) << result;
  EXPECT_EQ(result["chunks_embedded"], 1) << result;

  Json found = Body(
      c().PostJson("/vectors/search",
                   {{"index", "notes_idx"}, {"query", "a third new note about tides"}, {"k", 1}}));
  ASSERT_EQ(found["results"].size(), 1u) << found;
  EXPECT_EQ(found["results"][0]["doc_id"], "23") << found;

  // The pull reaches the vector service as a commit: an on_append index refreshes by itself.
  auto created = c().PostJson("/vectors/index?wait=true",
                              {{"index_name", "notes_auto"},
                               {"dataset", "notes"},
                               {"id_column", "id"},
                               {"text_column", "body"},
                               {"refresh_policy", {{"mode", "on_append"}, {"debounce_ms", 0}}}});
  ASSERT_EQ(created->status, 200) << created->body;
  ASSERT_TRUE(pg_->Execute("INSERT INTO notes VALUES (24, 'late note', '2024-08-01')").ok());
  Json last = PullOk(pull);
  ASSERT_EQ(last["rows_read"], 1);
  Json freshness;
  for (int i = 0; i < 300; ++i) {
    freshness = Body(c().Get("/vectors/indexes/notes_auto/freshness"));
    if (freshness["built_from_version"] == last["version"]) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(freshness["built_from_version"], last["version"]) << freshness;
  EXPECT_FALSE(freshness["stale"].get<bool>()) << freshness;
}

}  // namespace
}  // namespace lakehouse
