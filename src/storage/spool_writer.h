// SpoolWriter: two helper threads that take the buffers of an upload in submission order, so the
// thread receiving it only copies bytes into the next buffer: one SHA-256-hashes them (≈ 60 ms
// per 100 MB), the other writes them to a file descriptor and shows them to the observer. Both
// read the same buffer at once; it is recycled when both are done. One helper doing all of it
// was the bottleneck of a 100 MB upload (the receiving thread waited ≈ 75–165 ms for it).
//
// Memory is bounded: at most kMaxQueued buffers wait for either helper; Submit blocks beyond that.
// A write error is sticky: it is returned by the next Submit and by Finish, and later buffers are
// dropped unwritten.
//
// An optional observer sees every buffer on the writing helper, after it was written (the ingest
// endpoint scans uploads there while they stream in).
//
// Thread-safety: one thread calls Submit and Finish (the owner); the helper threads are internal.
// The observer runs on a helper thread; whatever it touches may be read by the owner once Finish
// has returned (Finish joins the helpers).
// Ownership: does not own the file descriptor; it must stay open until Finish returns or the
// SpoolWriter is destroyed (the destructor drops queued buffers and joins the helpers).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/hash.h"
#include "common/mutex.h"
#include "common/result.h"

namespace lakehouse {

// Sees the bytes of each buffer, in order.
using SpoolObserver = std::function<void(std::string_view bytes)>;

class SpoolWriter {
 public:
  static constexpr size_t kMaxQueued = 2;

  explicit SpoolWriter(int fd, SpoolObserver observer = nullptr);
  ~SpoolWriter();
  SpoolWriter(const SpoolWriter&) = delete;
  SpoolWriter& operator=(const SpoolWriter&) = delete;

  // Queues *buffer's bytes for hashing and writing, and leaves in *buffer an empty string to fill
  // next (a recycled buffer when one is free, so capacity is reused). Returns the first write
  // error seen so far: INSUFFICIENT_STORAGE on ENOSPC/EDQUOT, UNAVAILABLE otherwise.
  Status Submit(std::string* buffer);
  // Waits until everything submitted is written; returns the first error, or the lower-case hex
  // SHA-256 of all submitted bytes. Call at most once; Submit must not follow.
  Result<std::string> Finish();

 private:
  enum Stage { kHash = 0, kWrite = 1, kStages = 2 };
  struct Buffer {
    std::string bytes;
    int stages_left = kStages;  // guarded by SpoolWriter::mu_
  };

  void Run(Stage stage);
  void Join();

  const int fd_;
  const SpoolObserver observer_;
  Sha256 hasher_;  // the hashing helper's (and Finish's after the join)

  Mutex mu_;
  std::condition_variable work_ready_;   // a queue non-empty, or closing_
  std::condition_variable space_ready_;  // both queues shorter than kMaxQueued, or an error
  std::deque<std::shared_ptr<Buffer>> queues_[kStages] LH_GUARDED_BY(mu_);
  std::vector<std::string> free_ LH_GUARDED_BY(mu_);
  Status error_ LH_GUARDED_BY(mu_);
  bool closing_ LH_GUARDED_BY(mu_) = false;
  bool abandoned_ LH_GUARDED_BY(mu_) = false;  // destroyed without Finish: drop what is queued

  std::thread helpers_[kStages];  // last: they start after the members above exist
};

}  // namespace lakehouse
