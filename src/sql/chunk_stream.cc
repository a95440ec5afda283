#include "sql/chunk_stream.h"

#include <duckdb.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "common/ids.h"
#include "sql/duckdb_status.h"
#include "sql/logical_type.h"
#include "sql/sql_literal.h"

namespace lakehouse {

using sql_detail::LogicalType;

constexpr std::string_view kFunctionName = "lh_chunk_stream";

struct ChunkStream::Channel : ChunkSink {
  Channel(std::string token, std::vector<std::string> names, std::vector<LogicalType> types,
          std::vector<duckdb_logical_type> writer_types, size_t max_chunks)
      : token(std::move(token)),
        names(std::move(names)),
        types(std::move(types)),
        writer_types(std::move(writer_types)),
        max_chunks(max_chunks) {}
  ~Channel() override {
    Clear();
    for (duckdb_logical_type& type : writer_types) duckdb_destroy_logical_type(&type);
  }

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
  const std::vector<LogicalType> types;
  std::vector<duckdb_logical_type> writer_types;  // owned until Writer() takes them
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

bool FunctionExists(Connection& conn) {
  Result<QueryResult> found =
      conn.Query(StrCat("SELECT count(*) > 0 FROM duckdb_functions() WHERE function_name = ",
                        SqlStringLiteral(kFunctionName)));
  return found.ok() && found->FetchScalar() == Json(true);
}

// Registers lh_chunk_stream(VARCHAR) on the connection's database unless it already is.
Status EnsureRegistered(Connection& conn, duckdb_connection raw) {
  if (FunctionExists(conn)) return Status::Ok();
  duckdb_table_function function = duckdb_create_table_function();
  duckdb_table_function_set_name(function, std::string(kFunctionName).c_str());
  LogicalType varchar(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
  duckdb_table_function_add_parameter(function, varchar.get());
  duckdb_table_function_set_bind(function, Bind);
  duckdb_table_function_set_init(function, Init);
  duckdb_table_function_set_function(function, Produce);
  const duckdb_state registered = duckdb_register_table_function(raw, function);
  duckdb_destroy_table_function(&function);
  // Another connection may have registered it meanwhile.
  if (registered != DuckDBSuccess && !FunctionExists(conn)) {
    return Internal("cannot register the table function ", kFunctionName);
  }
  return Status::Ok();
}

}  // namespace

Result<ChunkStream> ChunkStream::Open(Connection& conn,
                                      const std::vector<ChunkStreamColumn>& columns,
                                      size_t max_chunks) {
  if (columns.empty()) return InvalidArgument("a chunk stream needs at least one column");
  LH_RETURN_IF_ERROR(EnsureRegistered(conn, conn.conn_));
  // The columns' types as DuckDB resolves them, from a statement that is only prepared.
  std::string select;
  std::vector<std::string> names;
  for (const ChunkStreamColumn& c : columns) {
    select += StrCat(select.empty() ? "SELECT " : ", ", "CAST(NULL AS ", c.type, ") AS ",
                     SqlIdentifier(c.name));
    names.push_back(c.name);
  }
  duckdb_prepared_statement prepared = nullptr;
  const duckdb_state state = duckdb_prepare(conn.conn_, select.c_str(), &prepared);
  std::vector<LogicalType> types;
  std::vector<duckdb_logical_type> writer_types;  // a second copy, for the writer
  Status status;
  if (state != DuckDBSuccess) {
    status = InvalidArgument("chunk stream columns: ", duckdb_prepare_error(prepared));
  } else {
    for (idx_t i = 0; i < columns.size(); ++i) {
      types.emplace_back(duckdb_prepared_statement_column_logical_type(prepared, i));
      writer_types.push_back(duckdb_prepared_statement_column_logical_type(prepared, i));
    }
  }
  duckdb_destroy_prepare(&prepared);
  auto channel =
      std::make_shared<Channel>(NewUuid(), std::move(names), std::move(types),
                                std::move(writer_types), std::max<size_t>(1, max_chunks));
  LH_RETURN_IF_ERROR(status);
  StreamRegistry::Get().Add(channel);
  return ChunkStream(std::move(channel));
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
  if (channel_->writer_types.empty()) return FailedPrecondition("the stream has a writer already");
  std::vector<duckdb_logical_type> types = std::move(channel_->writer_types);
  channel_->writer_types.clear();
  return ChunkAppender::Create(channel_, types);
}

void ChunkStream::Fail(const Status& status) { channel_->Fail(status); }

void ChunkStream::EndReading(const Status& status) {
  (void)status;  // the caller reports it; the writer only needs to stop
  channel_->EndReading();
}

}  // namespace lakehouse
