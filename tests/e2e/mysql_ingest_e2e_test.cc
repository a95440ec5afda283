// End-to-end: MySQL / MariaDB ingest against a real MariaDB 10.11 (tests/support/mariadb_server)
// and the real binary — every mapped type with its edge values and NULLs read back through
// /query/sql, zero dates counted, full and incremental pulls (including a BIGINT UNSIGNED mark a
// DOUBLE comparison would lose), DSNs without a password, wrong credentials and unreachable hosts
// as clear errors with the password nowhere, a pull cancelled midway, the CLI, a mariadb:// DSN
// with each commit mode, and a scheduled incremental pull.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <sstream>
#include <thread>

#include "tests/support/mysql_ingest_fixture.h"
#include "tests/support/otlp_receiver.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::RunCli;

class MysqlIngestE2E : public testing::MysqlIngestTest {};

TEST_F(MysqlIngestE2E, EveryTypeArrivesExactlyWithEdgeValuesNullsAndZeroDates) {
  ASSERT_TRUE(my_->Execute(R"(
    SET SESSION sql_mode = ''; SET time_zone = '+00:00';
    DROP TABLE IF EXISTS everything;
    CREATE TABLE everything (
      id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, su SMALLINT UNSIGNED,
      mi MEDIUMINT, mu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED,
      d38 DECIMAL(38,10), d60 DECIMAL(60,20), f FLOAT, dbl DOUBLE, b1 BIT(1), b12 BIT(12),
      b64 BIT(64), y YEAR, dt DATE, dtm DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL,
      tm TIME(6), vc VARCHAR(20), tx TEXT, en ENUM('small','large'), st SET('x','y','z'),
      js JSON, bl BLOB, bn BINARY(4), vb VARBINARY(10)) DEFAULT CHARSET utf8mb4;
    INSERT INTO everything VALUES
      (1, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,
       9223372036854775807, 18446744073709551615,
       -9999999999999999999999999999.9999999999,
       -1234567890123456789012345678901234567890.12345678901234567890,
       16777217, 1.7976931348623157e308, b'1', b'101010101010', 0xFFFFFFFFFFFFFFFF,
       2155, '9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999',
       '838:59:59.000000', 'héllo 😀', 'line1\nline ''2''', 'large', 'x,z',
       '{"a": [1, "😀"]}', x'00FF10', x'DEADBEEF', x'0001'),
      (2, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
       0.0000000001, 0, -1.5, 5e-324, b'0', b'0', 0, 1901, '1000-01-01',
       '1000-01-01 00:00:00', '1970-01-01 00:00:01', '00:00:00.5', '', '', 'small', '', '[]',
       x'', x'00000000', x''),
      (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL),
      (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, 0, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);)")
                  .ok());
  Json result = PullOk({{"table", "everything"}});
  EXPECT_EQ(result["rows_read"], 4);
  EXPECT_EQ(result["zero_dates_as_null"], 4) << result;  // YEAR 0000, DATE, DATETIME, TIMESTAMP
  ASSERT_EQ(result["type_notes"].size(), 1u) << result;
  EXPECT_NE(result["type_notes"][0].get<std::string>().find("'d60' is DECIMAL(60,20)"),
            std::string::npos)
      << result;
  EXPECT_EQ(result["source"],
            "mysql://lakehouse@127.0.0.1:" + std::to_string(my_->port()) + "/lh?table=everything");
  ExpectNoPassword(DumpJson(result));

  Json dataset = Body(c().Get("/catalog/datasets/by-name/everything"));
  std::map<std::string, std::string> types;
  for (const Json& col : dataset["columns"]) types[col["name"]] = col["type"];
  const std::map<std::string, std::string> expected_types = {{"ti", "TINYINT"},
                                                             {"tu", "UTINYINT"},
                                                             {"si", "SMALLINT"},
                                                             {"su", "USMALLINT"},
                                                             {"mi", "INTEGER"},
                                                             {"mu", "UINTEGER"},
                                                             {"i", "INTEGER"},
                                                             {"iu", "UINTEGER"},
                                                             {"bi", "BIGINT"},
                                                             {"bu", "UBIGINT"},
                                                             {"d38", "DECIMAL(38,10)"},
                                                             {"d60", "VARCHAR"},
                                                             {"f", "FLOAT"},
                                                             {"dbl", "DOUBLE"},
                                                             {"b1", "BOOLEAN"},
                                                             {"b12", "UBIGINT"},
                                                             {"b64", "UBIGINT"},
                                                             {"y", "SMALLINT"},
                                                             {"dt", "DATE"},
                                                             {"dtm", "TIMESTAMP"},
                                                             {"ts", "TIMESTAMP WITH TIME ZONE"},
                                                             {"tm", "INTERVAL"},
                                                             {"vc", "VARCHAR"},
                                                             {"tx", "VARCHAR"},
                                                             {"en", "VARCHAR"},
                                                             {"st", "VARCHAR"},
                                                             {"js", "VARCHAR"},
                                                             {"bl", "BLOB"},
                                                             {"bn", "BLOB"},
                                                             {"vb", "BLOB"}};
  for (const auto& [name, type] : expected_types) EXPECT_EQ(types[name], type) << name;
  EXPECT_EQ(dataset["lineage"]["source_system"], "mysql");
  ExpectNoPassword(DumpJson(dataset));

  Json rows = Rows(
      "SELECT ti, tu, si, su, mi, mu, i, iu, bi, bu::VARCHAR, d38::VARCHAR, d60, f, dbl, b1, b12, "
      "b64::VARCHAR, y, dt::VARCHAR, dtm::VARCHAR, epoch_us(ts), tm::VARCHAR, vc, tx, en, st, js, "
      "hex(bl), hex(bn), hex(vb) FROM everything ORDER BY id");
  ASSERT_EQ(rows.size(), 4u);
  Json expected = Json::parse(R"([
    [127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807,
     "18446744073709551615", "-9999999999999999999999999999.9999999999",
     "-1234567890123456789012345678901234567890.12345678901234567890", 16777216.0,
     1.7976931348623157e308, true, 2730, "18446744073709551615", 2155, "9999-12-31",
     "9999-12-31 23:59:59.999999", 2147483647999999, "838:59:59", "héllo 😀",
     "line1\nline '2'", "large", "x,z", "{\"a\": [1, \"😀\"]}", "00FF10", "DEADBEEF", "0001"],
    [-128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, "0",
     "0.0000000001", "0.00000000000000000000", -1.5, 5e-324, false, 0, "0", 1901,
     "1000-01-01", "1000-01-01 00:00:00", 1000000, "00:00:00.5", "", "", "small", "", "[]",
     "", "00000000", ""]])");
  for (size_t r = 0; r < expected.size(); ++r) {
    ASSERT_EQ(rows[r].size(), expected[r].size());
    for (size_t i = 0; i < expected[r].size(); ++i) {
      EXPECT_EQ(rows[r][i], expected[r][i]) << "row " << r << " column " << i;
    }
  }
  for (const Json& v : rows[2]) EXPECT_TRUE(v.is_null()) << rows[2];
  for (const Json& v : rows[3]) EXPECT_TRUE(v.is_null()) << rows[3];  // zero dates → NULL

  // A negative TIME has no Parquet interval: refused with the way out, nothing committed.
  ExpectError(Pull({{"query", "SELECT CAST('-01:00:00' AS TIME) AS t"}, {"dataset", "neg"}}), 400,
              "INVALID_ARGUMENT", "TIME_TO_SEC(t)");
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/neg")->status, 404);
}

TEST_F(MysqlIngestE2E, IncrementalPullsFetchOnlyNewerRowsAndKeepUnsignedMarksExact) {
  ASSERT_TRUE(my_->Execute(R"(
    DROP TABLE IF EXISTS events;
    CREATE TABLE events (id BIGINT UNSIGNED PRIMARY KEY, v VARCHAR(20), updated_at DATETIME(6));
    INSERT INTO events SELECT seq, CONCAT('v', seq), '2024-01-01' + INTERVAL seq MINUTE
      FROM seq_1_to_50;)")
                  .ok());
  Json body = {
      {"table", "events"}, {"mode", "upsert"}, {"key", "id"}, {"incremental_column", "updated_at"}};
  Json first = PullOk(body);
  EXPECT_EQ(first["rows_read"], 50);
  EXPECT_TRUE(first["incremental"]["previous_high_water_mark"].is_null());
  EXPECT_EQ(first["incremental"]["high_water_mark"], "2024-01-01 00:50:00.000000");

  ASSERT_TRUE(my_->Execute(R"(
    INSERT INTO events VALUES (51, 'new', '2024-02-01'), (52, 'newer', '2024-02-02');
    UPDATE events SET v = 'changed', updated_at = '2024-03-01' WHERE id = 7;)")
                  .ok());
  Json second = PullOk(body);
  EXPECT_EQ(second["rows_read"], 3);
  EXPECT_EQ(second["incremental"]["previous_high_water_mark"], "2024-01-01 00:50:00.000000");
  EXPECT_EQ(Rows("SELECT count(*) FROM events")[0][0], 52);
  EXPECT_EQ(Rows("SELECT v FROM events WHERE id = 7")[0][0], "changed");

  Json third = PullOk(body);
  EXPECT_EQ(third["rows_read"], 0);
  EXPECT_FALSE(third["committed"].get<bool>());
  EXPECT_EQ(third["version"], second["version"]);

  // A BIGINT UNSIGNED mark next to 2^64-1: compared as a DOUBLE both ends would be equal.
  ASSERT_TRUE(my_->Execute("INSERT INTO events VALUES (18446744073709551614, 'big', NULL)").ok());
  Json by_id = {{"table", "events"}, {"dataset", "events_by_id"}, {"incremental_column", "id"}};
  EXPECT_EQ(PullOk(by_id)["incremental"]["high_water_mark"], "18446744073709551614");
  ASSERT_TRUE(my_->Execute("INSERT INTO events VALUES (18446744073709551615, 'max', NULL)").ok());
  Json next = PullOk(by_id);
  EXPECT_EQ(next["rows_read"], 1) << next;
  EXPECT_EQ(next["incremental"]["high_water_mark"], "18446744073709551615");
  EXPECT_EQ(Rows("SELECT count(*), max(id)::VARCHAR FROM events_by_id")[0],
            Json::parse(R"([54, "18446744073709551615"])"));
  EXPECT_EQ(PullOk(by_id)["rows_read"], 0);

  // A column without an order is refused up front.
  ASSERT_TRUE(my_->Execute("DROP TABLE IF EXISTS blobs; CREATE TABLE blobs (b BLOB)").ok());
  ExpectError(Pull({{"table", "blobs"}, {"incremental_column", "b"}}), 400, "INVALID_ARGUMENT",
              "no usable order");
}

// A mariadb:// DSN is the same driver and the same pull; each commit mode works on a MySQL
// source as on a PostgreSQL one: append adds the rows again, replace swaps them, upsert by key.
TEST_F(MysqlIngestE2E, MariadbSchemeWithAppendReplaceAndUpsert) {
  ASSERT_TRUE(my_->Execute(R"(
    DROP TABLE IF EXISTS modes;
    CREATE TABLE modes (id INT PRIMARY KEY, v VARCHAR(10));
    INSERT INTO modes VALUES (1, 'a'), (2, 'b'), (3, 'c');)")
                  .ok());
  std::string dsn = my_->Dsn();
  ASSERT_EQ(dsn.rfind("mysql://", 0), 0u) << dsn;
  dsn = "mariadb://" + dsn.substr(std::string("mysql://").size());
  Json first = PullOk({{"dsn", dsn}, {"table", "modes"}});
  EXPECT_EQ(first["rows_read"], 3);
  EXPECT_EQ(first["source"].get<std::string>().rfind("mariadb://lakehouse@127.0.0.1:", 0), 0u)
      << first;
  ExpectNoPassword(DumpJson(first));
  EXPECT_EQ(PullOk({{"dsn", dsn}, {"table", "modes"}, {"mode", "append"}})["rows_read"], 3);
  EXPECT_EQ(Rows("SELECT count(*), count(DISTINCT id) FROM modes")[0], Json::parse("[6, 3]"));

  EXPECT_EQ(PullOk({{"dsn", dsn}, {"table", "modes"}, {"mode", "replace"}})["rows_read"], 3);
  EXPECT_EQ(Rows("SELECT count(*) FROM modes")[0][0], 3);

  // Upsert by key (a key is set on a dataset's first ingest).
  Json keyed = {{"dsn", dsn},
                {"table", "modes"},
                {"dataset", "modes_keyed"},
                {"mode", "upsert"},
                {"key", "id"}};
  EXPECT_EQ(PullOk(keyed)["rows_read"], 3);
  ASSERT_TRUE(my_->Execute("UPDATE modes SET v = 'B' WHERE id = 2; "
                           "INSERT INTO modes VALUES (4, 'd')")
                  .ok());
  EXPECT_EQ(PullOk(keyed)["rows_read"], 4);
  EXPECT_EQ(Rows("SELECT count(*), string_agg(v, ',' ORDER BY id) FROM modes_keyed")[0],
            Json::parse(R"([4, "a,B,c,d"])"));
}

// Scheduled ingest from MySQL (issue 24: "a database pull (PostgreSQL or MySQL, incremental)"): a
// db_pull schedule on a mysql:// DSN (its password from the password file) pulls only the rows
// above its mark on each run, and shows its runs.
TEST_F(MysqlIngestE2E, AScheduledPullFromMysqlIsIncremental) {
  ASSERT_TRUE(my_->Execute(R"(
    DROP TABLE IF EXISTS sched_items;
    CREATE TABLE sched_items (id BIGINT UNSIGNED PRIMARY KEY, item VARCHAR(20));
    INSERT INTO sched_items VALUES (1, 'hinge'), (2, 'bracket');)")
                  .ok());
  auto created = c().PostJson("/schedules", {{"name", "items_pull"},
                                             {"kind", "db_pull"},
                                             {"db_pull",
                                              {{"dsn", my_->NoPasswordDsn()},
                                               {"table", "sched_items"},
                                               {"mode", "append"},
                                               {"incremental_column", "id"}}},
                                             {"interval_s", 3600}});
  ASSERT_EQ(created->status, 201) << created->body;
  auto first = c().PostJson("/schedules/items_pull/run-now?wait=true", Json::object());
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(Body(first)["rows_read"], 2);
  ASSERT_TRUE(my_->Execute("INSERT INTO sched_items VALUES (3, 'shelf')").ok());
  auto second = c().PostJson("/schedules/items_pull/run-now?wait=true", Json::object());
  ASSERT_EQ(second->status, 200) << second->body;
  EXPECT_EQ(Body(second)["rows_read"], 1);
  EXPECT_EQ(Rows("SELECT id, item FROM sched_items ORDER BY id"),
            Json::parse(R"([[1,"hinge"],[2,"bracket"],[3,"shelf"]])"));
  Json shown = Body(c().Get("/schedules/items_pull"));
  ASSERT_EQ(shown["last_runs"].size(), 2u) << shown;
  EXPECT_EQ(shown["last_runs"][0]["state"], "succeeded");
  ExpectNoPassword(DumpJson(shown));
}

TEST_F(MysqlIngestE2E, PasswordsComeFromTheDsnOrThePasswordFileAndAreShownNowhere) {
  ASSERT_TRUE(
      my_->Execute("DROP TABLE IF EXISTS vault; CREATE TABLE vault AS SELECT seq AS id FROM "
                   "seq_1_to_7")
          .ok());
  // No password in the DSN: mysql.password_file supplies it; the job stores the exact DSN.
  EXPECT_EQ(PullOk({{"dsn", my_->NoPasswordDsn()}, {"table", "vault"}})["rows_read"], 7);
  auto async = Pull({{"dsn", my_->NoPasswordDsn()}, {"table", "vault"}, {"dataset", "v2"}}, false);
  ASSERT_EQ(async->status, 202) << async->body;
  Json job = WaitForJob(Body(async)["job_id"]);
  EXPECT_EQ(job["state"], "succeeded") << job;
  EXPECT_FALSE(job["params"].contains("secret_ref")) << job;
  // With a password the job keeps only a reference to it.
  async = Pull({{"table", "vault"}, {"dataset", "v3"}}, false);
  ASSERT_EQ(async->status, 202) << async->body;
  job = WaitForJob(Body(async)["job_id"]);
  EXPECT_EQ(job["state"], "succeeded") << job;
  EXPECT_TRUE(job["params"]["secret_ref"].is_string()) << job;
  EXPECT_EQ(job["params"]["dsn"], my_->NoPasswordDsn()) << job;

  // A wrong password: 400 naming the user, synchronously and as a failed job.
  const std::string wrong =
      "mysql://" + my_->user() + ":wrong-pw@127.0.0.1:" + std::to_string(my_->port()) + "/lh";
  auto r = Pull({{"dsn", wrong}, {"table", "vault"}});
  ExpectError(r, 400, "INVALID_ARGUMENT", "rejected the credentials of user 'lakehouse'");
  EXPECT_EQ(r->body.find("wrong-pw"), std::string::npos) << r->body;
  async = Pull({{"dsn", wrong}, {"table", "vault"}, {"dataset", "v4"}}, false);
  ASSERT_EQ(async->status, 202) << async->body;
  job = WaitForJob(Body(async)["job_id"]);
  EXPECT_EQ(job["state"], "failed") << job;
  EXPECT_NE(job["error"].get<std::string>().find("rejected the credentials"), std::string::npos)
      << job;
  EXPECT_EQ(DumpJson(job).find("wrong-pw"), std::string::npos) << job;
  // An unknown user without a password-file entry is the same 400.
  ExpectError(Pull({{"dsn", "mysql://nobody@127.0.0.1:" + std::to_string(my_->port()) + "/lh"},
                    {"table", "vault"}}),
              400, "INVALID_ARGUMENT", "rejected the credentials");

  Json versions = Body(c().Get("/catalog/datasets/by-name/vault/versions"));
  EXPECT_EQ(versions["versions"].back()["detail"]["source"]["system"], "mysql") << versions;
  ExpectNoPassword(DumpJson(versions));
  ExpectNoPassword(DumpJson(Body(c().Get("/jobs"))));
  ExpectNoPassword(server_->Log());
  EXPECT_EQ(server_->Log().find("wrong-pw"), std::string::npos);
}

TEST_F(MysqlIngestE2E, MissingTablesBadQueriesAndUnreachableHostsAreToldApart) {
  ASSERT_TRUE(my_->Execute("DROP TABLE IF EXISTS t1; CREATE TABLE t1 (id INT)").ok());
  ExpectError(Pull({{"table", "no_such_table"}}), 404, "NOT_FOUND", "no_such_table");
  ExpectError(Pull({{"dsn", my_->Dsn("no_such_db")}, {"table", "t1"}}), 404, "NOT_FOUND",
              "no_such_db");
  ExpectError(Pull({{"query", "SELEC 1"}, {"dataset", "q"}}), 400, "INVALID_ARGUMENT", "SQL");
  ExpectError(Pull({{"dsn", "mysql://u:pw-S3cr@127.0.0.1:1/lh"}, {"table", "t1"}}), 502,
              "UPSTREAM_ERROR", "cannot connect to MySQL at 127.0.0.1:1");
  ExpectError(Pull({{"dsn", "mysql://u:pw-S3cr@127.0.0.1/lh?bogus=1"}, {"table", "t1"}}), 400,
              "INVALID_ARGUMENT", "unknown option 'bogus'");
  ExpectError(Pull({{"dsn", "ftp://u:pw-S3cr@h/db"}, {"table", "t1"}}), 400, "INVALID_ARGUMENT",
              "mysql://");
  EXPECT_EQ(Body(c().Get("/catalog/datasets"))["datasets"].size(), 0u);
}

TEST_F(MysqlIngestE2E, CancelMidPullCommitsNothingAndFreesTheSource) {
  ASSERT_TRUE(my_->Execute("DROP TABLE IF EXISTS big; CREATE TABLE big AS SELECT seq AS id, "
                           "REPEAT('x', 100) AS pad FROM seq_1_to_1000000")
                  .ok());
  auto r = Pull({{"table", "big"}, {"batch_size", 5000}}, false);
  ASSERT_EQ(r->status, 202) << r->body;
  const std::string id = Body(r)["job_id"];
  Json job;
  for (int i = 0; i < 600; ++i) {
    job = Body(c().Get("/jobs/" + id));
    if (job["progress"]["done"].is_number() && job["progress"]["done"].get<int64_t>() >= 20000) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GE(job["progress"]["done"].get<int64_t>(), 20000) << job;
  ASSERT_LT(job["progress"]["done"].get<int64_t>(), 1000000) << job;
  auto cancel = c().PostJson("/jobs/" + id + "/cancel", Json::object());
  ASSERT_TRUE(cancel.ok());
  ASSERT_LT(cancel->status, 300) << cancel->body;
  job = WaitForJob(id);
  EXPECT_EQ(job["state"], "cancelled") << job;
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/big")->status, 404);
  // The pull's connection is gone (not left draining the result on the server).
  // MariaDB drops a killed session's row asynchronously: seconds on a loaded machine.
  std::string connections;
  for (int i = 0; i < 600; ++i) {
    auto n = my_->QueryValue(
        "SELECT count(*) FROM information_schema.processlist WHERE user = 'lakehouse'");
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    connections = *n;
    if (connections == "0") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(connections, "0");
  // The same pull, not cancelled, reads every row.
  EXPECT_EQ(PullOk({{"table", "big"}})["rows_read"], 1000000);
}

TEST_F(MysqlIngestE2E, CliIngestDbPullsFromMysql) {
  ASSERT_TRUE(my_->Execute("DROP TABLE IF EXISTS cli_src; CREATE TABLE cli_src AS SELECT seq AS "
                           "id, CONCAT('r', seq) AS label FROM seq_1_to_12")
                  .ok());
  const std::string server = " --server " + server_->base_url();
  auto [rc, out] =
      RunCli("ingest-db '" + my_->Dsn() + "' --table cli_src --dataset from_cli" + server);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find(": +12 rows from mysql://lakehouse@127.0.0.1:"), std::string::npos) << out;
  ExpectNoPassword(out);
  EXPECT_EQ(Rows("SELECT count(*) FROM from_cli")[0][0], 12);
  auto [bad_rc, bad_out] =
      RunCli("ingest-db 'mysql://lakehouse:wrong-pw@127.0.0.1:" + std::to_string(my_->port()) +
             "/lh' --table cli_src" + server);
  EXPECT_EQ(bad_rc, 1) << bad_out;
  EXPECT_NE(bad_out.find("rejected the credentials"), std::string::npos) << bad_out;
  EXPECT_EQ(bad_out.find("wrong-pw"), std::string::npos) << bad_out;
}

// A MySQL pull traced (issue 24: "ingest phases"; "structured JSON logs carry the trace id"): the
// server exports to a test collector and writes JSON logs. The pull continues the client's trace
// (ingest.db with its connect and pull phases), and its log line carries that trace's id.
class MysqlIngestTracedE2E : public testing::MysqlIngestTest {
 protected:
  void SetUp() override {
    auto receiver = testing::OtlpReceiver::Start();
    ASSERT_TRUE(receiver.ok()) << receiver.status().ToString();
    receiver_ = std::move(*receiver);
    MysqlIngestTest::SetUp();
  }
  testing::ServerProcessOptions ServerOptions() override {
    testing::ServerProcessOptions options = MysqlIngestTest::ServerOptions();
    options.env["LAKEHOUSE_TELEMETRY_OTLP_ENDPOINT"] = receiver_->url();
    options.env["LAKEHOUSE_TELEMETRY_FLUSH_INTERVAL_MS"] = "50";
    options.env["LAKEHOUSE_LOG_FORMAT"] = "json";
    options.env["LAKEHOUSE_LOG_LEVEL"] = "info";
    return options;
  }
  std::unique_ptr<testing::OtlpReceiver> receiver_;
};

TEST_F(MysqlIngestTracedE2E, APullIsOneTraceAndItsLogLineCarriesTheTraceId) {
  ASSERT_TRUE(my_->Execute("DROP TABLE IF EXISTS traced; CREATE TABLE traced AS SELECT seq AS id "
                           "FROM seq_1_to_3")
                  .ok());
  const std::string trace_id = "0af7651916cd43dd8448eb211c80319c";
  auto r = c().Send(HttpMethod::kPost, "/ingest/db?wait=true",
                    DumpJson({{"dsn", my_->Dsn()}, {"table", "traced"}}), "application/json",
                    {{"traceparent", "00-" + trace_id + "-b7ad6b7169203331-01"}});
  ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());

  std::vector<testing::ReceivedSpan> trace =
      testing::SpansOfTrace(receiver_->WaitForSpans(
                                [&](const std::vector<testing::ReceivedSpan>& spans) {
                                  auto mine = testing::SpansOfTrace(spans, trace_id);
                                  return testing::FindSpan(mine, "ingest.db.pull") != nullptr &&
                                         testing::FindSpan(mine, "ingest.db") != nullptr;
                                },
                                std::chrono::seconds(60)),
                            trace_id);
  const testing::ReceivedSpan* pull = testing::FindSpan(trace, "ingest.db");
  ASSERT_NE(pull, nullptr) << trace.size();
  EXPECT_EQ(pull->StringAttribute("lakehouse.source_system"), "mysql");
  EXPECT_EQ(pull->IntAttribute("lakehouse.rows"), 3);
  for (const char* phase : {"ingest.db.connect", "ingest.db.pull"}) {
    const testing::ReceivedSpan* span = testing::FindSpan(trace, phase);
    ASSERT_NE(span, nullptr) << phase;
    EXPECT_EQ(span->parent_span_id, pull->span_id) << phase;
  }
  const testing::ReceivedSpan* http = testing::FindSpan(trace, "POST /ingest/db");
  ASSERT_NE(http, nullptr);
  EXPECT_TRUE(testing::IsDescendant(trace, *pull, *http));

  // The pull's log line ("ingest-db: 3 rows from …") is a JSON object with the trace's id.
  Json line;
  for (int i = 0; i < 600 && !line.is_object(); ++i) {
    std::istringstream log(server_->Log());
    for (std::string text; std::getline(log, text);) {
      if (text.find("ingest-db: 3 rows from") == std::string::npos) continue;
      auto parsed = ParseJson(text);
      ASSERT_TRUE(parsed.ok()) << text;
      line = *parsed;
    }
    if (!line.is_object()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(line.is_object()) << server_->Log();
  EXPECT_EQ(line.value("trace_id", ""), trace_id) << line;
  ExpectNoPassword(server_->Log());
}

}  // namespace
}  // namespace lakehouse
