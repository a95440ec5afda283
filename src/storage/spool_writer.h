// SpoolWriter: a helper thread that SHA-256-hashes buffers and writes them to a file descriptor,
// in the order they were submitted, so the thread receiving an upload only copies bytes into the
// next buffer. Hashing (≈ 60 ms per 100 MB) and the write() calls overlap with the receiving.
//
// Memory is bounded: at most kMaxQueued buffers wait for the helper; Submit blocks beyond that.
// A write error is sticky: it is returned by the next Submit and by Finish, and later buffers are
// dropped unwritten.
//
// An optional observer sees every buffer on the helper thread, after it was hashed and written
// (the ingest endpoint scans uploads there while they stream in).
//
// Thread-safety: one thread calls Submit and Finish (the owner); the helper thread is internal.
// The observer runs on the helper thread; whatever it touches may be read by the owner once
// Finish has returned (Finish joins the helper).
// Ownership: does not own the file descriptor; it must stay open until Finish returns or the
// SpoolWriter is destroyed (the destructor drops queued buffers and joins the helper).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/hash.h"
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
  // error seen so far: RESOURCE_EXHAUSTED on ENOSPC, UNAVAILABLE otherwise.
  Status Submit(std::string* buffer);
  // Waits until everything submitted is written; returns the first error, or the lower-case hex
  // SHA-256 of all submitted bytes. Call at most once; Submit must not follow.
  Result<std::string> Finish();

 private:
  void Run();

  const int fd_;
  const SpoolObserver observer_;
  Sha256 hasher_;  // used by the helper thread only (and by Finish after the join)

  std::mutex mu_;
  std::condition_variable work_ready_;   // queue_ non-empty or closing_
  std::condition_variable space_ready_;  // queue_ shorter than kMaxQueued
  std::deque<std::string> queue_;
  std::vector<std::string> free_;
  Status error_;
  bool closing_ = false;
  bool abandoned_ = false;  // destroyed without Finish: drop what is queued

  std::thread helper_;  // last: starts after the members above exist
};

}  // namespace lakehouse
