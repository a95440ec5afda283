#include "cli/access_command.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/server_client.h"
#include "common/strings.h"

namespace lakehouse {
namespace {

struct AccessArgs {
  ServerClientOptions server;
  bool json = false;
  std::string principal;
  std::vector<std::string> roles;
  std::string description;
  bool include_revoked = false;
  std::string id;  // key id or role name
  std::vector<std::string> grants;
};

std::string Joined(const Json& array) {
  std::vector<std::string> items;
  for (const Json& v : array) items.push_back(v.is_string() ? v.get<std::string>() : DumpJson(v));
  return StrJoin(items, ",");
}

int Call(const AccessArgs& args, HttpMethod method, const std::string& path, const Json& body,
         Json* out) {
  if (int code = CallServer(args.server, method, path, body, out)) return code;
  if (args.json) std::cout << DumpJson(*out, 2) << "\n";
  return kExitOk;
}

int CreateKey(const AccessArgs& args) {
  Json body = {{"principal", args.principal}};
  if (!args.roles.empty()) body["roles"] = args.roles;
  if (!args.description.empty()) body["description"] = args.description;
  Json out;
  if (int code = Call(args, HttpMethod::kPost, "/access/keys", body, &out)) return code;
  if (args.json) return kExitOk;
  std::cout << out.value("key", "") << "\n";
  std::cerr << fmt::format("key {} for principal '{}' (roles {}); it is shown only this once\n",
                           out.value("id", ""), out.value("principal", ""),
                           Joined(out.value("roles", Json::array())));
  return kExitOk;
}

int ListKeys(const AccessArgs& args) {
  Json out;
  std::string path =
      std::string("/access/keys") + (args.include_revoked ? "?include_revoked=true" : "");
  if (int code = Call(args, HttpMethod::kGet, path, nullptr, &out)) return code;
  if (args.json) return kExitOk;
  std::cout << fmt::format("{:<14} {:<18} {:<20} {:<24} {:<7} {}\n", "ID", "PREFIX", "PRINCIPAL",
                           "ROLES", "SOURCE", "REVOKED");
  for (const Json& k : out.value("keys", Json::array())) {
    std::cout << fmt::format(
        "{:<14} {:<18} {:<20} {:<24} {:<7} {}\n", k.value("id", ""), k.value("prefix", ""),
        k.value("principal", ""), Joined(k.value("roles", Json::array())), k.value("source", ""),
        k.value("revoked_at", Json()).is_string() ? k["revoked_at"].get<std::string>() : "");
  }
  return kExitOk;
}

int RevokeKey(const AccessArgs& args) {
  Json out;
  if (int code =
          Call(args, HttpMethod::kDelete, "/access/keys/" + UrlEncode(args.id), nullptr, &out)) {
    return code;
  }
  if (!args.json) std::cout << "revoked " << args.id << "\n";
  return kExitOk;
}

// "TARGET:PERMISSION[:CLEARANCE]"; the target may itself hold a colon ("tag:hr:write").
Result<Json> ParseGrant(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t colon; (colon = text.find(':', start)) != std::string::npos; start = colon + 1) {
    parts.push_back(text.substr(start, colon - start));
  }
  parts.push_back(text.substr(start));
  auto is_permission = [](const std::string& s) {
    return s == "read" || s == "write" || s == "admin";
  };
  size_t p = parts.size() >= 2 && is_permission(parts[parts.size() - 1])   ? parts.size() - 1
             : parts.size() >= 3 && is_permission(parts[parts.size() - 2]) ? parts.size() - 2
                                                                           : 0;
  if (p == 0) {
    return InvalidArgument("--grant '", text,
                           "' must be TARGET:PERMISSION[:CLEARANCE], e.g. tag:hr:read:internal");
  }
  std::vector<std::string> target(parts.begin(), parts.begin() + static_cast<ptrdiff_t>(p));
  Json grant = {{"target", StrJoin(target, ":")}, {"permission", parts[p]}};
  if (p + 1 < parts.size()) grant["max_unmasked"] = parts[p + 1];
  return grant;
}

int CreateRole(const AccessArgs& args) {
  Json grants = Json::array();
  for (const std::string& g : args.grants) {
    Result<Json> grant = ParseGrant(g);
    if (!grant.ok()) return UsageError(grant.status().message());
    grants.push_back(*grant);
  }
  Json body = {{"name", args.id}, {"grants", grants}};
  if (!args.description.empty()) body["description"] = args.description;
  Json out;
  if (int code = Call(args, HttpMethod::kPost, "/access/roles", body, &out)) return code;
  if (!args.json) std::cout << "created role " << out.value("name", "") << "\n";
  return kExitOk;
}

int ListRoles(const AccessArgs& args) {
  Json out;
  if (int code = Call(args, HttpMethod::kGet, "/access/roles", nullptr, &out)) return code;
  if (args.json) return kExitOk;
  std::cout << fmt::format("{:<20} {:<9} {}\n", "NAME", "BUILT-IN", "GRANTS");
  for (const Json& r : out.value("roles", Json::array())) {
    std::vector<std::string> grants;
    for (const Json& g : r.value("grants", Json::array())) {
      grants.push_back(fmt::format("{}:{}:{}", g.value("target", ""), g.value("permission", ""),
                                   g.value("max_unmasked", "")));
    }
    if (r.value("unrestricted", false)) grants = {"(unrestricted)"};
    std::cout << fmt::format("{:<20} {:<9} {}\n", r.value("name", ""),
                             r.value("built_in", false) ? "yes" : "no", StrJoin(grants, " "));
  }
  return kExitOk;
}

int DeleteRole(const AccessArgs& args) {
  Json out;
  if (int code =
          Call(args, HttpMethod::kDelete, "/access/roles/" + UrlEncode(args.id), nullptr, &out)) {
    return code;
  }
  if (!args.json) std::cout << "deleted role " << args.id << "\n";
  return kExitOk;
}

int WhoAmI(const AccessArgs& args) {
  Json out;
  if (int code = Call(args, HttpMethod::kGet, "/access/whoami", nullptr, &out)) return code;
  if (args.json) return kExitOk;
  std::cout << fmt::format("principal {} (roles {}){}{}\n", out.value("principal", ""),
                           Joined(out.value("roles", Json::array())),
                           out.value("dev_mode", false) ? ", dev mode" : "",
                           out.value("admin", false) ? ", admin" : "");
  return kExitOk;
}

// Adds a leaf subcommand sharing the server options and --json.
CLI::App* Leaf(CLI::App* parent, const char* name, const char* help,
               const std::shared_ptr<AccessArgs>& args) {
  CLI::App* leaf = parent->add_subcommand(name, help);
  leaf->add_flag("--json", args->json, "Print the JSON response");
  leaf->fallthrough();
  return leaf;
}

}  // namespace

void AddAccessCommand(CLI::App* app, std::function<int()>* run) {
  auto args = std::make_shared<AccessArgs>();
  CLI::App* access = app->add_subcommand("access", "API keys, roles and who you are");
  access->require_subcommand(1);
  AddServerOptions(access, &args->server);

  CLI::App* keys = access->add_subcommand("keys", "Create, list or revoke API keys (admin)");
  keys->require_subcommand(1);
  keys->fallthrough();
  CLI::App* key_create = Leaf(keys, "create", "Create a key; prints it once", args);
  key_create->add_option("--principal", args->principal, "Who the key identifies")->required();
  key_create->add_option("--role", args->roles, "A role (repeatable; default analyst)");
  key_create->add_option("--description", args->description, "What the key is for");
  CLI::App* key_list = Leaf(keys, "list", "List keys (never their secrets)", args);
  key_list->add_flag("--include-revoked", args->include_revoked, "Also revoked keys");
  CLI::App* key_revoke = Leaf(keys, "revoke", "Revoke a key at once", args);
  key_revoke->add_option("ID", args->id, "Key id")->required();

  CLI::App* roles = access->add_subcommand("roles", "Create, list or delete roles (admin)");
  roles->require_subcommand(1);
  roles->fallthrough();
  CLI::App* role_create = Leaf(roles, "create", "Create a custom role", args);
  role_create->add_option("NAME", args->id, "Role name")->required();
  role_create
      ->add_option("--grant", args->grants,
                   "TARGET:PERMISSION[:CLEARANCE] (repeatable), e.g. tag:hr:read:internal")
      ->required();
  role_create->add_option("--description", args->description, "What the role is for");
  CLI::App* role_list = Leaf(roles, "list", "List built-in and custom roles", args);
  CLI::App* role_delete = Leaf(roles, "delete", "Delete a custom role", args);
  role_delete->add_option("NAME", args->id, "Role name")->required();

  CLI::App* whoami = Leaf(access, "whoami", "Who the server thinks you are", args);

  access->callback([=] {
    *run = [=]() -> int {
      if (key_create->parsed()) return CreateKey(*args);
      if (key_list->parsed()) return ListKeys(*args);
      if (key_revoke->parsed()) return RevokeKey(*args);
      if (role_create->parsed()) return CreateRole(*args);
      if (role_list->parsed()) return ListRoles(*args);
      if (role_delete->parsed()) return DeleteRole(*args);
      if (whoami->parsed()) return WhoAmI(*args);
      return UsageError("choose a subcommand: keys, roles or whoami");
    };
  });
}

}  // namespace lakehouse
