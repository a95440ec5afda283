#include "ingest/db_stager.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

#include "common/ids.h"
#include "common/scope_guard.h"
#include "ingest/parquet_output.h"
#include "sql/chunk_stream.h"
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

// One Parquet file being written while it is pulled: the COPY reading `stream` runs on its own
// thread (occupying the connection) while the caller decodes rows into `rows`. Every way out
// joins that thread: Finish() after the last row, Stop() on a failure, or the destructor.
class StreamedFile {
 public:
  static Result<std::unique_ptr<StreamedFile>> Start(Connection& conn,
                                                     const std::vector<ChunkStreamColumn>& columns,
                                                     const std::string& projection,
                                                     ConversionJob job) {
    LH_ASSIGN_OR_RETURN(ChunkStream stream, ChunkStream::Open(conn, columns));
    LH_ASSIGN_OR_RETURN(ChunkAppender rows, stream.Writer());
    return std::unique_ptr<StreamedFile>(
        new StreamedFile(conn, std::move(stream), std::move(rows), projection, std::move(job)));
  }
  StreamedFile(const StreamedFile&) = delete;
  StreamedFile& operator=(const StreamedFile&) = delete;
  ~StreamedFile() { (void)Stop(Cancelled("the pull stopped")); }

  ChunkAppender& rows() { return rows_; }

  // After the last row: ends the data, waits for the COPY and returns the rows it wrote.
  Result<int64_t> Finish() {
    Status closed = rows_.Close();
    Join();
    if (!copied_.ok()) return copied_.status();
    LH_RETURN_IF_ERROR(closed);
    return *copied_;
  }

  // The pull failed with `cause`: the COPY is failed and waited for. Returns the error to report:
  // the COPY's own when it had already stopped by itself (the writer's failure was then only
  // its consequence), else `cause`.
  Status Stop(const Status& cause) {
    if (!reader_.joinable()) return cause;
    const bool copy_stopped_first = copy_ended_.load();
    stream_.Fail(cause);
    Join();
    if (copy_stopped_first && !copied_.ok()) return copied_.status();
    return cause;
  }

 private:
  StreamedFile(Connection& conn, ChunkStream stream, ChunkAppender rows,
               const std::string& projection, ConversionJob job)
      : stream_(std::move(stream)), rows_(std::move(rows)), job_(std::move(job)) {
    const std::string select = "SELECT " + projection + " FROM " + stream_.FromSql();
    reader_ = std::thread([this, &conn, select] {
      copied_ = CopyToParquet(conn, select, job_);
      copy_ended_.store(true);
      stream_.EndReading(copied_.status());
    });
  }

  void Join() {
    if (reader_.joinable()) reader_.join();
  }

  ChunkStream stream_;
  ChunkAppender rows_;
  const ConversionJob job_;
  Result<int64_t> copied_{Internal("the COPY did not run")};  // written by reader_
  std::atomic<bool> copy_ended_{false};
  std::thread reader_;  // started last
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
  std::vector<ChunkStreamColumn> columns;
  std::string projection;
  for (const DbColumn& c : source.columns()) {
    columns.push_back({c.name, c.staged_type});
    projection += (projection.empty() ? "" : ", ") + c.publish_expr;
  }

  std::error_code ec;
  std::filesystem::create_directories(options.staging.staging_dir, ec);
  if (ec) return Internal("cannot create the staging directory: ", ec.message());

  StagedFilesGuard written;
  int64_t total = 0;
  int64_t next_report = options.batch_rows;
  bool exhausted = false;
  while (!exhausted) {
    ConversionJob job;
    job.source_name = std::string(source_name);
    job.output_path = options.staging.staging_dir + "/" + NewUuid() + ".parquet";
    job.row_group_size = options.staging.row_group_size;
    StagedFile file;
    file.parquet_path = job.output_path;
    file.source_name = std::string(source_name);
    file.format = InputFormat::kParquet;
    written.files.push_back(file);  // deleted on failure from here on, even half-written
    LH_ASSIGN_OR_RETURN(std::unique_ptr<StreamedFile> out,
                        StreamedFile::Start(conn, columns, projection, job));
    int64_t in_file = 0;
    while (in_file < options.rows_per_file) {
      const int64_t want =
          std::max<int64_t>(1, std::min(next_report - total, options.rows_per_file - in_file));
      Result<int64_t> rows = source.AppendRows(out->rows(), want);
      if (!rows.ok()) return out->Stop(rows.status());
      if (*rows == 0) {
        exhausted = true;
        break;
      }
      total += *rows;
      in_file += *rows;
      if (total >= next_report) {
        next_report += options.batch_rows;
        if (progress && !progress(total)) return out->Stop(Cancelled("the pull was cancelled"));
      }
    }
    LH_ASSIGN_OR_RETURN(int64_t copied, out->Finish());
    out.reset();
    if (copied != in_file) {
      return Internal("staged ", std::to_string(copied), " rows of ", std::to_string(in_file));
    }
    if (in_file == 0 && written.files.size() > 1) {
      // The source ended exactly at a file boundary: this empty file is not needed.
      std::filesystem::remove(job.output_path, ec);
      written.files.pop_back();
      break;
    }
    LH_ASSIGN_OR_RETURN(ParquetSummary summary, SummarizeParquet(conn, job.output_path));
    written.files.back().row_count = summary.row_count;
    written.files.back().columns = std::move(summary.columns);
  }
  if (progress) progress(total);
  finished = true;
  written.released = true;
  return std::move(written.files);
}

}  // namespace lakehouse
