// End-to-end: PostgreSQL ingest against a real PostgreSQL server (tests/support/postgres_server)
// and the real binary — full pull with every mapped type and NULLs read back through /query/sql,
// pull by query, incremental pulls after inserts and updates, the async job with progress, clear
// errors for a bad DSN / wrong password / missing table, no password anywhere, and a server killed
// mid-pull committing nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/e2e_util.h"
#include "tests/support/postgres_server.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::PostgresServer;

class PgIngestE2E : public testing::ServerTest {
 protected:
  static void SetUpTestSuite() {
    auto pg = PostgresServer::Start();
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    pg_ = std::move(*pg).release();
  }
  static void TearDownTestSuite() {
    delete pg_;
    pg_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(pg_, nullptr);
    ServerTest::SetUp();
  }

  Result<ClientResponse> Pull(Json body, bool wait = true) {
    if (!body.contains("dsn")) body["dsn"] = pg_->Dsn();
    return c().PostJson(wait ? "/ingest/db?wait=true" : "/ingest/db", body);
  }
  Json PullOk(Json body) {
    auto r = Pull(std::move(body));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return Json();
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r);
  }
  Json Rows(const std::string& sql) {
    auto r = c().PostJson("/query/sql", {{"sql", sql}});
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r)["rows"];
  }
  void ExpectNoPassword(const std::string& text) {
    EXPECT_EQ(text.find(pg_->password()), std::string::npos) << text;
  }

  static PostgresServer* pg_;
};

PostgresServer* PgIngestE2E::pg_ = nullptr;

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
  )").ok());
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
  Json result = PullOk({{"query", "SELECT id, amount FROM sales WHERE id <= 100;"},
                        {"dataset", "small_sales"}});
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
  Json body = {{"table", "events"}, {"mode", "upsert"}, {"key", "id"},
               {"incremental_column", "updated_at"}};
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
  Json append = PullOk({{"table", "events"}, {"dataset", "events_log"},
                        {"incremental_column", "id"}});
  EXPECT_EQ(append["rows_read"], 52);
  ASSERT_TRUE(pg_->Execute("INSERT INTO events VALUES (53, 'x', now())").ok());
  append = PullOk({{"table", "events"}, {"dataset", "events_log"}, {"incremental_column", "id"}});
  EXPECT_EQ(append["rows_read"], 1);
  EXPECT_EQ(Rows("SELECT count(*) FROM events_log")[0][0], 53);
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

TEST_F(PgIngestE2E, ClearErrorsWithoutThePassword) {
  struct Case {
    Json body;
    int status;
    const char* message_part;
  } cases[] = {
      {{{"dsn", "mysql://u:pw-Secr3t!@h/db"}, {"table", "t"}}, 400, "unsupported scheme"},
      {{{"dsn", "host=127.0.0.1 port=abc password=pw-Secr3t!"}, {"table", "t"}}, 400, "port"},
      {{{"table", "t"}, {"query", "SELECT 1"}}, 400, "exactly one of"},
      {{{"dsn", "postgresql://" + pg_->user() + ":wrong-pw@127.0.0.1:" +
                    std::to_string(pg_->port()) + "/postgres"},
        {"table", "sales"}},
       400, "rejected the credentials"},
      {{{"table", "no_such_table"}}, 404, "no_such_table"},
      {{{"query", "SELECT nope FROM sales"}, {"dataset", "x"}}, 400, "nope"},
      {{{"dsn", "postgresql://" + pg_->user() + ":pw-Secr3t!@127.0.0.1:1/postgres"},
        {"table", "t"}},
       502, "cannot connect"},
  };
  for (Case& c : cases) {
    SCOPED_TRACE(c.body.dump());
    auto r = Pull(c.body);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, c.status) << r->body;
    EXPECT_NE(r->body.find(c.message_part), std::string::npos) << r->body;
    ExpectNoPassword(r->body);
    EXPECT_EQ(r->body.find("wrong-pw"), std::string::npos) << r->body;
  }
  ExpectNoPassword(server_->Log());
}

TEST_F(PgIngestE2E, ServerKilledMidPullCommitsNothing) {
  auto own = PostgresServer::Start();
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  std::unique_ptr<PostgresServer> doomed = std::move(*own);
  // 200,000 rows stream out, then the query waits: the pull is mid-stream when the server dies.
  Json body = {{"dsn", doomed->Dsn()},
               {"dataset", "doomed"},
               {"batch_size", 10000},
               {"query",
                "SELECT g, CASE WHEN g = 200000 THEN (SELECT 1 FROM pg_sleep(60)) ELSE 0 END AS s "
                "FROM generate_series(1, 300000) g"}};
  auto r = c().PostJson("/ingest/db", body);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 202) << r->body;
  std::string id = Body(r)["job_id"];
  Json job;
  for (int i = 0; i < 400; ++i) {
    job = Body(c().Get("/jobs/" + id));
    if (job["progress"]["done"].is_number() && job["progress"]["done"].get<int64_t>() >= 190000) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GE(job["progress"]["done"].get<int64_t>(), 190000) << job;
  doomed->Kill();
  for (int i = 0; i < 200; ++i) {
    job = Body(c().Get("/jobs/" + id));
    if (job["state"] == "failed" || job["state"] == "succeeded") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(job["state"], "failed") << job;
  EXPECT_NE(job["error"].get<std::string>().find("UPSTREAM_ERROR"), std::string::npos) << job;
  auto dataset = c().Get("/catalog/datasets/by-name/doomed");
  EXPECT_EQ(dataset->status, 404) << dataset->body;
}

}  // namespace
}  // namespace lakehouse
