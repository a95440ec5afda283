// HttpExchange: one request in flight between libmicrohttpd's event loop (the "network side",
// one thread) and a RequestWorkers thread running its handler (the "worker side").
//
// The two sides meet in bounded queues instead of blocking sockets: request body bytes flow
// network → worker (a streaming handler pulls them with HttpRequest::read_body), a streamed
// response's chunks flow worker → network. When a queue is full (or, on the network side, empty)
// that side waits: the worker on a condition variable with a deadline, the network side by
// suspending the connection, which costs no thread. Whoever makes room or adds data resumes the
// connection through `resume`. Both happen under mu_, so a resume always follows its suspend.
//
// Thread-safety: thread-safe; every member is guarded by mu_. `suspend` and `resume` are called
// with mu_ held and must not call back into the exchange.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>

#include "common/mutex.h"
#include "http/http_types.h"

namespace lakehouse {

class HttpExchange {
 public:
  using Clock = std::chrono::steady_clock;

  // `suspend` suspends the connection (called on the network thread, from libmicrohttpd's
  // callbacks), `resume` resumes it (from any thread); `buffer_bytes` bounds each queue.
  HttpExchange(std::function<void()> suspend, std::function<void()> resume, size_t buffer_bytes);

  // ---- request body, network side ----
  // Queues body bytes; returns how many were taken (0 when the queue is full: the connection is
  // suspended and the same bytes are offered again once it is resumed).
  size_t OfferBody(const char* data, size_t size);
  void FinishBody();
  // ---- request body, worker side ----
  // Pulls the body into `sink` until its end. DEADLINE_EXCEEDED when no byte arrives for
  // `idle`; CANCELLED when the connection closed; INVALID_ARGUMENT when `sink` refused a chunk.
  Status ReadBody(const BodyChunkSink& sink, std::chrono::milliseconds idle);
  bool body_complete() const;

  // ---- the response ----
  // Worker: the handler's answer is ready (for a streamed one, chunks follow through Write).
  void SetResponse(HttpResponse response);
  // Network: the response once ready (moved out). Before that, suspends the connection and
  // returns nullopt; SetResponse resumes it.
  std::optional<HttpResponse> TakeResponseOrSuspend();
  bool response_ready() const;

  // ---- a streamed response, worker side ----
  // Queues a chunk, waiting up to `idle` for room. False when the client is gone or too slow.
  bool Write(std::string_view chunk, std::chrono::milliseconds idle);
  void FinishStream(bool ok);
  // ---- a streamed response, network side ----
  // Copies up to `max` bytes into buf. Returns the count, 0 when nothing is queued yet (the
  // connection is then suspended until the writer adds some), -1 at the end of the stream, -2
  // when the stream failed.
  int64_t ReadStream(char* buf, size_t max);

  // The connection ended (completed, timed out, or the daemon stops): wakes the worker side.
  void Close();
  bool closed() const;

 private:
  void SuspendLocked() LH_REQUIRES(mu_);
  void ResumeLocked() LH_REQUIRES(mu_);

  const std::function<void()> suspend_;
  const std::function<void()> resume_;
  const size_t buffer_bytes_;

  mutable Mutex mu_;
  std::condition_variable changed_;
  bool suspended_ LH_GUARDED_BY(mu_) = false;
  bool closed_ LH_GUARDED_BY(mu_) = false;
  // request body
  std::deque<std::string> body_ LH_GUARDED_BY(mu_);
  size_t body_buffered_ LH_GUARDED_BY(mu_) = 0;
  bool body_done_ LH_GUARDED_BY(mu_) = false;
  // response
  std::optional<HttpResponse> response_ LH_GUARDED_BY(mu_);
  bool response_set_ LH_GUARDED_BY(mu_) = false;
  // streamed response
  std::deque<std::string> out_ LH_GUARDED_BY(mu_);
  size_t out_front_offset_ LH_GUARDED_BY(mu_) = 0;
  size_t out_buffered_ LH_GUARDED_BY(mu_) = 0;
  bool out_done_ LH_GUARDED_BY(mu_) = false;
  bool out_ok_ LH_GUARDED_BY(mu_) = true;
};

}  // namespace lakehouse
