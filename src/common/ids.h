// Random identifiers: UUID v4 for durable ids (datasets, jobs) and short hex ids for requests.
// Thread-safety: thread-safe (each thread has its own generator).
#pragma once

#include <string>

namespace lakehouse {

std::string NewUuid();       // "3f2b…-…" (RFC 4122 v4, lower-case)
std::string NewRequestId();  // 16 hex characters
bool IsValidUuid(const std::string& s);

}  // namespace lakehouse
