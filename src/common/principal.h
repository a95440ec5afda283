// Principal: who is asking. Set on every request by the server's authentication step (an API key
// identifies one principal; with no keys configured the server runs in single-user dev mode and
// every request is the dev-mode admin). Carried from the HTTP edge to the services that enforce
// policy (access/access_policy.h) and to the audit log.
//
// Thread-safety: a plain value; share it as std::shared_ptr<const Principal>.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace lakehouse {

struct Principal {
  std::string name;                // unique, e.g. "alice" or "agent-7"
  std::vector<std::string> roles;  // built-in ("admin", "analyst", "recruiter", "agent") or custom
  std::string key_id;              // the public id of the API key used; "" in dev mode
  bool dev_mode = false;           // no keys configured: the single local user, an admin

  // The principal every request runs as when the server has no keys.
  static std::shared_ptr<const Principal> DevModeAdmin() {
    auto p = std::make_shared<Principal>();
    p->name = "dev";
    p->roles = {"admin"};
    p->dev_mode = true;
    return p;
  }
};

}  // namespace lakehouse
