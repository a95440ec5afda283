// SpoolWriter: a helper thread that SHA-256-hashes buffers and writes them to a file descriptor,
// in the order they were submitted, so the thread receiving an upload only copies bytes into the
// next buffer. Hashing (≈ 60 ms per 100 MB) and the write() calls overlap with the receiving.
//
// Memory is bounded: at most kMaxQueued buffers wait for the helper; Submit blocks beyond that.
// A write error is sticky: it is returned by the next Submit and by Finish, and later buffers are
// dropped unwritten.
//
// Thread-safety: one thread calls Submit and Finish (the owner); the helper thread is internal.
// Ownership: does not own the file descriptor; it must stay open until Finish returns or the
// SpoolWriter is destroyed (the destructor drops queued buffers and joins the helper).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/hash.h"
#include "common/result.h"

namespace lakehouse {

class SpoolWriter {
 public:
  static constexpr size_t kMaxQueued = 2;

  explicit SpoolWriter(int fd);
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
