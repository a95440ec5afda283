// ValidateConfig: the whole-config check LoadConfig runs after merging file, environment and flags.
// It re-runs every key's own check from the key table (so a Config built in code is held to the
// same ranges as a loaded one) and adds the rules that span keys:
//
//   - sql.query_timeout_ms must not exceed sql.max_query_timeout_ms;
//   - every [[storage.buckets]] entry has a valid name (storage/storage_options.h), backend "local"
//     and a non-empty root, and names are unique;
//   - storage.rescue_bucket is empty (no rescue) or names a configured bucket or "primary", which
//     always exists even when not listed. A rescue bucket that does not exist would only surface
//     as a failed fallback in the middle of a read, so it is refused at start-up instead.
//
// Errors are INVALID_ARGUMENT naming the offending key(s); the first problem found is returned.
// Thread-safety: stateless, safe from any thread.
#pragma once

#include <string_view>

#include "common/status.h"
#include "config/config.h"

namespace lakehouse {

// The bucket that always exists, at <data_dir>/buckets/primary unless configured otherwise.
inline constexpr std::string_view kPrimaryBucket = "primary";

Status ValidateConfig(const Config& config);

}  // namespace lakehouse
