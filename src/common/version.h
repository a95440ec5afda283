// Build identity of this binary.
#pragma once

namespace lakehouse {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace lakehouse
