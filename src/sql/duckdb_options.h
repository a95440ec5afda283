// Options for the embedded DuckDB engine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lakehouse {

struct DuckDbOptions {
  // Database file. Empty → in-memory (datasets live as Parquet in buckets; DuckDB holds only views
  // and the hot cache, so nothing durable is lost by keeping it in memory).
  std::string database_path;
  // DuckDB memory_limit, e.g. "4GB". Empty → DuckDB's default (80% of RAM).
  std::string memory_limit;
  // DuckDB worker threads. 0 → DuckDB's default (number of cores).
  int threads = 0;
  // Connections in the pool = concurrent queries. Requests beyond wait for a free connection.
  int pool_size = 8;
  // Spill directory for larger-than-memory operators. Empty → DuckDB's default.
  std::string temp_directory;
  // Default and maximum per-query timeout in milliseconds.
  int64_t query_timeout_ms = 30'000;
  int64_t max_query_timeout_ms = 600'000;
  // Budget of the hot cache (pinned datasets as in-memory tables), in estimated bytes. Past it the
  // least recently used pinned datasets are evicted. Larger keeps more datasets hot at the cost of
  // DuckDB memory (counted against memory_limit).
  int64_t hot_cache_bytes = int64_t{1} << 30;
  // Share of hot_cache_bytes (percent, 0–100) that results of queries over pinned datasets may
  // hold (the result cache, sql/result_cache.h); they count against hot_cache_bytes together with
  // the tables and give way first. 0 turns the result cache off. Larger answers more repeated
  // queries from memory at the cost of room for pinned tables.
  int64_t result_cache_percent = 25;
  // Largest single result the result cache keeps (estimated bytes of its JSON document); larger
  // results always run. 0 = only the result cache's budget limits it.
  int64_t result_cache_max_result_bytes = int64_t{16} << 20;
  // Automatic compaction: a commit that leaves a dataset with more live data files than this
  // queues it for the background compactor. Lower keeps reads fast (fewer files per view) at the
  // cost of rewriting data more often. 0 turns automatic compaction off (POST /query/compact
  // still works).
  int64_t compact_after_files = 16;

  // Sandbox (set by the composition root, not by config): when true the database reads and writes
  // files only under `allowed_directories` (enable_external_access=false plus DuckDB's
  // allowed_directories), and lock_configuration=true keeps SQL from changing any setting. Other
  // files (e.g. read_csv('/etc/passwd')) fail with PERMISSION_DENIED.
  bool sandboxed = false;
  std::vector<std::string> allowed_directories;  // absolute directory paths
};

}  // namespace lakehouse
