// Sensitivity: how carefully a dataset or column must be handled. Ordered, so the effective
// sensitivity of a dataset is the maximum of what its owner declared and what its columns carry.
// PiiKind: the kinds of personal data the catalog recognises (see pii_detector.h).
//
// Thread-safety: plain values and pure functions; thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

enum class Sensitivity { kPublic = 0, kInternal = 1, kConfidential = 2, kRestricted = 3 };

inline constexpr std::array<Sensitivity, 4> kAllSensitivities = {
    Sensitivity::kPublic, Sensitivity::kInternal, Sensitivity::kConfidential,
    Sensitivity::kRestricted};

// "public" | "internal" | "confidential" | "restricted"
std::string_view SensitivityName(Sensitivity s);
// Exact lower-case names only; anything else → INVALID_ARGUMENT.
Result<Sensitivity> ParseSensitivity(std::string_view name);
inline Sensitivity MaxSensitivity(Sensitivity a, Sensitivity b) { return std::max(a, b); }

enum class PiiKind {
  kEmail,
  kPhone,
  kSsn,
  kCreditCard,
  kIpAddress,
  kDateOfBirth,
  kStreetAddress,
  kSalary,
  kMedical,
};

inline constexpr std::array<PiiKind, 9> kAllPiiKinds = {
    PiiKind::kEmail,         PiiKind::kPhone,     PiiKind::kSsn,
    PiiKind::kCreditCard,    PiiKind::kIpAddress, PiiKind::kDateOfBirth,
    PiiKind::kStreetAddress, PiiKind::kSalary,    PiiKind::kMedical};

// "email" | "phone" | "ssn" | "credit_card" | "ip_address" | "date_of_birth" | "street_address" |
// "salary" | "medical"
std::string_view PiiKindName(PiiKind kind);
Result<PiiKind> ParsePiiKind(std::string_view name);

// The sensitivity a column holding this kind of data has at least: SSN, card and medical →
// restricted; email, phone, address, date of birth and salary → confidential; IP → internal.
Sensitivity SensitivityForPii(PiiKind kind);

}  // namespace lakehouse
