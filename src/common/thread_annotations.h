// Clang thread-safety analysis attributes (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html)
// under LH_ names. Under clang with -Wthread-safety they make the compiler check that a member
// marked LH_GUARDED_BY(mu_) is only touched with mu_ held, that a function marked
// LH_REQUIRES(mu_) is only called with it held, and so on; under other compilers they expand to
// nothing. The capabilities they name are lakehouse::Mutex / SharedMutex (common/mutex.h):
// std::mutex carries no annotations in libstdc++.
//
// Thread-safety: macros only.
#pragma once

#if defined(__clang__)
#define LH_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define LH_THREAD_ANNOTATION(x)
#endif

// On a data member: reads and writes need the capability (writes: exclusively).
#define LH_GUARDED_BY(x) LH_THREAD_ANNOTATION(guarded_by(x))
// On a pointer member: the pointee is guarded (the pointer itself is not).
#define LH_PT_GUARDED_BY(x) LH_THREAD_ANNOTATION(pt_guarded_by(x))
// On a function: callers must hold the capability (exclusively / at least shared).
#define LH_REQUIRES(...) LH_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define LH_REQUIRES_SHARED(...) LH_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
// On a function: callers must not hold the capability (the function takes it).
#define LH_EXCLUDES(...) LH_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// On a function: it takes / releases the capability (none named: `this`).
#define LH_ACQUIRE(...) LH_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define LH_ACQUIRE_SHARED(...) LH_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define LH_RELEASE(...) LH_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define LH_RELEASE_SHARED(...) LH_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define LH_TRY_ACQUIRE(...) LH_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define LH_TRY_ACQUIRE_SHARED(...) LH_THREAD_ANNOTATION(try_acquire_shared_capability(__VA_ARGS__))
// On a function: the capability is held after it returns (a runtime check, or a fact the
// analysis cannot see).
#define LH_ASSERT_CAPABILITY(x) LH_THREAD_ANNOTATION(assert_capability(x))
// On a function returning a reference to a capability.
#define LH_RETURN_CAPABILITY(x) LH_THREAD_ANNOTATION(lock_returned(x))
// On a class: it is a capability (a mutex) / an RAII holder of one.
#define LH_CAPABILITY(x) LH_THREAD_ANNOTATION(capability(x))
#define LH_SCOPED_CAPABILITY LH_THREAD_ANNOTATION(scoped_lockable)
// On a function: skip the analysis (say why beside it).
#define LH_NO_THREAD_SAFETY_ANALYSIS LH_THREAD_ANNOTATION(no_thread_safety_analysis)
