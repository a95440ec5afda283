// End-to-end: how PostgreSQL ingest fails, against a real PostgreSQL and the real binary — every
// bad request is a 4xx with the one JSON error shape and a message naming the problem; bad or
// missing credentials, missing databases and tables, privileges the user lacks and unreachable
// servers are told apart; the password appears in no response and no log line; a DSN without a
// password takes it from the server's postgres.password_file; the CLI `ingest-db` reports
// success and failure; a server killed mid-pull commits nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/pg_ingest_fixture.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::RunCli;

class PgIngestErrorsE2E : public testing::PgIngestTest {
 protected:
  // Asserts the one error shape: {"error": {"code", "message", "request_id"}}.
  void ExpectError(const Result<ClientResponse>& r, int status, const std::string& code,
                   const std::string& message_part) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, status) << r->body;
    auto body = r->JsonBody();
    ASSERT_TRUE(body.ok()) << r->body;
    ASSERT_TRUE((*body)["error"].is_object()) << r->body;
    EXPECT_EQ((*body)["error"]["code"], code) << r->body;
    EXPECT_NE((*body)["error"]["message"].get<std::string>().find(message_part), std::string::npos)
        << r->body;
    EXPECT_TRUE((*body)["error"]["request_id"].is_string()) << r->body;
    ExpectNoPassword(r->body);
  }
};

TEST_F(PgIngestErrorsE2E, BadRequestsGetClear400s) {
  ASSERT_TRUE(pg_->Execute("DROP TABLE IF EXISTS items; CREATE TABLE items (id int, name text); "
                           "INSERT INTO items VALUES (1, 'a')")
                  .ok());
  const std::string dsn = pg_->Dsn();
  struct Case {
    std::string body;  // raw, so malformed JSON can be sent too
    const char* message_part;
  } cases[] = {
      {"", "JSON"},
      {"{not json", "JSON"},
      {"[1, 2]", "JSON object"},
      {Json{{"table", "items"}}.dump(), "missing required field 'dsn'"},
      {Json{{"dsn", 42}, {"table", "items"}}.dump(), "dsn"},
      {Json{{"dsn", dsn}}.dump(), "exactly one of 'table' and 'query'"},
      {Json{{"dsn", dsn}, {"table", ""}}.dump(), "exactly one of 'table' and 'query'"},
      {Json{{"dsn", dsn}, {"table", "items"}, {"tabel", "x"}}.dump(), "unknown field 'tabel'"},
      {Json{{"dsn", dsn}, {"table", "items"}, {"mode", "merge"}}.dump(), "merge"},
      {Json{{"dsn", dsn}, {"table", "items"}, {"mode", "upsert"}}.dump(), "requires a key"},
      {Json{{"dsn", dsn}, {"table", "items"}, {"batch_size", 0}}.dump(), "batch_size"},
      {Json{{"dsn", dsn}, {"table", "items"}, {"batch_size", "many"}}.dump(), "batch_size"},
      {Json{{"dsn", dsn}, {"table", "items"}, {"allow_schema_change", "yes"}}.dump(),
       "allow_schema_change"},
      {Json{{"dsn", dsn}, {"table", "items"}, {"mode", "replace"}, {"incremental_column", "id"}}
           .dump(),
       "cannot be incremental"},
      {Json{{"dsn", dsn}, {"query", "SELECT 1"}}.dump(), "'dataset' is required"},
      {Json{{"dsn", dsn}, {"table", "items"}, {"dataset", "bad-name"}}.dump(), "field 'dataset'"},
      {Json{{"dsn", dsn}, {"table", "pg_catalog.pg_class"}}.dump(), "name the dataset"},
      {Json{{"dsn", dsn}, {"table", "a.b.c"}}.dump(), "invalid table name"},
      {Json{{"dsn", dsn}, {"table", "items"}, {"incremental_column", "updated_at"}}.dump(),
       "incremental column 'updated_at'"},
      {Json{{"dsn", dsn}, {"table", "items"}, {"mode", "upsert"}, {"key", "sku"}}.dump(),
       "key column 'sku'"},
      {Json{{"dsn", dsn}, {"query", " ; "}, {"dataset", "x"}}.dump(), "'query' is empty"},
      {Json{{"dsn", dsn}, {"query", "SELECT nope FROM items"}, {"dataset", "x"}}.dump(), "nope"},
      {Json{{"dsn", dsn}, {"query", "DELETE FROM items RETURNING id"}, {"dataset", "x"}}.dump(),
       "syntax error"},
      {Json{{"dsn", "mongodb://u:pw-Secr3t!@h/db"}, {"table", "items"}}.dump(),
       "unsupported scheme"},  // mysql:// is a source now (mysql_ingest_e2e_test)
      {Json{{"dsn", "host=127.0.0.1 port=abc password=pw-Secr3t!"}, {"table", "items"}}.dump(),
       "port 'abc'"},
      {Json{{"dsn", "host=127.0.0.1 password='pw-Secr3t!"}, {"table", "items"}}.dump(),
       "unterminated"},
      {Json{{"dsn", "postgresql://u:pw-Secr3t!@127.0.0.1/db?sslmode=sometimes"}, {"table", "items"}}
           .dump(),
       "sslmode"},
  };
  for (const Case& tc : cases) {
    SCOPED_TRACE(tc.body);
    ExpectError(c().Send(HttpMethod::kPost, "/ingest/db?wait=true", tc.body), 400,
                "INVALID_ARGUMENT", tc.message_part);
  }
  // None of them wrote anything, and the source table is unchanged.
  EXPECT_EQ(Body(c().Get("/catalog/datasets"))["datasets"].size(), 0u);
  EXPECT_EQ(pg_->QueryValue("SELECT count(*) FROM items").value_or(""), "1");
}

TEST_F(PgIngestErrorsE2E, CredentialsDatabasesTablesAndPrivilegesAreToldApart) {
  ASSERT_TRUE(pg_->Execute(R"(
    DROP TABLE IF EXISTS payroll; DROP TABLE IF EXISTS lobby;
    DROP ROLE IF EXISTS reader; CREATE ROLE reader LOGIN PASSWORD 'reader-Pw9';
    CREATE TABLE payroll (id int, salary numeric); INSERT INTO payroll VALUES (1, 10);
    CREATE TABLE lobby (id int); INSERT INTO lobby VALUES (1), (2);
    GRANT SELECT ON lobby TO reader;)")
                  .ok());
  const std::string host = "@127.0.0.1:" + std::to_string(pg_->port());
  const std::string reader = "postgresql://reader:reader-Pw9" + host;
  struct Case {
    Json body;
    int status;
    const char* code;
    const char* message_part;
  } cases[] = {
      {{{"dsn", "postgresql://" + pg_->user() + ":wrong-pw" + host + "/postgres"},
        {"table", "lobby"}},
       400,
       "INVALID_ARGUMENT",
       "rejected the credentials"},
      {{{"dsn", NoPasswordDsn("reader")}, {"table", "lobby"}},
       400,
       "INVALID_ARGUMENT",
       "rejected the credentials"},  // not in the password file
      {{{"dsn", reader + "/no_such_db"}, {"table", "lobby"}}, 404, "NOT_FOUND", "no_such_db"},
      {{{"table", "no_such_table"}}, 404, "NOT_FOUND", "no_such_table"},
      {{{"table", "nosuchschema.t"}}, 404, "NOT_FOUND", "nosuchschema"},
      {{{"dsn", reader + "/postgres"}, {"table", "payroll"}}, 403, "PERMISSION_DENIED", "payroll"},
      {{{"dsn", reader + "/postgres"}, {"query", "SELECT * FROM payroll"}, {"dataset", "p"}},
       403,
       "PERMISSION_DENIED",
       "payroll"},
      {{{"dsn", "postgresql://" + pg_->user() + ":pw-Secr3t!@127.0.0.1:1/postgres"},
        {"table", "t"}},
       502,
       "UPSTREAM_ERROR",
       "cannot connect"},
  };
  for (const Case& tc : cases) {
    SCOPED_TRACE(tc.body.dump());
    auto r = Pull(tc.body);
    ExpectError(r, tc.status, tc.code, tc.message_part);
    EXPECT_EQ(r->body.find("wrong-pw"), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("reader-Pw9"), std::string::npos) << r->body;
  }
  // The reader may pull what it was granted.
  EXPECT_EQ(PullOk({{"dsn", reader + "/postgres"}, {"table", "lobby"}})["rows_read"], 2);
  EXPECT_EQ(Body(c().Get("/catalog/datasets"))["datasets"].size(), 1u);
  ExpectNoPassword(server_->Log());
  EXPECT_EQ(server_->Log().find("reader-Pw9"), std::string::npos);
  EXPECT_EQ(server_->Log().find("wrong-pw"), std::string::npos);
}

// DSNs without a password: the server's postgres.password_file supplies it over TCP, and a unix
// socket DSN (trust) needs none. Both run as jobs whose params keep the exact connection options,
// so async pulls reconnect correctly (a socket directory does not survive the redacted URL).
TEST_F(PgIngestErrorsE2E, DsnsWithoutAPasswordConnect) {
  ASSERT_TRUE(pg_->Execute("DROP TABLE IF EXISTS vault; CREATE TABLE vault AS SELECT g AS id "
                           "FROM generate_series(1, 7) g")
                  .ok());
  EXPECT_EQ(PullOk({{"dsn", NoPasswordDsn()}, {"table", "vault"}})["rows_read"], 7);
  EXPECT_EQ(PullOk({{"dsn", pg_->SocketDsn()},
                    {"table", "vault"},
                    {"dataset", "vault_socket"}})["rows_read"],
            7);
  for (const std::string& dsn : {NoPasswordDsn(), pg_->SocketDsn()}) {
    SCOPED_TRACE(dsn);
    auto r = Pull({{"dsn", dsn}, {"table", "vault"}, {"dataset", "vault_async"}}, false);
    ASSERT_EQ(r->status, 202) << r->body;
    Json job = WaitForJob(Body(r)["job_id"]);
    EXPECT_EQ(job["state"], "succeeded") << job;
    EXPECT_FALSE(job["params"].contains("secret_ref")) << job;
    ExpectNoPassword(DumpJson(job));
  }
  EXPECT_EQ(Rows("SELECT count(*) FROM vault_async")[0][0], 14);
  // With a password the job keeps only a reference to it; the params show the redacted DSN.
  auto r = Pull({{"table", "vault"}, {"dataset", "vault_pw"}}, false);
  ASSERT_EQ(r->status, 202) << r->body;
  Json job = WaitForJob(Body(r)["job_id"]);
  EXPECT_EQ(job["state"], "succeeded") << job;
  EXPECT_TRUE(job["params"]["secret_ref"].is_string()) << job;
  EXPECT_FALSE(job["params"].contains("conninfo")) << job;
  EXPECT_EQ(job["params"]["dsn"], "postgresql://" + pg_->user() +
                                      "@127.0.0.1:" + std::to_string(pg_->port()) + "/postgres")
      << job;
  ExpectNoPassword(DumpJson(Body(c().Get("/jobs"))));
  ExpectNoPassword(server_->Log());
}

TEST_F(PgIngestErrorsE2E, CliIngestDbReportsSuccessAndFailure) {
  ASSERT_TRUE(pg_->Execute("DROP TABLE IF EXISTS cli_src; CREATE TABLE cli_src AS SELECT g AS id, "
                           "'r' || g AS label FROM generate_series(1, 12) g")
                  .ok());
  const std::string server = " --server " + server_->base_url();
  auto [rc, out] =
      RunCli("ingest-db '" + pg_->Dsn() + "' --table cli_src --dataset from_cli" + server);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("dataset from_cli at version "), std::string::npos) << out;
  EXPECT_NE(out.find(": +12 rows from postgresql://" + pg_->user() + "@127.0.0.1:"),
            std::string::npos)
      << out;
  ExpectNoPassword(out);
  EXPECT_EQ(Rows("SELECT count(*) FROM from_cli")[0][0], 12);

  auto [inc_rc, inc_out] = RunCli("ingest-db '" + NoPasswordDsn() +
                                  "' --table cli_src --dataset cli_inc --incremental-column id "
                                  "--json" +
                                  server);
  EXPECT_EQ(inc_rc, 0) << inc_out;
  auto parsed = ParseJson(inc_out);
  ASSERT_TRUE(parsed.ok()) << inc_out;
  EXPECT_EQ((*parsed)["incremental"]["high_water_mark"], "12") << inc_out;

  auto [missing_rc, missing_out] =
      RunCli("ingest-db '" + pg_->Dsn() + "' --table no_such_cli_table" + server);
  EXPECT_EQ(missing_rc, 1) << missing_out;
  EXPECT_NE(missing_out.find("no_such_cli_table"), std::string::npos) << missing_out;
  ExpectNoPassword(missing_out);

  auto [usage_rc, usage_out] =
      RunCli("ingest-db '" + pg_->Dsn() + "' --table a --query 'SELECT 1'" + server);
  EXPECT_EQ(usage_rc, 2) << usage_out;
  EXPECT_NE(usage_out.find("exactly one of --table and --query"), std::string::npos) << usage_out;
}

TEST_F(PgIngestErrorsE2E, ServerKilledMidPullCommitsNothing) {
  auto own = testing::PostgresServer::Start();
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  std::unique_ptr<testing::PostgresServer> doomed = std::move(*own);
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
