// How writers retry a commit that lost a race: another writer or a background compaction moved the
// dataset on between the writer's read and its commit. Appends, upserts and tombstones commute
// with what got there first, so contention must cost time, never the client's request.
//
// Thread-safety: thread-safe (the jitter source is per thread).
#pragma once

namespace lakehouse {

// Attempts in all, the first included, before a conflicting commit is reported to the client.
inline constexpr int kMaxCommitAttempts = 32;

// Sleeps before retry number `attempt` (1-based): jittered, 1 ms doubling to 64 ms, so writers
// that collided spread out instead of colliding again.
void CommitBackoff(int attempt);

}  // namespace lakehouse
