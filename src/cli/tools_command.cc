// `lakehouse tools list|show|call|create|delete|audit`: the governed tool registry (issue 21).
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command_table.h"
#include "cli/record_output.h"
#include "cli/result_table.h"
#include "cli/server_client.h"

namespace lakehouse {
namespace {

std::string ToolPath(const Invocation& in) { return "/tools/" + UrlEncode(in.Get("NAME")); }

int List(const Invocation& in) {
  Json answer;
  if (int code = CallServer(in.server(), HttpMethod::kGet, "/tools", nullptr, &answer)) {
    return code;
  }
  if (in.Has("--json")) {
    PrintJson(answer);
    return kExitOk;
  }
  PrintRecords(answer.value("tools", Json::array()),
               {"name", "kind", "permission", "roles", "datasets", "description"}, std::cout);
  return kExitOk;
}

int Show(const Invocation& in) {
  Json tool;
  if (int code = CallServer(in.server(), HttpMethod::kGet, ToolPath(in), nullptr, &tool)) {
    return code;
  }
  if (in.Has("--json")) {
    PrintJson(tool);
    return kExitOk;
  }
  Json summary = tool;
  summary.erase("parameters");
  summary.erase("input_schema");
  PrintFields(summary, std::cout);
  std::cout << "\nparameters:\n";
  Json params = Json::array();
  const Json declared = tool.value("parameters", Json::object());
  for (const auto& [name, p] : declared.items()) {
    Json row = p;
    row["name"] = name;
    params.push_back(std::move(row));
  }
  PrintRecords(params, {"name", "type", "required", "default", "enum", "description"}, std::cout);
  return kExitOk;
}

// --arg NAME=VALUE, typed by the tool's declared parameter type.
Result<Json> Arguments(const Invocation& in, const Json& tool) {
  Json args = Json::object();
  if (in.Has("--args")) {
    LH_ASSIGN_OR_RETURN(args, ParseJson(in.Get("--args")));
    if (!args.is_object()) return InvalidArgument("--args must be a JSON object");
  }
  const Json params = tool.value("parameters", Json::object());
  for (const std::string& pair : in.All("--arg")) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos) return InvalidArgument("--arg wants NAME=VALUE, got '", pair, "'");
    const std::string name = pair.substr(0, eq);
    const std::string text = pair.substr(eq + 1);
    const std::string type =
        params.contains(name) ? params[name].value("type", "string") : std::string("string");
    if (type == "string") {
      args[name] = text;
      continue;
    }
    Result<Json> value = ParseJson(text);
    if (!value.ok() || value->is_string() || value->is_object() || value->is_array()) {
      return InvalidArgument("--arg ", name, ": '", text, "' is not a ", type);
    }
    args[name] = *value;
  }
  return args;
}

int CallTool(const Invocation& in) {
  Json tool;
  if (int code = CallServer(in.server(), HttpMethod::kGet, ToolPath(in), nullptr, &tool)) {
    return code;
  }
  Result<Json> args = Arguments(in, tool);
  if (!args.ok()) return UsageError(args.status().message());
  Json answer;
  if (int code = CallServer(in.server(), HttpMethod::kPost, ToolPath(in) + "/call",
                            Json{{"arguments", *args}}, &answer)) {
    return code;
  }
  if (in.Has("--json")) {
    PrintJson(answer);
    return kExitOk;
  }
  std::vector<ResultColumn> columns;
  for (const Json& c : answer.value("columns", Json::array())) {
    columns.push_back({c.value("name", ""), c.value("type", "")});
  }
  std::cout << RenderResultTable(columns, answer.value("rows", Json::array()));
  if (answer.value("truncated", false)) std::cout << "(truncated at the tool's max_rows)\n";
  return kExitOk;
}

int Create(const Invocation& in) {
  std::ifstream file(in.Get("--file"));
  if (!file) return UsageError("cannot read '" + in.Get("--file") + "'");
  std::stringstream text;
  text << file.rdbuf();
  Result<Json> body = ParseJson(text.str());
  if (!body.ok()) return UsageError("--file: " + body.status().message());
  Json answer;
  if (int code = CallServer(in.server(), HttpMethod::kPost, "/tools", *body, &answer)) {
    return code;
  }
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    std::cout << "tool '" << answer.value("name", "") << "' created (reads "
              << DumpJson(answer.value("datasets", Json::array())) << ")\n";
  }
  return kExitOk;
}

int Delete(const Invocation& in) {
  Json answer;
  if (int code = CallServer(in.server(), HttpMethod::kDelete, ToolPath(in), nullptr, &answer)) {
    return code;
  }
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    std::cout << "tool '" << answer.value("deleted", "") << "' deleted\n";
  }
  return kExitOk;
}

int Audit(const Invocation& in) {
  std::string path = "/tools/audit";
  char sep = '?';
  for (const char* flag : {"--tool", "--principal", "--limit"}) {
    if (!in.Has(flag)) continue;
    path += sep + std::string(flag + 2) + "=" + UrlEncode(in.Get(flag));
    sep = '&';
  }
  Json answer;
  if (int code = CallServer(in.server(), HttpMethod::kGet, path, nullptr, &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
    return kExitOk;
  }
  PrintRecords(answer.value("calls", Json::array()),
               {"id", "time_us", "principal", "tool", "via", "status", "row_count", "arguments"},
               std::cout);
  return kExitOk;
}

}  // namespace

std::vector<CommandSpec> RegistryToolCommands() {
  const ArgSpec name{"NAME", "Tool name", true, ""};
  return {
      {"tools",
       "The governed tool registry: list, show, call, create, delete, audit",
       "lakehouse tools …",
       {},
       {},
       "lakehouse tools list",
       {},
       nullptr},
      {"tools list",
       "The tools you may call",
       "lakehouse tools list [--json]",
       {},
       {JsonFlag()},
       "lakehouse tools list",
       {"GET /tools"},
       List},
      {"tools show",
       "A tool's definition and parameters",
       "lakehouse tools show NAME [--json]",
       {name},
       {JsonFlag()},
       "lakehouse tools show search_candidates",
       {"GET /tools/{name}"},
       Show},
      {"tools call",
       "Call a tool as yourself (under your policy; audited)",
       "lakehouse tools call NAME [--arg NAME=VALUE …] [--args JSON] [--json]",
       {name},
       {{"--arg", FlagType::kList, "An argument, typed by the tool's parameter (repeatable)"},
        {"--args", FlagType::kString, "All arguments as one JSON object"},
        JsonFlag()},
       "lakehouse tools call by_city --arg city=Chicago",
       {"GET /tools/{name}", "POST /tools/{name}/call"},
       CallTool},
      {"tools create",
       "Define a tool from a JSON file (admin)",
       "lakehouse tools create --file TOOL.json [--json]",
       {},
       {{"--file", FlagType::kFile, "The tool's JSON definition", true}, JsonFlag()},
       "lakehouse tools create --file by_city.json",
       {"POST /tools"},
       Create},
      {"tools delete",
       "Delete a tool (admin)",
       "lakehouse tools delete NAME [--json]",
       {name},
       {JsonFlag()},
       "lakehouse tools delete by_city",
       {"DELETE /tools/{name}"},
       Delete},
      {"tools audit",
       "Tool calls, newest first (admin)",
       "lakehouse tools audit [--tool T] [--principal P] [--limit N] [--json]",
       {},
       {{"--tool", FlagType::kString, "Only this tool's calls"},
        {"--principal", FlagType::kString, "Only this principal's calls"},
        {"--limit", FlagType::kInt, "At most N calls (default 100)"},
        JsonFlag()},
       "lakehouse tools audit --principal agent-7",
       {"GET /tools/audit"},
       Audit},
  };
}

}  // namespace lakehouse
