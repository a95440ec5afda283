// End-to-end: the catalog over HTTP and the CLI against the real binary, including a restart and a
// resync after the metastore was tampered with.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "sql/database.h"
#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::RunCli;
using testing::ServerProcess;

void ExecSqlite(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

class CatalogE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = ServerProcess::Start();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
  }
  HttpClient& c() { return server_->client(); }
  testing::TempDir scratch_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CatalogE2E, CreatePatchListVersionsAndDuplicates) {
  Json create = {{"name", "sales"},
                 {"description", "Daily sales"},
                 {"owner", "finance"},
                 {"sensitivity", "internal"},
                 {"tags", {"finance", "daily"}},
                 {"columns",
                  {{{"name", "amount"}, {"type", "DOUBLE"}},
                   {{"name", "customer_email"}, {"type", "VARCHAR"}}}}};
  auto created = c().PostJson("/catalog/datasets", create);
  ASSERT_EQ(created->status, 201) << created->body;
  Json manifest = Body(created);
  for (const char* field :
       {"id", "name", "description", "owner", "sensitivity", "tags", "columns", "lineage",
        "created_at", "updated_at", "last_ingest_at", "row_count", "size_bytes",
        "schema_fingerprint", "bucket", "primary_key", "current_version"}) {
    EXPECT_TRUE(manifest.contains(field)) << field;
  }
  EXPECT_EQ(manifest["columns"][1]["pii"]["kind"], "email");
  EXPECT_EQ(manifest["sensitivity"], "confidential") << "PII raises the dataset's sensitivity";

  auto dup = c().PostJson("/catalog/datasets", {{"name", "SALES"}});
  EXPECT_EQ(dup->status, 409);
  EXPECT_EQ(c().PostJson("/catalog/datasets", {{"name", "bad name!"}})->status, 400);
  EXPECT_EQ(c().PostJson("/catalog/datasets", {{"name", "x"}, {"sensitivity", "secret"}})->status,
            400);

  auto patched = c().Send(HttpMethod::kPatch, "/catalog/datasets/by-name/sales/metadata",
                          DumpJson({{"description", "Sales per day"},
                                    {"owner", "fin-team"},
                                    {"tags", {"finance"}},
                                    {"columns", {{"amount", {{"description", "EUR"}}}}}}));
  ASSERT_EQ(patched->status, 200) << patched->body;
  Json after = Body(c().Get("/catalog/datasets/by-name/sales"));
  EXPECT_EQ(after["description"], "Sales per day");
  EXPECT_EQ(after["owner"], "fin-team");
  EXPECT_EQ(after["tags"], Json({"finance"}));
  EXPECT_EQ(after["columns"][0]["description"], "EUR");

  Json versions = Body(c().Get("/catalog/datasets/by-name/sales/versions"));
  ASSERT_FALSE(versions.empty());
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/missing")->status, 404);

  Json list = Body(c().Get("/catalog/datasets"));
  EXPECT_EQ(list["datasets"].size(), 1u);
  Json stats = Body(c().Get("/catalog/stats"));
  EXPECT_FALSE(stats.empty());

  // Restart on the same data dir: everything reads back identically.
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(Body(c().Get("/catalog/datasets")), list);
  EXPECT_EQ(Body(c().Get("/catalog/datasets/by-name/sales/versions")), versions);

  ASSERT_EQ(c().Send(HttpMethod::kDelete, "/catalog/datasets/by-name/sales")->status, 200);
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/sales")->status, 404);
}

TEST_F(CatalogE2E, RegisterParquetThenResyncAfterTampering) {
  std::string bytes = testing::WriteParquet(
      scratch_.Join("people.parquet"),
      "SELECT range AS id, 'user' || range || '@example.com' AS email, 'Person ' || range AS "
      "full_name FROM range(1000)");
  ASSERT_EQ(c().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/raw/people.parquet", bytes,
                     "application/octet-stream")
                ->status,
            201);
  auto created = c().PostJson("/catalog/datasets",
                              {{"name", "people"}, {"files", {{{"key", "raw/people.parquet"}}}}});
  ASSERT_EQ(created->status, 201) << created->body;
  Json manifest = Body(created);
  EXPECT_EQ(manifest["row_count"], 1000);
  EXPECT_EQ(manifest["size_bytes"], static_cast<int64_t>(bytes.size()));
  ASSERT_EQ(manifest["columns"].size(), 3u);
  EXPECT_EQ(manifest["columns"][0]["name"], "id");

  ASSERT_EQ(c().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/raw/notes.parquet",
                     "not parquet", "text/plain")
                ->status,
            201);
  auto bad = c().PostJson("/catalog/datasets",
                          {{"name", "notes"}, {"files", {{{"key", "raw/notes.parquet"}}}}});
  EXPECT_EQ(bad->status, 400) << bad->body;
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/notes")->status, 404) << "nothing registered";

  // Tamper with the metastore while the server is down.
  ASSERT_EQ(server_->Terminate(), 0);
  ExecSqlite(server_->data_dir() + "/catalog.db",
             "UPDATE data_files SET row_count = 7; UPDATE datasets SET row_count = 7 "
             "WHERE name = 'people';");
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  EXPECT_EQ(Body(c().Get("/catalog/datasets/by-name/people"))["row_count"], 7);

  Json report = Body(c().Send(HttpMethod::kPost, "/catalog/datasets/by-name/people/resync"));
  EXPECT_EQ(report["changed"], true) << report;
  EXPECT_EQ(report["row_count_before"], 7);
  EXPECT_EQ(report["row_count_after"], 1000);
  EXPECT_EQ(Body(c().Get("/catalog/datasets/by-name/people"))["row_count"], 1000);
  Json again = Body(c().Send(HttpMethod::kPost, "/catalog/datasets/by-name/people/resync"));
  EXPECT_EQ(again["changed"], false);
  EXPECT_EQ(c().Send(HttpMethod::kPost, "/catalog/resync-missing")->status, 200);
}

TEST_F(CatalogE2E, CliListsAndShowsDatasets) {
  ASSERT_EQ(c().PostJson("/catalog/datasets", {{"name", "events"}, {"owner", "ops"}})->status, 201);
  auto [code, out] = RunCli("datasets list --server " + server_->base_url());
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("events"), std::string::npos) << out;
  auto [show_code, show_out] = RunCli("datasets show events --server " + server_->base_url());
  EXPECT_EQ(show_code, 0) << show_out;
  EXPECT_NE(show_out.find("\"owner\": \"ops\""), std::string::npos) << show_out;
  auto [missing_code, missing_out] = RunCli("datasets show nope --server " + server_->base_url());
  EXPECT_EQ(missing_code, 1) << missing_out;
  EXPECT_NE(missing_out.find("HTTP 404"), std::string::npos) << missing_out;
  auto [down_code, down_out] = RunCli("datasets list --server http://127.0.0.1:1");
  EXPECT_EQ(down_code, 3) << down_out;
}

// A mail export as users have it: header fields with display names, bodies with addresses and
// phone numbers in the prose. The manifest says which columns hold what, and a resync
// reclassifies a manifest whose classification is out of date.
TEST_F(CatalogE2E, PiiInMailHeadersAndBodiesIsClassifiedAndReclassifiedOnResync) {
  std::string csv = "msg_id,sender,recipients,subject,body\n";
  const char* bodies[] = {
      "Sara, please call me at (713) 853-7459 about the ISDA draft.",
      "Questions to kay.mann@example.com or +44 20 7946 0958. Thanks.",
      "Lunch on Thursday at 12:30? Reply to tana.jones@example.com.",
      "Forwarding per Sara: reach her at sara.shackleton@example.com before Friday.",
      "The deal closed at 1,250,000 units; details in the attached sheet."};
  for (int i = 0; i < 40; ++i) {
    csv += std::to_string(i) + ",\"Mark Taylor <mark.taylor" + std::to_string(i) +
           "@example.com>\",\"\"\"Jones, Tana\"\" <tana.jones@example.com>, "
           "kay.mann@example.com\",Re: draft " +
           std::to_string(i) + ",\"" + bodies[i % 5] + "\"\n";
  }
  const std::string path = scratch_.Join("mail.csv");
  std::ofstream(path) << csv;
  auto [code, out] = RunCli("ingest " + path + " --dataset mail --server " + server_->base_url());
  ASSERT_EQ(code, 0) << out;

  auto pii_of = [&](const std::string& column) {
    Json manifest = Body(c().Get("/catalog/datasets/by-name/mail"));
    for (const Json& c : manifest["columns"]) {
      if (c["name"] == column) return c["pii"];
    }
    ADD_FAILURE() << "no column " << column << " in " << manifest;
    return Json();
  };
  EXPECT_EQ(pii_of("sender"), Json({{"kind", "email"}, {"confidence", 1.0}}));
  EXPECT_EQ(pii_of("recipients"), Json({{"kind", "email"}, {"confidence", 1.0}}));
  // 3 of 5 bodies hold an address (0.5 + 0.5·0.6), 2 of 5 a phone number (0.7).
  EXPECT_EQ(pii_of("body"), Json({{"kind", "email"}, {"confidence", 0.8}}));
  EXPECT_TRUE(pii_of("subject").is_null());
  EXPECT_EQ(Body(c().Get("/catalog/datasets/by-name/mail"))["sensitivity"], "confidential");

  // A manifest classified before the detector knew free text: resync reclassifies it.
  ASSERT_EQ(server_->Terminate(), 0);
  ExecSqlite(server_->data_dir() + "/catalog.db",
             "UPDATE dataset_columns SET pii_kind = NULL, pii_confidence = NULL "
             "WHERE name IN ('body', 'recipients');");
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  EXPECT_TRUE(pii_of("body").is_null());
  Json report = Body(c().Send(HttpMethod::kPost, "/catalog/datasets/by-name/mail/resync"));
  EXPECT_EQ(report["changed"], true) << report;
  EXPECT_EQ(report["columns_changed"], true) << report;
  EXPECT_EQ(pii_of("body"), Json({{"kind", "email"}, {"confidence", 0.8}}));
  EXPECT_EQ(pii_of("recipients"), Json({{"kind", "email"}, {"confidence", 1.0}}));
}

}  // namespace
}  // namespace lakehouse
