// `lakehouse index …`: the vector index registry from the command line, over HTTP.
//   index create NAME --dataset D --id-column C (--text-column T | --vector-column V)
//                [--template T] [--chunk-size N] [--overlap N] [--model M]
//                [--policy manual|on_append|scheduled] [--cron EXPR] [--debounce-ms N]
//                [--hnsw-m N] [--ef-construction N] [--ef-search N] [--wait] [--json]
//                → POST /vectors/index (a background build; --wait follows the job)
//   index [list] [--dataset D] [--model M] [--json]   → GET /vectors/indexes
//   index show NAME [--json]                          → GET /vectors/indexes/{name} + /freshness
//   index delete NAME [--json]                        → DELETE /vectors/indexes/{name}
//   index eval NAME [--ef-search N …] [--sample N] [--k K] [--queries FILE] [--json]
//                → POST /vectors/indexes/{name}/evals
//   index trials|best|autotune …: index_tuning_command.cc
#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_table.h"
#include "cli/refresh_command.h"
#include "cli/server_client.h"
#include "cli/text_table.h"

namespace lakehouse {
namespace {

struct IndexArgs {
  ServerClientOptions server;
  std::string name;
  bool json = false;
  // list
  std::string filter_dataset;
  std::string filter_model;
  // create; an absent option leaves the server's default
  std::string dataset;
  std::string id_column;
  std::string text_column;
  std::string vector_column;
  std::string context_template;
  std::string model;
  std::string policy;
  std::string cron;
  std::optional<int64_t> chunk_size;
  std::optional<int64_t> overlap;
  std::optional<int64_t> debounce_ms;
  std::optional<int64_t> hnsw_m;
  std::optional<int64_t> ef_construction;
  std::optional<int64_t> ef_search;
  std::optional<double> target_recall;
  bool wait = false;
  // eval
  std::vector<int64_t> eval_ef_search;
  int64_t sample = 0;
  int64_t k = 0;
  std::string queries_file;
};

// The values of one parsed index command (flags a command does not declare stay unset).
IndexArgs ArgsOf(const Invocation& in) {
  IndexArgs args;
  args.server = in.server();
  args.name = in.Get("NAME");
  args.json = in.Has("--json");
  args.filter_dataset = in.Get("--dataset");
  args.filter_model = in.Get("--model");
  args.dataset = in.Get("--dataset");
  args.id_column = in.Get("--id-column");
  args.text_column = in.Get("--text-column");
  args.vector_column = in.Get("--vector-column");
  args.context_template = in.Get("--template");
  args.model = in.Get("--model");
  args.policy = in.Get("--policy");
  args.cron = in.Get("--cron");
  args.chunk_size = in.Int("--chunk-size");
  args.overlap = in.Int("--overlap");
  args.debounce_ms = in.Int("--debounce-ms");
  args.hnsw_m = in.Int("--hnsw-m");
  args.ef_construction = in.Int("--ef-construction");
  if (in.spec().path == "index create") args.ef_search = in.Int("--ef-search");
  args.target_recall = in.Number("--target-recall");
  args.wait = in.Has("--wait");
  args.sample = in.Int("--sample").value_or(0);
  args.k = in.Int("--k").value_or(0);
  args.queries_file = in.Get("--queries");
  return args;
}

// The create request, or a usage error message.
Result<Json> CreateBody(const IndexArgs& args) {
  if (args.text_column.empty() == args.vector_column.empty()) {
    return InvalidArgument("give exactly one of --text-column and --vector-column");
  }
  if (!args.vector_column.empty() &&
      (!args.context_template.empty() || args.chunk_size || args.overlap || !args.model.empty())) {
    return InvalidArgument(
        "--template, --chunk-size, --overlap and --model apply to --text-column only");
  }
  Json body = {{"index_name", args.name}, {"dataset", args.dataset}, {"id_column", args.id_column}};
  if (!args.text_column.empty()) body["text_column"] = args.text_column;
  if (!args.vector_column.empty()) body["vector_column"] = args.vector_column;
  if (!args.context_template.empty()) body["template"] = args.context_template;
  if (!args.model.empty()) body["model"] = args.model;
  if (args.chunk_size) body["chunk_size"] = *args.chunk_size;
  if (args.overlap) body["overlap"] = *args.overlap;
  Json hnsw = Json::object();
  if (args.hnsw_m) hnsw["m"] = *args.hnsw_m;
  if (args.ef_construction) hnsw["ef_construction"] = *args.ef_construction;
  if (args.ef_search) hnsw["ef_search"] = *args.ef_search;
  if (!hnsw.empty()) body["hnsw"] = std::move(hnsw);
  if (args.target_recall) body["target_recall"] = *args.target_recall;

  std::string mode = args.policy;
  if (mode.empty() && !args.cron.empty()) mode = "scheduled";
  if (mode == "scheduled" && args.cron.empty()) {
    return InvalidArgument("--policy scheduled needs --cron 'MIN HOUR DOM MON DOW'");
  }
  if (!args.cron.empty() && mode != "scheduled") {
    return InvalidArgument("--cron only applies to --policy scheduled");
  }
  if (!mode.empty() || args.debounce_ms) {
    Json policy = Json::object();
    if (!mode.empty()) policy["mode"] = mode;
    if (!args.cron.empty()) policy["cron"] = args.cron;
    if (args.debounce_ms) policy["debounce_ms"] = *args.debounce_ms;
    body["refresh_policy"] = std::move(policy);
  }
  return body;
}

int Create(const IndexArgs& args) {
  Result<Json> body = CreateBody(args);
  if (!body.ok()) return UsageError(body.status().message());
  Json started;
  if (int code = CallServer(args.server, HttpMethod::kPost, "/vectors/index", *body, &started)) {
    return code;
  }
  const std::string job_id = started.value("job_id", "");
  if (!args.wait) {
    if (args.json) {
      PrintJson(started);
    } else {
      std::cout << "index '" << args.name << "' on dataset '" << args.dataset
                << "': building in the background as job " << job_id << "\n"
                << "follow it with `lakehouse index show " << args.name
                << "`, or pass --wait next time\n";
    }
    return kExitOk;
  }
  Json result;
  const bool show_progress = !args.json;
  if (int code = WaitForJob(args.server, job_id, "build of index '" + args.name + "'",
                            show_progress, &result)) {
    return code;
  }
  result["job_id"] = job_id;
  if (args.json) {
    PrintJson(result);
  } else {
    std::cout << "index '" << args.name << "' is ready\n";
    PrintRefreshResults({result});
  }
  return kExitOk;
}

int List(const IndexArgs& args) {
  std::string path = "/vectors/indexes";
  std::string sep = "?";
  if (!args.filter_dataset.empty()) {
    path += sep + "dataset=" + UrlEncode(args.filter_dataset);
    sep = "&";
  }
  if (!args.filter_model.empty()) path += sep + "model=" + UrlEncode(args.filter_model);
  Json body;
  if (int code = CallServer(args.server, HttpMethod::kGet, path, nullptr, &body)) return code;
  if (args.json) {
    PrintJson(body);
    return kExitOk;
  }
  const Json indexes = body.value("indexes", Json::array());
  if (indexes.empty()) {
    std::cout << "no vector indexes (create one with `lakehouse index create`)\n";
    return kExitOk;
  }
  TextTable table({{"NAME"},
                   {"DATASET"},
                   {"SOURCE"},
                   {"MODEL"},
                   {"DIMS", true},
                   {"DOCS", true},
                   {"CHUNKS", true},
                   {"BUILT_FROM", true},
                   {"POLICY"},
                   {"STATUS"}});
  for (const Json& i : indexes) {
    std::string source = i.contains("text_column") && i["text_column"].is_string()
                             ? "text:" + i["text_column"].get<std::string>()
                             : "vector:" + Field(i, "vector_column");
    table.AddRow({Field(i, "index_name"), Field(i, "dataset"), source, Field(i, "model"),
                  Field(i, "dimensions"), Field(i, "doc_count"), Field(i, "chunk_count"),
                  Field(i, "built_from_version"),
                  Field(i.value("refresh_policy", Json::object()), "mode"), Field(i, "status")});
  }
  table.Print(std::cout);
  for (const Json& i : indexes) {
    if (i.contains("last_error") && i["last_error"].is_string()) {
      std::cout << "index '" << Field(i, "index_name") << "' is " << Field(i, "status")
                << ": its last refresh failed (" << Field(i, "failures") << " in a row, next retry "
                << Field(i, "next_retry_at")
                << "): " << OneLine(i["last_error"].get<std::string>(), 200) << "\n";
    }
  }
  return kExitOk;
}

std::string PolicyText(const Json& policy, const Json& freshness) {
  const std::string mode = Field(policy, "mode");
  if (mode == "on_append")
    return fmt::format("on_append (debounce {} ms)", Field(policy, "debounce_ms"));
  if (mode == "scheduled") {
    return fmt::format("scheduled, cron \"{}\" (next run {})", Field(policy, "cron"),
                       Field(freshness, "next_scheduled_run"));
  }
  return mode;
}

void PrintIndex(const Json& i, const Json& freshness) {
  TextTable table({{"FIELD"}, {"VALUE"}});  // printed without titles: a key-value list
  const bool text = i.contains("text_column") && i["text_column"].is_string();
  table.AddRow({"index", Field(i, "index_name")});
  table.AddRow({"dataset", Field(i, "dataset")});
  table.AddRow({"id column", Field(i, "id_column")});
  if (text) {
    table.AddRow({"text column", Field(i, "text_column")});
    if (i.contains("template") && i["template"].is_string()) {
      table.AddRow({"template", OneLine(i["template"].get<std::string>(), 80)});
    }
    table.AddRow({"chunking", fmt::format("{} characters, overlap {}", Field(i, "chunk_size"),
                                          Field(i, "overlap"))});
    if (i.contains("truncation") && i["truncation"].is_string()) {
      table.AddRow({"truncation", i["truncation"].get<std::string>()});
    }
  } else {
    table.AddRow({"vector column", Field(i, "vector_column")});
  }
  table.AddRow({"model", fmt::format("{} ({} dimensions, {})", Field(i, "model"),
                                     Field(i, "dimensions"), Field(i, "metric"))});
  const Json hnsw = i.value("hnsw", Json::object());
  table.AddRow({"hnsw", fmt::format("m {}, ef_construction {}, ef_search {}", Field(hnsw, "m"),
                                    Field(hnsw, "ef_construction"), Field(hnsw, "ef_search"))});
  const Json recall = i.value("recall", Json::object());
  if (recall.is_object() && recall.contains("target")) {
    const std::string how = Field(recall, "strategy") == "exact"
                                ? "exact search"
                                : "ef_search " + Field(recall, "ef_search");
    table.AddRow(
        {"recall",
         recall["measured"].is_number()
             ? fmt::format("{} at {} (target {}, {} queries, {})", Field(recall, "measured"), how,
                           Field(recall, "target"), Field(recall, "sample_queries"),
                           Field(recall, "measured_at"))
             : fmt::format("not measured yet, {} (target {})", how, Field(recall, "target"))});
  }
  table.AddRow(
      {"refresh policy", PolicyText(i.value("refresh_policy", Json::object()), freshness)});
  table.AddRow({"status", Field(i, "status")});
  if (i.contains("job") && i["job"].is_object()) {
    const Json& job = i["job"];
    const std::string progress = ProgressText(job.value("progress", Json::object()));
    table.AddRow(
        {"refresh", fmt::format("{} as job {}{}", Field(job, "state"), Field(job, "job_id"),
                                progress.empty() ? "" : ": " + progress)});
  }
  table.AddRow(
      {"documents", fmt::format("{} ({} chunks)", Field(i, "doc_count"), Field(i, "chunk_count"))});
  std::string built = "version " + Field(i, "built_from_version");
  if (freshness.is_object()) {
    built += fmt::format(" of {}", Field(freshness, "dataset_version"));
    if (freshness.value("stale", false)) {
      built += fmt::format(": stale since {}, {} versions behind, ~{} rows pending",
                           Field(freshness, "stale_since"), Field(freshness, "lag_versions"),
                           Field(freshness, "pending_rows_estimate"));
    } else {
      built += ": up to date";
    }
  }
  table.AddRow({"built from", built});
  if (freshness.is_object() && freshness.contains("coverage")) {
    const Json& c = freshness["coverage"];
    table.AddRow({"coverage", fmt::format("{} of {} rows embedded", Field(c, "rows_embedded"),
                                          Field(c, "dataset_rows"))});
  }
  table.AddRow({"last embedded", Field(i, "last_embedded_at")});
  // Before the first build finishes there is no "last build" to speak of (the job row says how
  // far it is).
  if (i.value("built_from_version", int64_t{0}) > 0) {
    table.AddRow({"last build", fmt::format("{} ms, {} chunks/s", Field(i, "build_ms"),
                                            Field(i, "chunks_per_s", 0))});
  }
  table.AddRow({"created", Field(i, "created_at")});
  table.AddRow({"last used", Field(i, "last_used")});
  if (i.contains("last_error") && i["last_error"].is_string()) {
    table.AddRow({"last error", fmt::format("{} ({} failures, next retry {})",
                                            OneLine(i["last_error"].get<std::string>(), 200),
                                            Field(i, "failures"), Field(i, "next_retry_at"))});
  }
  if (i.contains("shadow") && i["shadow"].is_object()) {
    const Json& s = i["shadow"];
    table.AddRow({"shadow", fmt::format("generation {} rebuilding, at version {} ({} docs)",
                                        Field(s, "generation"), Field(s, "built_from_version"),
                                        Field(s, "doc_count"))});
  }
  table.Print(std::cout, /*with_titles=*/false);
}

int Show(const IndexArgs& args) {
  const std::string path = "/vectors/indexes/" + UrlEncode(args.name);
  Json index;
  if (int code = CallServer(args.server, HttpMethod::kGet, path, nullptr, &index)) return code;
  Json freshness;
  if (int code =
          CallServer(args.server, HttpMethod::kGet, path + "/freshness", nullptr, &freshness)) {
    return code;
  }
  if (args.json) {
    index["freshness"] = freshness;
    PrintJson(index);
  } else {
    PrintIndex(index, freshness);
  }
  return kExitOk;
}

// POST /vectors/indexes/{name}/evals: recall@k per ef_search, printed as a table.
int Eval(const IndexArgs& args) {
  Json body = Json::object();
  if (!args.eval_ef_search.empty()) body["ef_search"] = args.eval_ef_search;
  if (args.sample > 0) body["sample"] = args.sample;
  if (args.k > 0) body["k"] = args.k;
  if (!args.queries_file.empty()) {
    std::ifstream in(args.queries_file);
    if (!in) return UsageError("cannot read " + args.queries_file);
    std::stringstream text;
    text << in.rdbuf();
    Result<Json> queries = ParseJson(text.str());
    if (!queries.ok() || !queries->is_array()) {
      return UsageError(args.queries_file +
                        ": expected a JSON array of {\"query\", \"expected_doc_ids\"}");
    }
    body["queries"] = std::move(*queries);
  }
  Json out;
  if (int code = CallServer(args.server, HttpMethod::kPost,
                            "/vectors/indexes/" + UrlEncode(args.name) + "/evals", body, &out)) {
    return code;
  }
  if (args.json) {
    PrintJson(out);
    return kExitOk;
  }
  std::cout << fmt::format(
      "{}: recall@{} over {} {} queries (truth: {}); searches use {}{}\n", Field(out, "index_name"),
      Field(out, "k"), Field(out, "queries"), Field(out, "source"), Field(out, "truth"),
      Field(out, "strategy"),
      Field(out, "strategy") == "hnsw" ? " at ef_search " + Field(out, "ef_search") : "");
  TextTable table({{"EF_SEARCH"}, {"RECALL"}, {"P50_US"}, {"P95_US"}, {"P99_US"}});
  const Json exact = out.value("exact", Json::object());
  table.AddRow({"exact", Field(exact, "recall", 4), Field(exact, "p50_us", 1),
                Field(exact, "p95_us", 1), Field(exact, "p99_us", 1)});
  for (const Json& t : out.value("trials", Json::array())) {
    table.AddRow({Field(t, "ef_search"), Field(t, "recall", 4), Field(t, "p50_us", 1),
                  Field(t, "p95_us", 1), Field(t, "p99_us", 1)});
  }
  table.Print(std::cout, /*with_titles=*/true);
  return kExitOk;
}

int Delete(const IndexArgs& args) {
  Json body;
  if (int code = CallServer(args.server, HttpMethod::kDelete,
                            "/vectors/indexes/" + UrlEncode(args.name), nullptr, &body)) {
    return code;
  }
  if (args.json) {
    PrintJson(body);
  } else {
    std::cout << "deleted index '" << Field(body, "deleted") << "'\n";
  }
  return kExitOk;
}

std::optional<int64_t> ParseInt(const std::string& text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

int RunCreate(const Invocation& in) { return Create(ArgsOf(in)); }
int RunList(const Invocation& in) { return List(ArgsOf(in)); }
int RunShow(const Invocation& in) { return Show(ArgsOf(in)); }
int RunDelete(const Invocation& in) { return Delete(ArgsOf(in)); }
int RunEval(const Invocation& in) {
  IndexArgs args = ArgsOf(in);
  for (const std::string& value : in.List("--ef-search")) {
    std::optional<int64_t> n = ParseInt(value);
    if (!n) return UsageError("--ef-search: '" + value + "' is not an integer");
    args.eval_ef_search.push_back(*n);
  }
  return Eval(args);
}

}  // namespace

std::vector<CommandSpec> IndexCommands() {
  const std::string index = "/vectors/indexes/{name}";
  const ArgSpec name{"NAME", "Index name", true, "index"};
  return {
      {"index",
       "Vector indexes: create, list (default), show, delete, patch, eval, trials, …",
       "lakehouse index [SUBCOMMAND] … | lakehouse index [--json]",
       {},
       {{"--json", FlagType::kBool, "With no subcommand: the list as JSON"}},
       "lakehouse index list --dataset docs",
       {"GET /vectors/indexes"},
       RunList,
       {"indexes"}},
      {"index create",
       "Build a vector index over a dataset (a background job; --wait follows)",
       "lakehouse index create NAME --dataset D --id-column C (--text-column T | --vector-column "
       "V) [--model M] [--policy P] [--cron EXPR] [--hnsw-m N] [--wait] [--json]",
       {{"NAME", "Index name (letters, digits, '_', '-')"}},
       {{"--dataset", FlagType::kString, "Dataset to index", true},
        {"--id-column", FlagType::kString, "Column identifying a row (VARCHAR, INTEGER or BIGINT)",
         true},
        {"--text-column", FlagType::kString, "Column to chunk and embed"},
        {"--vector-column", FlagType::kString,
         "Column already holding embeddings (FLOAT[] or FLOAT[d])"},
        {"--template", FlagType::kString,
         "Context prefixed to each chunk, e.g. \"{title}\\n{chunk}\""},
        {"--chunk-size", FlagType::kInt,
         "Chunk size in characters (default 400 for builtin/use-lite-v1, else 1000)"},
        {"--overlap", FlagType::kInt,
         "Chunk overlap in characters (default 40 for builtin/use-lite-v1, else 100)"},
        {"--model", FlagType::kString, "Embedding model (default: the server's)"},
        {"--policy",
         FlagType::kChoice,
         "Refresh policy: manual (default), on_append, scheduled",
         false,
         {"manual", "on_append", "scheduled"}},
        {"--cron", FlagType::kString, "5-field cron expression (UTC) for --policy scheduled"},
        {"--debounce-ms", FlagType::kInt, "on_append: wait for writes to settle (default 2000)"},
        {"--hnsw-m", FlagType::kInt, "HNSW M (default 16)"},
        {"--ef-construction", FlagType::kInt, "HNSW ef_construction (default 200)"},
        {"--ef-search", FlagType::kInt, "HNSW ef_search (default 128)"},
        {"--target-recall", FlagType::kNumber,
         "Recall@10 against exact search to keep, in (0, 1] (default 0.95); the index picks its "
         "ef_search (or exact search) to reach it"},
        {"--wait", FlagType::kBool, "Wait for the build and print what it did"},
        JsonFlag()},
       "lakehouse index create docs_idx --dataset docs --id-column id --text-column body",
       {"POST /vectors/index", "GET /jobs/{id}"},
       RunCreate},
      {"index list",
       "List vector indexes",
       "lakehouse index list [--dataset D] [--model M] [--json]",
       {},
       {{"--dataset", FlagType::kString, "Only indexes of this dataset"},
        {"--model", FlagType::kString, "Only indexes embedding with this model"},
        JsonFlag()},
       "lakehouse index list --dataset docs",
       {"GET /vectors/indexes"},
       RunList},
      {"index show",
       "Show an index: definition, counts, freshness",
       "lakehouse index show NAME [--json]",
       {name},
       {{"--json", FlagType::kBool, "Print the JSON response (with its freshness)"}},
       "lakehouse index show docs_idx",
       {"GET " + index, "GET " + index + "/freshness"},
       RunShow},
      {"index delete",
       "Delete an index and its files",
       "lakehouse index delete NAME [--json]",
       {name},
       {JsonFlag()},
       "lakehouse index delete docs_idx",
       {"DELETE " + index},
       RunDelete},
      {"index eval",
       "Recall@k and latency per ef_search (sampled or given queries)",
       "lakehouse index eval NAME [--ef-search N …] [--sample N] [--k K] [--queries FILE] "
       "[--json]",
       {name},
       {{"--ef-search", FlagType::kList,
         "ef_search values to try (repeatable; default: the index's own)"},
        {"--sample", FlagType::kInt, "Queries drawn from the index (default 200)"},
        {"--k", FlagType::kInt, "Results per query (default 10)"},
        {"--queries", FlagType::kFile,
         "JSON file: [{\"query\": text, \"expected_doc_ids\": [...]}, ...]"},
        JsonFlag()},
       "lakehouse index eval docs_idx --ef-search 16 --ef-search 64",
       {"POST " + index + "/evals"},
       RunEval},
  };
}

}  // namespace lakehouse
