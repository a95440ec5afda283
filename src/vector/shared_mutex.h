// WriterPreferringSharedMutex: a reader/writer lock that lets a waiting writer in ahead of new
// readers, with its scoped locks ExclusiveLock and SharedLock (annotated for clang's
// thread-safety analysis, so members can be LH_GUARDED_BY it; common/thread_annotations.h).
//
// std::shared_mutex on glibc is reader-preferring: under a steady stream of searches an index
// update can wait forever (measured: 300 inserts behind 3 searching threads took minutes). This
// wraps a pthread rwlock with PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP instead. Not
// recursive: a thread holding it shared must not lock it again.
//
// Thread-safety: it is the synchronisation primitive.
#pragma once

#include <pthread.h>

#include "common/thread_annotations.h"

namespace lakehouse {

class LH_CAPABILITY("shared_mutex") WriterPreferringSharedMutex {
 public:
  WriterPreferringSharedMutex() {
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&lock_, &attr);
    pthread_rwlockattr_destroy(&attr);
  }
  ~WriterPreferringSharedMutex() { pthread_rwlock_destroy(&lock_); }
  WriterPreferringSharedMutex(const WriterPreferringSharedMutex&) = delete;
  WriterPreferringSharedMutex& operator=(const WriterPreferringSharedMutex&) = delete;

  void lock() LH_ACQUIRE() { pthread_rwlock_wrlock(&lock_); }
  bool try_lock() LH_TRY_ACQUIRE(true) { return pthread_rwlock_trywrlock(&lock_) == 0; }
  void unlock() LH_RELEASE() { pthread_rwlock_unlock(&lock_); }
  void lock_shared() LH_ACQUIRE_SHARED() { pthread_rwlock_rdlock(&lock_); }
  bool try_lock_shared() LH_TRY_ACQUIRE_SHARED(true) {
    return pthread_rwlock_tryrdlock(&lock_) == 0;
  }
  void unlock_shared() LH_RELEASE_SHARED() { pthread_rwlock_unlock(&lock_); }

 private:
  pthread_rwlock_t lock_;
};

// Holds a WriterPreferringSharedMutex exclusively for its scope.
class LH_SCOPED_CAPABILITY ExclusiveLock {
 public:
  explicit ExclusiveLock(WriterPreferringSharedMutex& mu) LH_ACQUIRE(mu) : mu_(mu) { mu_.lock(); }
  ~ExclusiveLock() LH_RELEASE() { mu_.unlock(); }
  ExclusiveLock(const ExclusiveLock&) = delete;
  ExclusiveLock& operator=(const ExclusiveLock&) = delete;

 private:
  WriterPreferringSharedMutex& mu_;
};

// Holds a WriterPreferringSharedMutex shared for its scope.
class LH_SCOPED_CAPABILITY SharedLock {
 public:
  explicit SharedLock(WriterPreferringSharedMutex& mu) LH_ACQUIRE_SHARED(mu) : mu_(mu) {
    mu_.lock_shared();
  }
  ~SharedLock() LH_RELEASE() { mu_.unlock_shared(); }
  SharedLock(const SharedLock&) = delete;
  SharedLock& operator=(const SharedLock&) = delete;

 private:
  WriterPreferringSharedMutex& mu_;
};

}  // namespace lakehouse
