// `lakehouse compact` and `lakehouse cache …` (the `sql` command is in sql_command.cc).
#include <iostream>

#include "cli/command_table.h"
#include "cli/record_output.h"
#include "cli/server_client.h"

namespace lakehouse {
namespace {

int PostDataset(const Invocation& in, const std::string& path, Json* answer) {
  return CallServer(in.server(), HttpMethod::kPost, path, {{"dataset", in.Get("DATASET")}}, answer);
}

int Compact(const Invocation& in) {
  Json answer;
  if (int code = PostDataset(in, "/query/compact", &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
  } else if (answer.value("compacted", false)) {
    std::cout << "compacted '" << in.Get("DATASET") << "': " << answer.value("rows", 0)
              << " rows in one base file, " << answer.value("files_removed", 0)
              << " files replaced (version " << answer.value("version", 0) << ")\n";
  } else {
    std::cout << "'" << in.Get("DATASET") << "' is already compact (version "
              << answer.value("version", 0) << ")\n";
  }
  return kExitOk;
}

int Pin(const Invocation& in) {
  Json answer;
  if (int code = PostDataset(in, "/query/cache/pin", &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    PrintFields(answer, std::cout);
  }
  return kExitOk;
}

int Evict(const Invocation& in) {
  Json answer;
  if (int code = PostDataset(in, "/query/cache/evict", &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    std::cout << "evicted '" << answer.value("evicted", "") << "'\n";
  }
  return kExitOk;
}

int Stats(const Invocation& in) {
  Json answer;
  if (int code =
          CallServer(in.server(), HttpMethod::kGet, "/query/cache/stats", nullptr, &answer)) {
    return code;
  }
  if (in.Has("--json")) {
    PrintJson(answer);
    return kExitOk;
  }
  Json hot = answer;
  hot.erase("datasets");
  hot.erase("result_cache");
  std::cout << "hot cache:\n";
  PrintFields(hot, std::cout);
  PrintRecords(answer.value("datasets", Json::array()),
               {"dataset", "version", "rows", "bytes", "hits", "pinned_at", "last_used"},
               std::cout);
  std::cout << "\nresult cache:\n";
  PrintFields(answer.value("result_cache", Json::object()), std::cout);
  return kExitOk;
}

}  // namespace

std::vector<CommandSpec> QueryCommands() {
  const ArgSpec dataset{"DATASET", "Dataset name", true, "dataset"};
  return {
      {"compact",
       "Rewrite a dataset's files as one base with upserts and tombstones applied",
       "lakehouse compact DATASET [--json]",
       {dataset},
       {JsonFlag()},
       "lakehouse compact orders",
       {"POST /query/compact"},
       Compact},
      {"cache",
       "The hot cache: pin, evict, stats",
       "lakehouse cache pin|evict|stats …",
       {},
       {},
       "lakehouse cache stats",
       {},
       nullptr},
      {"cache pin",
       "Pin a dataset in the hot cache as an in-memory table",
       "lakehouse cache pin DATASET [--json]",
       {dataset},
       {JsonFlag()},
       "lakehouse cache pin orders",
       {"POST /query/cache/pin"},
       Pin},
      {"cache evict",
       "Evict a pinned dataset from the hot cache",
       "lakehouse cache evict DATASET [--json]",
       {dataset},
       {JsonFlag()},
       "lakehouse cache evict orders",
       {"POST /query/cache/evict"},
       Evict},
      {"cache stats",
       "Hot cache entries and counters, and the result cache's",
       "lakehouse cache stats [--json]",
       {},
       {JsonFlag()},
       "lakehouse cache stats",
       {"GET /query/cache/stats"},
       Stats},
  };
}

}  // namespace lakehouse
