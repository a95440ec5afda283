#include "catalog/sensitivity.h"

#include <string>

namespace lakehouse {

std::string_view SensitivityName(Sensitivity s) {
  switch (s) {
    case Sensitivity::kPublic:
      return "public";
    case Sensitivity::kInternal:
      return "internal";
    case Sensitivity::kConfidential:
      return "confidential";
    case Sensitivity::kRestricted:
      return "restricted";
  }
  return "restricted";
}

Result<Sensitivity> ParseSensitivity(std::string_view name) {
  for (Sensitivity s : kAllSensitivities) {
    if (SensitivityName(s) == name) return s;
  }
  return InvalidArgument("unknown sensitivity '", std::string(name),
                         "' (expected public, internal, confidential or restricted)");
}

std::string_view PiiKindName(PiiKind kind) {
  switch (kind) {
    case PiiKind::kEmail:
      return "email";
    case PiiKind::kPhone:
      return "phone";
    case PiiKind::kSsn:
      return "ssn";
    case PiiKind::kCreditCard:
      return "credit_card";
    case PiiKind::kIpAddress:
      return "ip_address";
    case PiiKind::kDateOfBirth:
      return "date_of_birth";
    case PiiKind::kStreetAddress:
      return "street_address";
    case PiiKind::kSalary:
      return "salary";
    case PiiKind::kMedical:
      return "medical";
  }
  return "unknown";
}

Result<PiiKind> ParsePiiKind(std::string_view name) {
  for (PiiKind kind : kAllPiiKinds) {
    if (PiiKindName(kind) == name) return kind;
  }
  return InvalidArgument("unknown PII kind '", std::string(name), "'");
}

Sensitivity SensitivityForPii(PiiKind kind) {
  switch (kind) {
    case PiiKind::kSsn:
    case PiiKind::kCreditCard:
    case PiiKind::kMedical:
      return Sensitivity::kRestricted;
    case PiiKind::kEmail:
    case PiiKind::kPhone:
    case PiiKind::kStreetAddress:
    case PiiKind::kDateOfBirth:
    case PiiKind::kSalary:
      return Sensitivity::kConfidential;
    case PiiKind::kIpAddress:
      return Sensitivity::kInternal;
  }
  return Sensitivity::kRestricted;
}

}  // namespace lakehouse
