#include "sql/query_watchdog.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <utility>
#include <string>

namespace lakehouse {
namespace {
// How often an expired statement is interrupted again until it returns.
constexpr std::chrono::milliseconds kReinterruptInterval(5);
}  // namespace

QueryWatchdog::QueryWatchdog() : thread_([this] { Loop(); }) {}

QueryWatchdog::~QueryWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    assert(watches_.empty() && "QueryWatchdog destroyed while a query is being watched");
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void QueryWatchdog::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (watches_.empty()) {
      changed_.wait(lock);
      continue;
    }
    auto earliest = std::min_element(watches_.begin(), watches_.end(), [](Watch* a, Watch* b) {
      return a->next_interrupt < b->next_interrupt;
    });
    // A copy: wait_until reads its deadline again after waking, when the Watch may be gone.
    const std::chrono::steady_clock::time_point deadline = (*earliest)->next_interrupt;
    if (changed_.wait_until(lock, deadline) == std::cv_status::no_timeout) {
      continue;  // the set changed (or a spurious wake-up): recompute the earliest deadline
    }
    const auto now = std::chrono::steady_clock::now();
    for (Watch* watch : watches_) {
      if (watch->next_interrupt > now) continue;
      // Interrupting under the lock keeps the connection alive: Run() unregisters under it too.
      watch->fired = true;
      watch->connection->Interrupt();
      watch->next_interrupt = now + kReinterruptInterval;
    }
  }
}

Result<QueryResult> QueryWatchdog::Run(Connection& connection, std::chrono::milliseconds timeout,
                                       const std::function<Result<QueryResult>()>& body) {
  Watch watch{&connection,
              std::chrono::steady_clock::now() + std::max(timeout, std::chrono::milliseconds(0))};
  bool fired = false;
  // Registered for exactly the lifetime of this scope, even if `body` throws: the watchdog thread
  // dereferences `watch` and its connection.
  class Registration {
   public:
    Registration(QueryWatchdog& dog, Watch& watch, bool& fired)
        : dog_(dog), watch_(watch), fired_(fired) {
      {
        std::lock_guard<std::mutex> lock(dog_.mu_);
        dog_.watches_.push_back(&watch_);
      }
      dog_.changed_.notify_all();
    }
    ~Registration() {
      {
        std::lock_guard<std::mutex> lock(dog_.mu_);
        dog_.watches_.erase(std::find(dog_.watches_.begin(), dog_.watches_.end(), &watch_));
        fired_ = watch_.fired;
      }
      dog_.changed_.notify_all();
    }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

   private:
    QueryWatchdog& dog_;
    Watch& watch_;
    bool& fired_;
  };

  std::optional<Result<QueryResult>> result;
  {
    Registration registration(*this, watch, fired);
    result.emplace(body());
  }
  if (fired && !result->ok()) {
    return DeadlineExceeded("query exceeded its timeout of ", std::to_string(timeout.count()),
                            " ms and was cancelled");
  }
  return std::move(*result);
}

Result<QueryResult> QueryWatchdog::Query(Connection& connection, std::string_view sql,
                                         std::chrono::milliseconds timeout) {
  return Run(connection, timeout, [&connection, sql] { return connection.Query(sql); });
}

std::chrono::milliseconds EffectiveQueryTimeout(const DuckDbOptions& options,
                                                std::optional<int64_t> requested_ms) {
  int64_t ms = (requested_ms && *requested_ms > 0) ? *requested_ms : options.query_timeout_ms;
  return std::chrono::milliseconds(std::min(ms, options.max_query_timeout_ms));
}

}  // namespace lakehouse
