#include "ingest/mysql_db_source.h"

#include <optional>

#include "mysql/mysql_connection.h"
#include "mysql/mysql_pull.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

class MysqlDbSource final : public DbSource {
 public:
  explicit MysqlDbSource(MysqlConnection conn) : conn_(std::move(conn)) {}
  ~MysqlDbSource() override { Abort(); }

  Status Start(const DbPullSpec& spec) {
    MysqlPullSpec my_spec{spec.table, spec.query, spec.incremental_column, spec.after};
    LH_ASSIGN_OR_RETURN(MysqlPull pull, MysqlPull::Start(&conn_, my_spec));
    pull_.emplace(std::move(pull));
    for (const MysqlColumnMapping& c : pull_->columns()) {
      columns_.push_back({c.name, c.duckdb_type, SqlIdentifier(c.name)});
      if (!c.note.empty()) notes_.push_back(c.note);
    }
    return Status::Ok();
  }

  const std::vector<DbColumn>& columns() const override { return columns_; }
  const std::optional<std::string>& high_water_mark() const override {
    return pull_->high_water_mark();
  }
  Result<int64_t> AppendRows(ChunkAppender& appender, int64_t max_rows) override {
    return pull_->AppendRows(appender, max_rows);
  }
  Status Finish() override { return pull_->Finish(); }
  void Abort() override {
    if (pull_) pull_->Abort();
  }
  DbPullStats stats() const override { return {pull_->zero_dates(), notes_}; }

 private:
  MysqlConnection conn_;
  std::optional<MysqlPull> pull_;
  std::vector<DbColumn> columns_;
  std::vector<std::string> notes_;
};

}  // namespace

Result<std::unique_ptr<DbSource>> OpenMysqlSource(const MysqlDsn& dsn, const DbPullSpec& spec,
                                                  const DbConnectOptions& options) {
  LH_ASSIGN_OR_RETURN(MysqlConnection conn, MysqlConnection::Connect(dsn, options.connect_timeout,
                                                                     options.mysql_password_file));
  auto source = std::make_unique<MysqlDbSource>(std::move(conn));
  LH_RETURN_IF_ERROR(source->Start(spec));
  return std::unique_ptr<DbSource>(std::move(source));
}

}  // namespace lakehouse
