#include "sql/chunk_stream.h"

#include <duckdb.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "common/ids.h"
#include "sql/chunk_stream_function.h"
#include "sql/logical_type.h"
#include "sql/sql_literal.h"

namespace lakehouse {

using sql_detail::LogicalType;

constexpr std::string_view kFunctionName = "lh_chunk_stream";

struct ChunkStream::Channel : ChunkSink {
  Channel(std::string token, std::vector<std::string> names, size_t max_chunks)
      : token(std::move(token)), names(std::move(names)), max_chunks(max_chunks) {}
  ~Channel() override { Clear(); }

  // The writer's side.
  Status Take(duckdb_data_chunk chunk) override {
    std::unique_lock<std::mutex> lock(mu);
    space.wait(lock, [&] { return queue.size() < max_chunks || reading_ended || writer_ended; });
    if (reading_ended || writer_ended) {
      duckdb_destroy_data_chunk(&chunk);
      return writer_ended ? FailedPrecondition("the stream has ended")
                          : FailedPrecondition("the statement reading the stream stopped");
    }
    queue.push_back(chunk);
    data.notify_one();
    return Status::Ok();
  }
  Status Close() override {
    std::lock_guard<std::mutex> lock(mu);
    if (reading_ended) return FailedPrecondition("the statement reading the stream stopped");
    writer_ended = true;
    data.notify_all();
    return Status::Ok();
  }
  void Abandon() override {
    Fail(Internal("the stream's writer stopped before the end of the data"));
  }

  void Fail(const Status& status) {
    std::lock_guard<std::mutex> lock(mu);
    if (writer_ended) return;
    writer_ended = true;
    failure = status.ok() ? Internal("the stream failed") : status;
    data.notify_all();
    space.notify_all();
  }

  void EndReading() {
    std::lock_guard<std::mutex> lock(mu);
    reading_ended = true;
    Clear();
    space.notify_all();
  }

  // The reader's side: the next chunk (owned by the caller), or null at the end of the data
  // (`failure` then says whether it failed).
  duckdb_data_chunk Next(Status* failed) {
    std::unique_lock<std::mutex> lock(mu);
    data.wait(lock, [&] { return !queue.empty() || writer_ended; });
    if (!failure.ok()) {
      *failed = failure;
      return nullptr;
    }
    if (queue.empty()) return nullptr;
    duckdb_data_chunk chunk = queue.front();
    queue.pop_front();
    space.notify_one();
    return chunk;
  }

  void Clear() {
    for (duckdb_data_chunk& chunk : queue) duckdb_destroy_data_chunk(&chunk);
    queue.clear();
  }

  const std::string token;
  const std::vector<std::string> names;
  std::vector<LogicalType> types;  // set by Open, before the stream can be found
  const size_t max_chunks;

  std::mutex mu;
  std::condition_variable data;         // a chunk arrived or the writer ended
  std::condition_variable space;        // a chunk was taken or the reading ended
  std::deque<duckdb_data_chunk> queue;  // guarded by mu
  bool writer_ended = false;            // guarded by mu: closed or failed
  Status failure;                       // guarded by mu
  bool reading_ended = false;           // guarded by mu
};

namespace {

using Channel = ChunkStream::Channel;

// The open streams by token: the table function's only way in, so SQL can read nothing else.
class StreamRegistry {
 public:
  static StreamRegistry& Get() {
    static StreamRegistry* registry = new StreamRegistry();  // never destroyed: used at exit
    return *registry;
  }
  void Add(const std::shared_ptr<Channel>& channel) {
    std::lock_guard<std::mutex> lock(mu_);
    streams_[channel->token] = channel;
  }
  void Remove(const std::string& token) {
    std::lock_guard<std::mutex> lock(mu_);
    streams_.erase(token);
  }
  std::shared_ptr<Channel> Find(const std::string& token) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = streams_.find(token);
    return it == streams_.end() ? nullptr : it->second.lock();
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::weak_ptr<Channel>> streams_;
};

void Bind(duckdb_bind_info info) {
  duckdb_value parameter = duckdb_bind_get_parameter(info, 0);
  char* text = parameter == nullptr ? nullptr : duckdb_get_varchar(parameter);
  std::shared_ptr<Channel> channel =
      text == nullptr ? nullptr : StreamRegistry::Get().Find(std::string(text));
  if (text != nullptr) duckdb_free(text);
  if (parameter != nullptr) duckdb_destroy_value(&parameter);
  if (channel == nullptr) {
    duckdb_bind_set_error(info, "lh_chunk_stream: no such stream");
    return;
  }
  for (size_t i = 0; i < channel->names.size(); ++i) {
    duckdb_bind_add_result_column(info, channel->names[i].c_str(), channel->types[i].get());
  }
  duckdb_bind_set_bind_data(info, new std::shared_ptr<Channel>(std::move(channel)), [](void* data) {
    delete static_cast<std::shared_ptr<Channel>*>(data);
  });
}

void Init(duckdb_init_info info) { duckdb_init_set_max_threads(info, 1); }

void Produce(duckdb_function_info info, duckdb_data_chunk output) {
  Channel& channel = **static_cast<std::shared_ptr<Channel>*>(duckdb_function_get_bind_data(info));
  Status failed;
  duckdb_data_chunk chunk = channel.Next(&failed);
  if (!failed.ok()) {
    duckdb_function_set_error(info, failed.message().c_str());
    return;
  }
  if (chunk == nullptr) {
    duckdb_data_chunk_set_size(output, 0);
    return;
  }
  // The output shares the chunk's buffers (strings included), which outlive the chunk handle.
  for (size_t i = 0; i < channel.names.size(); ++i) {
    duckdb_vector_reference_vector(duckdb_data_chunk_get_vector(output, i),
                                   duckdb_data_chunk_get_vector(chunk, i));
  }
  duckdb_data_chunk_set_size(output, duckdb_data_chunk_get_size(chunk));
  duckdb_destroy_data_chunk(&chunk);
}

}  // namespace

Status sql_detail::RegisterChunkStreamFunction(duckdb_database db) {
  duckdb_connection conn = nullptr;
  if (duckdb_connect(db, &conn) != DuckDBSuccess) {
    if (conn != nullptr) duckdb_disconnect(&conn);
    return Internal("cannot open a DuckDB connection");
  }
  duckdb_table_function function = duckdb_create_table_function();
  duckdb_table_function_set_name(function, std::string(kFunctionName).c_str());
  LogicalType varchar(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
  duckdb_table_function_add_parameter(function, varchar.get());
  duckdb_table_function_set_bind(function, Bind);
  duckdb_table_function_set_init(function, Init);
  duckdb_table_function_set_function(function, Produce);
  const duckdb_state registered = duckdb_register_table_function(conn, function);
  duckdb_destroy_table_function(&function);
  duckdb_disconnect(&conn);
  if (registered != DuckDBSuccess) {
    return Internal("cannot register the table function ", kFunctionName);
  }
  return Status::Ok();
}

Result<ChunkStream> ChunkStream::Open(Connection& conn,
                                      const std::vector<ChunkStreamColumn>& columns,
                                      size_t max_chunks) {
  if (columns.empty()) return InvalidArgument("a chunk stream needs at least one column");
  std::string token = NewUuid();
  std::vector<std::string> names;
  std::string columns_sql;
  for (const ChunkStreamColumn& c : columns) {
    names.push_back(c.name);
    columns_sql += StrCat(columns_sql.empty() ? "" : ", ", SqlIdentifier(c.name), " ", c.type);
  }
  auto channel =
      std::make_shared<Channel>(token, std::move(names), std::max<size_t>(1, max_chunks));
  // The columns' types as DuckDB resolves them, through an appender on an empty temp table that
  // lives only for this call.
  std::string table = "lh_stream_" + token;
  std::erase(table, '-');
  Status created =
      conn.Execute(StrCat("CREATE TEMP TABLE ", SqlIdentifier(table), " (", columns_sql, ")"));
  if (!created.ok()) return InvalidArgument("chunk stream columns: ", created.message());
  Result<ChunkAppender> writer = [&]() -> Result<ChunkAppender> {
    LH_ASSIGN_OR_RETURN(Appender appender, conn.CreateAppender(table));
    std::vector<duckdb_logical_type> types;
    Result<ChunkAppender> made = ChunkAppender::CreateForSink(std::move(appender), channel, &types);
    for (duckdb_logical_type type : types) channel->types.emplace_back(type);
    return made;
  }();
  Status dropped = conn.Execute(StrCat("DROP TABLE IF EXISTS temp.", SqlIdentifier(table)));
  LH_RETURN_IF_ERROR(writer.status());
  LH_RETURN_IF_ERROR(dropped);
  StreamRegistry::Get().Add(channel);
  ChunkStream stream(std::move(channel));
  stream.writer_ = std::make_unique<ChunkAppender>(std::move(writer).value());
  return stream;
}

ChunkStream::ChunkStream(ChunkStream&& other) noexcept = default;

ChunkStream::~ChunkStream() {
  if (channel_ == nullptr) return;
  StreamRegistry::Get().Remove(channel_->token);
  channel_->Fail(Internal("the stream was closed before the end of the data"));
}

std::string ChunkStream::FromSql() const {
  return StrCat(kFunctionName, "(", SqlStringLiteral(channel_->token), ")");
}

Result<ChunkAppender> ChunkStream::Writer() {
  if (writer_ == nullptr) return FailedPrecondition("the stream has a writer already");
  ChunkAppender writer = std::move(*writer_);
  writer_.reset();
  return writer;
}

void ChunkStream::Fail(const Status& status) { channel_->Fail(status); }

void ChunkStream::EndReading(const Status& status) {
  (void)status;  // the caller reports it; the writer only needs to stop
  channel_->EndReading();
}

}  // namespace lakehouse
