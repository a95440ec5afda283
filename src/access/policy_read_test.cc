// The policy matrix (issue 20): admin, analyst-, recruiter- and agent-like policies (constructed
// directly) × the read paths of the query service (/query/sql rows, CSV and Parquet exports,
// /query/paged, the composed row fetch of vector search) × masked, denied and filtered columns,
// with the exact output; and the bypass attempts that must fail. Real Parquet, a real Metastore,
// the read path as the server builds it, sandboxed.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "access/ai_view_store.h"
#include "access/column_policy.h"
#include "access/column_policy_store.h"
#include "access/policy_views.h"
#include "catalog/dataset_layout.h"
#include "sql/query_pager.h"
#include "sql/query_service.h"
#include "sql/query_watchdog.h"
#include "sql/result_json.h"
#include "table/read_path.h"
#include "table/table_test_util.h"

namespace lakehouse {
namespace {

using testing::TableTest;

Column MakeColumn(std::string name, std::string type, std::optional<PiiKind> pii = std::nullopt) {
  Column column;
  column.name = std::move(name);
  column.type = std::move(type);
  if (pii) column.pii = PiiTag{*pii, 1.0};
  return column;
}

std::shared_ptr<const AccessPolicy> Policy(std::string name, bool unrestricted,
                                           std::vector<Grant> grants) {
  auto principal = std::make_shared<Principal>();
  principal->name = std::move(name);
  return std::make_shared<AccessPolicy>(std::move(principal), unrestricted, std::move(grants));
}

Grant ReadGrant(std::string target, Sensitivity clearance, std::string row_filter = "") {
  Grant grant;
  grant.target = std::move(target);
  grant.max_unmasked = clearance;
  grant.row_filter = std::move(row_filter);
  return grant;
}

// id, name, email (mask), phone (mask), ssn (deny), salary (null), ip (hash), region.
constexpr char kCandidates[] =
    "SELECT * FROM (VALUES "
    "(1::BIGINT, 'Ann', 'ann@example.com', '555-0101', '123-45-6789', 90000::BIGINT, '10.0.0.1', "
    "'EU'), "
    "(2, 'Bob', 'bob@example.org', '555-0102', '234-56-7890', 80000, '10.0.0.2', 'US'), "
    "(3, 'Cy', 'cy@example.net', NULL, '345-67-8901', 70000, '10.0.0.1', 'EU'), "
    "(4, 'Di', 'd@x.io', '555-0104', '456-78-9012', 60000, '10.0.0.4', 'US')) "
    "t(id, name, email, phone, ssn, salary, ip, region)";

class PolicyReadTest : public TableTest {
 protected:
  void SetUp() override {
    TableTest::SetUp();
    DuckDbOptions duck;
    duck.sandboxed = true;
    duck.allowed_directories = {dir_.path()};
    LH_ASSERT_OK_AND_ASSIGN(Database db, Database::Open(duck));
    query_db_ = std::make_unique<Database>(std::move(db));
    LH_ASSERT_OK(buckets_->SetReadLinkDir(dir_.Sub("links")));
    LH_ASSERT_OK_AND_ASSIGN(query_pool_, ConnectionPool::Create(*query_db_, 3));
    Create("candidates",
           {MakeColumn("id", "BIGINT"), MakeColumn("name", "VARCHAR"),
            MakeColumn("email", "VARCHAR", PiiKind::kEmail),
            MakeColumn("phone", "VARCHAR", PiiKind::kPhone),
            MakeColumn("ssn", "VARCHAR", PiiKind::kSsn),
            MakeColumn("salary", "BIGINT", PiiKind::kSalary),
            MakeColumn("ip", "VARCHAR", PiiKind::kIpAddress), MakeColumn("region", "VARCHAR")});
    Commit("candidates", kCandidates, 4);
    Create("secret_notes", {MakeColumn("id", "BIGINT"), MakeColumn("note", "VARCHAR")});
    Commit("secret_notes", "SELECT 1::BIGINT AS id, 'top secret' AS note", 1);
    ReadPathOptions options;
    options.hot_cache_bytes = int64_t{1} << 30;
    options.result_cache_bytes = int64_t{1} << 26;
    options.result_cache_max_result_bytes = int64_t{1} << 24;
    read_path_ = std::make_unique<ReadPath>(query_db_.get(), metastore_.get(), buckets_.get(),
                                            &clock_, options);
    LH_ASSERT_OK(read_path_->Start());
    queries_ =
        std::make_unique<QueryService>(query_pool_.get(), &watchdog_, duck, read_path_.get());
    std::filesystem::create_directories(dir_.Sub("exports"));
    queries_->SetExportDirectory(dir_.Sub("exports"));
    pager_ = std::make_unique<QueryPager>(queries_.get());
    LH_ASSERT_OK_AND_ASSIGN(std::string secret, LoadOrCreatePolicySecret(data_dir_));
    secret_ = secret;
    overrides_ = std::make_unique<ColumnPolicyStore>(metastore_.get());
    ai_views_ = std::make_unique<AiViewStore>(metastore_.get());
    views_ = std::make_unique<PolicyViews>(query_db_.get(), metastore_.get(), overrides_.get(),
                                           ai_views_.get(), secret);
    LH_ASSERT_OK(views_->RefreshSharedViews());

    admin_ = Policy("admin", true, {});
    analyst_ = Policy("analyst", false, {ReadGrant("*", Sensitivity::kConfidential)});
    recruiter_ = Policy("recruiter", false,
                        {ReadGrant("candidates", Sensitivity::kInternal, "region = 'EU'")});
    agent_ = Policy("agent", false,
                    {ReadGrant("candidates", Sensitivity::kPublic, "id = 1"),
                     ReadGrant("candidates", Sensitivity::kPublic, "id = 4")});
  }

  void Create(const std::string& name, std::vector<Column> columns) {
    CreateDatasetRequest request;
    request.name = name;
    request.columns = std::move(columns);
    request.actor = "tester";
    LH_ASSERT_OK(metastore_->CreateDataset(request).status());
  }

  void Commit(const std::string& name, const std::string& select, int64_t rows) {
    Dataset d = metastore_->GetDataset(name).value();
    std::string key = DatasetKeyPrefix(d.id) + "part-" + std::to_string(++files_) + ".parquet";
    WriteParquet(key, select);
    CommitRequest request;
    request.dataset_id = d.id;
    request.expected_version = d.current_version;
    request.operation = VersionOperation::kAppend;
    request.files_added = {DataFile{key, "primary", rows, FileSize(key), "data"}};
    request.actor = "tester";
    LH_ASSERT_OK_AND_ASSIGN(DatasetVersion v, metastore_->Commit(request));
    if (read_path_) read_path_->views().OnCommit(metastore_->GetDataset(name).value(), v);
  }

  SqlRequest Request(const AccessPolicy& policy, std::string sql) {
    SqlRequest request;
    request.sql = std::move(sql);
    Result<std::shared_ptr<const PolicyScope>> scope = views_->ScopeFor(policy);
    EXPECT_TRUE(scope.ok()) << scope.status().ToString();
    if (scope.ok()) request.scope = *scope;
    return request;
  }

  // The rows of `sql` as `policy`, as JSON (an error → its status text).
  std::string Rows(const AccessPolicy& policy, const std::string& sql) {
    Result<QueryAnswer> answer = queries_->Query(Request(policy, sql));
    if (!answer.ok()) return answer.status().ToString();
    return RowSetToJson(*answer->rows)["rows"].dump();
  }

  StatusCode Code(const AccessPolicy& policy, const std::string& sql) {
    return queries_->Query(Request(policy, sql)).status().code();
  }

  std::string Export(const AccessPolicy& policy, const std::string& sql, ExportFormat format) {
    Result<ExportedFile> file = queries_->Export(Request(policy, sql), format);
    if (!file.ok()) return file.status().ToString();
    std::string out;
    EXPECT_TRUE(file->ReadChunks([&](std::string_view chunk) {
                      out.append(chunk);
                      return true;
                    })
                    .ok());
    return out;
  }

  std::string Sha(const std::string& value) {
    Result<ConnectionLease> lease = pool_->Acquire(std::chrono::seconds(5));
    Result<QueryResult> r = (*lease)->Query("SELECT sha256('" + secret_ + value + "')");
    return r.ok() ? r->FetchScalar().get<std::string>() : "";
  }

  std::unique_ptr<Database> query_db_;
  std::unique_ptr<ConnectionPool> query_pool_;
  QueryWatchdog watchdog_;
  std::unique_ptr<ReadPath> read_path_;
  std::unique_ptr<QueryService> queries_;
  std::unique_ptr<QueryPager> pager_;
  std::unique_ptr<ColumnPolicyStore> overrides_;
  std::unique_ptr<AiViewStore> ai_views_;
  std::unique_ptr<PolicyViews> views_;
  std::string secret_;
  std::shared_ptr<const AccessPolicy> admin_, analyst_, recruiter_, agent_;
  int files_ = 0;
};

constexpr char kAll[] = "SELECT * FROM candidates ORDER BY id";

TEST_F(PolicyReadTest, SqlRowsPerPolicy) {
  EXPECT_EQ(Rows(*admin_, kAll),
            R"([[1,"Ann","ann@example.com","555-0101","123-45-6789",90000,"10.0.0.1","EU"],)"
            R"([2,"Bob","bob@example.org","555-0102","234-56-7890",80000,"10.0.0.2","US"],)"
            R"([3,"Cy","cy@example.net",null,"345-67-8901",70000,"10.0.0.1","EU"],)"
            R"([4,"Di","d@x.io","555-0104","456-78-9012",60000,"10.0.0.4","US"]])");
  // Confidential clearance: everything but the (restricted) SSN, which is denied.
  EXPECT_EQ(Rows(*analyst_, kAll),
            R"([[1,"Ann","ann@example.com","555-0101",90000,"10.0.0.1","EU"],)"
            R"([2,"Bob","bob@example.org","555-0102",80000,"10.0.0.2","US"],)"
            R"([3,"Cy","cy@example.net",null,70000,"10.0.0.1","EU"],)"
            R"([4,"Di","d@x.io","555-0104",60000,"10.0.0.4","US"]])");
  // Internal clearance, EU rows only: e-mail and phone masked, salary null, IP (internal) shown.
  EXPECT_EQ(Rows(*recruiter_, kAll), R"([[1,"Ann","a***.com","***0101",null,"10.0.0.1","EU"],)"
                                     R"([3,"Cy","c***.net",null,null,"10.0.0.1","EU"]])");
  // Public clearance, rows 1 OR 4: the IP hashed with the deployment secret.
  const std::string ip1 = Sha("10.0.0.1");
  const std::string ip4 = Sha("10.0.0.4");
  EXPECT_EQ(Rows(*agent_, kAll), R"([[1,"Ann","a***.com","***0101",null,")" + ip1 +
                                     R"(","EU"],[4,"Di","d***x.io","***0104",null,")" + ip4 +
                                     R"(","US"]])");
}

TEST_F(PolicyReadTest, HashedValuesStillJoin) {
  // Rows 1 and 3 share an IP; the analyst sees both through a join on the hash... the agent sees
  // rows 1 and 4 only, and a self-join on the hashed column pairs equal values.
  EXPECT_EQ(Rows(*agent_,
                 "SELECT a.id, b.id FROM candidates a JOIN candidates b ON a.ip = b.ip "
                 "ORDER BY 1, 2"),
            "[[1,1],[4,4]]");
  EXPECT_NE(Sha("10.0.0.1"), Sha("10.0.0.4"));
}

TEST_F(PolicyReadTest, ExportsAreMaskedAlike) {
  EXPECT_EQ(Export(*recruiter_, "SELECT id, email, salary FROM candidates ORDER BY id",
                   ExportFormat::kCsv),
            "id,email,salary\n1,a***.com,\n3,c***.net,\n");
  std::string parquet =
      Export(*recruiter_, "SELECT email FROM candidates ORDER BY id", ExportFormat::kParquet);
  EXPECT_EQ(parquet.substr(0, 4), "PAR1");
  EXPECT_NE(parquet.find("a***.com"), std::string::npos);
  EXPECT_EQ(parquet.find("ann@example.com"), std::string::npos);
  EXPECT_EQ(Export(*recruiter_, "SELECT ssn FROM candidates", ExportFormat::kCsv).find("123-45"),
            std::string::npos);
}

TEST_F(PolicyReadTest, PagedResultsAreMaskedAndOwned) {
  LH_ASSERT_OK_AND_ASSIGN(PagedQuery started,
                          pager_->Start(Request(*recruiter_, kAll), 1, "recruiter"));
  EXPECT_EQ(started.total_rows, 2);
  const std::string recruiter = "recruiter";
  LH_ASSERT_OK_AND_ASSIGN(QueryPage page, pager_->Page(started.query_id, 1, 1, &recruiter));
  EXPECT_EQ(page.ToJson()["rows"].dump(), R"([[3,"Cy","c***.net",null,null,"10.0.0.1","EU"]])");
  const std::string agent = "agent";
  EXPECT_EQ(pager_->Page(started.query_id, 0, 1, &agent).status().code(), StatusCode::kNotFound);
}

TEST_F(PolicyReadTest, ComposedRowFetchReadsThePolicyViews) {
  LH_ASSERT_OK_AND_ASSIGN(std::shared_ptr<const PolicyScope> scope, views_->ScopeFor(*recruiter_));
  LH_ASSERT_OK_AND_ASSIGN(
      QueryAnswer answer,
      queries_->QueryComposed("SELECT id, email FROM \"candidates\" WHERE id IN (1, 2)", 10,
                              scope));
  EXPECT_EQ(RowSetToJson(*answer.rows)["rows"].dump(), R"([[1,"a***.com"]])");
  EXPECT_EQ(queries_->QueryComposed("SELECT * FROM \"secret_notes\"", 10, scope).status().code(),
            StatusCode::kNotFound);
}

TEST_F(PolicyReadTest, BypassAttemptsFail) {
  const AccessPolicy& r = *recruiter_;
  // Not granted: NOT_FOUND, whichever way it is reached.
  EXPECT_EQ(Code(r, "SELECT * FROM secret_notes"), StatusCode::kNotFound);
  EXPECT_EQ(Code(r, "WITH x AS (SELECT * FROM secret_notes) SELECT * FROM x"),
            StatusCode::kNotFound);
  EXPECT_EQ(Code(r, "SELECT (SELECT max(note) FROM secret_notes)"), StatusCode::kNotFound);
  EXPECT_EQ(Code(r, "SELECT name FROM candidates UNION ALL SELECT note FROM secret_notes"),
            StatusCode::kNotFound);
  EXPECT_EQ(Code(r, "SELECT * FROM candidates WHERE id IN (SELECT id FROM secret_notes)"),
            StatusCode::kNotFound);
  // A CTE out of its scope cannot fall back to the raw datasets (they are not in the catalog).
  EXPECT_NE(Code(r, "SELECT * FROM (WITH secret_notes AS (SELECT 1) SELECT 1), secret_notes"),
            StatusCode::kOk);
  // Qualified names reach other catalogs: refused.
  EXPECT_EQ(Code(r, "SELECT * FROM memory.main.candidates"), StatusCode::kPermissionDenied);
  EXPECT_EQ(Code(r, "SELECT * FROM main.candidates"), StatusCode::kPermissionDenied);
  EXPECT_EQ(Code(r, "SELECT * FROM embeddings.anything"), StatusCode::kPermissionDenied);
  EXPECT_EQ(Code(r, "SELECT * FROM information_schema.tables"), StatusCode::kPermissionDenied);
  EXPECT_EQ(Code(r, "SELECT * FROM information_schema.columns"), StatusCode::kPermissionDenied);
  // Metadata: functions, bare system views, SHOW.
  EXPECT_EQ(Code(r, "SELECT * FROM duckdb_tables()"), StatusCode::kPermissionDenied);
  EXPECT_EQ(Code(r, "SELECT * FROM duckdb_columns()"), StatusCode::kPermissionDenied);
  EXPECT_EQ(Code(r, "SELECT sql FROM duckdb_views()"), StatusCode::kPermissionDenied);
  EXPECT_NE(Code(r, "SELECT sql FROM duckdb_views"), StatusCode::kOk);
  EXPECT_NE(Code(r, "SELECT * FROM pg_catalog.pg_class"), StatusCode::kOk);
  EXPECT_EQ(Code(r, "SELECT * FROM pragma_table_info('secret_notes')"),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Code(r, "SHOW TABLES"), StatusCode::kPermissionDenied);
  EXPECT_EQ(Code(r, "SHOW ALL TABLES"), StatusCode::kPermissionDenied);
  EXPECT_EQ(Code(r, "WITH duckdb_views AS (SELECT 1) SELECT * FROM duckdb_views"),
            StatusCode::kPermissionDenied);
  // Denied columns do not exist; filters on them are refused.
  EXPECT_NE(Code(r, "SELECT ssn FROM candidates"), StatusCode::kOk);
  EXPECT_NE(Code(r, "SELECT count(*) FROM candidates WHERE ssn = '123-45-6789'"), StatusCode::kOk);
  // Filtering on a masked column compares the masked value; the hidden rows stay hidden.
  EXPECT_EQ(Rows(r, "SELECT count(*) FROM candidates WHERE email = 'ann@example.com'"), "[[0]]");
  EXPECT_EQ(Rows(r, "SELECT count(*) FROM candidates WHERE region = 'US'"), "[[0]]");
  // DESCRIBE of a granted dataset shows its masked columns only.
  EXPECT_EQ(Rows(r, "SELECT count(*) FROM (DESCRIBE candidates)"), "[[7]]");
  // The size guards hold in the policy's catalog too.
  EXPECT_NE(Code(r, "SELECT length(repeat('x', 2000000000))"), StatusCode::kOk);
}

TEST_F(PolicyReadTest, ResultCacheIsNeverSharedAcrossPolicies) {
  LH_ASSERT_OK(read_path_->hot_cache().Pin("candidates").status());
  const std::string sql = "SELECT email FROM candidates ORDER BY id";
  ASSERT_EQ(Rows(*admin_, sql).substr(0, 20), R"([["ann@example.com"])");
  LH_ASSERT_OK_AND_ASSIGN(QueryAnswer again, queries_->Query(Request(*admin_, sql)));
  EXPECT_TRUE(again.cached);
  LH_ASSERT_OK_AND_ASSIGN(QueryAnswer masked, queries_->Query(Request(*recruiter_, sql)));
  EXPECT_FALSE(masked.cached);
  EXPECT_EQ(RowSetToJson(*masked.rows)["rows"].dump(), R"([["a***.com"],["c***.net"]])");
  LH_ASSERT_OK_AND_ASSIGN(QueryAnswer masked_again, queries_->Query(Request(*recruiter_, sql)));
  EXPECT_TRUE(masked_again.cached);
  EXPECT_EQ(RowSetToJson(*masked_again.rows)["rows"].dump(), R"([["a***.com"],["c***.net"]])");
  LH_ASSERT_OK_AND_ASSIGN(QueryAnswer agent, queries_->Query(Request(*agent_, sql)));
  EXPECT_EQ(RowSetToJson(*agent.rows)["rows"].dump(), R"([["a***.com"],["d***x.io"]])");
}

TEST_F(PolicyReadTest, RowFiltersAreChecked) {
  EXPECT_TRUE(views_->CheckRowFilter("region = 'EU' AND id > 0").ok());
  EXPECT_FALSE(views_->CheckRowFilter("true) UNION SELECT 1 FROM secret_notes WHERE (true").ok());
  EXPECT_FALSE(views_->CheckRowFilter("id IN (SELECT id FROM secret_notes)").ok());
  EXPECT_FALSE(views_->CheckRowFilter("true) LIMIT 1 --").ok());
  EXPECT_FALSE(views_->CheckRowFilter("id IN (SELECT * FROM read_csv('/etc/passwd'))").ok());
  // A grant whose filter fails the check shows no rows rather than every row.
  auto bad = Policy("bad", false,
                    {ReadGrant("candidates", Sensitivity::kRestricted,
                               "true) UNION SELECT 1 FROM secret_notes WHERE (true")});
  EXPECT_EQ(Rows(*bad, "SELECT count(*) FROM candidates"), "[[0]]");
}

TEST_F(PolicyReadTest, ViewsFollowCatalogChanges) {
  EXPECT_EQ(Code(*recruiter_, "SELECT * FROM secret_notes"), StatusCode::kNotFound);
  EXPECT_EQ(Rows(*analyst_, "SELECT note FROM secret_notes"), R"([["top secret"]])");
  // Raising a column's sensitivity masks it at once for the next statement.
  MetadataPatch patch;
  patch.columns["note"].sensitivity = Sensitivity::kRestricted;
  LH_ASSERT_OK(metastore_->UpdateMetadata("secret_notes", patch).status());
  EXPECT_EQ(Rows(*analyst_, "SELECT note FROM secret_notes"), "[[null]]");
}

TEST_F(PolicyReadTest, ColumnOverridesChangeHowNotWhether) {
  // The recruiter's e-mail is masked by default; an override hashes it instead (equal values
  // join), and an override on a column within clearance changes nothing.
  LH_ASSERT_OK(overrides_->Set("candidates", "EMAIL", Redaction{RedactionKind::kHash}).status());
  LH_ASSERT_OK(overrides_->Set("candidates", "region", Redaction{RedactionKind::kDeny}).status());
  EXPECT_EQ(
      Rows(*recruiter_, "SELECT email, region FROM candidates ORDER BY id"),
      R"([[")" + Sha("ann@example.com") + R"(","EU"],[")" + Sha("cy@example.net") + R"(","EU"]])");
  LH_ASSERT_OK(
      overrides_->Set("candidates", "email", Redaction{RedactionKind::kMask, 3, 0}).status());
  EXPECT_EQ(Rows(*recruiter_, "SELECT email FROM candidates ORDER BY id"),
            R"([["ann***"],["cy@***"]])");
  LH_ASSERT_OK_AND_ASSIGN(std::vector<ColumnPolicy> listed, overrides_->List());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].column, "email");
  EXPECT_EQ(listed[0].redaction.keep_prefix, 3);
  LH_ASSERT_OK(overrides_->Remove("candidates", "email"));
  EXPECT_EQ(overrides_->Remove("candidates", "email").code(), StatusCode::kNotFound);
  EXPECT_EQ(Rows(*recruiter_, "SELECT email FROM candidates ORDER BY id"),
            R"([["a***.com"],["c***.net"]])");
  EXPECT_EQ(overrides_->Set("candidates", "nope", Redaction{}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(overrides_->Set("candidates", "email", Redaction{RedactionKind::kNone}).status().code(),
            StatusCode::kInvalidArgument);
  // Admin is unrestricted: overrides never apply to it.
  EXPECT_EQ(Rows(*admin_, "SELECT email FROM candidates WHERE id = 1"), R"([["ann@example.com"]])");
}

TEST_F(PolicyReadTest, AiSafeViewsAreQueryableAndGrantable) {
  AiView view;
  view.name = "candidates_ai";
  view.base_dataset = "CANDIDATES";
  view.columns = {"id", "name", "email", "region"};
  view.row_filter = "region = 'EU'";
  view.column_redactions["Name"] = Redaction{RedactionKind::kMask, 1, 0};
  LH_ASSERT_OK_AND_ASSIGN(AiView created, views_->CreateAiView(view));
  EXPECT_EQ(created.base_dataset, "candidates");
  // Admin reads the view as defined: its own redaction applies, nothing else is hidden.
  EXPECT_EQ(Rows(*admin_, "SELECT * FROM candidates_ai ORDER BY id"),
            R"([[1,"A***","ann@example.com","EU"],[3,"C***","cy@example.net","EU"]])");
  // An agent granted only the view: the base dataset does not exist for it; its clearance masks
  // the e-mail on top of the view's own redaction; its grant's filter narrows the view's rows.
  auto agent =
      Policy("ai-agent", false, {ReadGrant("candidates_ai", Sensitivity::kPublic, "id < 3")});
  EXPECT_EQ(Rows(*agent, "SELECT * FROM candidates_ai ORDER BY id"),
            R"([[1,"A***","a***.com","EU"]])");
  EXPECT_EQ(Code(*agent, "SELECT * FROM candidates"), StatusCode::kNotFound);
  EXPECT_EQ(Code(*agent, "SELECT sql FROM duckdb_views()"), StatusCode::kPermissionDenied);
  EXPECT_NE(Code(*agent, "SELECT ssn FROM candidates_ai"), StatusCode::kOk);
  // Bad definitions are refused.
  AiView bad = view;
  bad.name = "candidates";
  EXPECT_EQ(views_->CreateAiView(bad).status().code(), StatusCode::kConflict);
  bad.name = "other";
  bad.columns = {"nope"};
  EXPECT_EQ(views_->CreateAiView(bad).status().code(), StatusCode::kInvalidArgument);
  bad.columns = {};
  bad.row_filter = "id IN (SELECT id FROM secret_notes)";
  EXPECT_EQ(views_->CreateAiView(bad).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(views_->CreateAiView(view).status().code(), StatusCode::kConflict);
  // Deleted: gone for everyone.
  LH_ASSERT_OK(views_->DeleteAiView("candidates_ai"));
  EXPECT_NE(Code(*admin_, "SELECT * FROM candidates_ai"), StatusCode::kOk);
  EXPECT_EQ(Code(*agent, "SELECT * FROM candidates_ai"), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lakehouse
