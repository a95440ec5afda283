// Mutex, SharedMutex and their scoped locks: std::mutex / std::shared_mutex with clang
// thread-safety annotations (common/thread_annotations.h), so members declared
// `T x_ LH_GUARDED_BY(mu_);` are checked at compile time by the `tsa` check (`make tsa`).
//
//   Mutex mu_;
//   std::condition_variable cv_;
//   int pending_ LH_GUARDED_BY(mu_) = 0;
//   ...
//   MutexLock lock(mu_);
//   cv_.wait(lock.native(), [this]() LH_REQUIRES(mu_) { return pending_ == 0; });
//
// A lambda is analysed as a function of its own: one that reads guarded members under a lock its
// caller holds says so with LH_REQUIRES. std::condition_variable waits on MutexLock::native().
//
// Thread-safety: Mutex and SharedMutex are thread-safe (they are the synchronisation); a lock
// object belongs to the one thread that made it.
#pragma once

#include <mutex>
#include <shared_mutex>

#include "common/thread_annotations.h"

namespace lakehouse {

class LH_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() LH_ACQUIRE() { mu_.lock(); }
  void Unlock() LH_RELEASE() { mu_.unlock(); }
  bool TryLock() LH_TRY_ACQUIRE(true) { return mu_.try_lock(); }
  // Tells the analysis the caller holds the mutex (where it cannot see the acquisition).
  void AssertHeld() const LH_ASSERT_CAPABILITY(this) {}

 private:
  friend class MutexLock;
  std::mutex mu_;
};

// Holds a Mutex for its scope (std::unique_lock underneath, for condition variables).
class LH_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) LH_ACQUIRE(mu) : lock_(mu.mu_) {}
  ~MutexLock() LH_RELEASE() {}
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  // Releases early / takes the mutex again (e.g. around slow work).
  void Unlock() LH_RELEASE() { lock_.unlock(); }
  void Lock() LH_ACQUIRE() { lock_.lock(); }

  // For std::condition_variable::wait*; the mutex is held again when a wait returns.
  std::unique_lock<std::mutex>& native() { return lock_; }

 private:
  std::unique_lock<std::mutex> lock_;
};

// A reader-writer mutex (std::shared_mutex; see vector/shared_mutex.h for a writer-preferring one).
class LH_CAPABILITY("shared_mutex") SharedMutex {
 public:
  SharedMutex() = default;
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;

  void Lock() LH_ACQUIRE() { mu_.lock(); }
  void Unlock() LH_RELEASE() { mu_.unlock(); }
  bool TryLock() LH_TRY_ACQUIRE(true) { return mu_.try_lock(); }
  void LockShared() LH_ACQUIRE_SHARED() { mu_.lock_shared(); }
  void UnlockShared() LH_RELEASE_SHARED() { mu_.unlock_shared(); }

 private:
  std::shared_mutex mu_;
};

// Holds a SharedMutex exclusively for its scope.
class LH_SCOPED_CAPABILITY WriterMutexLock {
 public:
  explicit WriterMutexLock(SharedMutex& mu) LH_ACQUIRE(mu) : mu_(mu) { mu_.Lock(); }
  ~WriterMutexLock() LH_RELEASE() { mu_.Unlock(); }
  WriterMutexLock(const WriterMutexLock&) = delete;
  WriterMutexLock& operator=(const WriterMutexLock&) = delete;

 private:
  SharedMutex& mu_;
};

// Holds a SharedMutex shared for its scope.
class LH_SCOPED_CAPABILITY ReaderMutexLock {
 public:
  explicit ReaderMutexLock(SharedMutex& mu) LH_ACQUIRE_SHARED(mu) : mu_(mu) { mu_.LockShared(); }
  ~ReaderMutexLock() LH_RELEASE() { mu_.UnlockShared(); }
  ReaderMutexLock(const ReaderMutexLock&) = delete;
  ReaderMutexLock& operator=(const ReaderMutexLock&) = delete;

 private:
  SharedMutex& mu_;
};

}  // namespace lakehouse
