// `lakehouse datasets …`: the catalog from the command line.
#include <fmt/format.h>

#include <iostream>

#include "cli/command_table.h"
#include "cli/record_output.h"
#include "cli/server_client.h"

namespace lakehouse {
namespace {

const std::string kByName = "/catalog/datasets/by-name/";

std::string DatasetPath(const Invocation& in, const std::string& suffix = "") {
  return kByName + UrlEncode(in.Get("NAME")) + suffix;
}

// GET/POST/DELETE `path`; --json prints the answer, else `human` does.
template <typename Print>
int Call(const Invocation& in, HttpMethod method, const std::string& path, const Json& body,
         Print human) {
  Json answer;
  if (int code = CallServer(in.server(), method, path, body, &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    human(answer);
  }
  return kExitOk;
}

int List(const Invocation& in) {
  return Call(in, HttpMethod::kGet, "/catalog/datasets", nullptr, [](const Json& body) {
    std::cout << fmt::format("{:<32} {:>12} {:>14} {:>8} {:<13} {}\n", "NAME", "ROWS", "BYTES",
                             "VERSION", "SENSITIVITY", "UPDATED");
    for (const Json& d : body.value("datasets", Json::array())) {
      std::cout << fmt::format("{:<32} {:>12} {:>14} {:>8} {:<13} {}\n", d.value("name", ""),
                               d.value("row_count", 0), d.value("size_bytes", 0),
                               d.value("current_version", 0), d.value("sensitivity", ""),
                               d.value("updated_at", ""));
    }
  });
}

int Show(const Invocation& in) {
  Json body;
  if (int code = CallServer(in.server(), HttpMethod::kGet, DatasetPath(in), nullptr, &body)) {
    return code;
  }
  PrintJson(body);
  return kExitOk;
}

int Versions(const Invocation& in) {
  return Call(in, HttpMethod::kGet, DatasetPath(in, "/versions"), nullptr, [](const Json& body) {
    PrintRecords(body.value("versions", Json::array()),
                 {"version", "operation", "committed_at", "actor", "rows_added", "rows_removed"},
                 std::cout);
  });
}

int Delete(const Invocation& in) {
  if (!in.Has("--yes")) {
    return UsageError("deleting dataset '" + in.Get("NAME") +
                      "' removes it and its vector indexes; add --yes to confirm");
  }
  return Call(in, HttpMethod::kDelete, DatasetPath(in), nullptr, [&](const Json& body) {
    std::cout << "deleted dataset '" << in.Get("NAME") << "' (version " << body.value("version", 0)
              << ")\n";
  });
}

// "col=text" pairs of a list flag into {"col": {field: text}} members of `columns`.
Status AddColumnPatches(const Invocation& in, const std::string& flag, const std::string& field,
                        Json* columns) {
  for (const std::string& pair : in.List(flag)) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument(flag + " takes COLUMN=VALUE, got '" + pair + "'");
    }
    (*columns)[pair.substr(0, eq)][field] = pair.substr(eq + 1);
  }
  return Status::Ok();
}

int Patch(const Invocation& in) {
  Json body = Json::object();
  for (const char* field : {"description", "owner", "sensitivity"}) {
    const std::string flag = std::string("--") + field;
    if (in.Has(flag)) body[field] = in.Get(flag);
  }
  if (in.Has("--tags")) body["tags"] = in.List("--tags");
  if (in.Has("--add-tags")) body["add_tags"] = in.List("--add-tags");
  if (in.Has("--remove-tags")) body["remove_tags"] = in.List("--remove-tags");
  Json columns = Json::object();
  Status status = AddColumnPatches(in, "--column-description", "description", &columns);
  if (status.ok()) status = AddColumnPatches(in, "--column-sensitivity", "sensitivity", &columns);
  if (!status.ok()) return UsageError(status.message());
  if (!columns.empty()) body["columns"] = columns;
  if (body.empty()) return UsageError("nothing to change: give at least one flag (see --help)");
  return Call(in, HttpMethod::kPatch, DatasetPath(in, "/metadata"), body, [](const Json& d) {
    std::cout << "updated '" << d.value("name", "") << "': owner " << d.value("owner", "")
              << ", sensitivity " << d.value("sensitivity", "") << ", tags "
              << DumpJson(d.value("tags", Json::array())) << "\n";
  });
}

int SchemaDiff(const Invocation& in) {
  std::string path = DatasetPath(in, "/schema-diff?against=" + UrlEncode(in.Get("--against")));
  if (in.Has("--bucket")) path += "&bucket=" + UrlEncode(in.Get("--bucket"));
  if (in.Has("--format")) path += "&format=" + UrlEncode(in.Get("--format"));
  return Call(in, HttpMethod::kGet, path, nullptr,
              [](const Json& diff) { PrintFields(diff, std::cout); });
}

int Create(const Invocation& in) {
  Json body = {{"name", in.Get("NAME")}};
  for (const char* field : {"description", "owner", "sensitivity", "bucket"}) {
    const std::string flag = std::string("--") + field;
    if (in.Has(flag)) body[field] = in.Get(flag);
  }
  if (in.Has("--tags")) body["tags"] = in.List("--tags");
  if (in.Has("--primary-key")) body["primary_key"] = in.List("--primary-key");
  if (in.Has("--files")) {
    Json files = Json::array();
    for (const std::string& key : in.List("--files")) files.push_back({{"key", key}});
    body["files"] = files;
  }
  return Call(in, HttpMethod::kPost, "/catalog/datasets", body, [](const Json& d) {
    std::cout << "created dataset '" << d.value("name", "") << "' (" << d.value("row_count", 0)
              << " rows)\n";
  });
}

int Resync(const Invocation& in) {
  return Call(in, HttpMethod::kPost, DatasetPath(in, "/resync"), nullptr,
              [](const Json& r) { PrintFields(r, std::cout); });
}

int ResyncMissing(const Invocation& in) {
  return Call(in, HttpMethod::kPost, "/catalog/resync-missing", nullptr, [](const Json& r) {
    PrintRecords(r.value("resynced", Json::array()),
                 {"dataset", "changed", "row_count_before", "row_count_after"}, std::cout);
  });
}

int Stats(const Invocation& in) {
  return Call(in, HttpMethod::kGet, "/catalog/stats", nullptr,
              [](const Json& r) { PrintFields(r, std::cout); });
}

ArgSpec NameArg() { return {"NAME", "Dataset name", true, "dataset"}; }

}  // namespace

FlagSpec JsonFlag() { return {"--json", FlagType::kBool, "Print the server's JSON answer"}; }

FlagSpec WriteModeFlag() {
  return {"--mode",
          FlagType::kChoice,
          "append (default), replace or upsert",
          false,
          {"append", "replace", "upsert"}};
}

FlagSpec KeyFlag() { return {"--key", FlagType::kString, "Key column (required for upsert)"}; }

std::vector<CommandSpec> DatasetCommands() {
  const std::string by_name = "/catalog/datasets/by-name/{name}";
  return {
      {"datasets",
       "List datasets (or a subcommand: show, versions, patch, delete, …)",
       "lakehouse datasets [list|SUBCOMMAND] [--json]",
       {},
       {JsonFlag()},
       "lakehouse datasets",
       {"GET /catalog/datasets"},
       List},
      {"datasets list",
       "List datasets: rows, bytes, version, sensitivity",
       "lakehouse datasets list [--json]",
       {},
       {JsonFlag()},
       "lakehouse datasets list --json",
       {"GET /catalog/datasets"},
       List},
      {"datasets show",
       "Show one dataset's manifest (columns, lineage, indexes) as JSON",
       "lakehouse datasets show NAME",
       {NameArg()},
       {},
       "lakehouse datasets show orders",
       {"GET " + by_name},
       Show},
      {"datasets create",
       "Register a dataset, optionally over existing Parquet objects",
       "lakehouse datasets create NAME [--files KEY,…] [--bucket B] [--description T] …",
       {NameArg()},
       {{"--description", FlagType::kString, "What the dataset holds"},
        {"--owner", FlagType::kString, "Who answers for it"},
        {"--sensitivity",
         FlagType::kChoice,
         "Sensitivity level",
         false,
         {"public", "internal", "confidential", "restricted"}},
        {"--tags", FlagType::kList, "Tags (comma-separated or repeated)"},
        {"--bucket", FlagType::kString, "Bucket of its files (default: the primary)"},
        {"--primary-key", FlagType::kList, "Key columns"},
        {"--files", FlagType::kList, "Existing Parquet object keys to register"},
        JsonFlag()},
       "lakehouse datasets create events --files raw/events.parquet",
       {"POST /catalog/datasets"},
       Create},
      {"datasets versions",
       "The dataset's commit log, newest last",
       "lakehouse datasets versions NAME [--json]",
       {NameArg()},
       {JsonFlag()},
       "lakehouse datasets versions orders",
       {"GET " + by_name + "/versions"},
       Versions},
      {"datasets delete",
       "Delete a dataset (a final version) and its vector indexes",
       "lakehouse datasets delete NAME --yes [--json]",
       {NameArg()},
       {{"--yes", FlagType::kBool, "Confirm the deletion"}, JsonFlag()},
       "lakehouse datasets delete scratch --yes",
       {"DELETE " + by_name},
       Delete},
      {"datasets patch",
       "Change description, owner, sensitivity, tags or column metadata",
       "lakehouse datasets patch NAME [--description T] [--owner O] [--sensitivity S] [--tags "
       "A,B] [--add-tags A] [--remove-tags A] [--column-description COL=TEXT] "
       "[--column-sensitivity COL=LEVEL]",
       {NameArg()},
       {{"--description", FlagType::kString, "New description"},
        {"--owner", FlagType::kString, "New owner"},
        {"--sensitivity",
         FlagType::kChoice,
         "New sensitivity",
         false,
         {"public", "internal", "confidential", "restricted"}},
        {"--tags", FlagType::kList, "Replace the tags"},
        {"--add-tags", FlagType::kList, "Add these tags"},
        {"--remove-tags", FlagType::kList, "Remove these tags"},
        {"--column-description", FlagType::kList, "COLUMN=TEXT (repeatable)"},
        {"--column-sensitivity", FlagType::kList, "COLUMN=LEVEL (repeatable)"},
        JsonFlag()},
       "lakehouse datasets patch orders --owner finance --add-tags pii",
       {"PATCH " + by_name + "/metadata"},
       Patch},
      {"datasets schema-diff",
       "Compare a stored file's schema with the dataset's, no ingest",
       "lakehouse datasets schema-diff NAME --against KEY [--bucket B] [--format F] [--json]",
       {NameArg()},
       {{"--against", FlagType::kString, "Object key of the file to compare", true},
        {"--bucket", FlagType::kString, "The object's bucket (default: the dataset's)"},
        {"--format", FlagType::kString, "The file's format when its name does not say"},
        JsonFlag()},
       "lakehouse datasets schema-diff orders --against raw/orders-2.csv",
       {"GET " + by_name + "/schema-diff"},
       SchemaDiff},
      {"datasets resync",
       "Recompute rows, size and columns from the Parquet footers",
       "lakehouse datasets resync NAME [--json]",
       {NameArg()},
       {JsonFlag()},
       "lakehouse datasets resync orders",
       {"POST " + by_name + "/resync"},
       Resync},
      {"datasets resync-missing",
       "Resync every dataset whose manifest is incomplete",
       "lakehouse datasets resync-missing [--json]",
       {},
       {JsonFlag()},
       "lakehouse datasets resync-missing",
       {"POST /catalog/resync-missing"},
       ResyncMissing},
      {"datasets stats",
       "Counts of datasets, rows, bytes and versions",
       "lakehouse datasets stats [--json]",
       {},
       {JsonFlag()},
       "lakehouse datasets stats",
       {"GET /catalog/stats"},
       Stats},
  };
}

}  // namespace lakehouse
