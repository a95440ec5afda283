// Durable POSIX file primitives shared by the local object store and the bucket registry: errno →
// Status mapping, crash-safe whole-file replacement, moving files in, appends and reads.
//
// Every function takes a `context` ("bucket 'primary': put 'a/b'") that prefixes error messages in
// place of the file's path, so messages returned to clients never reveal the server's layout.
//
// Thread-safety: the functions are thread-safe; concurrent writers to one path each write their own
// temporary file and the last rename wins.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

// ENOENT/ENOTDIR → NOT_FOUND; EACCES/EPERM/EROFS → PERMISSION_DENIED; ENOSPC/EDQUOT →
// INSUFFICIENT_STORAGE; ENAMETOOLONG → INVALID_ARGUMENT; EISDIR/EEXIST/ENOTEMPTY →
// FAILED_PRECONDITION; anything else → UNAVAILABLE. Message: "<context>: <strerror>".
Status ErrnoToStatus(int err, std::string_view context);

// A fresh temporary-file name (kReservedSegmentPrefix + random hex), unique per call.
std::string NewTempFileName();
// True for names produced by NewTempFileName.
bool IsTempFileName(std::string_view name);

// Replaces `path` with `data` atomically and durably: writes a temporary file in the same
// directory, fsyncs it, renames it over `path` and fsyncs the directory. The directory must exist.
// On failure the temporary file is removed and `path` is untouched.
Status WriteFileAtomically(const std::string& path, std::string_view data,
                           std::string_view context);

// Moves `source` to `target` durably: rename when both are on one filesystem, otherwise copy to a
// temporary file beside `target`, fsync, rename and unlink the source. The target directory must
// exist. NOT_FOUND (prefixed "source file") when `source` is missing.
Status MoveFileDurably(const std::string& source, const std::string& target,
                       std::string_view context);

// Appends `data` to `path` (created if missing) with a single O_APPEND write loop, then fdatasync.
Status AppendToFile(const std::string& path, std::string_view data, std::string_view context);

// Reads [offset, offset + length) of the regular file at `path`; length < 0 reads to the end and a
// range past the end is truncated. NOT_FOUND when the path is missing or not a regular file.
Result<std::string> ReadFileRange(const std::string& path, int64_t offset, int64_t length,
                                  std::string_view context);

// fsync on a directory, making renames and creations inside it durable.
Status FsyncDirectory(const std::string& dir, std::string_view context);

// fsync on a file written by someone else (e.g. DuckDB's COPY), making its contents durable.
Status FsyncFile(const std::string& path, std::string_view context);

}  // namespace lakehouse
