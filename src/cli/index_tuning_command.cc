#include "cli/index_tuning_command.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

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

}  // namespace

std::function<std::optional<int>()> AddIndexTuningCommands(CLI::App* index,
                                                           const ServerClientOptions* server) {
  auto args = std::make_shared<TuningArgs>();
  auto add_eval_options = [&](CLI::App* sub) {
    sub->add_option("NAME", args->name, "Index name")->required();
    sub->add_option("--ef-search", args->ef_search, "ef_search values to try (repeatable)");
    sub->add_option("--sample", args->sample, "Queries drawn from the index (default 200)");
    sub->add_flag("--json", args->json, "Print the JSON response");
    sub->fallthrough();
  };
  CLI::App* trials =
      index->add_subcommand("trials", "Run journaled trials of ef_search values, or --list them");
  add_eval_options(trials);
  trials->add_option("--k", args->k, "Results per query (default 10)");
  trials->add_flag("--list", args->list, "List the journal instead of running trials");
  CLI::App* best = index->add_subcommand("best", "The best journaled trial");
  best->add_option("NAME", args->name, "Index name")->required();
  best->add_option("--by", args->by, "recall (default), latency or pareto")
      ->check(CLI::IsMember({"recall", "latency", "pareto"}));
  best->add_option("--min-recall", args->min_recall, "For --by latency: the recall to reach");
  best->add_flag("--json", args->json, "Print the JSON response");
  best->fallthrough();
  CLI::App* autotune = index->add_subcommand(
      "autotune", "Try an ef_search grid; promote the fastest setting reaching --min-recall");
  add_eval_options(autotune);
  autotune->add_option("--min-recall", args->min_recall, "Recall@10 to reach (default 0.95)");
  return [args, server, trials, best, autotune]() -> std::optional<int> {
    if (trials->parsed()) return Trials(*server, *args);
    if (best->parsed()) return Best(*server, *args);
    if (autotune->parsed()) return Autotune(*server, *args);
    return std::nullopt;
  };
}

}  // namespace lakehouse
