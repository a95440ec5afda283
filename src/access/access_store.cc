#include "access/access_store.h"

#include "access/access_store_schema.h"
#include "catalog/catalog_statement.h"

namespace lakehouse {
namespace {

std::string RolesText(const std::vector<std::string>& roles) {
  Json out = Json::array();
  for (const std::string& r : roles) out.push_back(r);
  return DumpJson(out);
}

Result<std::vector<std::string>> ParseRoles(const std::string& text) {
  LH_ASSIGN_OR_RETURN(Json json, ParseJson(text));
  std::vector<std::string> out;
  if (!json.is_array()) return DataLoss("access_keys.roles is not a JSON array");
  for (const Json& r : json) {
    if (!r.is_string()) return DataLoss("access_keys.roles holds a non-string");
    out.push_back(r.get<std::string>());
  }
  return out;
}

}  // namespace

AccessStore::AccessStore(Metastore* metastore) : metastore_(metastore) {
  metastore_->RegisterStoreSchema(kAccessStoreName, AccessStoreMigrations());
}

Status AccessStore::InsertKey(const ApiKeyRecord& key) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(
        auto stmt, db.Prepare("INSERT INTO access_keys (id, prefix, principal, roles, description, "
                              "secret_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, key.id));
    LH_RETURN_IF_ERROR(stmt.BindText(2, key.prefix));
    LH_RETURN_IF_ERROR(stmt.BindText(3, key.principal));
    LH_RETURN_IF_ERROR(stmt.BindText(4, RolesText(key.roles)));
    LH_RETURN_IF_ERROR(stmt.BindText(5, key.description));
    LH_RETURN_IF_ERROR(stmt.BindText(6, key.sha256));
    LH_RETURN_IF_ERROR(stmt.BindInt(7, key.created_at));
    return stmt.Run();
  });
}

Result<std::vector<ApiKeyRecord>> AccessStore::ListKeys(bool include_revoked) {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::vector<ApiKeyRecord>> {
    LH_ASSIGN_OR_RETURN(
        auto stmt,
        db.Prepare(std::string("SELECT id, prefix, principal, roles, description, secret_sha256, "
                               "created_at, revoked_at FROM access_keys") +
                   (include_revoked ? "" : " WHERE revoked_at IS NULL") +
                   " ORDER BY created_at, id"));
    std::vector<ApiKeyRecord> out;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      ApiKeyRecord key;
      key.id = stmt.ColumnText(0);
      key.prefix = stmt.ColumnText(1);
      key.principal = stmt.ColumnText(2);
      LH_ASSIGN_OR_RETURN(key.roles, ParseRoles(stmt.ColumnText(3)));
      key.description = stmt.ColumnText(4);
      key.sha256 = stmt.ColumnText(5);
      key.created_at = stmt.ColumnInt(6);
      key.revoked_at = stmt.ColumnOptionalInt(7);
      out.push_back(std::move(key));
    }
    return out;
  });
}

Status AccessStore::RevokeKey(std::string_view id, int64_t now) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(
        auto stmt,
        db.Prepare("UPDATE access_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"));
    LH_RETURN_IF_ERROR(stmt.BindInt(1, now));
    LH_RETURN_IF_ERROR(stmt.BindText(2, id));
    LH_RETURN_IF_ERROR(stmt.Run());
    if (db.Changes() == 0) return NotFound("API key '", std::string(id), "' does not exist");
    return Status::Ok();
  });
}

Status AccessStore::InsertRole(const Role& role) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    Json grants = Json::array();
    for (const Grant& g : role.grants) grants.push_back(GrantToJson(g));
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("INSERT INTO access_roles (name, description, "
                                              "grants, created_at) VALUES (?, ?, ?, ?)"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, role.name));
    LH_RETURN_IF_ERROR(stmt.BindText(2, role.description));
    LH_RETURN_IF_ERROR(stmt.BindText(3, DumpJson(grants)));
    LH_RETURN_IF_ERROR(stmt.BindInt(4, role.created_at));
    Status inserted = stmt.Run();
    if (inserted.code() == StatusCode::kAlreadyExists) {
      return AlreadyExists("role '", role.name, "' already exists");
    }
    return inserted;
  });
}

Result<std::vector<Role>> AccessStore::ListRoles() {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::vector<Role>> {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT name, description, grants, created_at FROM "
                                              "access_roles ORDER BY name COLLATE NOCASE"));
    std::vector<Role> out;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      Role role;
      role.name = stmt.ColumnText(0);
      role.description = stmt.ColumnText(1);
      LH_ASSIGN_OR_RETURN(Json grants, ParseJson(stmt.ColumnText(2)));
      if (!grants.is_array()) return DataLoss("access_roles.grants is not a JSON array");
      for (const Json& g : grants) {
        LH_ASSIGN_OR_RETURN(Grant grant, GrantFromJson(g));
        role.grants.push_back(std::move(grant));
      }
      role.created_at = stmt.ColumnInt(3);
      out.push_back(std::move(role));
    }
    return out;
  });
}

Status AccessStore::DeleteRole(std::string_view name) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("DELETE FROM access_roles WHERE name = ?"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, name));
    LH_RETURN_IF_ERROR(stmt.Run());
    if (db.Changes() == 0) return NotFound("role '", std::string(name), "' does not exist");
    return Status::Ok();
  });
}

}  // namespace lakehouse
