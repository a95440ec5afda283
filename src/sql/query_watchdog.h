// QueryWatchdog: enforces per-query timeouts. One background thread watches the deadlines of the
// statements registered with Run(); when one passes it interrupts that connection
// (duckdb_interrupt) and the statement's failure is reported as DEADLINE_EXCEEDED instead of
// CANCELLED.
//
//   QueryWatchdog watchdog;  // one per process, owned by the composition root
//   auto timeout = EffectiveQueryTimeout(options, requested_ms);
//   LH_ASSIGN_OR_RETURN(QueryResult r, watchdog.Query(*lease, sql, timeout));
//
// A statement may also come with a `client_gone` check (HttpRequest::client_gone): the watchdog
// calls it 50 ms after the start and every 100 ms after that, and once it returns true interrupts
// the statement like a timeout; the failure is then CANCELLED ("the client disconnected"), logged
// and counted (disconnect_interrupts()). The check runs on the watchdog thread under its lock, so
// it must be quick and must not block.
//
// After an interrupt the watchdog repeats it every few milliseconds until the statement
// returns, so an interrupt that lands just before DuckDB starts executing is not lost.
// Deadlines use std::chrono::steady_clock: they are real waits, so an injected Clock cannot drive
// them.
//
// Thread-safety: thread-safe. Destroying the watchdog while Run() is active is a programmer error.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "common/mutex.h"
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
  // `timeout`, interrupts `connection`; a failure after that becomes DEADLINE_EXCEEDED. If
  // `client_gone` (optional) reports the client gone first, interrupts it too; a failure after
  // that becomes CANCELLED. A body that succeeds despite a late interrupt keeps its result.
  Result<QueryResult> Run(Connection& connection, std::chrono::milliseconds timeout,
                          const std::function<Result<QueryResult>()>& body,
                          const std::function<bool()>& client_gone = nullptr);

  // Run() around connection.Query(sql).
  Result<QueryResult> Query(Connection& connection, std::string_view sql,
                            std::chrono::milliseconds timeout);

  // Statements interrupted because their client disconnected, since start.
  int64_t disconnect_interrupts() const { return disconnect_interrupts_.load(); }

 private:
  struct Watch {
    Connection* connection;
    std::chrono::steady_clock::time_point next_interrupt;
    const std::function<bool()>* client_gone;  // null or empty → no check
    std::chrono::steady_clock::time_point next_check;
    bool fired = false;        // guarded by QueryWatchdog::mu_
    bool client_left = false;  // guarded by QueryWatchdog::mu_
  };
  void Loop();

  Mutex mu_;
  std::condition_variable changed_;
  std::vector<Watch*> watches_ LH_GUARDED_BY(mu_);  // each points into an active Run() frame
  bool stopping_ LH_GUARDED_BY(mu_) = false;
  std::atomic<int64_t> disconnect_interrupts_{0};
  std::thread thread_;  // started last, joined first
};

// The timeout for one query: DuckDbOptions::query_timeout_ms when `requested_ms` is absent or not
// positive, otherwise `requested_ms` capped at DuckDbOptions::max_query_timeout_ms.
std::chrono::milliseconds EffectiveQueryTimeout(const DuckDbOptions& options,
                                                std::optional<int64_t> requested_ms);

}  // namespace lakehouse
