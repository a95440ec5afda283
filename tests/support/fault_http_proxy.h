// FaultHttpProxy: a loopback HTTP/1.1 forwarder that injects faults between a client and a real
// server (here: the S3 store and Swift). Each request is read whole, then answered with an
// injected error, dropped (connection closed without an answer), delayed, or forwarded byte for
// byte (Host and every signed header untouched, so SigV4 still verifies) on a fresh upstream
// connection; every answer closes the client connection.
//
// Rules match a request whose first line contains `match` ("" = any) and fire `times` times.
//
// Thread-safety: thread-safe; one thread per connection.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/mutex.h"
#include "common/result.h"

namespace lakehouse::testing {

class FaultHttpProxy {
 public:
  static Result<std::unique_ptr<FaultHttpProxy>> Start(int upstream_port);
  ~FaultHttpProxy();

  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Answer the next `times` matching requests with `status` and an S3 error document.
  void FailNext(int times, int status, const std::string& match = "");
  // Close the connection without answering the next `times` matching requests.
  void DropNext(int times, const std::string& match = "");
  // Forward the next `times` matching requests, then drop every later one (the server "dies").
  void DieAfter(int times, const std::string& match = "");
  // Delay every forwarded request by `ms` before forwarding.
  void SetDelayMs(int ms) { delay_ms_ = ms; }
  void Reset();

  // Requests whose first line contains `match`, as seen so far.
  int CountSeen(const std::string& match = "") const;

 private:
  enum class Action { kFail, kDrop, kDieAfter };
  struct Rule {
    Action action;
    int remaining;
    int status;
    std::string match;
  };
  FaultHttpProxy() = default;
  void AcceptLoop();
  void Serve(int client);

  int listen_fd_ = -1;
  int port_ = 0;
  int upstream_port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> delay_ms_{0};
  std::thread acceptor_;
  mutable Mutex mu_;
  std::vector<Rule> rules_ LH_GUARDED_BY(mu_);
  bool dead_ LH_GUARDED_BY(mu_) = false;
  std::vector<std::string> seen_ LH_GUARDED_BY(mu_);
  std::vector<std::thread> workers_ LH_GUARDED_BY(mu_);
};

}  // namespace lakehouse::testing
