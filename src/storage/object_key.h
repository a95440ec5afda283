// Object keys: the names of objects inside a bucket, and the one function that decides whether a
// client-supplied key is acceptable.
//
// A key is a '/'-separated relative path. ValidateObjectKey returns it in normal form:
//   - empty segments and "." segments are dropped ("a//b" → "a/b", "./a" → "a");
//   - the result is non-empty and at most kMaxObjectKeyBytes; each segment at most
//     kMaxKeySegmentBytes (the usual NAME_MAX), measured on the key as given;
//   - it is rejected (INVALID_ARGUMENT, with the reason) when it is absolute ("/etc/passwd"), has a
//     ".." segment, ends with '/' (that names a directory, not an object), contains a NUL or
//     another control character (C0, DEL or C1), contains a backslash, is not valid UTF-8, or has a
//     segment beginning with kReservedSegmentPrefix (the store's temporary files).
// Backslashes are rejected rather than treated as separators: guessing what "a\..\b" meant is how
// traversal bugs start, and no client of ours needs them. "%2e%2e" is an ordinary literal here;
// percent-decoding is the HTTP layer's job and happens before validation.
//
// A valid key never leaves its bucket's root lexically. Symlinks are the store's concern: the local
// backend checks that the resolved path stays under its root (local_object_store.h).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

inline constexpr size_t kMaxObjectKeyBytes = 1024;
inline constexpr size_t kMaxKeySegmentBytes = 255;
// Segments starting with this are reserved for in-flight temporary files.
inline constexpr std::string_view kReservedSegmentPrefix = ".lh-tmp.";

// Returns the normalised key, or INVALID_ARGUMENT explaining why `key` is not acceptable.
Result<std::string> ValidateObjectKey(std::string_view key);

// Validates a listing prefix. "" (everything) is allowed; otherwise the prefix obeys the key rules
// except that a trailing '/' is kept ("logs//" → "logs/", "a/./" → "a/") and a final "." is the
// start of a name ("a/." matches "a/.hidden").
Result<std::string> ValidateKeyPrefix(std::string_view prefix);

// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points > U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

}  // namespace lakehouse
