// End-to-end: the read path against the real binary — datasets queried by name as merge-on-read
// views, the SQL sandbox, timeouts, a disconnecting client interrupting its query, and the views
// surviving a restart.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sql/database.h"
#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::ServerProcess;

class QueryE2E : public testing::ServerTest {
 protected:
  Result<ClientResponse> Sql(const std::string& sql, Json extra = Json::object()) {
    extra["sql"] = sql;
    return c().PostJson("/query/sql", extra);
  }
};

TEST_F(QueryE2E, DatasetsAreQueryableByNameAndSurviveARestart) {
  Register("people", "SELECT range AS id, 'person ' || range AS name FROM range(1000)");
  auto counted = Sql("SELECT count(*) AS n, sum(id) AS s FROM people");
  ASSERT_EQ(counted->status, 200) << counted->body;
  EXPECT_EQ(Body(counted)["rows"][0][0], 1000);
  EXPECT_EQ(Body(counted)["rows"][0][1], 499500);

  auto columns = Sql("SELECT * FROM people WHERE id = 7");
  ASSERT_EQ(columns->status, 200) << columns->body;
  Json body = Body(columns);
  ASSERT_EQ(body["columns"].size(), 2u) << "no helper columns leak into the view";
  EXPECT_EQ(body["columns"][0]["name"], "id");
  EXPECT_EQ(body["rows"][0][1], "person 7");

  // Registered after start-up: visible without a restart; a deleted dataset's view is gone.
  Register("Later_One", "SELECT 1 AS x");
  auto odd = Sql("SELECT x FROM later_one");
  ASSERT_EQ(odd->status, 200) << odd->body;
  EXPECT_EQ(Body(odd)["rows"][0][0], 1);
  ASSERT_EQ(c().Send(HttpMethod::kDelete, "/catalog/datasets/by-name/Later_One")->status, 200);
  EXPECT_EQ(Sql("SELECT x FROM later_one")->status, 404);

  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  auto again = Sql("SELECT count(*), sum(id) FROM people");
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(Body(again)["rows"][0][0], 1000);
  EXPECT_EQ(Body(again)["rows"][0][1], 499500);
}

TEST_F(QueryE2E, SandboxRefusesFilesOutsideTheBucketsAndWrites) {
  auto passwd = Sql("SELECT * FROM read_csv('/etc/passwd')");
  EXPECT_EQ(passwd->status, 403) << passwd->body;
  EXPECT_NE(passwd->body.find("sandbox"), std::string::npos) << passwd->body;
  EXPECT_EQ(Sql("SELECT * FROM read_text('/etc/hostname')")->status, 403);
  for (const char* sql :
       {"COPY (SELECT 1) TO '/tmp/lh_escape.csv'", "ATTACH '/tmp/lh_escape.db' AS x",
        "INSTALL httpfs", "SET enable_external_access = true", "PRAGMA enable_profiling",
        "SELECT 1; COPY (SELECT 1) TO '/tmp/lh_escape.csv'", "CREATE TABLE t AS SELECT 1"}) {
    auto refused = Sql(sql);
    EXPECT_EQ(refused->status, 403) << sql << ": " << refused->body;
  }
  // The buckets are readable by DuckDB (the views need them) but not by the client: a dataset's own
  // files, named directly, would bypass its view (and with it tombstones and upserts).
  Register("secrets", "SELECT range AS id FROM range(5)");
  const std::string real = server_->data_dir() + "/buckets/primary/raw/secrets-0.parquet";
  const std::string linked =
      server_->data_dir() + "/tmp/bucket-links/primary/raw/secrets-0.parquet";
  ASSERT_TRUE(std::filesystem::exists(real));
  for (const std::string& sql :
       {"SELECT * FROM read_parquet('" + real + "')",
        "SELECT * FROM read_parquet('" + linked + "')", "SELECT * FROM '" + linked + "'",
        "SELECT count(*) FROM glob('" + linked + "')",
        "SELECT * FROM secrets WHERE id IN (SELECT id FROM parquet_scan('" + linked + "'))",
        "SUMMARIZE SELECT * FROM read_parquet('" + linked + "')",
        std::string("SELECT * FROM query('SELECT * FROM secrets')")}) {
    auto refused = Sql(sql);
    EXPECT_EQ(refused->status, 403) << sql << ": " << refused->body;
    EXPECT_NE(refused->body.find("sandbox"), std::string::npos) << refused->body;
  }
  EXPECT_EQ(Body(Sql("SELECT count(*) FROM secrets"))["rows"][0][0], 5) << "by name it reads";

  // Table functions over generated data still run.
  auto ranged = Sql("SELECT count(*) FROM range(10)");
  ASSERT_EQ(ranged->status, 200) << ranged->body;
  EXPECT_EQ(Body(ranged)["rows"][0][0], 10);
}

TEST_F(QueryE2E, CsvAndParquetOutputCarryTheWholeResult) {
  Register("numbers", "SELECT range AS n, 'v,' || range AS label FROM range(50000)");
  Json request = {{"sql", "SELECT n, label FROM numbers ORDER BY n"}, {"limit", 5}};
  auto csv = c().Send(HttpMethod::kPost, "/query/sql", DumpJson(request), "application/json",
                      {{"Accept", "text/csv"}});
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_TRUE(csv->body.starts_with("n,label\n0,\"v,0\"\n1,\"v,1\"\n")) << "header, CSV quoting";
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 50001)
      << "the whole result, not the JSON row limit";

  auto parquet = c().Send(HttpMethod::kPost, "/query/sql", DumpJson(request), "application/json",
                          {{"Accept", "application/vnd.apache.parquet"}});
  ASSERT_EQ(parquet->status, 200) << parquet->body;
  EXPECT_EQ(parquet->body.substr(0, 4), "PAR1");
  std::string path = scratch_.Join("result.parquet");
  {
    std::ofstream out(path, std::ios::binary);
    out << parquet->body;
  }
  auto db = Database::Open({});
  auto conn = db->Connect();
  auto read = conn->Query("SELECT count(*), sum(n) FROM '" + path + "'");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  auto chunk = read->NextChunk();
  ASSERT_TRUE(chunk.has_value());
  EXPECT_EQ(chunk->GetInt64(0, 0), 50000);
  EXPECT_EQ(chunk->GetJson(1, 0), Json(1249975000));

  // Export runs the same sandbox checks.
  Json write = {{"sql", "COPY (SELECT 1) TO '/tmp/lh_escape.csv'"}};
  EXPECT_EQ(c().Send(HttpMethod::kPost, "/query/sql", DumpJson(write), "application/json",
                     {{"Accept", "text/csv"}})
                ->status,
            403);
  Json sneaky = {{"sql", "SELECT * FROM read_csv('/etc/passwd')"}};
  EXPECT_EQ(c().Send(HttpMethod::kPost, "/query/sql", DumpJson(sneaky), "application/json",
                     {{"Accept", "text/csv"}})
                ->status,
            403);
  EXPECT_TRUE(std::filesystem::is_empty(server_->data_dir() + "/tmp/query-exports"))
      << "exported files are deleted once streamed";
}

TEST_F(QueryE2E, PagedResultsComeBackPageByPage) {
  Register("items", "SELECT range AS id FROM range(250)");
  auto started = c().PostJson("/query/paged",
                              {{"sql", "SELECT id FROM items ORDER BY id"}, {"page_size", 100}});
  ASSERT_EQ(started->status, 200) << started->body;
  Json info = Body(started);
  EXPECT_EQ(info["total_rows"], 250);
  EXPECT_EQ(info["pages"], 3);
  std::string id = info["query_id"];

  auto last = c().Get("/query/page/" + id + "/2?size=100");
  ASSERT_EQ(last->status, 200) << last->body;
  Json page = Body(last);
  ASSERT_EQ(page["rows"].size(), 50u);
  EXPECT_EQ(page["rows"][0][0], 200);
  auto small = Body(c().Get("/query/page/" + id + "/1?size=10"));
  EXPECT_EQ(small["rows"][0][0], 10);
  EXPECT_EQ(small["pages"], 25);

  EXPECT_EQ(c().Get("/query/page/" + id + "/3?size=100")->status, 404);
  EXPECT_EQ(c().Get("/query/page/nope/0")->status, 404);
  EXPECT_EQ(c().Get("/query/page/" + id + "/x")->status, 400);
  EXPECT_EQ(c().PostJson("/query/paged", {{"sql", "INSTALL httpfs"}})->status, 403);
}

TEST_F(QueryE2E, CompactionKeepsTheRowsAndSurvivesARestart) {
  RegisterParts("ledger", {"SELECT range AS id, range * 2 AS amount FROM range(0, 400)",
                           "SELECT range AS id, range * 2 AS amount FROM range(400, 900)",
                           "SELECT range AS id, range * 2 AS amount FROM range(100, 200)"});
  const std::string digest =
      "SELECT count(*), sum(id), md5(string_agg(id || ':' || amount, ',' ORDER BY id, amount)) "
      "FROM ledger";
  auto before = Sql(digest);
  ASSERT_EQ(before->status, 200) << before->body;
  EXPECT_EQ(Body(before)["rows"][0][0], 1000);

  auto compacted = c().PostJson("/query/compact", {{"dataset", "ledger"}});
  ASSERT_EQ(compacted->status, 200) << compacted->body;
  EXPECT_EQ(Body(compacted)["compacted"], true);
  EXPECT_EQ(Body(compacted)["files_removed"], 3);
  EXPECT_EQ(Body(compacted)["rows"], 1000);
  auto after = Sql(digest);
  ASSERT_EQ(after->status, 200) << after->body;
  EXPECT_EQ(Body(after)["rows"], Body(before)["rows"]) << "identical rows after compaction";

  auto versions = Body(c().Get("/catalog/datasets/by-name/ledger/versions"));
  Json last = versions["versions"].back();
  EXPECT_EQ(last["operation"], "compact");
  EXPECT_EQ(last["files_added"].size(), 1u);
  EXPECT_EQ(Body(c().PostJson("/query/compact", {{"dataset", "ledger"}}))["compacted"], false)
      << "one base file: nothing to do";
  EXPECT_EQ(c().PostJson("/query/compact", {{"dataset", "nope"}})->status, 404);

  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  auto restarted = Sql(digest);
  ASSERT_EQ(restarted->status, 200) << restarted->body;
  EXPECT_EQ(Body(restarted)["rows"], Body(before)["rows"]);
}

TEST_F(QueryE2E, CompactionAppliesIngestedUpsertsAndTombstones) {
  auto ingest = [&](const std::string& csv) {
    std::vector<MultipartItem> items = {{"dataset", "crm", "", "", ""},
                                        {"mode", "upsert", "", "", ""},
                                        {"key", "id", "", "", ""},
                                        {"file", csv, "crm.csv", "", ""}};
    auto r = c().PostMultipart("/ingest/file", items);
    ASSERT_EQ(r->status, 200) << r->body;
  };
  ingest("id,name\n1,Ann\n2,Bob\n3,Cy\n");
  ingest("id,name\n2,Bobby\n4,Di\n");
  auto tombstoned = c().Send(HttpMethod::kPost, "/catalog/datasets/by-name/crm/tombstone",
                             R"({"row_key_column":"id","row_key_values":["3"]})");
  ASSERT_EQ(tombstoned->status, 200) << tombstoned->body;
  const std::string rows = "SELECT string_agg(id || '=' || name, ',' ORDER BY id) FROM crm";
  auto before = Sql(rows);
  ASSERT_EQ(before->status, 200) << before->body;
  EXPECT_EQ(Body(before)["rows"][0][0], "1=Ann,2=Bobby,4=Di");

  auto compacted = c().PostJson("/query/compact", {{"dataset", "crm"}});
  ASSERT_EQ(compacted->status, 200) << compacted->body;
  EXPECT_EQ(Body(compacted)["rows"], 3);
  EXPECT_EQ(Body(compacted)["files_removed"], 3) << "two data files and one delete file";
  EXPECT_EQ(Body(Sql(rows))["rows"], Body(before)["rows"]);
  auto manifest = Body(c().Get("/catalog/datasets/by-name/crm"));
  EXPECT_EQ(manifest["row_count"], 3);
}

// sql.compact_after_files (here through its environment variable) sets when the background
// compactor steps in.
TEST(QueryConfigE2E, AutoCompactionFollowsTheConfiguredFileCount) {
  auto server = ServerProcess::Start({.env = {{"LAKEHOUSE_SQL_COMPACT_AFTER_FILES", "2"}}});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  HttpClient& c = (*server)->client();
  auto ingest = [&](int from) {
    std::string csv = "id\n" + std::to_string(from) + "\n" + std::to_string(from + 1) + "\n";
    std::vector<MultipartItem> items = {{"dataset", "ticks", "", "", ""},
                                        {"file", csv, "t" + std::to_string(from) + ".csv", "", ""}};
    auto r = c.PostMultipart("/ingest/file", items);
    ASSERT_EQ(r->status, 200) << r->body;
  };
  auto last_operation = [&] {
    return Body(c.Get("/catalog/datasets/by-name/ticks/versions"))["versions"].back()["operation"];
  };
  ingest(0);
  ingest(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(last_operation(), "append") << "two data files are not more than two";
  ingest(4);
  for (int i = 0; i < 200 && last_operation() != "compact"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Json versions = Body(c.Get("/catalog/datasets/by-name/ticks/versions"))["versions"];
  ASSERT_EQ(versions.back()["operation"], "compact") << versions.dump();
  EXPECT_EQ(versions.back()["files_added"].size(), 1u);
  EXPECT_EQ(versions.back()["files_removed"].size(), 3u);
  auto counted = c.PostJson("/query/sql", {{"sql", "SELECT count(*), sum(id) FROM ticks"}});
  ASSERT_EQ(counted->status, 200) << counted->body;
  EXPECT_EQ(Body(counted)["rows"][0], Json::array({6, 15}));
}

TEST_F(QueryE2E, SlowQueryTimesOut) {
  auto slow = Sql("SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3",
                  {{"timeout_ms", 200}});
  EXPECT_EQ(slow->status, 504) << slow->body;
}

// One query connection in the pool: a query that kept running after its client left would hold
// it, and the next query would wait for the slot until its own timeout.
TEST(QueryDisconnectE2E, ClientThatDisconnectsInterruptsItsQuery) {
  auto server = ServerProcess::Start({.env = {{"LAKEHOUSE_SQL_POOL_SIZE", "1"}}});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ServerProcess& s = **server;

  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(s.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  const std::string body =
      DumpJson({{"sql", "SELECT sum(a.i * b.i) FROM range(100000000) a(i), range(100000000) b(i)"},
                {"timeout_ms", 120'000}});
  const std::string request =
      "POST /query/sql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the query is running
  close(fd);

  const auto start = std::chrono::steady_clock::now();
  auto next = s.client().PostJson("/query/sql", {{"sql", "SELECT 42"}, {"timeout_ms", 20'000}});
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  ASSERT_EQ(next->status, 200) << next->body;
  EXPECT_EQ(testing::Body(next)["rows"][0][0], 42);
  EXPECT_LT(waited, std::chrono::seconds(3)) << "the abandoned query held the only connection";
  EXPECT_NE(s.Log().find("the client disconnected"), std::string::npos) << s.Log();
}

// A statement's error says where it is, as a line and a column of the text sent (the web UI's
// editor points at it): parse errors and the binder's, on /query/sql and /query/paged alike.
TEST_F(QueryE2E, ErrorsCarryTheirLineAndColumn) {
  Register("people", "SELECT range AS id, 'person ' || range AS name FROM range(10)");
  auto parse = Sql("SELECT id,\n  name\nFORM people");
  ASSERT_EQ(parse->status, 400) << parse->body;
  EXPECT_EQ(Body(parse)["position"], Json({{"line", 3}, {"column", 6}, {"offset", 23}}))
      << parse->body;
  auto binder = c().PostJson("/query/paged", {{"sql", "SELECT id,\n  nope FROM people"}});
  ASSERT_EQ(binder->status, 400) << binder->body;
  EXPECT_EQ(Body(binder)["position"], Json({{"line", 2}, {"column", 3}, {"offset", 13}}))
      << binder->body;
  auto missing = Sql("SELECT * FROM nobody");
  ASSERT_EQ(missing->status, 404) << missing->body;
  EXPECT_EQ(Body(missing)["position"]["column"], 15) << missing->body;
  // Errors of other kinds carry none.
  auto refused = Sql("COPY (SELECT 1) TO '/tmp/x.csv'");
  EXPECT_EQ(refused->status, 403);
  EXPECT_FALSE(Body(refused).contains("position")) << refused->body;
}

}  // namespace
}  // namespace lakehouse
