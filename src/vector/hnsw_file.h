// On-disk helpers for HnswIndex: validation of hnswlib 0.6.2 index files before hnswlib reads
// them, and atomic file replacement.
//
// hnswlib trusts its input: a truncated or foreign file makes it allocate absurd sizes or read
// out of bounds. InspectHnswFile therefore checks, without loading anything, that the header is
// consistent with the expected dimensions and with itself, and that the per-element link lists
// add up to exactly the file size. (HnswIndex additionally checks every graph edge after
// loading.) The format carries no checksum: flipped bits inside vector data go unnoticed.
//
// Thread-safety: free functions; concurrent calls on different paths are safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/result.h"

namespace lakehouse {

// The header fields of an hnswlib 0.6.2 file that matter to the adapter.
struct HnswFileInfo {
  uint64_t element_count = 0;  // elements stored, live and deleted
  uint64_t m = 0;              // graph degree the file was built with
  uint64_t ef_construction = 0;
  uint64_t file_size = 0;
};

// NOT_FOUND when the file is missing; DATA_LOSS when it is truncated, corrupt, or was built for a
// different dimension count.
Result<HnswFileInfo> InspectHnswFile(const std::string& path, uint64_t dimensions);

// Size of the file hnswlib 0.6.2 writes for an index with these parameters, where
// link_list_bytes is the sum over elements of their upper-layer link-list sizes.
uint64_t HnswFileSize(uint64_t element_count, uint64_t dimensions, uint64_t m,
                      uint64_t link_list_bytes);

// Replaces `path` atomically: calls write(temp_path) for a temporary file in the same directory,
// checks that it has expected_size bytes, fsyncs it, renames it over `path` and fsyncs the
// directory. On any failure the temporary file is removed and `path` is untouched.
Status ReplaceFileAtomically(const std::string& path, uint64_t expected_size,
                             const std::function<Status(const std::string& temp_path)>& write);

}  // namespace lakehouse
