// Lexical path containment, for the checks that keep server-side paths (bucket roots, database
// certificate files) inside the roots an operator allowed. Callers resolve symlinks and `..`
// first (std::filesystem::canonical / weakly_canonical); these functions only compare text.
//
// Thread-safety: pure functions.
#pragma once

#include <string>

namespace lakehouse {

// True when `inner` is `outer` or lies below it. Both absolute, normalised, without a trailing
// slash (except "/" itself, which contains everything). "/data/bucketsX" is not under
// "/data/buckets".
bool IsSameOrUnder(const std::string& inner, const std::string& outer);

// `path` without trailing slashes ("/" stays "/").
std::string WithoutTrailingSlash(std::string path);

}  // namespace lakehouse
