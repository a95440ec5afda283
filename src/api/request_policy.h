// PolicyOf: the AccessPolicy of the principal a request runs as (issue 20). Every handler that
// reads or writes data asks this, and passes the policy down as `const AccessPolicy&`.
//
// Thread-safety: pure function.
#pragma once

#include "access/access_policy.h"
#include "common/logging.h"
#include "http/http_types.h"

namespace lakehouse {

// A policy that grants nothing: what a request runs as when no authentication step set one.
inline const std::shared_ptr<const AccessPolicy>& DenyAllPolicy() {
  static const std::shared_ptr<const AccessPolicy> deny = [] {
    auto nobody = std::make_shared<Principal>();
    nobody->name = "unauthenticated";
    return std::make_shared<const AccessPolicy>(nobody, /*unrestricted=*/false,
                                                std::vector<Grant>{});
  }();
  return deny;
}

// The policy authentication attached to `req` (the server's authenticator sets one on every
// request that reaches a non-public handler; in dev mode the dev-mode admin's). Fails closed: a
// request without one — a wiring bug, or an in-process caller that forgot to set it — sees no
// dataset and may do nothing, and the omission is logged.
inline const AccessPolicy& PolicyOf(const HttpRequest& req) {
  if (req.policy != nullptr) return *req.policy;
  LH_LOG_ERROR("request {} {} carries no access policy; refusing everything", req.request_id,
               req.path);
  return *DenyAllPolicy();
}

}  // namespace lakehouse
