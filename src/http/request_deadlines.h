// RequestDeadlines: whole-request deadlines for HttpServer's connections (issue 15 item 5).
// libmicrohttpd's own timeout is an inactivity timeout, reset by every byte, so a client
// trickling one header or body byte every few seconds kept its request open forever. This class
// follows each connection through the phases of its current request, from the network thread's
// callbacks, and a watch thread cuts a connection (shutdown(2) on its socket; libmicrohttpd then
// sees the end of the stream and closes it, without an answer, as it does for its own timeouts)
// once its phase has lasted too long:
//   awaiting request — from the moment the connection is ready for a request (accepted, or its
//                      previous response sent) until the request line is complete: `idle`
//                      (the announced keep-alive time) plus `header`;
//   headers          — from the request line until the headers are complete: `header`;
//   body             — from the headers until the body is complete: `body` plus one second per
//                      `body_min_bytes_per_s` bytes received (a minimum average rate), not while
//                      the server itself is not reading (a streamed body waiting for its handler);
//   handling         — the handler, a deferred answer and the response: no deadline here (the
//                      worker's read/write timeouts apply).
//
// Thread-safety: thread-safe. The network thread reports phases; the watch thread only calls
// shutdown(2) on a descriptor whose connection has not been reported Closed (the lock is held
// across the call, and libmicrohttpd reports a close before it closes the descriptor).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <thread>
#include <unordered_map>

#include "common/mutex.h"

namespace lakehouse {

class RequestDeadlines {
 public:
  using Clock = std::chrono::steady_clock;
  struct Limits {
    std::chrono::milliseconds idle{6'000};
    std::chrono::milliseconds header{10'000};
    std::chrono::milliseconds body{30'000};
    int64_t body_min_bytes_per_s = 64 * 1024;
    std::chrono::milliseconds check_period{100};
  };

  explicit RequestDeadlines(Limits limits);  // starts the watch thread
  ~RequestDeadlines();                       // stops and joins it
  RequestDeadlines(const RequestDeadlines&) = delete;
  RequestDeadlines& operator=(const RequestDeadlines&) = delete;

  // ---- the network thread, per connection (`connection` is an opaque key) ----
  void Opened(const void* connection, int fd);  // awaiting a request from now
  void RequestLine(const void* connection);     // the request line is in: headers from now
  void HeadersDone(const void* connection);     // the body phase starts
  void BodyBytes(const void* connection, size_t bytes);
  // While the server does not read the body (its queue is full), the body clock is not checked.
  void BodyPaused(const void* connection, bool paused);
  void BodyDone(const void* connection);   // handling: no deadline
  void AwaitNext(const void* connection);  // response sent: awaiting the next request
  void Closed(const void* connection);

  int64_t cut() const;  // connections cut so far

 private:
  enum class Phase { kAwaitingRequest, kHeaders, kBody, kHandling };
  struct Entry {
    int fd = -1;
    Phase phase = Phase::kAwaitingRequest;
    Clock::time_point since;
    int64_t body_bytes = 0;
    bool paused = false;
  };
  void SetPhase(const void* connection, Phase phase);
  void Watch();

  const Limits limits_;
  mutable Mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ LH_GUARDED_BY(mu_) = false;
  std::unordered_map<const void*, Entry> connections_ LH_GUARDED_BY(mu_);
  int64_t cut_ LH_GUARDED_BY(mu_) = 0;
  std::thread watch_;
};

}  // namespace lakehouse
