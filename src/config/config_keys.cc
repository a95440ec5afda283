#include "config/config_keys.h"

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <type_traits>
#include <utility>

#include "embed/model_id.h"

namespace lakehouse {
namespace {

// Accessor for a field of the table's target, usable on both const and mutable targets.
#define LH_CONFIG_FIELD(member) \
  [](auto& target) -> auto& { return target.member; }

std::string Quoted(std::string_view s) { return StrCat("'", std::string(s), "'"); }

std::string JoinQuoted(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::string_view item : items) out += (out.empty() ? "" : ", ") + Quoted(item);
  return out;
}

// Builders for KeyBinding<Target>: each entry of the tables below is one call.
template <typename Target>
struct Key {
  static KeyBinding<Target> Base(std::string_view path, std::string_view env, ConfigValueType type,
                                 bool secret = false) {
    KeyBinding<Target> key;
    key.path = path;
    key.env_var = env;
    key.type = type;
    key.secret = secret;
    return key;
  }

  template <typename Access>
  using FieldOf = std::remove_cvref_t<decltype(std::declval<Access>()(std::declval<Target&>()))>;

  // An integer field; values outside [min, max] (clamped to what the field can hold) are refused.
  template <typename Access>
  static KeyBinding<Target> Int(std::string_view path, std::string_view env, Access access,
                                int64_t min, int64_t max = std::numeric_limits<int64_t>::max()) {
    using Field = FieldOf<Access>;
    max = std::min<int64_t>(max, std::numeric_limits<Field>::max());
    min = std::max<int64_t>(min, std::numeric_limits<Field>::min());
    KeyBinding<Target> key = Base(path, env, ConfigValueType::kInteger);
    key.check = [path, min, max](const ConfigValue& value) -> Status {
      int64_t v = std::get<int64_t>(value);
      if (v >= min && v <= max) return Status::Ok();
      // Upper bounds that only reflect the field's width are reported separately.
      if (max == std::numeric_limits<Field>::max()) {
        return InvalidArgument(path, v < min ? " must be at least " : " must be at most ",
                               std::to_string(v < min ? min : max), ", got ", std::to_string(v));
      }
      return InvalidArgument(path, " must be between ", std::to_string(min), " and ",
                             std::to_string(max), ", got ", std::to_string(v));
    };
    key.set = [access](Target& t, const ConfigValue& v) {
      access(t) = static_cast<Field>(std::get<int64_t>(v));
    };
    key.get = [access](const Target& t) { return ConfigValue(static_cast<int64_t>(access(t))); };
    return key;
  }

  // A string field; `allowed` non-empty restricts it to those values, `non_empty` forbids "".
  template <typename Access>
  static KeyBinding<Target> String(std::string_view path, std::string_view env, Access access,
                                   bool non_empty = false,
                                   std::vector<std::string_view> allowed = {}) {
    KeyBinding<Target> key = Base(path, env, ConfigValueType::kString);
    key.check = [path, non_empty, allowed](const ConfigValue& value) -> Status {
      const auto& v = std::get<std::string>(value);
      if (non_empty && v.empty()) return InvalidArgument(path, " must not be empty");
      if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
        return InvalidArgument(path, " must be one of ", JoinQuoted(allowed), ", got ", Quoted(v));
      }
      return Status::Ok();
    };
    key.set = [access](Target& t, const ConfigValue& v) { access(t) = std::get<std::string>(v); };
    key.get = [access](const Target& t) { return ConfigValue(access(t)); };
    return key;
  }

  // A string logged redacted (API keys).
  template <typename Access>
  static KeyBinding<Target> SecretString(std::string_view path, std::string_view env,
                                         Access access) {
    KeyBinding<Target> key = String(path, env, access);
    key.secret = true;
    return key;
  }

  template <typename Access>
  static KeyBinding<Target> NonEmptyString(std::string_view path, std::string_view env,
                                           Access access) {
    return String(path, env, access, /*non_empty=*/true);
  }

  template <typename Access>
  static KeyBinding<Target> OneOf(std::string_view path, std::string_view env, Access access,
                                  std::span<const std::string_view> allowed) {
    return String(path, env, access, /*non_empty=*/true, {allowed.begin(), allowed.end()});
  }

  // A string field accepted when `valid` holds; `rule` tells the user what is accepted.
  template <typename Access>
  static KeyBinding<Target> Matching(std::string_view path, std::string_view env, Access access,
                                     bool (*valid)(std::string_view), std::string_view rule) {
    KeyBinding<Target> key = String(path, env, access);
    key.check = [path, valid, rule](const ConfigValue& value) -> Status {
      const auto& v = std::get<std::string>(value);
      if (valid(v)) return Status::Ok();
      return InvalidArgument(path, " ", Quoted(v), " is invalid: ", rule);
    };
    return key;
  }

  // A list of non-empty strings.
  template <typename Access>
  static KeyBinding<Target> List(std::string_view path, std::string_view env, Access access,
                                 bool secret = false) {
    KeyBinding<Target> key = Base(path, env, ConfigValueType::kStringList, secret);
    key.check = [path](const ConfigValue& value) -> Status {
      const auto& items = std::get<std::vector<std::string>>(value);
      for (size_t i = 0; i < items.size(); ++i) {
        if (items[i].empty()) {
          return InvalidArgument(path, "[", std::to_string(i), "] must not be an empty string");
        }
      }
      return Status::Ok();
    };
    key.set = [access](Target& t, const ConfigValue& v) {
      access(t) = std::get<std::vector<std::string>>(v);
    };
    key.get = [access](const Target& t) { return ConfigValue(access(t)); };
    return key;
  }

  template <typename Access>
  static KeyBinding<Target> SecretList(std::string_view path, std::string_view env, Access access) {
    return List(path, env, access, /*secret=*/true);
  }
};

constexpr std::array<std::string_view, 2> kBucketBackends = {"local", "s3"};
constexpr std::array<std::string_view, 2> kBucketUrlStyles = {"path", "virtual"};

using C = Key<Config>;
using B = Key<BucketOptions>;

bool IsEmptyOrHttpUrl(std::string_view v) {
  return v.empty() || ((v.starts_with("http://") || v.starts_with("https://")) &&
                       v.find_first_of(" \t\r\n") == std::string_view::npos);
}

bool IsModelId(std::string_view v) { return ParseModelId(v).ok(); }

bool IsEmptyOrRemoteModelId(std::string_view v) {
  if (v.empty()) return true;
  Result<ModelId> id = ParseModelId(v);
  return id.ok() && id->provider != ModelProvider::kBuiltin;
}

bool IsEmptyOrRerankModelId(std::string_view v) {
  return v.empty() ||
         ((v.starts_with("tei/") && v.size() > 4) || (v.starts_with("openai/") && v.size() > 7));
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view ConfigValueTypeName(ConfigValueType type) {
  switch (type) {
    case ConfigValueType::kString:
      return "a string";
    case ConfigValueType::kInteger:
      return "an integer";
    case ConfigValueType::kStringList:
      return "an array of strings";
  }
  return "a value";
}

const std::vector<ConfigKey>& ConfigKeys() {
  // Ranges: ports are TCP ports (0 = ephemeral); counts, sizes and timeouts must be positive;
  // sql.threads 0 means DuckDB's default. Cross-key rules live in ValidateConfig.
  static const std::vector<ConfigKey> keys = {
      C::NonEmptyString("data_dir", "LAKEHOUSE_DATA_DIR", LH_CONFIG_FIELD(data_dir)),
      C::OneOf("log.level", "LAKEHOUSE_LOG_LEVEL", LH_CONFIG_FIELD(log.level), kLogLevels),
      C::OneOf("log.format", "LAKEHOUSE_LOG_FORMAT", LH_CONFIG_FIELD(log.format), kLogFormats),
      C::NonEmptyString("server.host", "LAKEHOUSE_HOST", LH_CONFIG_FIELD(server.host)),
      C::Int("server.port", "LAKEHOUSE_PORT", LH_CONFIG_FIELD(server.port), 0, 65535),
      C::Int("server.threads", "LAKEHOUSE_THREADS", LH_CONFIG_FIELD(server.threads), 1),
      C::Int("server.max_body_bytes", "LAKEHOUSE_MAX_BODY_BYTES",
             LH_CONFIG_FIELD(server.max_body_bytes), 1),
      C::Int("server.keep_alive_max_count", "", LH_CONFIG_FIELD(server.keep_alive_max_count), 1),
      C::Int("server.keep_alive_timeout_s", "", LH_CONFIG_FIELD(server.keep_alive_timeout_s), 1),
      C::Int("server.read_timeout_s", "", LH_CONFIG_FIELD(server.read_timeout_s), 1),
      C::Int("server.write_timeout_s", "", LH_CONFIG_FIELD(server.write_timeout_s), 1),
      C::Int("server.header_timeout_ms", "LAKEHOUSE_HEADER_TIMEOUT_MS",
             LH_CONFIG_FIELD(server.header_timeout_ms), 1),
      C::Int("server.body_timeout_ms", "LAKEHOUSE_BODY_TIMEOUT_MS",
             LH_CONFIG_FIELD(server.body_timeout_ms), 1),
      C::Int("server.body_min_bytes_per_s", "", LH_CONFIG_FIELD(server.body_min_bytes_per_s), 1),
      C::SecretList("server.api_keys", "LAKEHOUSE_API_KEYS", LH_CONFIG_FIELD(server.api_keys)),
      C::List("server.cors_allowed_origins", "LAKEHOUSE_CORS_ALLOWED_ORIGINS",
              LH_CONFIG_FIELD(server.cors_allowed_origins)),
      C::NonEmptyString("grpc.host", "LAKEHOUSE_GRPC_HOST", LH_CONFIG_FIELD(grpc.host)),
      C::Int("grpc.port", "LAKEHOUSE_GRPC_PORT", LH_CONFIG_FIELD(grpc.port), -1, 65535),
      C::String("sql.database_path", "", LH_CONFIG_FIELD(sql.database_path)),
      C::String("sql.memory_limit", "LAKEHOUSE_SQL_MEMORY_LIMIT",
                LH_CONFIG_FIELD(sql.memory_limit)),
      C::Int("sql.threads", "LAKEHOUSE_SQL_THREADS", LH_CONFIG_FIELD(sql.threads), 0),
      C::Int("sql.pool_size", "LAKEHOUSE_SQL_POOL_SIZE", LH_CONFIG_FIELD(sql.pool_size), 1),
      C::String("sql.temp_directory", "", LH_CONFIG_FIELD(sql.temp_directory)),
      C::Int("sql.query_timeout_ms", "LAKEHOUSE_SQL_QUERY_TIMEOUT_MS",
             LH_CONFIG_FIELD(sql.query_timeout_ms), 1),
      C::Int("sql.max_query_timeout_ms", "", LH_CONFIG_FIELD(sql.max_query_timeout_ms), 1),
      C::Int("sql.hot_cache_bytes", "LAKEHOUSE_SQL_HOT_CACHE_BYTES",
             LH_CONFIG_FIELD(sql.hot_cache_bytes), 0),
      C::Int("sql.result_cache_percent", "LAKEHOUSE_SQL_RESULT_CACHE_PERCENT",
             LH_CONFIG_FIELD(sql.result_cache_percent), 0, 100),
      C::Int("sql.result_cache_max_result_bytes", "",
             LH_CONFIG_FIELD(sql.result_cache_max_result_bytes), 0),
      C::Int("sql.compact_after_files", "LAKEHOUSE_SQL_COMPACT_AFTER_FILES",
             LH_CONFIG_FIELD(sql.compact_after_files), 0),
      C::String("storage.rescue_bucket", "", LH_CONFIG_FIELD(storage.rescue_bucket)),
      C::List("storage.allowed_roots", "LAKEHOUSE_STORAGE_ALLOWED_ROOTS",
              LH_CONFIG_FIELD(storage.allowed_roots)),
      C::Int("storage.s3_cache_bytes", "LAKEHOUSE_STORAGE_S3_CACHE_BYTES",
             LH_CONFIG_FIELD(storage.s3_cache_bytes), 0),
      C::List("storage.s3_allowed_endpoints", "LAKEHOUSE_STORAGE_S3_ALLOWED_ENDPOINTS",
              LH_CONFIG_FIELD(storage.s3_allowed_endpoints)),
      C::Matching("ai.ollama_url", "LAKEHOUSE_AI_OLLAMA_URL", LH_CONFIG_FIELD(ai.ollama_url),
                  IsEmptyOrHttpUrl, "expected \"\" or an http:// or https:// URL"),
      C::Matching("ai.openai_url", "LAKEHOUSE_AI_OPENAI_URL", LH_CONFIG_FIELD(ai.openai_url),
                  IsEmptyOrHttpUrl, "expected \"\" or an http:// or https:// URL"),
      C::SecretString("ai.openai_api_key", "LAKEHOUSE_AI_OPENAI_API_KEY",
                      LH_CONFIG_FIELD(ai.openai_api_key)),
      C::String("ai.openai_api_key_file", "LAKEHOUSE_AI_OPENAI_API_KEY_FILE",
                LH_CONFIG_FIELD(ai.openai_api_key_file)),
      C::Matching("ai.embed_model", "LAKEHOUSE_AI_EMBED_MODEL", LH_CONFIG_FIELD(ai.embed_model),
                  IsModelId,
                  "expected \"builtin/use-lite-v1\", \"builtin/hash-v1\", \"ollama/<model>\" "
                  "or \"openai/<model>\""),
      C::Matching("ai.generate_model", "LAKEHOUSE_AI_GENERATE_MODEL",
                  LH_CONFIG_FIELD(ai.generate_model), IsEmptyOrRemoteModelId,
                  "expected \"\", \"ollama/<model>\" or \"openai/<model>\""),
      C::Matching("ai.tei_url", "LAKEHOUSE_AI_TEI_URL", LH_CONFIG_FIELD(ai.tei_url),
                  IsEmptyOrHttpUrl, "expected \"\" or an http:// or https:// URL"),
      C::Matching("ai.rerank_model", "LAKEHOUSE_AI_RERANK_MODEL", LH_CONFIG_FIELD(ai.rerank_model),
                  IsEmptyOrRerankModelId, "expected \"\", \"tei/<model>\" or \"openai/<model>\""),
      C::Int("ai.batch_size", "LAKEHOUSE_AI_BATCH_SIZE", LH_CONFIG_FIELD(ai.batch_size), 1, 4096),
      C::Int("ai.batch_chars", "LAKEHOUSE_AI_BATCH_CHARS", LH_CONFIG_FIELD(ai.batch_chars), 1),
      C::Int("ai.ollama_concurrency", "LAKEHOUSE_AI_OLLAMA_CONCURRENCY",
             LH_CONFIG_FIELD(ai.ollama_concurrency), 1, 256),
      C::Int("ai.openai_concurrency", "LAKEHOUSE_AI_OPENAI_CONCURRENCY",
             LH_CONFIG_FIELD(ai.openai_concurrency), 1, 256),
      C::Int("ai.request_timeout_ms", "LAKEHOUSE_AI_REQUEST_TIMEOUT_MS",
             LH_CONFIG_FIELD(ai.request_timeout_ms), 1),
      C::Int("ai.generate_timeout_ms", "LAKEHOUSE_AI_GENERATE_TIMEOUT_MS",
             LH_CONFIG_FIELD(ai.generate_timeout_ms), 1),
      C::Int("ai.max_retries", "LAKEHOUSE_AI_MAX_RETRIES", LH_CONFIG_FIELD(ai.max_retries), 0, 20),
      C::Int("ai.retry_base_delay_ms", "LAKEHOUSE_AI_RETRY_BASE_DELAY_MS",
             LH_CONFIG_FIELD(ai.retry_base_delay_ms), 0),
      C::Int("ai.retry_max_delay_ms", "LAKEHOUSE_AI_RETRY_MAX_DELAY_MS",
             LH_CONFIG_FIELD(ai.retry_max_delay_ms), 0),
      C::Int("ai.builtin_dimensions", "LAKEHOUSE_AI_BUILTIN_DIMENSIONS",
             LH_CONFIG_FIELD(ai.builtin_dimensions), 8, 65536),
      C::String("ai.use_lite_dir", "LAKEHOUSE_AI_USE_LITE_DIR", LH_CONFIG_FIELD(ai.use_lite_dir)),
      C::Int("ai.use_lite_threads", "LAKEHOUSE_AI_USE_LITE_THREADS",
             LH_CONFIG_FIELD(ai.use_lite_threads), 0, 1024),
      C::Int("vectors.checkpoint_chunks", "LAKEHOUSE_VECTORS_CHECKPOINT_CHUNKS",
             LH_CONFIG_FIELD(vectors.checkpoint_chunks), 1, 1'000'000),
      C::Int("vectors.graph_rebuild_deleted_percent", "",
             LH_CONFIG_FIELD(vectors.graph_rebuild_deleted_percent), 1, 100),
      C::Int("vectors.graph_save_percent", "", LH_CONFIG_FIELD(vectors.graph_save_percent), 0, 100),
      C::Int("vectors.row_cache_bytes", "", LH_CONFIG_FIELD(vectors.row_cache_bytes), 0),
      C::Int("vectors.connections", "", LH_CONFIG_FIELD(vectors.connections), 1, 64),
      C::Int("vectors.compact_parts", "", LH_CONFIG_FIELD(vectors.compact_parts), 0, 1'000'000),
      C::Int("ingest.max_line_bytes", "LAKEHOUSE_INGEST_MAX_LINE_BYTES",
             LH_CONFIG_FIELD(ingest.max_line_bytes), 1024, int64_t{1} << 30),
      C::Int("ingest.connections", "", LH_CONFIG_FIELD(ingest.connections), 1, 64),
      C::NonEmptyString("ingest.ocr_languages", "LAKEHOUSE_INGEST_OCR_LANGUAGES",
                        LH_CONFIG_FIELD(ingest.ocr.languages)),
      C::Int("ingest.ocr_max_pages", "LAKEHOUSE_INGEST_OCR_MAX_PAGES",
             LH_CONFIG_FIELD(ingest.ocr.max_pages), 0, 100'000),
      C::Int("ingest.ocr_timeout_ms", "LAKEHOUSE_INGEST_OCR_TIMEOUT_MS",
             LH_CONFIG_FIELD(ingest.ocr.timeout_ms), 1, 86'400'000),
      C::Int("ingest.ocr_threads", "", LH_CONFIG_FIELD(ingest.ocr.threads), 1, 64),
      C::Int("ingest.ocr_dpi", "", LH_CONFIG_FIELD(ingest.ocr.dpi), 72, 600),
      C::List("schedules.watch_roots", "LAKEHOUSE_SCHEDULES_WATCH_ROOTS",
              LH_CONFIG_FIELD(schedules.watch_roots)),
      C::Int("schedules.backoff_base_s", "", LH_CONFIG_FIELD(schedules.backoff_base_s), 1, 86'400),
      C::Int("schedules.backoff_max_s", "", LH_CONFIG_FIELD(schedules.backoff_max_s), 1,
             7 * 86'400),
      C::Int("jobs.workers", "LAKEHOUSE_JOBS_WORKERS", LH_CONFIG_FIELD(jobs.workers), 1, 64),
      C::Int("audit.enabled", "LAKEHOUSE_AUDIT_ENABLED", LH_CONFIG_FIELD(audit.enabled), 0, 1),
      C::Int("audit.sync_writes", "", LH_CONFIG_FIELD(audit.sync_writes), 0, 1),
      C::Int("audit.queue_capacity", "", LH_CONFIG_FIELD(audit.queue_capacity), 1, 1'000'000),
      C::Int("audit.flush_interval_ms", "", LH_CONFIG_FIELD(audit.flush_interval_ms), 1, 60'000),
      C::Int("audit.subject_keys_max_rows", "", LH_CONFIG_FIELD(audit.subject_keys_max_rows), 0,
             1'000'000),
      C::Int("audit.segment_max_bytes", "", LH_CONFIG_FIELD(audit.segment_max_bytes), 4096),
      C::Int("audit.segment_max_age_s", "", LH_CONFIG_FIELD(audit.segment_max_age_s), 1),
      C::Int("audit.retention_days", "", LH_CONFIG_FIELD(audit.retention_days), 0),
      C::Int("journal.enabled", "LAKEHOUSE_JOURNAL_ENABLED", LH_CONFIG_FIELD(journal.enabled), 0,
             1),
      C::Int("journal.segment_max_bytes", "", LH_CONFIG_FIELD(journal.segment_max_bytes), 4096),
      C::Int("journal.segment_max_age_s", "", LH_CONFIG_FIELD(journal.segment_max_age_s), 1),
      C::Int("journal.retention_days", "", LH_CONFIG_FIELD(journal.retention_days), 0),
      C::Matching("telemetry.otlp_endpoint", "LAKEHOUSE_TELEMETRY_OTLP_ENDPOINT",
                  LH_CONFIG_FIELD(telemetry.otlp_endpoint), IsEmptyOrHttpUrl,
                  "expected \"\" or an http:// or https:// URL"),
      C::NonEmptyString("telemetry.service_name", "LAKEHOUSE_TELEMETRY_SERVICE_NAME",
                        LH_CONFIG_FIELD(telemetry.service_name)),
      C::Int("telemetry.queue_spans", "LAKEHOUSE_TELEMETRY_QUEUE_SPANS",
             LH_CONFIG_FIELD(telemetry.queue_spans), 1, 1'000'000),
      C::Int("telemetry.batch_spans", "", LH_CONFIG_FIELD(telemetry.batch_spans), 1, 100'000),
      C::Int("telemetry.flush_interval_ms", "LAKEHOUSE_TELEMETRY_FLUSH_INTERVAL_MS",
             LH_CONFIG_FIELD(telemetry.flush_interval_ms), 1, 3'600'000),
      C::Int("telemetry.export_timeout_ms", "LAKEHOUSE_TELEMETRY_EXPORT_TIMEOUT_MS",
             LH_CONFIG_FIELD(telemetry.export_timeout_ms), 1, 600'000),
      C::Int("debug.compact_pause_ms", "LAKEHOUSE_DEBUG_COMPACT_PAUSE_MS",
             LH_CONFIG_FIELD(debug.compact_pause_ms), 0),
      C::Int("debug.index_load_pause_ms", "LAKEHOUSE_DEBUG_INDEX_LOAD_PAUSE_MS",
             LH_CONFIG_FIELD(debug.index_load_pause_ms), 0),
      C::String("postgres.password_file", "LAKEHOUSE_POSTGRES_PASSWORD_FILE",
                LH_CONFIG_FIELD(postgres.password_file)),
      C::List("postgres.allowed_hosts", "LAKEHOUSE_POSTGRES_ALLOWED_HOSTS",
              LH_CONFIG_FIELD(postgres.allowed_hosts)),
      C::List("postgres.ssl_file_roots", "LAKEHOUSE_POSTGRES_SSL_FILE_ROOTS",
              LH_CONFIG_FIELD(postgres.ssl_file_roots)),
      C::String("mysql.password_file", "LAKEHOUSE_MYSQL_PASSWORD_FILE",
                LH_CONFIG_FIELD(mysql.password_file)),
      C::List("mysql.allowed_hosts", "LAKEHOUSE_MYSQL_ALLOWED_HOSTS",
              LH_CONFIG_FIELD(mysql.allowed_hosts)),
      C::SecretString("catalog.url", "LAKEHOUSE_CATALOG_URL", LH_CONFIG_FIELD(catalog.url)),
  };
  return keys;
}

const std::vector<BucketKey>& BucketKeys() {
  static const std::vector<BucketKey> keys = {
      B::Matching("name", "", LH_CONFIG_FIELD(name), IsValidBucketName,
                  "bucket names use 1-63 characters from a-z, 0-9, '_' and '-', starting with a "
                  "letter or digit"),
      B::OneOf("backend", "", LH_CONFIG_FIELD(backend), kBucketBackends),
      B::String("root", "", LH_CONFIG_FIELD(root)),
      B::Matching("endpoint", "", LH_CONFIG_FIELD(endpoint), IsEmptyOrHttpUrl,
                  "expected \"\" or an http:// or https:// URL"),
      B::NonEmptyString("region", "", LH_CONFIG_FIELD(region)),
      B::String("s3_bucket", "", LH_CONFIG_FIELD(s3_bucket)),
      B::OneOf("url_style", "", LH_CONFIG_FIELD(url_style), kBucketUrlStyles),
      B::String("access_key_id", "", LH_CONFIG_FIELD(access_key_id)),
      B::SecretString("secret_access_key", "", LH_CONFIG_FIELD(secret_access_key)),
      B::String("secret_access_key_file", "", LH_CONFIG_FIELD(secret_access_key_file)),
  };
  return keys;
}

bool IsConfigSection(std::string_view path) {
  auto is_parent = [path](std::string_view child) {
    return child.size() > path.size() && child.starts_with(path) && child[path.size()] == '.';
  };
  if (is_parent(kBucketsPath)) return true;
  return std::any_of(ConfigKeys().begin(), ConfigKeys().end(),
                     [&](const ConfigKey& key) { return is_parent(key.path); });
}

std::optional<std::string> SuggestKey(std::string_view unknown,
                                      const std::vector<std::string_view>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = 3;
  for (std::string_view candidate : candidates) {
    size_t distance = EditDistance(unknown, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

bool IsValidBucketName(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(name[0])) return false;
  return std::all_of(name.begin() + 1, name.end(),
                     [&](char c) { return lower_or_digit(c) || c == '_' || c == '-'; });
}

#undef LH_CONFIG_FIELD

}  // namespace lakehouse
