// `lakehouse index trials|best|autotune …`: an index's trial journal from the command line.
//   index trials NAME [--ef-search N …] [--sample N] [--k K] [--json]
//                → POST /vectors/indexes/{name}/trials (an eval, journaled)
//   index trials NAME --list [--json]     → GET /vectors/indexes/{name}/trials
//   index best NAME [--by recall|latency|pareto] [--min-recall R] [--json]
//                → GET /vectors/indexes/{name}/trials/best
//   index autotune NAME [--min-recall R] [--ef-search N …] [--sample N] [--json]
//                → POST /vectors/indexes/{name}/autotune
#include <fmt/format.h>

#include <charconv>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_table.h"
#include "cli/text_table.h"

namespace lakehouse {
namespace {

struct TuningArgs {
  std::string name;
  std::vector<int64_t> ef_search;
  int64_t sample = 0;
  int64_t k = 0;
  bool list = false;
  std::string by = "recall";
  double min_recall = -1;
  bool json = false;
};

void PrintTrials(const Json& trials) {
  TextTable table({{"TRIAL"},
                   {"EF_SEARCH"},
                   {"M"},
                   {"EF_CONSTRUCTION"},
                   {"RECALL"},
                   {"P50_US"},
                   {"P95_US"},
                   {"P99_US"},
                   {"MEMORY_MB"},
                   {"PROMOTED"}});
  for (const Json& t : trials) {
    table.AddRow({Field(t, "trial_id"), Field(t, "ef_search"), Field(t, "m"),
                  Field(t, "ef_construction"), Field(t, "recall", 4), Field(t, "p50_us", 1),
                  Field(t, "p95_us", 1), Field(t, "p99_us", 1),
                  fmt::format("{:.1f}", t.value("memory_bytes", 0.0) / 1e6),
                  t.value("promoted", false) ? "yes" : ""});
  }
  table.Print(std::cout, /*with_titles=*/true);
}

Json EvalBody(const TuningArgs& args) {
  Json body = Json::object();
  if (!args.ef_search.empty()) body["ef_search"] = args.ef_search;
  if (args.sample > 0) body["sample"] = args.sample;
  if (args.k > 0) body["k"] = args.k;
  return body;
}

int Trials(const ServerClientOptions& server, const TuningArgs& args) {
  const std::string path = "/vectors/indexes/" + UrlEncode(args.name) + "/trials";
  Json out;
  const int code = args.list ? CallServer(server, HttpMethod::kGet, path, nullptr, &out)
                             : CallServer(server, HttpMethod::kPost, path, EvalBody(args), &out);
  if (code != 0) return code;
  if (args.json) {
    PrintJson(out);
  } else {
    PrintTrials(out.value("trials", Json::array()));
  }
  return kExitOk;
}

int Best(const ServerClientOptions& server, const TuningArgs& args) {
  std::string path =
      "/vectors/indexes/" + UrlEncode(args.name) + "/trials/best?by=" + UrlEncode(args.by);
  if (args.min_recall >= 0) path += "&min_recall=" + fmt::format("{}", args.min_recall);
  Json out;
  if (int code = CallServer(server, HttpMethod::kGet, path, nullptr, &out)) return code;
  if (args.json) {
    PrintJson(out);
  } else if (out.value("trials", Json::array()).empty()) {
    std::cout << "no trial" << (args.by == "latency" ? " reaches min_recall" : " yet") << "\n";
  } else {
    PrintTrials(out["trials"]);
  }
  return kExitOk;
}

int Autotune(const ServerClientOptions& server, const TuningArgs& args) {
  Json body = EvalBody(args);
  body.erase("k");
  if (args.min_recall >= 0) body["min_recall"] = args.min_recall;
  Json out;
  if (int code = CallServer(server, HttpMethod::kPost,
                            "/vectors/indexes/" + UrlEncode(args.name) + "/autotune", body, &out)) {
    return code;
  }
  if (args.json) {
    PrintJson(out);
    return kExitOk;
  }
  PrintTrials(out.value("trials", Json::array()));
  if (out.value("promoted", false)) {
    std::cout << fmt::format("promoted ef_search {} (recall {})\n",
                             Field(out["winner"], "ef_search"), Field(out["winner"], "recall", 4));
  } else {
    std::cout << fmt::format("nothing promoted: no setting reached recall {}\n",
                             Field(out, "min_recall"));
  }
  return kExitOk;
}

// The tuning values of a parsed command; nullopt after printing a usage error.
std::optional<TuningArgs> ArgsOf(const Invocation& in) {
  TuningArgs args;
  args.name = in.Get("NAME");
  for (const std::string& value : in.List("--ef-search")) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size()) {
      UsageError("--ef-search: '" + value + "' is not an integer");
      return std::nullopt;
    }
    args.ef_search.push_back(n);
  }
  args.sample = in.Int("--sample").value_or(0);
  args.k = in.Int("--k").value_or(0);
  args.list = in.Has("--list");
  args.by = in.Get("--by", "recall");
  args.min_recall = in.Number("--min-recall").value_or(-1);
  args.json = in.Has("--json");
  return args;
}

int RunTrials(const Invocation& in) {
  std::optional<TuningArgs> args = ArgsOf(in);
  return args ? Trials(in.server(), *args) : kExitUsage;
}
int RunBest(const Invocation& in) {
  std::optional<TuningArgs> args = ArgsOf(in);
  return args ? Best(in.server(), *args) : kExitUsage;
}
int RunAutotune(const Invocation& in) {
  std::optional<TuningArgs> args = ArgsOf(in);
  return args ? Autotune(in.server(), *args) : kExitUsage;
}

}  // namespace

std::vector<CommandSpec> IndexTuningCommands() {
  const std::string index = "/vectors/indexes/{name}";
  const ArgSpec name{"NAME", "Index name", true, "index"};
  const FlagSpec ef_search{"--ef-search", FlagType::kList, "ef_search values to try (repeatable)"};
  const FlagSpec sample{"--sample", FlagType::kInt, "Queries drawn from the index (default 200)"};
  return {
      {"index trials",
       "Run journaled trials of ef_search values, or --list them",
       "lakehouse index trials NAME [--ef-search N …] [--sample N] [--k K] [--list] [--json]",
       {name},
       {ef_search,
        sample,
        {"--k", FlagType::kInt, "Results per query (default 10)"},
        {"--list", FlagType::kBool, "List the journal instead of running trials"},
        JsonFlag()},
       "lakehouse index trials docs_idx --list",
       {"POST " + index + "/trials", "GET " + index + "/trials"},
       RunTrials},
      {"index best",
       "The best journaled trial",
       "lakehouse index best NAME [--by recall|latency|pareto] [--min-recall R] [--json]",
       {name},
       {{"--by",
         FlagType::kChoice,
         "recall (default), latency or pareto",
         false,
         {"recall", "latency", "pareto"}},
        {"--min-recall", FlagType::kNumber, "For --by latency: the recall to reach"},
        JsonFlag()},
       "lakehouse index best docs_idx --by latency --min-recall 0.95",
       {"GET " + index + "/trials/best"},
       RunBest},
      {"index autotune",
       "Trials over an ef_search grid; promotes the fastest reaching min recall",
       "lakehouse index autotune NAME [--min-recall R] [--ef-search N …] [--sample N] [--json]",
       {name},
       {ef_search,
        sample,
        {"--min-recall", FlagType::kNumber, "Recall@10 to reach (default 0.95)"},
        JsonFlag()},
       "lakehouse index autotune docs_idx --min-recall 0.95",
       {"POST " + index + "/autotune"},
       RunAutotune},
  };
}

}  // namespace lakehouse
