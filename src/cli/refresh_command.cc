#include "cli/refresh_command.h"

#include <iostream>
#include <memory>
#include <string>

#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/text_table.h"
#include "common/strings.h"

namespace lakehouse {
namespace {

struct RefreshArgs {
  ServerClientOptions server;
  std::string dataset;
  std::string index;
  bool wait = false;
  bool json = false;
};

struct StaleArgs {
  ServerClientOptions server;
  std::string dataset;
  bool json = false;
};

bool SameName(std::string_view a, std::string_view b) { return EqualsIgnoreAsciiCase(a, b); }

// The names of the dataset's indexes, or an exit code (a dataset without indexes is an error).
int IndexesOf(const RefreshArgs& args, std::vector<std::string>* names) {
  Json list;
  if (int code =
          CallServer(args.server, HttpMethod::kGet,
                     "/vectors/indexes?dataset=" + UrlEncode(args.dataset), nullptr, &list)) {
    return code;
  }
  for (const Json& index : list.value("indexes", Json::array())) {
    names->push_back(index.value("index_name", ""));
  }
  if (!names->empty()) return kExitOk;
  Json dataset;  // a clearer message when the dataset itself is missing
  if (int code =
          CallServer(args.server, HttpMethod::kGet,
                     "/catalog/datasets/by-name/" + UrlEncode(args.dataset), nullptr, &dataset)) {
    return code;
  }
  std::cerr << "lakehouse: dataset '" << args.dataset
            << "' has no vector indexes (create one with `lakehouse index create`)\n";
  return kExitRequestFailed;
}

int Refresh(const RefreshArgs& args) {
  std::vector<std::string> names;
  if (!args.index.empty()) {
    // Refreshing a missing index would try to create it; say plainly that it does not exist.
    Json index;
    if (int code = CallServer(args.server, HttpMethod::kGet,
                              "/vectors/indexes/" + UrlEncode(args.index), nullptr, &index)) {
      return code;
    }
    names.push_back(index.value("index_name", args.index));
  } else if (int code = IndexesOf(args, &names)) {
    return code;
  }
  int exit_code = kExitOk;
  // Submit every refresh first so they run side by side, then wait for each.
  std::vector<std::pair<std::string, Json>> answers;  // (index name, response)
  for (const std::string& name : names) {
    Json response;
    int code =
        CallServer(args.server, HttpMethod::kPost, "/vectors/refresh/" + UrlEncode(args.dataset),
                   Json{{"index_name", name}}, &response);
    if (code != kExitOk) {
      exit_code = code;
      continue;
    }
    answers.emplace_back(name, std::move(response));
  }
  std::vector<Json> outputs;
  const bool show_progress = args.wait && !args.json;
  for (auto& [name, response] : answers) {
    const bool queued = response.contains("job_id") && !response.contains("up_to_date");
    if (args.wait && queued) {
      const std::string job_id = response["job_id"].get<std::string>();
      Json result;
      int code = WaitForJob(args.server, job_id, "refresh of index '" + name + "'", show_progress,
                            &result);
      if (code != kExitOk) {
        exit_code = code;
        continue;
      }
      result["job_id"] = job_id;
      outputs.push_back(std::move(result));
    } else {
      outputs.push_back(std::move(response));
    }
  }
  if (args.json) {
    if (!args.index.empty()) {
      if (!outputs.empty()) PrintJson(outputs.front());
    } else {
      PrintJson(Json(outputs));
    }
    return exit_code;
  }
  if (args.wait) {
    if (!outputs.empty()) PrintRefreshResults(outputs);
    return exit_code;
  }
  for (const Json& out : outputs) {
    if (out.value("up_to_date", false)) {
      std::cout << "index '" << Field(out, "index_name") << "': up to date at version "
                << Field(out, "to_version") << "\n";
    } else {
      std::cout << "index '" << Field(out.value("job", Json::object()), "target") << "': refresh "
                << Field(out, "state") << " as job " << Field(out, "job_id") << "\n";
    }
  }
  return exit_code;
}

int Stale(const StaleArgs& args) {
  Json body;
  // The server checks the dataset: an unknown one is an error, not "up to date".
  const std::string path =
      "/vectors/stale" + (args.dataset.empty() ? "" : "?dataset=" + UrlEncode(args.dataset));
  if (int code = CallServer(args.server, HttpMethod::kGet, path, nullptr, &body)) {
    return code;
  }
  Json stale = Json::array();
  for (const Json& entry : body.value("stale", Json::array())) {
    if (args.dataset.empty() || SameName(entry.value("dataset", ""), args.dataset)) {
      stale.push_back(entry);
    }
  }
  if (args.json) {
    PrintJson(Json{{"stale", stale}});
    return kExitOk;
  }
  if (stale.empty()) {
    std::cout << "no stale indexes: every vector index"
              << (args.dataset.empty() ? "" : " of dataset '" + args.dataset + "'")
              << " is up to date\n";
    return kExitOk;
  }
  TextTable table({{"DATASET"},
                   {"INDEX"},
                   {"POLICY"},
                   {"BUILT_FROM", true},
                   {"VERSION", true},
                   {"LAG", true},
                   {"PENDING_ROWS", true},
                   {"STALE_SINCE"},
                   {"LAST_EMBEDDED"},
                   {"STATUS"}});
  for (const Json& e : stale) {
    table.AddRow({Field(e, "dataset"), Field(e, "index_name"), Field(e, "policy"),
                  Field(e, "built_from_version"), Field(e, "dataset_version"),
                  Field(e, "lag_versions"), Field(e, "pending_rows_estimate"),
                  Field(e, "stale_since"), Field(e, "last_embedded_at"), Field(e, "status")});
  }
  table.Print(std::cout);
  for (const Json& e : stale) {
    if (e.contains("last_error") && e["last_error"].is_string()) {
      std::cout << "index '" << Field(e, "index_name") << "': last refresh failed ("
                << Field(e, "failures") << " times, next retry " << Field(e, "next_retry_at")
                << "): " << e["last_error"].get<std::string>() << "\n";
    }
  }
  return kExitOk;
}

}  // namespace

void PrintRefreshResults(const std::vector<Json>& results) {
  TextTable table({{"INDEX"},
                   {"FROM", true},
                   {"TO", true},
                   {"DOCS_ADDED", true},
                   {"UPDATED", true},
                   {"DELETED", true},
                   {"CHUNKS_EMBEDDED", true},
                   {"REUSED", true},
                   {"ELAPSED_MS", true},
                   {"RESULT"}});
  for (const Json& r : results) {
    table.AddRow({Field(r, "index_name"), Field(r, "from_version"), Field(r, "to_version"),
                  Field(r, "docs_added"), Field(r, "docs_updated"), Field(r, "docs_deleted"),
                  Field(r, "chunks_embedded"), Field(r, "chunks_reused"), Field(r, "elapsed_ms"),
                  r.value("up_to_date", false) ? "already up to date" : "refreshed"});
  }
  table.Print(std::cout);
  for (const Json& r : results) {
    const Json failed = r.value("failed_chunks", Json::array());
    if (failed.is_array() && !failed.empty()) {
      std::cout << "warning: index '" << Field(r, "index_name") << "': " << failed.size()
                << " chunks failed to embed and were skipped: " << DumpJson(failed) << "\n";
    }
  }
}

namespace {

int RunRefresh(const Invocation& in) {
  RefreshArgs args;
  args.server = in.server();
  args.dataset = in.Get("DATASET");
  args.index = in.Get("--index");
  args.wait = in.Has("--wait");
  args.json = in.Has("--json");
  return Refresh(args);
}

int RunStale(const Invocation& in) {
  StaleArgs args;
  args.server = in.server();
  args.dataset = in.Get("--dataset");
  args.json = in.Has("--json");
  return Stale(args);
}

}  // namespace

std::vector<CommandSpec> RefreshCommands() {
  return {
      {"refresh",
       "Embed what changed in a dataset since its vector indexes were built",
       "lakehouse refresh DATASET [--index NAME] [--wait] [--json]",
       {{"DATASET", "Dataset whose indexes to refresh", true, "dataset"}},
       {{"--index", FlagType::kString, "Only this index (default: every index of DATASET)"},
        {"--wait", FlagType::kBool, "Wait for the refreshes and print what they did"},
        {"--json", FlagType::kBool, "Print the JSON responses"}},
       "lakehouse refresh docs --wait",
       {"POST /vectors/refresh/{dataset}"},
       RunRefresh},
      {"stale",
       "List vector indexes behind their dataset",
       "lakehouse stale [--dataset D] [--json]",
       {},
       {{"--dataset", FlagType::kString, "Only indexes of this dataset"}, JsonFlag()},
       "lakehouse stale",
       {"GET /vectors/stale"},
       RunStale},
  };
}

}  // namespace lakehouse
