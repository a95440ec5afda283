#include "api/access_schemas.h"

#include "http/json_schema.h"

namespace lakehouse::access_schemas {
namespace {

using schema::Array;
using schema::Boolean;
using schema::Closed;
using schema::Enum;
using schema::Nullable;
using schema::Object;
using schema::Opt;
using schema::Req;
using schema::String;

Json Clearance() { return Enum({"public", "internal", "confidential", "restricted"}); }

Json GrantIn() {
  return Closed({Req("target", String("a dataset name, \"tag:<tag>\" or \"*\"")),
                 Req("permission", Enum({"read", "write", "admin"})),
                 Opt("max_unmasked", Clearance()),
                 Opt("row_filter", String("a SQL predicate over the dataset's columns"))});
}

Json GrantOut() {
  return Object({Req("target", String()), Req("permission", Enum({"read", "write", "admin"})),
                 Req("max_unmasked", Clearance()), Opt("row_filter", String())});
}

std::vector<schema::Property> KeyProperties() {
  return {Req("id", String("public key id")),
          Req("prefix", String("the key's first characters, \"lh_<id>\"")),
          Req("principal", String()),
          Req("roles", Array(String())),
          Req("description", String()),
          Req("source", Enum({"api", "config"})),
          Req("created_at", Nullable(String())),
          Req("revoked_at", Nullable(String()))};
}

}  // namespace

Json CreateKeyRequest() {
  return Closed({Req("principal", String("who the key identifies")),
                 Opt("roles", Array(String(), "default [\"analyst\"]")),
                 Opt("description", String())});
}

Json CreateRoleRequest() {
  return Closed(
      {Req("name", String()), Opt("description", String()), Req("grants", Array(GrantIn()))});
}

Json CreatedKey() {
  std::vector<schema::Property> properties = KeyProperties();
  properties.push_back(Req("key", String("the whole key; shown this once, never again")));
  return Object(properties);
}

Json KeyList() { return Object({Req("keys", Array(Object(KeyProperties())))}); }

Json Revoked() { return Object({Req("revoked", String())}); }

Json Role() {
  return Object({Req("name", String()), Req("description", String()), Req("built_in", Boolean()),
                 Req("unrestricted", Boolean()), Req("grants", Array(GrantOut()))});
}

Json RoleList() { return Object({Req("roles", Array(Role()))}); }

Json RoleDeleted() { return Object({Req("deleted", String())}); }

Json WhoAmI() {
  return Object({Req("principal", String()), Req("roles", Array(String())),
                 Req("key_id", Nullable(String())), Req("dev_mode", Boolean()),
                 Req("unrestricted", Boolean()), Req("admin", Boolean()),
                 Req("grants", Array(GrantOut())),
                 Req("fingerprint", String("equal for principals who see the same data"))});
}

}  // namespace lakehouse::access_schemas
