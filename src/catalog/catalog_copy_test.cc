// migrate-catalog's copy (catalog_copy.h): a SQLite catalog with history, tags, PII, ingest marks,
// a deleted dataset and a store's own table is copied into an empty catalog on each backend and
// compared dataset by dataset, version by version, file by file.
#include "catalog/catalog_copy.h"

#include <gtest/gtest.h>

#include "catalog/catalog_backend_fixture.h"
#include "catalog/catalog_statement.h"
#include "catalog/catalog_test_util.h"

namespace lakehouse {
namespace {

using testing::CatalogBackend;
using testing::CatalogBackendName;
using testing::FreshCatalogUrl;
using testing::InMemoryObjectStore;
using testing::MakeColumn;
using testing::MakeCreateRequest;
using testing::OpenMetastore;
using testing::TempDir;
using testing::WriteDataFile;

// A store keeping its own table in the catalog, as jobs/, tools/ and workspace/ do.
const std::vector<Migration> kNotesSchema = {
    {1, "notes",
     "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL COLLATE "
     "NOCASE, score REAL, created_at INTEGER NOT NULL) STRICT;"
     "CREATE UNIQUE INDEX notes_title ON notes (title)"}};

Status AddNote(Metastore& metastore, const std::string& title, double score) {
  return metastore.Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(
        auto stmt, db.Prepare("INSERT INTO notes (title, score, created_at) VALUES (?, ?, ?)"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, title));
    LH_RETURN_IF_ERROR(stmt.BindDouble(2, score));
    LH_RETURN_IF_ERROR(stmt.BindInt(3, 1'700'000'000'000'000));
    return stmt.Run();
  });
}

Result<std::vector<std::string>> Notes(Metastore& metastore) {
  return metastore.Read([](CatalogDb& db) -> Result<std::vector<std::string>> {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT id, title, score FROM notes ORDER BY id"));
    std::vector<std::string> out;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      out.push_back(std::to_string(stmt.ColumnInt(0)) + ":" + stmt.ColumnText(1) + ":" +
                    std::to_string(stmt.ColumnDouble(2)));
    }
    return out;
  });
}

class CatalogCopyTest : public ::testing::TestWithParam<CatalogBackend> {
 protected:
  void SetUp() override {
    std::unique_ptr<Metastore> source = OpenMetastore(dir_.path(), clock_);
    ASSERT_NE(source, nullptr);
    source->RegisterStoreSchema("notes", kNotesSchema);
    CreateDatasetRequest create = MakeCreateRequest("sales");
    create.tags = {"finance", "daily"};
    Column email = MakeColumn("email", "VARCHAR");
    email.pii = PiiTag{PiiKind::kEmail, 0.8123456789012345};
    create.columns.push_back(email);
    auto sales = source->CreateDataset(create);
    ASSERT_TRUE(sales.ok()) << sales.status().ToString();
    int64_t version = sales->current_version;
    for (int i = 0; i < 3; ++i) {
      clock_.Advance(1000);
      CommitRequest commit;
      commit.dataset_id = sales->id;
      commit.expected_version = version;
      commit.operation = i == 2 ? VersionOperation::kReplace : VersionOperation::kAppend;
      commit.files_added = {WriteDataFile(store_, sales->id, 10 + i),
                            WriteDataFile(store_, sales->id, 20 + i)};
      commit.input_sha256 = {"hash-" + std::to_string(i)};
      commit.actor = "ingest";
      auto committed = source->Commit(commit);
      ASSERT_TRUE(committed.ok()) << committed.status().ToString();
      version = committed->version;
    }
    ASSERT_TRUE(source->CreateDataset(MakeCreateRequest("empty")).ok());
    ASSERT_TRUE(source->CreateDataset(MakeCreateRequest("gone")).ok());
    ASSERT_TRUE(source->DeleteDataset("gone", "admin").ok());
    ASSERT_TRUE(AddNote(*source, "First", 0.1234567890123456).ok());
    ASSERT_TRUE(AddNote(*source, "Second", 2.5).ok());
    source_notes_ = *Notes(*source);
  }

  std::string SourceUrl() const { return "sqlite:" + Metastore::DatabasePath(dir_.path()); }
  // The target: a fresh PostgreSQL database, or a second SQLite file.
  std::string TargetUrl() {
    std::string url = FreshCatalogUrl(GetParam());
    return url.empty() ? "sqlite:" + target_dir_.path() + "/copy.db" : url;
  }

  TempDir dir_;
  TempDir target_dir_;
  ManualClock clock_;
  InMemoryObjectStore store_;
  std::vector<std::string> source_notes_;
};

TEST_P(CatalogCopyTest, EveryDatasetVersionAndFileArrivesAndStoresKeepWorking) {
  const std::string target_url = TargetUrl();
  auto from = ParseCatalogUrl(SourceUrl(), dir_.path());
  auto to = ParseCatalogUrl(target_url, dir_.path());
  ASSERT_TRUE(from.ok() && to.ok());
  Result<CatalogCopyReport> report = CopyCatalog(*from, *to, dir_.path(), clock_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();

  std::unique_ptr<Metastore> source = OpenMetastore(dir_.path(), clock_, SourceUrl());
  std::unique_ptr<Metastore> target = OpenMetastore(dir_.path(), clock_, target_url);
  ASSERT_NE(target, nullptr);
  Status compared = CompareCatalogs(*source, *target, &*report);
  ASSERT_TRUE(compared.ok()) << compared.ToString();
  EXPECT_EQ(report->datasets, 2);
  EXPECT_EQ(report->versions, 4 + 1);
  EXPECT_EQ(report->files, 6 + 4) << "six added, four removed by the replace";
  EXPECT_EQ(*target->IngestedHashes("sales"), (std::vector<std::string>{"hash-2"}));
  EXPECT_EQ(target->GetDataset("gone").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(target->GetDataset("SALES")->columns[2].pii->confidence, 0.8123456789012345);

  // The store's table came along; its schema is recorded as applied, its ids continue, and its
  // case-insensitive unique index holds.
  target->RegisterStoreSchema("notes", kNotesSchema);
  EXPECT_EQ(*Notes(*target), source_notes_);
  ASSERT_TRUE(AddNote(*target, "Third", 3.0).ok());
  EXPECT_EQ(Notes(*target)->back().substr(0, 2), "3:");
  EXPECT_EQ(AddNote(*target, "FIRST", 1.0).code(), StatusCode::kAlreadyExists);

  // The target now has data: a second copy is refused and changes nothing.
  auto again = CopyCatalog(*from, *to, dir_.path(), clock_);
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition) << again.status().ToString();
  EXPECT_EQ(target->ListDatasets()->size(), 2u);
}

TEST_P(CatalogCopyTest, ADifferenceIsReportedAsDataLoss) {
  const std::string target_url = TargetUrl();
  auto from = ParseCatalogUrl(SourceUrl(), dir_.path());
  auto to = ParseCatalogUrl(target_url, dir_.path());
  ASSERT_TRUE(CopyCatalog(*from, *to, dir_.path(), clock_).ok());
  std::unique_ptr<Metastore> source = OpenMetastore(dir_.path(), clock_, SourceUrl());
  std::unique_ptr<Metastore> target = OpenMetastore(dir_.path(), clock_, target_url);
  ASSERT_TRUE(target
                  ->Write([](CatalogDb& db) {
                    return db.Execute(
                        "UPDATE data_files SET row_count = row_count + 1 WHERE "
                        "row_count = 21");
                  })
                  .ok());
  CatalogCopyReport report;
  Status compared = CompareCatalogs(*source, *target, &report);
  EXPECT_EQ(compared.code(), StatusCode::kDataLoss) << compared.ToString();
}

// "?1 IS NULL OR title = ?1" bound to NULL: PostgreSQL cannot type $1 from the IS NULL alone; the
// backend retries such a statement with the parameter as text, inside read and write
// transactions alike.
TEST_P(CatalogCopyTest, AnOptionalFilterBoundToNullWorksOnEveryBackend) {
  std::unique_ptr<Metastore> metastore = OpenMetastore(dir_.path(), clock_);
  metastore->RegisterStoreSchema("notes", kNotesSchema);
  if (GetParam() == CatalogBackend::kPostgres) {
    metastore = OpenMetastore(dir_.path(), clock_, FreshCatalogUrl(GetParam()));
    metastore->RegisterStoreSchema("notes", kNotesSchema);
    ASSERT_TRUE(AddNote(*metastore, "First", 1.0).ok());
    ASSERT_TRUE(AddNote(*metastore, "Second", 2.0).ok());
  }
  auto count = [](CatalogDb& db, std::optional<std::string> title) -> Result<int64_t> {
    for (int round = 0; round < 2; ++round) {  // the second run takes the remembered form
      LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT count(*) FROM notes WHERE (?1 IS NULL "
                                                "OR title = ?1)"));
      LH_RETURN_IF_ERROR(stmt.BindOptionalText(1, title));
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Internal("no row");
      if (round == 1) return stmt.ColumnInt(0);
    }
    return Internal("unreachable");
  };
  Result<int64_t> all = metastore->Read([&](CatalogDb& db) { return count(db, std::nullopt); });
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(*all, 2);
  Result<int64_t> one = metastore->Write([&](CatalogDb& db) { return count(db, "second"); });
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(*one, 1) << "COLLATE NOCASE";
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogCopyTest, testing::kCatalogBackends, CatalogBackendName);

}  // namespace
}  // namespace lakehouse
