// RequestWorkers: the fixed pool of threads that run route handlers for HttpServer, fed in
// arrival order (FIFO across all connections, so no connection can starve another). Network I/O
// never runs here: libmicrohttpd's event loop reads and writes sockets, and a request reaches a
// worker only once its headers (and, for whole-body routes, its body) have arrived.
//
// Thread-safety: thread-safe. Submit may be called from any thread; the destructor drains the
// queue and joins the threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/mutex.h"

namespace lakehouse {

class RequestWorkers {
 public:
  explicit RequestWorkers(int threads);
  ~RequestWorkers();
  RequestWorkers(const RequestWorkers&) = delete;
  RequestWorkers& operator=(const RequestWorkers&) = delete;

  void Submit(std::function<void()> task);

  // Tasks waiting for a thread (a gauge for tests and metrics).
  int64_t queued() const;

 private:
  void Loop();

  mutable Mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_ LH_GUARDED_BY(mu_);
  bool stopping_ LH_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace lakehouse
