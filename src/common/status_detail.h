// StatusDetail: the structured detail a failed Status can carry (Abseil's Status::SetPayload idea),
// so that a conflict's diff travels with the error instead of through out-parameters. The one
// status→HTTP mapping (http/status_mapping.cc) renders it as a member beside "error":
//   {"error": {...}, "schema_diff": {...}}
//
// Thread-safety: immutable once attached to a Status; shared by its copies.
#pragma once

#include <memory>
#include <string>

#include "common/json.h"
#include "common/status.h"

namespace lakehouse {

struct StatusDetail {
  std::string name;  // the member of the error body that holds `value`, e.g. "schema_diff"
  Json value;
};

// `status` with detail {name, value} attached.
inline Status WithDetail(const Status& status, std::string name, Json value) {
  return status.WithDetail(
      std::make_shared<const StatusDetail>(StatusDetail{std::move(name), std::move(value)}));
}

// The detail's value when `status` carries one named `name`, else null.
inline const Json* FindDetail(const Status& status, std::string_view name) {
  const StatusDetail* detail = status.detail();
  return detail != nullptr && detail->name == name ? &detail->value : nullptr;
}

}  // namespace lakehouse
