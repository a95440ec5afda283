// PolicyOf: the AccessPolicy of the principal a request runs as (issue 20). Every handler that
// reads or writes data asks this, and passes the policy down as `const AccessPolicy&`.
//
// Thread-safety: pure function.
#pragma once

#include "access/access_policy.h"
#include "http/http_types.h"

namespace lakehouse {

// The policy authentication attached to `req`. Until authentication sets one on every request
// (access keys, issue 20), a request without one runs as the dev-mode admin.
inline const AccessPolicy& PolicyOf(const HttpRequest& req) {
  if (req.policy != nullptr) return *req.policy;
  static const std::shared_ptr<const AccessPolicy> dev_mode = AccessPolicy::DevMode();
  return *dev_mode;
}

}  // namespace lakehouse
