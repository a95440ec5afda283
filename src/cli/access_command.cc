// `lakehouse access …`: API keys, roles and who you are, over HTTP (/access/*). Every subcommand
// takes --json (print the server's JSON).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/command_table.h"
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

// The parsed values every access subcommand reads.
AccessArgs ArgsOf(const Invocation& in) {
  AccessArgs args;
  args.server = in.server();
  args.json = in.Has("--json");
  args.principal = in.Get("--principal");
  args.roles = in.List("--role");
  args.description = in.Get("--description");
  args.include_revoked = in.Has("--include-revoked");
  args.id = in.Has("ID") ? in.Get("ID") : in.Get("NAME");
  args.grants = in.All("--grant");
  return args;
}

int RunCreateKey(const Invocation& in) { return CreateKey(ArgsOf(in)); }
int RunListKeys(const Invocation& in) { return ListKeys(ArgsOf(in)); }
int RunRevokeKey(const Invocation& in) { return RevokeKey(ArgsOf(in)); }
int RunCreateRole(const Invocation& in) { return CreateRole(ArgsOf(in)); }
int RunListRoles(const Invocation& in) { return ListRoles(ArgsOf(in)); }
int RunDeleteRole(const Invocation& in) { return DeleteRole(ArgsOf(in)); }
int RunWhoAmI(const Invocation& in) { return WhoAmI(ArgsOf(in)); }

}  // namespace

std::vector<CommandSpec> AccessCommands() {
  return {
      {"access",
       "API keys, roles and who you are",
       "lakehouse access (keys|roles|whoami) …",
       {},
       {},
       "lakehouse access whoami",
       {}},
      {"access keys",
       "Create, list or revoke API keys (admin)",
       "lakehouse access keys (create|list|revoke) …",
       {},
       {},
       "lakehouse access keys list",
       {}},
      {"access keys create",
       "Create an API key for a principal; prints it once",
       "lakehouse access keys create --principal P [--role R]… [--description TEXT] [--json]",
       {},
       {{"--principal", FlagType::kString, "Who the key identifies", true},
        {"--role", FlagType::kList, "A role (repeatable; default analyst)"},
        {"--description", FlagType::kString, "What the key is for"},
        JsonFlag()},
       "lakehouse access keys create --principal ann --role analyst",
       {"POST /access/keys"},
       RunCreateKey},
      {"access keys list",
       "List API keys, never their secrets",
       "lakehouse access keys list [--include-revoked] [--json]",
       {},
       {{"--include-revoked", FlagType::kBool, "Also revoked keys"}, JsonFlag()},
       "lakehouse access keys list",
       {"GET /access/keys"},
       RunListKeys},
      {"access keys revoke",
       "Revoke an API key at once",
       "lakehouse access keys revoke ID [--json]",
       {{"ID", "Key id"}},
       {JsonFlag()},
       "lakehouse access keys revoke 3f2a9c1b7d0e",
       {"DELETE /access/keys/{id}"},
       RunRevokeKey},
      {"access roles",
       "Create, list or delete roles (admin)",
       "lakehouse access roles (create|list|delete) …",
       {},
       {},
       "lakehouse access roles list",
       {}},
      {"access roles create",
       "Create a custom role from grants",
       "lakehouse access roles create NAME --grant TARGET:PERM[:CLEARANCE]… [--description TEXT] "
       "[--json]",
       {{"NAME", "Role name"}},
       {{"--grant", FlagType::kList,
         "TARGET:PERMISSION[:CLEARANCE] (repeatable), e.g. tag:hr:read:internal", true},
        {"--description", FlagType::kString, "What the role is for"},
        JsonFlag()},
       "lakehouse access roles create hr_reader --grant tag:hr:read:confidential",
       {"POST /access/roles"},
       RunCreateRole},
      {"access roles list",
       "List the built-in and custom roles",
       "lakehouse access roles list [--json]",
       {},
       {JsonFlag()},
       "lakehouse access roles list",
       {"GET /access/roles"},
       RunListRoles},
      {"access roles delete",
       "Delete a custom role",
       "lakehouse access roles delete NAME [--json]",
       {{"NAME", "Role name"}},
       {JsonFlag()},
       "lakehouse access roles delete hr_reader",
       {"DELETE /access/roles/{name}"},
       RunDeleteRole},
      {"access whoami",
       "Who the server thinks you are",
       "lakehouse access whoami [--json]",
       {},
       {JsonFlag()},
       "lakehouse access whoami",
       {"GET /access/whoami"},
       RunWhoAmI},
  };
}

}  // namespace lakehouse
