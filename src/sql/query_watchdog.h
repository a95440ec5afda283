// QueryWatchdog: enforces per-query timeouts. One background thread watches the deadlines of the
// statements registered with Run(); when one passes it interrupts that connection (duckdb_interrupt)
// and the statement's failure is reported as DEADLINE_EXCEEDED instead of CANCELLED.
//
//   QueryWatchdog watchdog;  // one per process, owned by the composition root
//   auto timeout = EffectiveQueryTimeout(options, requested_ms);
//   LH_ASSIGN_OR_RETURN(QueryResult r, watchdog.Query(*lease, sql, timeout));
//
// After the deadline the watchdog repeats the interrupt every few milliseconds until the statement
// returns, so an interrupt that lands just before DuckDB starts executing is not lost.
// Deadlines use std::chrono::steady_clock: they are real waits, so an injected Clock cannot drive them.
//
// Thread-safety: thread-safe. Destroying the watchdog while Run() is active is a programmer error.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "common/result.h"
#include "sql/connection.h"
#include "sql/duckdb_options.h"
#include "sql/query_result.h"

namespace lakehouse {

class QueryWatchdog {
 public:
  QueryWatchdog();
  QueryWatchdog(const QueryWatchdog&) = delete;
  QueryWatchdog& operator=(const QueryWatchdog&) = delete;
  ~QueryWatchdog();  // stops and joins the thread

  // Runs `body` (which uses `connection`) on the calling thread. If it has not returned after
  // `timeout`, interrupts `connection`; a failure after that becomes DEADLINE_EXCEEDED. A body that
  // succeeds despite a late interrupt keeps its result.
  Result<QueryResult> Run(Connection& connection, std::chrono::milliseconds timeout,
                          const std::function<Result<QueryResult>()>& body);

  // Run() around connection.Query(sql).
  Result<QueryResult> Query(Connection& connection, std::string_view sql,
                            std::chrono::milliseconds timeout);

 private:
  struct Watch {
    Connection* connection;
    std::chrono::steady_clock::time_point next_interrupt;
    bool fired = false;  // guarded by mu_
  };
  void Loop();

  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<Watch*> watches_;  // guarded by mu_; each points into an active Run() frame
  bool stopping_ = false;        // guarded by mu_
  std::thread thread_;           // started last, joined first
};

// The timeout for one query: DuckDbOptions::query_timeout_ms when `requested_ms` is absent or not
// positive, otherwise `requested_ms` capped at DuckDbOptions::max_query_timeout_ms.
std::chrono::milliseconds EffectiveQueryTimeout(const DuckDbOptions& options,
                                                std::optional<int64_t> requested_ms);

}  // namespace lakehouse
