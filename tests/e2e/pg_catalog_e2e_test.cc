// End-to-end: `lakehouse serve` on a PostgreSQL catalog (catalog.url, ADR 018) — ingest, query,
// a vector index build (jobs, the index registry), every store's list route, a restart, and more
// commits afterwards; the catalog's rows are in PostgreSQL and no catalog.db is written.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/e2e/vector_e2e_fixture.h"
#include "tests/support/e2e_util.h"
#include "tests/support/postgres_server.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::PostgresServer;
using testing::RunCli;
using testing::ServerProcess;
using testing::ServerProcessOptions;
using vector_e2e::Notes;
using vector_e2e::VectorE2E;

class PgCatalogE2E : public VectorE2E {
 protected:
  static void SetUpTestSuite() {
    auto pg = PostgresServer::Start();
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    pg_ = std::move(*pg);
  }
  static void TearDownTestSuite() { pg_.reset(); }

  // Starts the server on a new, empty PostgreSQL database.
  void StartOnPostgres(const std::string& database) {
    ASSERT_NE(pg_, nullptr);
    ASSERT_TRUE(pg_->Execute("CREATE DATABASE " + database).ok());
    database_ = database;
    StartServer({{"LAKEHOUSE_CATALOG_URL", pg_->Dsn(database)}});
  }
  // Starts the server on `data_dir` (kept when it stops), with catalog.url `url`.
  void StartIn(const std::string& data_dir, const std::string& url) {
    server_.reset();
    ServerProcessOptions options;
    options.data_dir = data_dir;
    options.env = fake_->LakehouseEnv();
    if (!url.empty()) options.env["LAKEHOUSE_CATALOG_URL"] = url;
    auto server = ServerProcess::Start(std::move(options));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
  }
  std::string PgValue(const std::string& sql) {
    auto value = pg_->QueryValue(sql, database_);
    EXPECT_TRUE(value.ok()) << value.status().ToString();
    return value.ok() ? *value : "";
  }
  Json Count(const std::string& dataset) {
    auto r = c().PostJson("/query/sql", {{"sql", "SELECT count(*) FROM \"" + dataset + "\""}});
    EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    return Body(r)["rows"][0][0];
  }

  static inline std::unique_ptr<PostgresServer> pg_;
  std::string database_;
};

TEST_F(PgCatalogE2E, ServeIngestQueryIndexRestartAndQueryAgain) {
  StartOnPostgres("lakehouse_e2e");
  Ingest("notes", Notes(0, 30));
  Ingest("notes", Notes(30, 50));
  EXPECT_EQ(Count("notes"), 50);
  Json dataset = Body(c().Get("/catalog/datasets/by-name/notes"));
  EXPECT_EQ(dataset["current_version"], 3) << dataset;
  EXPECT_EQ(dataset["row_count"], 50);
  // The catalog is in PostgreSQL, not in the data directory.
  EXPECT_EQ(PgValue("SELECT current_version FROM datasets WHERE name = 'notes'"), "3");
  EXPECT_EQ(PgValue("SELECT count(*) FROM data_files WHERE version_removed IS NULL"), "2");
  EXPECT_FALSE(std::filesystem::exists(server_->data_dir() + "/catalog.db"));
  // A duplicate name in another letter case is refused by the case-insensitive unique index.
  auto dup = c().PostJson("/catalog/datasets", {{"name", "NOTES"}});
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(dup->status, 409) << dup->body;

  // A vector index build: a job, the index registry, its measurements.
  Json built = FirstBuild("notes");
  EXPECT_EQ(built["index_name"], "notes_idx") << built;
  EXPECT_EQ(built["chunks_embedded"], 50) << built;
  EXPECT_FALSE(Search({{"query", "weather lakes"}, {"k", 5}})["results"].empty());
  // Every store answers from its tables.
  for (const char* path : {"/jobs", "/vectors/indexes", "/schedules", "/workspaces", "/tools",
                           "/access/roles", "/catalog/datasets", "/catalog/stats"}) {
    auto r = c().Get(path);
    ASSERT_TRUE(r.ok()) << path;
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
  }

  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(Count("notes"), 50) << "after a restart";
  EXPECT_FALSE(Search({{"query", "weather lakes"}, {"k", 5}})["results"].empty());
  Ingest("notes", Notes(50, 60));
  EXPECT_EQ(Count("notes"), 60);
  Json versions = Body(c().Get("/catalog/datasets/by-name/notes/versions"));
  ASSERT_TRUE(versions.contains("versions")) << versions;
  EXPECT_EQ(versions["versions"].size(), 4u);
  EXPECT_EQ(PgValue("SELECT current_version FROM datasets WHERE name = 'notes'"), "4");
}

// A deployment on SQLite moves to PostgreSQL: stop, `lakehouse migrate-catalog`, start on the
// new catalog with the same buckets — same datasets, versions, data and vector index.
TEST_F(PgCatalogE2E, MigrateCatalogMovesASqliteDeploymentToPostgres) {
  testing::TempDir data;
  StartIn(data.path(), "");
  Ingest("notes", Notes(0, 20));
  Ingest("notes", Notes(20, 35));
  FirstBuild("notes");
  Json before = Body(c().Get("/catalog/datasets/by-name/notes/versions"));
  server_.reset();  // the server stops before its catalog moves

  ASSERT_TRUE(pg_->Execute("CREATE DATABASE migrated").ok());
  database_ = "migrated";
  const std::string target = pg_->Dsn("migrated");
  auto [code, out] = RunCli("migrate-catalog --from sqlite:catalog.db --to '" + target +
                            "' --data-dir " + data.path());
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("verified "), std::string::npos) << out;
  EXPECT_EQ(out.find(pg_->password()), std::string::npos) << "the password is never printed";
  EXPECT_EQ(PgValue("SELECT current_version FROM datasets WHERE name = 'notes'"), "3");

  StartIn(data.path(), target);
  EXPECT_EQ(Count("notes"), 35);
  EXPECT_EQ(Body(c().Get("/catalog/datasets/by-name/notes/versions")), before);
  EXPECT_FALSE(Search({{"query", "weather lakes"}, {"k", 5}})["results"].empty());
  Ingest("notes", Notes(35, 40));
  EXPECT_EQ(Count("notes"), 40);
  server_.reset();

  // The target is no longer empty: a second run refuses and changes nothing.
  auto [again, again_out] = RunCli("migrate-catalog --from sqlite:catalog.db --to '" + target +
                                   "' --data-dir " + data.path());
  EXPECT_EQ(again, 1) << again_out;
  EXPECT_NE(again_out.find("not empty"), std::string::npos) << again_out;
  EXPECT_EQ(PgValue("SELECT current_version FROM datasets WHERE name = 'notes'"), "4");
  auto [usage, usage_out] = RunCli("migrate-catalog --from sqlite:catalog.db");
  EXPECT_EQ(usage, 2) << usage_out;
}

TEST_F(PgCatalogE2E, AnUnreachableCatalogStopsStartupWithAClearError) {
  ServerProcessOptions options;
  options.env = {{"LAKEHOUSE_CATALOG_URL", "postgresql://nobody:secret-pw@127.0.0.1:1/none"}};
  auto server = ServerProcess::Start(std::move(options));
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find("PostgreSQL catalog"), std::string::npos)
      << server.status().ToString();
  EXPECT_EQ(server.status().message().find("secret-pw"), std::string::npos)
      << "the password is never shown";
}

}  // namespace
}  // namespace lakehouse
