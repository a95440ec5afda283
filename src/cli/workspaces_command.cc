// `lakehouse workspaces …`: agent workspaces (issue 21) — list, show, create, update, delete,
// saved searches (save-search, run, delete-search), the shortlist, handoff and the activity log.
#include <iostream>

#include "cli/command_table.h"
#include "cli/record_output.h"
#include "cli/result_table.h"
#include "cli/server_client.h"

namespace lakehouse {
namespace {

std::string WorkspacePath(const Invocation& in) { return "/workspaces/" + UrlEncode(in.Get("ID")); }

// Sends the request; prints the answer as JSON (--json) or through `print`.
template <typename Print>
int Send(const Invocation& in, HttpMethod method, const std::string& path, const Json& body,
         Print print) {
  Json answer;
  if (int code = CallServer(in.server(), method, path, body, &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    print(answer);
  }
  return kExitOk;
}

void PrintWorkspace(const Json& w) {
  Json summary = w;
  for (const char* nested : {"searches", "shortlist", "handoffs"}) summary.erase(nested);
  PrintFields(summary, std::cout);
  if (w.contains("searches")) {
    std::cout << "\nsaved searches:\n";
    PrintRecords(w["searches"], {"name", "kind", "run_count", "last_run_by", "last_row_count"},
                 std::cout);
  }
  if (w.contains("shortlist")) {
    std::cout << "\nshortlist:\n";
    PrintRecords(w["shortlist"], {"id", "dataset", "key", "note", "added_by"}, std::cout);
  }
  if (!w.value("handoffs", Json::array()).empty()) {
    std::cout << "\nhandoffs:\n";
    PrintRecords(w["handoffs"], {"from", "to", "reason", "by", "at"}, std::cout);
  }
}

int List(const Invocation& in) {
  std::string path = "/workspaces";
  char sep = '?';
  for (const char* flag : {"--owner", "--tier", "--state"}) {
    if (!in.Has(flag)) continue;
    path += sep + std::string(flag + 2) + "=" + UrlEncode(in.Get(flag));
    sep = '&';
  }
  return Send(in, HttpMethod::kGet, path, nullptr, [](const Json& answer) {
    PrintRecords(answer.value("workspaces", Json::array()),
                 {"id", "name", "tier", "state", "owner", "expires_at"}, std::cout);
  });
}

int Show(const Invocation& in) {
  return Send(in, HttpMethod::kGet, WorkspacePath(in), nullptr, PrintWorkspace);
}

Json Shares(const Invocation& in) {
  Json shares = Json::array();
  for (const std::string& s : in.List("--share")) shares.push_back(s);
  return shares;
}

int Create(const Invocation& in) {
  Json body = {{"name", in.Get("NAME")}, {"tier", in.Get("--tier")}};
  if (in.Has("--description")) body["description"] = in.Get("--description");
  if (in.Has("--owner")) body["owner"] = in.Get("--owner");
  if (in.Has("--share")) body["shared_with"] = Shares(in);
  return Send(in, HttpMethod::kPost, "/workspaces", body, [](const Json& w) {
    std::cout << "workspace " << w.value("id", "") << " created (" << w.value("tier", "")
              << ", owner " << w.value("owner", "") << ")\n";
  });
}

int Update(const Invocation& in) {
  Json body = Json::object();
  for (const char* flag : {"--name", "--description", "--tier"}) {
    if (in.Has(flag)) body[flag + 2] = in.Get(flag);
  }
  if (in.Has("--share")) body["shared_with"] = Shares(in);
  return Send(in, HttpMethod::kPatch, WorkspacePath(in), body, PrintWorkspace);
}

int Delete(const Invocation& in) {
  return Send(in, HttpMethod::kDelete, WorkspacePath(in), nullptr, [](const Json& answer) {
    std::cout << "workspace " << answer.value("deleted", "") << " deleted\n";
  });
}

int SaveSearch(const Invocation& in) {
  Json body = {{"name", in.Get("NAME")}};
  const int kinds = in.Has("--sql") + in.Has("--tool") + in.Has("--index");
  if (kinds != 1) return UsageError("give one of --sql, --tool or --index (with --query)");
  if (in.Has("--sql")) {
    body["kind"] = "sql";
    body["sql"] = in.Get("--sql");
  } else if (in.Has("--tool")) {
    body["kind"] = "tool";
    body["tool"] = in.Get("--tool");
    if (in.Has("--args")) {
      Result<Json> args = ParseJson(in.Get("--args"));
      if (!args.ok() || !args->is_object()) return UsageError("--args must be a JSON object");
      body["arguments"] = *args;
    }
  } else {
    body["kind"] = "vector";
    body["index"] = in.Get("--index");
    body["query"] = in.Get("--query");
    if (in.Has("--filter")) body["filter"] = in.Get("--filter");
  }
  if (in.Has("--description")) body["description"] = in.Get("--description");
  if (std::optional<int64_t> limit = in.Int("--limit")) body["limit"] = *limit;
  return Send(in, HttpMethod::kPost, WorkspacePath(in) + "/searches", body, [](const Json& s) {
    std::cout << "search '" << s.value("name", "") << "' saved (" << s.value("kind", "") << ")\n";
  });
}

int RunSearch(const Invocation& in) {
  return Send(in, HttpMethod::kPost,
              WorkspacePath(in) + "/searches/" + UrlEncode(in.Get("NAME")) + "/run", nullptr,
              [](const Json& answer) {
                std::vector<ResultColumn> columns;
                for (const Json& c : answer.value("columns", Json::array())) {
                  columns.push_back({c.value("name", ""), c.value("type", "")});
                }
                std::cout << RenderResultTable(columns, answer.value("rows", Json::array()));
              });
}

int DeleteSearch(const Invocation& in) {
  return Send(in, HttpMethod::kDelete, WorkspacePath(in) + "/searches/" + UrlEncode(in.Get("NAME")),
              nullptr, [](const Json& answer) {
                std::cout << "search '" << answer.value("deleted", "") << "' deleted\n";
              });
}

int ShortlistAdd(const Invocation& in) {
  Json body = {{"dataset", in.Get("--dataset")}, {"key", in.Get("--key")}};
  if (in.Has("--note")) body["note"] = in.Get("--note");
  return Send(in, HttpMethod::kPost, WorkspacePath(in) + "/shortlist", body, [](const Json& i) {
    std::cout << "shortlisted " << i.value("dataset", "") << " " << i.value("key", "") << " (item "
              << i.value("id", 0) << ")\n";
  });
}

int ShortlistNote(const Invocation& in) {
  return Send(in, HttpMethod::kPatch, WorkspacePath(in) + "/shortlist/" + UrlEncode(in.Get("ITEM")),
              Json{{"note", in.Get("--note")}}, [](const Json& i) { PrintFields(i, std::cout); });
}

int ShortlistRemove(const Invocation& in) {
  return Send(in, HttpMethod::kDelete,
              WorkspacePath(in) + "/shortlist/" + UrlEncode(in.Get("ITEM")), nullptr,
              [](const Json& answer) {
                std::cout << "item " << answer.value("deleted", 0) << " removed\n";
              });
}

int Handoff(const Invocation& in) {
  return Send(in, HttpMethod::kPost, WorkspacePath(in) + "/handoff",
              Json{{"to", in.Get("--to")}, {"reason", in.Get("--reason")}}, [](const Json& w) {
                std::cout << "workspace " << w.value("id", "") << " handed to "
                          << w.value("owner", "")
                          << " (owners: " << DumpJson(w.value("owner_chain", Json::array()))
                          << ")\n";
              });
}

int Activity(const Invocation& in) {
  std::string path = WorkspacePath(in) + "/activity";
  if (std::optional<int64_t> limit = in.Int("--limit")) path += "?limit=" + std::to_string(*limit);
  return Send(in, HttpMethod::kGet, path, nullptr, [](const Json& answer) {
    PrintRecords(answer.value("activity", Json::array()),
                 {"id", "at", "principal", "action", "detail"}, std::cout);
  });
}

}  // namespace

std::vector<CommandSpec> WorkspaceCommands() {
  const ArgSpec id{"ID", "Workspace id", true, ""};
  const ArgSpec search{"NAME", "Saved search name", true, ""};
  const ArgSpec item{"ITEM", "Shortlist item id", true, ""};
  const FlagSpec tier{"--tier",
                      FlagType::kChoice,
                      "daily | weekly | monthly | pinned",
                      false,
                      {"daily", "weekly", "monthly", "pinned"}};
  const FlagSpec share{"--share", FlagType::kList,
                       "Who may read it: a principal, role:<role> or * (repeatable)"};
  const std::string ws = "/workspaces/{id}";
  return {
      {"workspaces",
       "Agent workspaces: saved searches, shortlists, activity, handoff",
       "lakehouse workspaces …",
       {},
       {},
       "lakehouse workspaces list",
       {},
       nullptr},
      {"workspaces list",
       "The workspaces you may read",
       "lakehouse workspaces list [--owner P] [--tier T] [--state active|archived|all] [--json]",
       {},
       {{"--owner", FlagType::kString, "Only this owner's"},
        {"--tier",
         FlagType::kChoice,
         "Only this tier",
         false,
         {"daily", "weekly", "monthly", "pinned"}},
        {"--state", FlagType::kChoice, "Default active", false, {"active", "archived", "all"}},
        JsonFlag()},
       "lakehouse workspaces list --state all",
       {"GET /workspaces"},
       List},
      {"workspaces show",
       "A workspace with its saved searches, shortlist and handoffs",
       "lakehouse workspaces show ID [--json]",
       {id},
       {JsonFlag()},
       "lakehouse workspaces show 3f2b…",
       {"GET " + ws},
       Show},
      {"workspaces create",
       "Create a workspace",
       "lakehouse workspaces create NAME --tier T [--description D] [--owner P] [--share P …] "
       "[--json]",
       {{"NAME", "Workspace name", true, ""}},
       {FlagSpec{"--tier",
                 FlagType::kChoice,
                 "daily | weekly | monthly | pinned",
                 true,
                 {"daily", "weekly", "monthly", "pinned"}},
        {"--description", FlagType::kString, "What it is for"},
        {"--owner", FlagType::kString, "Its owner (admin only; default: you)"},
        share,
        JsonFlag()},
       "lakehouse workspaces create \"ICU nurses\" --tier weekly",
       {"POST /workspaces"},
       Create},
      {"workspaces update",
       "Rename, describe, share or re-tier a workspace (a tier restores an archived one)",
       "lakehouse workspaces update ID [--name N] [--description D] [--tier T] [--share P …] "
       "[--json]",
       {id},
       {{"--name", FlagType::kString, "New name"},
        {"--description", FlagType::kString, "New description"},
        tier,
        share,
        JsonFlag()},
       "lakehouse workspaces update 3f2b… --tier pinned",
       {"PATCH " + ws},
       Update},
      {"workspaces delete",
       "Delete a workspace and all it holds",
       "lakehouse workspaces delete ID [--json]",
       {id},
       {JsonFlag()},
       "lakehouse workspaces delete 3f2b…",
       {"DELETE " + ws},
       Delete},
      {"workspaces save-search",
       "Save a re-runnable search: SQL, a tool call or a vector search",
       "lakehouse workspaces save-search ID NAME (--sql SQL | --tool T [--args JSON] | --index I "
       "--query Q [--filter F]) [--limit N] [--description D] [--json]",
       {id, search},
       {{"--sql", FlagType::kString, "A read-only SQL statement"},
        {"--tool", FlagType::kString, "A registry tool"},
        {"--args", FlagType::kString, "The tool's arguments as a JSON object"},
        {"--index", FlagType::kString, "A vector index"},
        {"--query", FlagType::kString, "The text to search the index for"},
        {"--filter", FlagType::kString, "SQL filter over the index's dataset"},
        {"--limit", FlagType::kInt, "Rows (sql) or k (vector)"},
        {"--description", FlagType::kString, "What it finds"},
        JsonFlag()},
       "lakehouse workspaces save-search 3f2b… chicago --sql \"SELECT * FROM candidates\"",
       {"POST " + ws + "/searches"},
       SaveSearch},
      {"workspaces run",
       "Run a saved search as yourself, under your policy",
       "lakehouse workspaces run ID NAME [--json]",
       {id, search},
       {JsonFlag()},
       "lakehouse workspaces run 3f2b… chicago",
       {"POST " + ws + "/searches/{name}/run"},
       RunSearch},
      {"workspaces delete-search",
       "Delete a saved search",
       "lakehouse workspaces delete-search ID NAME [--json]",
       {id, search},
       {JsonFlag()},
       "lakehouse workspaces delete-search 3f2b… chicago",
       {"DELETE " + ws + "/searches/{name}"},
       DeleteSearch},
      {"workspaces shortlist",
       "A workspace's shortlist: add, note, remove",
       "lakehouse workspaces shortlist …",
       {},
       {},
       "lakehouse workspaces shortlist add 3f2b… --dataset candidates --key 42",
       {},
       nullptr},
      {"workspaces shortlist add",
       "Put an entity (a dataset row, by key) on the shortlist",
       "lakehouse workspaces shortlist add ID --dataset D --key K [--note N] [--json]",
       {id},
       {{"--dataset", FlagType::kString, "The entity's dataset", true},
        {"--key", FlagType::kString, "Its key", true},
        {"--note", FlagType::kString, "Why it is on the list"},
        JsonFlag()},
       "lakehouse workspaces shortlist add 3f2b… --dataset candidates --key 42 --note \"ICU\"",
       {"POST " + ws + "/shortlist"},
       ShortlistAdd},
      {"workspaces shortlist note",
       "Change a shortlist item's note",
       "lakehouse workspaces shortlist note ID ITEM --note N [--json]",
       {id, item},
       {{"--note", FlagType::kString, "The new note", true}, JsonFlag()},
       "lakehouse workspaces shortlist note 3f2b… 7 --note \"placed\"",
       {"PATCH " + ws + "/shortlist/{item}"},
       ShortlistNote},
      {"workspaces shortlist remove",
       "Take an item off the shortlist",
       "lakehouse workspaces shortlist remove ID ITEM [--json]",
       {id, item},
       {JsonFlag()},
       "lakehouse workspaces shortlist remove 3f2b… 7",
       {"DELETE " + ws + "/shortlist/{item}"},
       ShortlistRemove},
      {"workspaces handoff",
       "Hand a workspace to another principal",
       "lakehouse workspaces handoff ID --to P --reason R [--json]",
       {id},
       {{"--to", FlagType::kString, "The new owner", true},
        {"--reason", FlagType::kString, "Why", true},
        JsonFlag()},
       "lakehouse workspaces handoff 3f2b… --to agent-2 --reason \"end of shift\"",
       {"POST " + ws + "/handoff"},
       Handoff},
      {"workspaces activity",
       "The activity log: every action, by whom, newest first",
       "lakehouse workspaces activity ID [--limit N] [--json]",
       {id},
       {{"--limit", FlagType::kInt, "At most N lines (default 100)"}, JsonFlag()},
       "lakehouse workspaces activity 3f2b…",
       {"GET " + ws + "/activity"},
       Activity},
  };
}

}  // namespace lakehouse
