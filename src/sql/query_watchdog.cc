#include "sql/query_watchdog.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <string>
#include <utility>

#include "common/logging.h"
#include "common/mutex.h"

namespace lakehouse {
namespace {
// How often an expired statement is interrupted again until it returns.
constexpr std::chrono::milliseconds kReinterruptInterval(5);
// When a statement's client is first checked, and how often after that.
constexpr std::chrono::milliseconds kFirstClientCheck(50);
constexpr std::chrono::milliseconds kClientCheckInterval(100);

bool HasClientCheck(const std::function<bool()>* check) { return check != nullptr && *check; }
}  // namespace

QueryWatchdog::QueryWatchdog() : thread_([this] { Loop(); }) {}

QueryWatchdog::~QueryWatchdog() {
  {
    MutexLock lock(mu_);
    assert(watches_.empty() && "QueryWatchdog destroyed while a query is being watched");
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void QueryWatchdog::Loop() {
  MutexLock lock(mu_);
  while (!stopping_) {
    if (watches_.empty()) {
      changed_.wait(lock.native());
      continue;
    }
    // A copy: wait_until reads its deadline again after waking, when the Watch may be gone.
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    for (const Watch* watch : watches_) {
      deadline = std::min(deadline, watch->next_interrupt);
      if (HasClientCheck(watch->client_gone) && !watch->client_left) {
        deadline = std::min(deadline, watch->next_check);
      }
    }
    if (changed_.wait_until(lock.native(), deadline) == std::cv_status::no_timeout) {
      continue;  // the set changed (or a spurious wake-up): recompute the earliest deadline
    }
    const auto now = std::chrono::steady_clock::now();
    for (Watch* watch : watches_) {
      if (HasClientCheck(watch->client_gone) && !watch->client_left && watch->next_check <= now) {
        watch->next_check = now + kClientCheckInterval;
        if ((*watch->client_gone)()) {
          watch->client_left = true;
          watch->next_interrupt = now;
        }
      }
      if (watch->next_interrupt > now) continue;
      // Interrupting under the lock keeps the connection alive: Run() unregisters under it too.
      watch->fired = true;
      watch->connection->Interrupt();
      watch->next_interrupt = now + kReinterruptInterval;
    }
  }
}

Result<QueryResult> QueryWatchdog::Run(Connection& connection, std::chrono::milliseconds timeout,
                                       const std::function<Result<QueryResult>()>& body,
                                       const std::function<bool()>& client_gone) {
  const auto start = std::chrono::steady_clock::now();
  Watch watch{&connection, start + std::max(timeout, std::chrono::milliseconds(0)), &client_gone,
              start + kFirstClientCheck};
  bool fired = false;
  bool client_left = false;
  // Registered for exactly the lifetime of this scope, even if `body` throws: the watchdog thread
  // dereferences `watch` and its connection.
  class Registration {
   public:
    Registration(QueryWatchdog& dog, Watch& watch, bool& fired, bool& client_left)
        : dog_(dog), watch_(watch), fired_(fired), client_left_(client_left) {
      {
        MutexLock lock(dog_.mu_);
        dog_.watches_.push_back(&watch_);
      }
      dog_.changed_.notify_all();
    }
    ~Registration() {
      {
        MutexLock lock(dog_.mu_);
        dog_.watches_.erase(std::find(dog_.watches_.begin(), dog_.watches_.end(), &watch_));
        fired_ = watch_.fired;
        client_left_ = watch_.client_left;
      }
      dog_.changed_.notify_all();
    }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

   private:
    QueryWatchdog& dog_;
    Watch& watch_;
    bool& fired_;
    bool& client_left_;
  };

  std::optional<Result<QueryResult>> result;
  {
    Registration registration(*this, watch, fired, client_left);
    result.emplace(body());
  }
  if (client_left && fired && !result->ok()) {
    disconnect_interrupts_.fetch_add(1);
    LH_LOG_INFO("query interrupted: the client disconnected after {} ms",
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count());
    return Cancelled("the client disconnected; the query was interrupted");
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
