#include "sql/database.h"

#include <duckdb.h>

#include <utility>
#include <vector>

#include "sql/chunk_stream_function.h"
#include "sql/duckdb_status.h"
#include "sql/scalar_guards.h"

namespace lakehouse {
namespace {

// Owns a duckdb_config (destroyed even when creating or applying it fails).
class ConfigHolder {
 public:
  ConfigHolder() { state_ = duckdb_create_config(&config_); }
  ~ConfigHolder() { duckdb_destroy_config(&config_); }
  ConfigHolder(const ConfigHolder&) = delete;
  ConfigHolder& operator=(const ConfigHolder&) = delete;

  bool created() const { return state_ == DuckDBSuccess; }
  duckdb_config get() const { return config_; }

  Status Set(const std::string& name, const std::string& value) {
    if (duckdb_set_config(config_, name.c_str(), value.c_str()) != DuckDBSuccess) {
      return InvalidArgument("invalid DuckDB setting ", name, "='", value, "'");
    }
    return Status::Ok();
  }

 private:
  duckdb_config config_ = nullptr;
  duckdb_state state_ = DuckDBError;
};

}  // namespace

Result<Database> Database::Open(const DuckDbOptions& options) {
  ConfigHolder config;
  if (!config.created()) return Internal("duckdb_create_config failed");
  std::vector<std::pair<std::string, std::string>> settings = {
      {"autoinstall_known_extensions", "false"},
      {"autoload_known_extensions", "false"},
  };
  if (!options.memory_limit.empty()) settings.emplace_back("memory_limit", options.memory_limit);
  if (options.threads > 0) settings.emplace_back("threads", std::to_string(options.threads));
  if (!options.temp_directory.empty()) {
    settings.emplace_back("temp_directory", options.temp_directory);
  }
  for (const auto& [name, value] : settings) LH_RETURN_IF_ERROR(config.Set(name, value));

  duckdb_database db = nullptr;
  char* error = nullptr;
  const char* path = options.database_path.empty() ? nullptr : options.database_path.c_str();
  if (duckdb_open_ext(path, &db, config.get(), &error) != DuckDBSuccess) {
    Status status = sql_detail::StatusFromDuckDbMessage(error, "cannot open DuckDB database");
    if (error != nullptr) duckdb_free(error);
    if (db != nullptr) duckdb_close(&db);
    return status.WithContext("opening DuckDB at '" +
                              (path != nullptr ? options.database_path : ":memory:") + "'");
  }
  Database database(db);
  if (options.sandboxed) {
    LH_RETURN_IF_ERROR(database.LockDown(options.allowed_directories));
  } else {
    LH_RETURN_IF_ERROR(sql_detail::RegisterChunkStreamFunction(db));  // for ingest pulls
  }
  return database;
}

Status Database::LockDown(const std::vector<std::string>& allowed_directories) {
  LH_ASSIGN_OR_RETURN(Connection conn, Connect());
  std::string list = "[";
  for (const std::string& dir : allowed_directories) {
    if (dir.empty() || dir.find('\0') != std::string::npos) {
      return InvalidArgument("allowed directory '", dir, "' is not a path");
    }
    std::string prefix = dir.back() == '/' ? dir : dir + "/";
    std::string quoted = "'";
    for (char c : prefix) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    if (list.size() > 1) list += ", ";
    list += quoted + "'";
  }
  list += "]";
  // Order matters: allowed_directories can only be set while external access is still on, and
  // nothing can be set once the configuration is locked.
  LH_RETURN_IF_ERROR(InstallScalarGuards(conn));
  LH_RETURN_IF_ERROR(conn.Execute("SET allowed_directories = " + list));
  LH_RETURN_IF_ERROR(conn.Execute("SET enable_external_access = false"));
  return conn.Execute("SET lock_configuration = true");
}

Database::Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) duckdb_close(&db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Database::~Database() {
  if (db_ != nullptr) duckdb_close(&db_);
}

Result<Connection> Database::Connect() const {
  if (db_ == nullptr) return FailedPrecondition("DuckDB database is closed");
  duckdb_connection conn = nullptr;
  if (duckdb_connect(db_, &conn) != DuckDBSuccess) {
    if (conn != nullptr) duckdb_disconnect(&conn);
    return Internal("cannot open a DuckDB connection");
  }
  return Connection(conn);
}

std::string DuckDbLibraryVersion() {
  const char* version = duckdb_library_version();
  return version != nullptr ? version : "";
}

}  // namespace lakehouse
