// ChunkStream: rows loaded on one thread (through a ChunkAppender) read by a DuckDB statement
// running on another, chunk by chunk, as the table function lh_chunk_stream('<token>'). It lets a
// producer overlap with DuckDB's work on its rows: a database pull (ingest/db_stager.h) decodes
// the next rows while DuckDB writes the previous ones as Parquet, without a table in between.
//
//   LH_ASSIGN_OR_RETURN(ChunkStream stream,
//                       ChunkStream::Open(conn, {{"id", "BIGINT"}, {"name", "VARCHAR"}}));
//   LH_ASSIGN_OR_RETURN(ChunkAppender rows, stream.Writer());
//   std::thread reader([&] {
//     stream.EndReading(conn.Execute("COPY (SELECT * FROM " + stream.FromSql() + ") TO …"));
//   });
//   … rows.AppendInt64(id); rows.AppendString(name); rows.EndRow(); …
//   Status written = rows.Close();  // the end of the data: the statement sees the table end
//   // (or stream.Fail(status): the statement fails with `status`'s message)
//   reader.join();
//
// Flow control: at most `max_chunks` full chunks (2048 rows each) wait between the two threads;
// the writer blocks until the reader takes one. When the reading statement stops (it ended,
// failed, or never started reading), EndReading() wakes the writer, whose next chunk then fails
// with FAILED_PRECONDITION — the statement's own status is what the caller should report. The
// reader blocks until the writer hands a chunk, closes or fails; Connection::Interrupt() does not
// wake it, so the writer's side must always end with Close() or Fail() (destroying an unclosed
// writer fails the stream).
//
// The table function is registered on every database Database::Open makes, except the sandboxed
// one that runs clients' SQL; it reads only streams that are open, by their random token, so SQL
// that names it without one gets an error. A stream is read by one statement, once.
//
// Ownership: move-only; the stream, its writer and the reading statement share its state, which
// lives until the last of them is gone. Thread-safety: Writer() and FromSql() on the owning
// thread; the writer on one thread at a time; Fail() and EndReading() from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "sql/chunk_appender.h"
#include "sql/connection.h"

namespace lakehouse {

struct ChunkStreamColumn {
  std::string name;
  std::string type;  // a DuckDB type the chunk appender loads (trusted SQL, e.g. "DECIMAL(12,2)")
};

class ChunkStream {
 public:
  static constexpr size_t kDefaultMaxChunks = 8;

  static Result<ChunkStream> Open(Connection& conn, const std::vector<ChunkStreamColumn>& columns,
                                  size_t max_chunks = kDefaultMaxChunks);
  ChunkStream(ChunkStream&& other) noexcept;
  ChunkStream& operator=(ChunkStream&& other) = delete;
  ChunkStream(const ChunkStream&) = delete;
  ChunkStream& operator=(const ChunkStream&) = delete;
  ~ChunkStream();  // fails the stream if the writer has not ended it

  // The FROM item that reads the stream: lh_chunk_stream('<token>').
  std::string FromSql() const;
  // The writing end; one per stream (FAILED_PRECONDITION the second time). Close() on it ends
  // the data.
  Result<ChunkAppender> Writer();
  // Ends the stream with an error: the reading statement fails with `status`'s message. A no-op
  // once the writer has closed or failed.
  void Fail(const Status& status);
  // The reading statement returned `status`: a blocked or later writer fails (FAILED_PRECONDITION).
  void EndReading(const Status& status);

  struct Channel;  // internal to sql/

 private:
  explicit ChunkStream(std::shared_ptr<Channel> channel) : channel_(std::move(channel)) {}

  std::shared_ptr<Channel> channel_;
  std::unique_ptr<ChunkAppender> writer_;  // until Writer() hands it out
};

}  // namespace lakehouse
