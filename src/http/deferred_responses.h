// DeferredResponses: requests whose handler answers later (HttpResponse::deferred), waiting with
// their connection suspended and no worker held — e.g. ?wait=true on a background job.
//
// Each waiting request is answered exactly once, by whichever comes first: its completer (from
// any thread, e.g. the job service when the job ends), the watch thread when the client has gone
// (checked every `watch_period`; 499 CANCELLED, which resumes the connection so libmicrohttpd
// sees the closed socket and ends the request), or Close() at shutdown (503 UNAVAILABLE; a
// suspended connection would keep libmicrohttpd from stopping). Completers share the state, not
// the server: one called after Close(), or after the server is gone, does nothing.
//
// Thread-safety: thread-safe. `deliver` callbacks run with the internal lock held (so Close()
// waits for a delivery in progress); they must be quick and must not call back into this object.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "common/mutex.h"
#include "http/http_types.h"

namespace lakehouse {

class DeferredResponses {
 public:
  struct Waiting {
    std::function<void(HttpResponse)> deliver;  // hands the answer to the connection
    std::function<bool()> client_gone;          // may be unset (treated as "still there")
    std::string request_id;
  };

  explicit DeferredResponses(
      std::chrono::milliseconds watch_period = std::chrono::milliseconds(250));
  ~DeferredResponses();  // Close()
  DeferredResponses(const DeferredResponses&) = delete;
  DeferredResponses& operator=(const DeferredResponses&) = delete;

  // Registers a waiting request and calls `start` with its completer (synchronously; `start`
  // may complete at once). After Close(), answers 503 at once instead.
  void Start(Waiting waiting, const std::function<void(ResponseCompleter)>& start);
  // Answers every waiting request 503, drops later completions and joins the watch thread.
  void Close();
  int64_t waiting() const;

 private:
  struct State {
    mutable Mutex mu;
    std::condition_variable changed;
    bool closed LH_GUARDED_BY(mu) = false;
    uint64_t next_id LH_GUARDED_BY(mu) = 0;
    std::map<uint64_t, Waiting> waiting LH_GUARDED_BY(mu);
  };
  static void Watch(const std::shared_ptr<State>& state, std::chrono::milliseconds period);

  const std::shared_ptr<State> state_ = std::make_shared<State>();
  std::thread watch_;
};

}  // namespace lakehouse
