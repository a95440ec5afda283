// ChunkStream: rows written on one thread read by a DuckDB statement on another (through a small
// queue, so the writer blocks), the end of the data, and every way either side can stop first.
#include "sql/chunk_stream.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::SqlTest;
using ChunkStreamTest = SqlTest;

const std::vector<ChunkStreamColumn> kColumns = {
    {"id", "BIGINT"}, {"name", "VARCHAR"}, {"price", "DECIMAL(12,2)"}};

Status WriteRows(ChunkAppender& rows, int64_t from, int64_t to) {
  for (int64_t i = from; i < to; ++i) {
    LH_RETURN_IF_ERROR(rows.AppendInt64(i));
    if (i % 10 == 0) {
      LH_RETURN_IF_ERROR(rows.AppendNull());
    } else {
      LH_RETURN_IF_ERROR(rows.AppendString("a name longer than twelve bytes " + std::to_string(i)));
    }
    LH_RETURN_IF_ERROR(rows.AppendDecimal(12, 2, i * 101));
    LH_RETURN_IF_ERROR(rows.EndRow());
  }
  return Status::Ok();
}

TEST_F(ChunkStreamTest, AStatementOnAnotherThreadReadsEveryRowInOrder) {
  LH_ASSERT_OK_AND_ASSIGN(ChunkStream stream, ChunkStream::Open(*conn_, kColumns, 2));
  LH_ASSERT_OK_AND_ASSIGN(ChunkAppender rows, stream.Writer());
  Status read;
  std::thread reader([&] {
    read = conn_->Execute("CREATE TABLE got AS SELECT row_number() OVER () AS n, * FROM " +
                          stream.FromSql());
    stream.EndReading(read);
  });
  constexpr int64_t kRows = 20'000;  // ~10 chunks through a queue of 2
  Status written = WriteRows(rows, 0, kRows);
  if (written.ok()) written = rows.Close();
  reader.join();
  LH_ASSERT_OK(written);
  LH_ASSERT_OK(read);
  LH_ASSERT_OK_AND_ASSIGN(QueryResult r,
                          conn_->Query("SELECT format('{}/{}/{}/{}/{}', count(*), sum(id), "
                                       "count(name), CAST(sum(price) AS VARCHAR), "
                                       "count(*) FILTER (WHERE n = id + 1)) FROM got"));
  EXPECT_EQ(r.FetchScalar(), "20000/199990000/18000/201989900.00/20000");
  LH_ASSERT_OK_AND_ASSIGN(QueryResult types,
                          conn_->Query("SELECT string_agg(data_type, ',') FROM "
                                       "information_schema.columns WHERE table_name = 'got'"));
  EXPECT_EQ(types.FetchScalar(), "BIGINT,BIGINT,VARCHAR,DECIMAL(12,2)");
}

TEST_F(ChunkStreamTest, AFailedWriterFailsTheStatementWithItsMessage) {
  LH_ASSERT_OK_AND_ASSIGN(ChunkStream stream, ChunkStream::Open(*conn_, kColumns, 2));
  LH_ASSERT_OK_AND_ASSIGN(ChunkAppender rows, stream.Writer());
  Status read;
  std::thread reader([&] {
    read = conn_->Execute("CREATE TABLE got AS SELECT * FROM " + stream.FromSql());
    stream.EndReading(read);
  });
  Status written = WriteRows(rows, 0, 5000);
  stream.Fail(DataLoss("row 5001 cannot be read"));
  reader.join();
  LH_ASSERT_OK(written);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.message().find("row 5001 cannot be read"), std::string::npos) << read.ToString();
  EXPECT_FALSE(conn_->Execute("SELECT * FROM got").ok());  // nothing half-made
}

TEST_F(ChunkStreamTest, AFailedStatementStopsABlockedWriter) {
  LH_ASSERT_OK_AND_ASSIGN(ChunkStream stream, ChunkStream::Open(*conn_, kColumns, 1));
  LH_ASSERT_OK_AND_ASSIGN(ChunkAppender rows, stream.Writer());
  Status read;
  std::thread reader([&] {
    // Fails at the first row whose name is not NULL.
    read = conn_->Execute("SELECT sum(CAST(name AS INTEGER)) FROM " + stream.FromSql());
    stream.EndReading(read);
  });
  Status written = WriteRows(rows, 0, 1'000'000);  // far more than the queue holds
  reader.join();
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(written.code(), StatusCode::kFailedPrecondition) << written.ToString();
  EXPECT_EQ(rows.Close().code(), StatusCode::kFailedPrecondition);
}

TEST_F(ChunkStreamTest, AStatementThatNeverReadsReleasesTheWriter) {
  LH_ASSERT_OK_AND_ASSIGN(ChunkStream stream, ChunkStream::Open(*conn_, kColumns, 1));
  LH_ASSERT_OK_AND_ASSIGN(ChunkAppender rows, stream.Writer());
  Status read;
  std::thread reader([&] {
    read = conn_->Execute("SELECT * FROM " + stream.FromSql() + " WHERE no_such_column = 1");
    stream.EndReading(read);
  });
  Status written = WriteRows(rows, 0, 100'000);
  reader.join();
  EXPECT_EQ(read.code(), StatusCode::kInvalidArgument) << read.ToString();
  EXPECT_EQ(written.code(), StatusCode::kFailedPrecondition) << written.ToString();
}

TEST_F(ChunkStreamTest, AnAbandonedWriterFailsTheStatement) {
  LH_ASSERT_OK_AND_ASSIGN(ChunkStream stream, ChunkStream::Open(*conn_, kColumns));
  LH_ASSERT_OK_AND_ASSIGN(ChunkAppender writer, stream.Writer());
  auto rows = std::make_unique<ChunkAppender>(std::move(writer));
  LH_ASSERT_OK(WriteRows(*rows, 0, 3000));
  EXPECT_EQ(stream.Writer().status().code(), StatusCode::kFailedPrecondition);
  Status read;
  std::thread reader([&] {
    read = conn_->Execute("SELECT count(*) FROM " + stream.FromSql());
    stream.EndReading(read);
  });
  rows.reset();  // gone without Close() while the statement waits for more
  reader.join();
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.message().find("before the end of the data"), std::string::npos)
      << read.ToString();
}

TEST_F(ChunkStreamTest, OnlyOpenStreamsCanBeRead) {
  std::string from;
  {
    LH_ASSERT_OK_AND_ASSIGN(ChunkStream stream, ChunkStream::Open(*conn_, kColumns));
    from = stream.FromSql();
  }
  Status closed = conn_->Execute("SELECT * FROM " + from);
  EXPECT_FALSE(closed.ok());
  EXPECT_NE(closed.message().find("no such stream"), std::string::npos) << closed.ToString();
  EXPECT_FALSE(conn_->Execute("SELECT * FROM lh_chunk_stream('guess')").ok());
  EXPECT_EQ(ChunkStream::Open(*conn_, {{"x", "NOT_A_TYPE"}}).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lakehouse
