#include "ingest/pg_db_source.h"

#include <optional>

#include "pg/pg_binary_decoder.h"
#include "pg/pg_connection.h"
#include "pg/pg_pull.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

class PgDbSource final : public DbSource {
 public:
  explicit PgDbSource(PgConnection conn) : conn_(std::move(conn)) {}

  Status Start(const DbPullSpec& spec) {
    PgPullSpec pg_spec{spec.table, spec.query, spec.incremental_column, spec.after};
    LH_ASSIGN_OR_RETURN(PgPull pull, PgPull::Start(&conn_, pg_spec));
    pull_.emplace(std::move(pull));
    decoder_.emplace(pull_->columns());
    for (const PgColumnMapping& c : pull_->columns()) {
      DbColumn column;
      column.name = c.name;
      column.staged_type = c.staged_type;
      const std::string name = SqlIdentifier(c.name);
      column.publish_expr = name;
      if (c.kind == PgValueKind::kArray) {
        // Arrays are staged as JSON text and published as LISTs of their element type.
        std::string element = c.duckdb_type.substr(0, c.duckdb_type.size() - 2);
        column.publish_expr =
            "from_json(" + name + ", " + SqlStringLiteral("[\"" + element + "\"]") + ") AS " + name;
      }
      columns_.push_back(std::move(column));
    }
    return Status::Ok();
  }

  const std::vector<DbColumn>& columns() const override { return columns_; }
  const std::optional<std::string>& high_water_mark() const override {
    return pull_->high_water_mark();
  }

  Result<int64_t> AppendRows(ChunkAppender& appender, int64_t max_rows) override {
    int64_t rows = 0;
    while (rows < max_rows && !done_) {
      LH_ASSIGN_OR_RETURN(std::optional<std::string_view> message, pull_->stream().Next());
      if (!message) {
        done_ = true;
        if (!decoder_->finished()) return DataLoss("COPY data ended without its trailer");
        break;
      }
      LH_ASSIGN_OR_RETURN(int64_t n, decoder_->AppendMessage(*message, appender));
      rows += n;
    }
    return rows;
  }

  Status Finish() override { return conn_.Execute("COMMIT"); }
  void Abort() override {}  // closing the connection (the destructor) ends the COPY
  DbPullStats stats() const override { return {}; }

 private:
  PgConnection conn_;
  std::optional<PgPull> pull_;
  std::optional<PgRowDecoder> decoder_;
  std::vector<DbColumn> columns_;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<DbSource>> OpenPgSource(const PgDsn& dsn, const DbPullSpec& spec,
                                               const DbConnectOptions& options) {
  LH_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(dsn, options.connect_timeout,
                                                               options.pg_password_file));
  auto source = std::make_unique<PgDbSource>(std::move(conn));
  LH_RETURN_IF_ERROR(source->Start(spec));
  return std::unique_ptr<DbSource>(std::move(source));
}

}  // namespace lakehouse
