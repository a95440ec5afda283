// `lakehouse rows …`: delete rows by key (tombstones) and list the live tombstones.
#include <fstream>
#include <iostream>

#include "cli/command_table.h"
#include "cli/record_output.h"
#include "cli/server_client.h"

namespace lakehouse {
namespace {

std::string TombstonePath(const Invocation& in) {
  return "/catalog/datasets/by-name/" + UrlEncode(in.Get("DATASET")) + "/tombstone";
}

int Delete(const Invocation& in) {
  std::vector<std::string> keys = in.List("--keys");
  if (in.Has("--keys-file")) {
    std::ifstream file(in.Get("--keys-file"));
    if (!file) return UsageError("cannot read --keys-file '" + in.Get("--keys-file") + "'");
    for (std::string line; std::getline(file, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) keys.push_back(line);
    }
  }
  if (keys.empty()) return UsageError("no keys: give --keys A,B or --keys-file FILE");
  Json body = {{"row_key_column", in.Get("--key-column")}, {"row_key_values", keys}};
  if (in.Has("--reason")) body["reason"] = in.Get("--reason");
  if (in.Has("--actor")) body["actor"] = in.Get("--actor");
  Json answer;
  int http_status = 0;
  if (int code = CallServer(in.server(), HttpMethod::kPost, TombstonePath(in), body, &answer,
                            &http_status)) {
    return code;
  }
  const Json failures = answer.value("failures", Json::array());
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    std::cout << "deleted " << answer.value("rows_tombstoned", 0) << " rows of '"
              << in.Get("DATASET") << "' (version " << answer.value("version", 0) << ")\n";
    for (const Json& failure : failures) {
      std::cerr << "lakehouse: no row matched: " << failure.get<std::string>() << "\n";
    }
  }
  // 207: some keys matched nothing; the others were deleted. Scripts see it in the exit code.
  return http_status == 207 || !failures.empty() ? kExitRequestFailed : kExitOk;
}

int Tombstones(const Invocation& in) {
  Json answer;
  if (int code = CallServer(in.server(), HttpMethod::kGet, TombstonePath(in), nullptr, &answer)) {
    return code;
  }
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    PrintRecords(answer.value("tombstones", Json::array()),
                 {"key_column", "value", "version", "actor", "reason", "created_at"}, std::cout);
  }
  return kExitOk;
}

}  // namespace

std::vector<CommandSpec> RowsCommands() {
  const std::string route = "/catalog/datasets/by-name/{name}/tombstone";
  const ArgSpec dataset{"DATASET", "Dataset name", true, "dataset"};
  return {
      {"rows",
       "Delete rows by key (tombstones) or list the tombstones",
       "lakehouse rows delete|tombstones DATASET …",
       {},
       {},
       "lakehouse rows tombstones orders",
       {},
       nullptr},
      {"rows delete",
       "Delete rows whose key column has one of the given values (a tombstone commit; exit 1 "
       "when some keys matched nothing)",
       "lakehouse rows delete DATASET --key-column COL (--keys A,B | --keys-file FILE) "
       "[--reason TEXT] [--actor NAME] [--json]",
       {dataset},
       {{"--key-column", FlagType::kString, "The key column", true},
        {"--keys", FlagType::kList, "Key values (comma-separated or repeated)"},
        {"--keys-file", FlagType::kFile, "A file of key values, one per line"},
        {"--reason", FlagType::kString, "Why (kept with the tombstones)"},
        {"--actor", FlagType::kString, "Who (default: the server's caller name)"},
        JsonFlag()},
       "lakehouse rows delete orders --key-column id --keys 17,42 --reason 'GDPR request'",
       {"POST " + route},
       Delete},
      {"rows tombstones",
       "The dataset's live tombstones",
       "lakehouse rows tombstones DATASET [--json]",
       {dataset},
       {JsonFlag()},
       "lakehouse rows tombstones orders",
       {"GET " + route},
       Tombstones},
  };
}

}  // namespace lakehouse
