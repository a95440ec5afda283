#include "http/request_deadlines.h"

#include <sys/socket.h>

#include "common/logging.h"

namespace lakehouse {

RequestDeadlines::RequestDeadlines(Limits limits) : limits_(limits), watch_([this] { Watch(); }) {}

RequestDeadlines::~RequestDeadlines() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  watch_.join();
}

void RequestDeadlines::Opened(const void* connection, int fd) {
  MutexLock lock(mu_);
  connections_[connection] = Entry{fd, Phase::kAwaitingRequest, Clock::now(), 0, false};
}

void RequestDeadlines::SetPhase(const void* connection, Phase phase) {
  MutexLock lock(mu_);
  auto it = connections_.find(connection);
  if (it == connections_.end()) return;
  it->second.phase = phase;
  it->second.since = Clock::now();
  it->second.body_bytes = 0;
  it->second.paused = false;
}

void RequestDeadlines::RequestLine(const void* connection) {
  SetPhase(connection, Phase::kHeaders);
}
void RequestDeadlines::HeadersDone(const void* connection) { SetPhase(connection, Phase::kBody); }
void RequestDeadlines::BodyDone(const void* connection) { SetPhase(connection, Phase::kHandling); }
void RequestDeadlines::AwaitNext(const void* connection) {
  SetPhase(connection, Phase::kAwaitingRequest);
}

void RequestDeadlines::BodyBytes(const void* connection, size_t bytes) {
  MutexLock lock(mu_);
  auto it = connections_.find(connection);
  if (it != connections_.end()) it->second.body_bytes += static_cast<int64_t>(bytes);
}

void RequestDeadlines::BodyPaused(const void* connection, bool paused) {
  MutexLock lock(mu_);
  auto it = connections_.find(connection);
  if (it != connections_.end()) it->second.paused = paused;
}

void RequestDeadlines::Closed(const void* connection) {
  MutexLock lock(mu_);
  connections_.erase(connection);
}

int64_t RequestDeadlines::cut() const {
  MutexLock lock(mu_);
  return cut_;
}

void RequestDeadlines::Watch() {
  MutexLock lock(mu_);
  while (!stopping_) {
    stop_cv_.wait_for(lock.native(), limits_.check_period);
    const Clock::time_point now = Clock::now();
    for (auto& [connection, entry] : connections_) {
      std::chrono::milliseconds allowed;
      const char* what = nullptr;
      if (entry.phase == Phase::kAwaitingRequest) {
        allowed = limits_.idle + limits_.header;
        what = "request line";
      } else if (entry.phase == Phase::kHeaders) {
        allowed = limits_.header;
        what = "request headers";
      } else if (entry.phase == Phase::kBody && !entry.paused) {
        const int64_t rate = std::max<int64_t>(1, limits_.body_min_bytes_per_s);
        allowed = limits_.body + std::chrono::milliseconds(entry.body_bytes * 1000 / rate);
        what = "request body";
      } else {
        continue;
      }
      if (now - entry.since <= allowed) continue;
      LH_LOG_WARN("closing a connection: {} not complete after {} ms", what, allowed.count());
      ::shutdown(entry.fd, SHUT_RDWR);
      entry.phase = Phase::kHandling;  // cut once; libmicrohttpd reports the close
      ++cut_;
    }
  }
}

}  // namespace lakehouse
