#include "catalog/pg_catalog_connection.h"

#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog_backend.h"
#include "catalog/catalog_db.h"
#include "catalog/pg_dialect.h"
#include "pg/pg_connection.h"
#include "pg/pg_dsn.h"

namespace lakehouse {

Status PgCatalogError(std::string_view sqlstate, std::string_view message,
                      std::string_view context) {
  std::string text = StrCat(std::string(context), ": ", std::string(message));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (sqlstate == "23505") return AlreadyExists(text);
  if (sqlstate == "23503" || sqlstate == "23514" || sqlstate == "23502") {
    return FailedPrecondition(text);
  }
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate.empty() ||
      sqlstate.substr(0, 2) == "08" || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03") {
    return Unavailable(text);
  }
  if (sqlstate == "53100") return InsufficientStorage(text);
  return Internal(text);
}

namespace {

constexpr unsigned int kInt8Oid = 20;
constexpr unsigned int kFloat8Oid = 701;
constexpr unsigned int kTextOid = 25;

class PgCatalogConnection;

class PgCatalogStatement final : public CatalogStatementBackend {
 public:
  PgCatalogStatement(PgCatalogConnection* connection, std::string sql, int parameter_count,
                     bool has_null_test)
      : connection_(connection),
        sql_(std::move(sql)),
        params_(parameter_count),
        has_null_test_(has_null_test) {}

  Status BindText(int index, std::string_view value) override {
    return Bind(index, {0, std::string(value)});
  }
  Status BindInt(int index, int64_t value) override {
    return Bind(index, {kInt8Oid, std::to_string(value)});
  }
  Status BindDouble(int index, double value) override {
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%.17g", value);
    return Bind(index, {kFloat8Oid, std::string(buffer)});
  }
  Status BindNull(int index) override { return Bind(index, {0, std::nullopt}); }

  Result<bool> Step() override;
  void Reset() override {
    result_.reset();
    row_ = -1;
    for (PgConnection::Param& param : params_) param = PgConnection::Param{};
  }

  bool ColumnIsNull(int index) const override { return Valid(index) ? IsNull(index) : true; }
  std::string ColumnText(int index) const override {
    if (!Valid(index) || IsNull(index)) return std::string();
    return result_->Value(row_, index);
  }
  int64_t ColumnInt(int index) const override {
    std::string text = ColumnText(index);
    if (text.empty()) return 0;
    if (text == "t") return 1;
    if (text == "f") return 0;
    if (text.find_first_of(".eE") != std::string::npos) {
      return static_cast<int64_t>(std::strtod(text.c_str(), nullptr));
    }
    return std::strtoll(text.c_str(), nullptr, 10);
  }
  double ColumnDouble(int index) const override {
    std::string text = ColumnText(index);
    return text.empty() ? 0.0 : std::strtod(text.c_str(), nullptr);
  }

 private:
  Status Bind(int index, PgConnection::Param param) {
    if (index < 1 || index > static_cast<int>(params_.size())) {
      return Internal("binding parameter ", index, " of a statement with ", params_.size());
    }
    params_[static_cast<size_t>(index - 1)] = std::move(param);
    return Status::Ok();
  }
  bool Valid(int index) const {
    return result_.has_value() && row_ >= 0 && row_ < result_->rows() && index >= 0 &&
           index < result_->columns();
  }
  bool IsNull(int index) const { return result_->IsNull(row_, index); }

  PgCatalogConnection* connection_;
  std::string sql_;
  std::vector<PgConnection::Param> params_;
  bool has_null_test_;
  std::optional<PgResult> result_;
  int row_ = -1;
};

class PgCatalogConnection final : public CatalogConnection {
 public:
  explicit PgCatalogConnection(PgConnection conn) : conn_(std::move(conn)) {}

  CatalogDialect dialect() const override { return CatalogDialect::kPostgres; }

  Status Execute(std::string_view sql) override {
    LH_ASSIGN_OR_RETURN(PgTranslation translation, Translate(sql));
    PgResult result = conn_.ExecScript(translation.sql);
    LH_RETURN_IF_ERROR(Check(result, "executing SQL"));
    // COMMIT of a transaction an error aborted answers ROLLBACK, not an error: never let a
    // caller believe it committed.
    if (sql == "COMMIT" && result.CommandTag() == "ROLLBACK") {
      return Internal("COMMIT rolled back: a statement of the transaction failed earlier");
    }
    return Status::Ok();
  }

  Result<std::unique_ptr<CatalogStatementBackend>> Prepare(std::string_view sql) override {
    LH_ASSIGN_OR_RETURN(PgTranslation translation, Translate(sql));
    return std::unique_ptr<CatalogStatementBackend>(new PgCatalogStatement(
        this, std::move(translation.sql), translation.parameter_count, translation.has_null_test));
  }

  Status Begin(bool immediate) override {
    if (immediate) {
      return Execute(StrCat("BEGIN; SELECT pg_advisory_xact_lock(", kCatalogWriterLockKey, ")"));
    }
    return Execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  Result<int64_t> UserVersion() override {
    LH_ASSIGN_OR_RETURN(auto exists, Prepare("SELECT to_regclass('schema_migrations') IS NULL"));
    LH_ASSIGN_OR_RETURN(bool row, exists->Step());
    if (row && exists->ColumnInt(0) != 0) return 0;
    LH_ASSIGN_OR_RETURN(auto stmt,
                        Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    LH_ASSIGN_OR_RETURN(row, stmt->Step());
    return row ? stmt->ColumnInt(0) : 0;
  }
  // The version is derived from schema_migrations; nothing to record.
  Status SetUserVersion(int64_t) override { return Status::Ok(); }

  int64_t Changes() const override { return changes_; }
  bool in_transaction() const override { return conn_.in_transaction(); }
  bool broken() const override { return !conn_.connected(); }

  // Runs one statement. One whose parameters PostgreSQL may fail to type (`$1 IS NULL` bound to
  // NULL or untyped text: 42P18 or 42P08) runs behind a savepoint inside a transaction the first
  // time, and again with those parameters as text when that is what failed; the answer is
  // remembered per statement, so later runs go straight to the form that works.
  PgResult Run(const std::string& sql, std::vector<PgConnection::Param> params,
               bool has_null_test) {
    bool ambiguous = false;
    for (const PgConnection::Param& param : params) ambiguous |= param.type_oid == 0;
    ambiguous &= has_null_test;
    if (ambiguous && text_for_untyped_.count(sql) != 0) {
      TypeUntyped(params);
      ambiguous = false;
    }
    const bool savepoint = ambiguous && conn_.in_transaction();
    if (savepoint) (void)conn_.ExecScript("SAVEPOINT lh_untyped");
    PgResult result = conn_.ExecParams(sql, params);
    if (ambiguous && !result.succeeded() &&
        (result.SqlState() == "42P18" || result.SqlState() == "42P08")) {
      if (savepoint) (void)conn_.ExecScript("ROLLBACK TO SAVEPOINT lh_untyped");
      text_for_untyped_.insert(sql);
      TypeUntyped(params);
      result = conn_.ExecParams(sql, params);
    }
    if (savepoint && conn_.in_transaction()) (void)conn_.ExecScript("RELEASE SAVEPOINT lh_untyped");
    changes_ = result.succeeded() ? result.AffectedRows() : 0;
    return result;
  }

  Status Check(const PgResult& result, std::string_view context) {
    if (result.succeeded()) {
      changes_ = result.AffectedRows();
      return Status::Ok();
    }
    std::string message = result.get() == nullptr ? std::string() : result.ErrorMessage();
    if (message.empty()) message = conn_.ErrorMessage();
    return PgCatalogError(result.get() == nullptr ? "" : result.SqlState(),
                          conn_.dsn().Scrub(message), context);
  }

 private:
  Result<PgTranslation> Translate(std::string_view sql) {
    return TranslateToPostgres(sql, [this](const std::string& table) { return PrimaryKey(table); });
  }

  Result<std::vector<std::string>> PrimaryKey(const std::string& table) {
    auto found = primary_keys_.find(table);
    if (found != primary_keys_.end()) return found->second;
    PgResult result = conn_.ExecParams(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND "
        "a.attnum = ANY (i.indkey) WHERE i.indrelid = to_regclass($1) AND i.indisprimary "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        {PgConnection::Param{0, table}});
    LH_RETURN_IF_ERROR(Check(result, StrCat("reading the primary key of ", table)));
    std::vector<std::string> key;
    for (int row = 0; row < result.rows(); ++row) key.push_back(result.Value(row, 0));
    primary_keys_[table] = key;
    return key;
  }

  static void TypeUntyped(std::vector<PgConnection::Param>& params) {
    for (PgConnection::Param& param : params) {
      if (param.type_oid == 0) param.type_oid = kTextOid;
    }
  }

  PgConnection conn_;
  int64_t changes_ = 0;
  std::set<std::string> text_for_untyped_;  // statements whose untyped parameters go as text
  std::map<std::string, std::vector<std::string>> primary_keys_;
};

Result<bool> PgCatalogStatement::Step() {
  if (!result_.has_value()) {
    PgResult result = connection_->Run(sql_, params_, has_null_test_);
    LH_RETURN_IF_ERROR(connection_->Check(result, StrCat("executing '", sql_.substr(0, 80), "'")));
    result_.emplace(std::move(result));
    row_ = -1;
  }
  ++row_;
  return row_ < result_->rows();
}

}  // namespace

Result<CatalogDb> CatalogDb::OpenPostgres(const std::string& url, std::string_view password_file) {
  LH_ASSIGN_OR_RETURN(PgDsn dsn, PgDsn::Parse(url));
  Result<PgConnection> conn = PgConnection::Connect(dsn, std::chrono::seconds(10), password_file);
  if (!conn.ok()) {
    return Unavailable("connecting to the PostgreSQL catalog (", dsn.Redacted(),
                       "): ", conn.status().message());
  }
  CatalogDb db(std::make_unique<PgCatalogConnection>(std::move(conn).value()));
  LH_RETURN_IF_ERROR(db.Execute("SET client_min_messages = warning"));
  return db;
}

}  // namespace lakehouse
