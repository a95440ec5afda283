#include "ingest/db_stager.h"

#include <algorithm>
#include <filesystem>

#include "common/ids.h"
#include "common/scope_guard.h"
#include "ingest/parquet_output.h"
#include "ingest/scratch_table.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

// Deletes the files written so far unless released.
struct StagedFilesGuard {
  std::vector<StagedFile> files;
  bool released = false;
  ~StagedFilesGuard() {
    if (released) return;
    for (const StagedFile& f : files) {
      std::error_code ec;
      std::filesystem::remove(f.parquet_path, ec);
    }
  }
};

}  // namespace

Result<std::vector<StagedFile>> StageDbPull(Connection& conn, DbSource& source,
                                            std::string_view source_name,
                                            const DbStageOptions& options,
                                            const DbProgress& progress) {
  bool finished = false;
  ScopeGuard abort([&] {
    if (!finished) source.Abort();
  });
  std::string columns_sql;
  std::string projection;
  for (const DbColumn& c : source.columns()) {
    columns_sql += (columns_sql.empty() ? "" : ", ") + SqlIdentifier(c.name) + " " + c.staged_type;
    projection += (projection.empty() ? "" : ", ") + c.publish_expr;
  }
  LH_ASSIGN_OR_RETURN(ScratchTable scratch, ScratchTable::Create(conn, columns_sql));
  const std::string select = "SELECT " + projection + " FROM temp." + SqlIdentifier(scratch.name());

  std::error_code ec;
  std::filesystem::create_directories(options.staging.staging_dir, ec);
  if (ec) return Internal("cannot create the staging directory: ", ec.message());

  StagedFilesGuard written;
  auto open_appender = [&]() -> Result<ChunkAppender> {
    LH_ASSIGN_OR_RETURN(Appender rows, conn.CreateAppender(scratch.name()));
    return ChunkAppender::Create(std::move(rows));
  };
  LH_ASSIGN_OR_RETURN(ChunkAppender appender, open_appender());
  int64_t in_file = 0;
  auto write_file = [&]() -> Status {
    LH_RETURN_IF_ERROR(appender.Close());
    ConversionJob job;
    job.source_name = std::string(source_name);
    job.output_path = options.staging.staging_dir + "/" + NewUuid() + ".parquet";
    job.row_group_size = options.staging.row_group_size;
    LH_RETURN_IF_ERROR(CopyToParquet(conn, select, job).status());
    StagedFile file;
    file.parquet_path = job.output_path;
    file.source_name = std::string(source_name);
    file.format = InputFormat::kParquet;
    written.files.push_back(file);  // deleted on failure from here on
    LH_ASSIGN_OR_RETURN(ParquetSummary summary, SummarizeParquet(conn, job.output_path));
    written.files.back().row_count = summary.row_count;
    written.files.back().columns = std::move(summary.columns);
    LH_RETURN_IF_ERROR(conn.Execute("DELETE FROM temp." + SqlIdentifier(scratch.name())));
    LH_ASSIGN_OR_RETURN(appender, open_appender());
    in_file = 0;
    return Status::Ok();
  };

  int64_t total = 0;
  int64_t next_report = options.batch_rows;
  while (true) {
    const int64_t want =
        std::max<int64_t>(1, std::min(next_report - total, options.rows_per_file - in_file));
    LH_ASSIGN_OR_RETURN(int64_t rows, source.AppendRows(appender, want));
    if (rows == 0) break;
    total += rows;
    in_file += rows;
    if (total >= next_report) {
      next_report += options.batch_rows;
      LH_RETURN_IF_ERROR(appender.Flush());
      if (progress && !progress(total)) return Cancelled("the pull was cancelled");
    }
    if (in_file >= options.rows_per_file) LH_RETURN_IF_ERROR(write_file());
  }
  if (in_file > 0 || written.files.empty()) LH_RETURN_IF_ERROR(write_file());
  LH_RETURN_IF_ERROR(appender.Close());
  if (progress) progress(total);
  finished = true;
  written.released = true;
  return std::move(written.files);
}

}  // namespace lakehouse
