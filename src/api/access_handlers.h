// Handlers for /access/*: API keys, roles and who the caller is (issue 20).
//   POST   /access/keys          {"principal","roles"?,"description"?} → 201 with "key", shown once
//   GET    /access/keys          ?include_revoked=true → {"keys":[…]} (never a secret)
//   DELETE /access/keys/{id}     → {"revoked": id}; the key is refused from the next request on
//   POST   /access/roles         {"name","description"?,"grants":[{"target","permission",
//                                "max_unmasked"?,"row_filter"?}]} → 201 the role; a row filter
//                                is checked as the policy views check it (400 when refused)
//   GET    /access/roles         → {"roles":[…]} built-ins first
//   DELETE /access/roles/{name}  → {"deleted": name}
//   GET    /access/whoami        → the caller's principal, roles and effective grants
// Every route but whoami needs the admin role (in dev mode the local user is admin).
//
// Thread-safety: thread-safe (stateless over a thread-safe service).
#pragma once

#include "access/access_service.h"
#include "access/policy_views.h"
#include "http/http_types.h"

namespace lakehouse {

class AccessHandlers {
 public:
  // `views` checks grants' row filters when a role is created.
  AccessHandlers(AccessService* access, PolicyViews* views) : access_(access), views_(views) {}

  Result<HttpResponse> CreateKey(HttpRequest& request);
  Result<HttpResponse> ListKeys(HttpRequest& request);
  Result<HttpResponse> RevokeKey(HttpRequest& request);
  Result<HttpResponse> CreateRole(HttpRequest& request);
  Result<HttpResponse> ListRoles(HttpRequest& request);
  Result<HttpResponse> DeleteRole(HttpRequest& request);
  Result<HttpResponse> WhoAmI(HttpRequest& request);

 private:
  AccessService* access_;
  PolicyViews* const views_;
};

}  // namespace lakehouse
