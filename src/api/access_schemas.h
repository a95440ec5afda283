// The JSON Schemas of the /access/* routes' bodies (the route contracts in api/routes.cc use
// them). Kept beside access_handlers.cc, which parses and writes these shapes.
#pragma once

#include "common/json.h"

namespace lakehouse::access_schemas {

Json CreateKeyRequest();   // POST /access/keys
Json CreateRoleRequest();  // POST /access/roles
Json CreatedKey();         // createAccessKey 201
Json KeyList();            // listAccessKeys 200
Json Revoked();            // revokeAccessKey 200
Json Role();               // createAccessRole 201
Json RoleList();           // listAccessRoles 200
Json RoleDeleted();        // deleteAccessRole 200
Json WhoAmI();             // getWhoAmI 200

}  // namespace lakehouse::access_schemas
