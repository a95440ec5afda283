#include "cli/index_command.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/index_tuning_command.h"
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
  // create
  std::string dataset;
  std::string id_column;
  std::string text_column;
  std::string vector_column;
  std::string context_template;
  std::string model;
  std::string policy;
  std::string cron;
  int64_t chunk_size = 0;
  int64_t overlap = 0;
  int64_t debounce_ms = 0;
  int64_t hnsw_m = 0;
  int64_t ef_construction = 0;
  int64_t ef_search = 0;
  double target_recall = 0;
  bool wait = false;
  // eval
  std::vector<int64_t> eval_ef_search;
  int64_t sample = 0;
  int64_t k = 0;
  std::string queries_file;
  // Options whose absence leaves the server's default (checked with count()).
  CLI::Option* chunk_size_option = nullptr;
  CLI::Option* overlap_option = nullptr;
  CLI::Option* debounce_option = nullptr;
  CLI::Option* hnsw_m_option = nullptr;
  CLI::Option* ef_construction_option = nullptr;
  CLI::Option* ef_search_option = nullptr;
  CLI::Option* target_recall_option = nullptr;
};

bool Given(const CLI::Option* option) { return option != nullptr && option->count() > 0; }

// The create request, or a usage error message.
Result<Json> CreateBody(const IndexArgs& args) {
  if (args.text_column.empty() == args.vector_column.empty()) {
    return InvalidArgument("give exactly one of --text-column and --vector-column");
  }
  Json body = {{"index_name", args.name}, {"dataset", args.dataset}, {"id_column", args.id_column}};
  if (!args.text_column.empty()) body["text_column"] = args.text_column;
  if (!args.vector_column.empty()) body["vector_column"] = args.vector_column;
  if (!args.context_template.empty()) body["template"] = args.context_template;
  if (!args.model.empty()) body["model"] = args.model;
  if (Given(args.chunk_size_option)) body["chunk_size"] = args.chunk_size;
  if (Given(args.overlap_option)) body["overlap"] = args.overlap;
  Json hnsw = Json::object();
  if (Given(args.hnsw_m_option)) hnsw["m"] = args.hnsw_m;
  if (Given(args.ef_construction_option)) hnsw["ef_construction"] = args.ef_construction;
  if (Given(args.ef_search_option)) hnsw["ef_search"] = args.ef_search;
  if (!hnsw.empty()) body["hnsw"] = std::move(hnsw);
  if (Given(args.target_recall_option)) body["target_recall"] = args.target_recall;

  std::string mode = args.policy;
  if (mode.empty() && !args.cron.empty()) mode = "scheduled";
  if (mode == "scheduled" && args.cron.empty()) {
    return InvalidArgument("--policy scheduled needs --cron 'MIN HOUR DOM MON DOW'");
  }
  if (!args.cron.empty() && mode != "scheduled") {
    return InvalidArgument("--cron only applies to --policy scheduled");
  }
  if (!mode.empty() || Given(args.debounce_option)) {
    Json policy = Json::object();
    if (!mode.empty()) policy["mode"] = mode;
    if (!args.cron.empty()) policy["cron"] = args.cron;
    if (Given(args.debounce_option)) policy["debounce_ms"] = args.debounce_ms;
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

void AddCreateOptions(CLI::App* create, IndexArgs* args) {
  create->add_option("NAME", args->name, "Index name (letters, digits, '_', '-')")->required();
  create->add_option("--dataset", args->dataset, "Dataset to index")->required();
  create
      ->add_option("--id-column", args->id_column,
                   "Column identifying a row (VARCHAR, INTEGER or BIGINT)")
      ->required();
  auto* text = create->add_option("--text-column", args->text_column, "Column to chunk and embed");
  auto* vector = create->add_option("--vector-column", args->vector_column,
                                    "Column already holding embeddings (FLOAT[] or FLOAT[d])");
  text->excludes(vector);
  create
      ->add_option("--template", args->context_template,
                   "Context prefixed to each chunk, e.g. \"{title}\\n{chunk}\"")
      ->excludes(vector);
  args->chunk_size_option =
      create
          ->add_option("--chunk-size", args->chunk_size,
                       "Chunk size in characters (default 400 for builtin/use-lite-v1, "
                       "else 1000)")
          ->excludes(vector);
  args->overlap_option =
      create
          ->add_option("--overlap", args->overlap,
                       "Chunk overlap in characters (default 40 for builtin/use-lite-v1, else 100)")
          ->excludes(vector);
  create->add_option("--model", args->model, "Embedding model (default: the server's)")
      ->excludes(vector);
  create
      ->add_option("--policy", args->policy,
                   "Refresh policy: manual (default), on_append, scheduled")
      ->check(CLI::IsMember({"manual", "on_append", "scheduled"}));
  create->add_option("--cron", args->cron, "5-field cron expression (UTC) for --policy scheduled");
  args->debounce_option = create->add_option("--debounce-ms", args->debounce_ms,
                                             "on_append: wait for writes to settle (default 2000)");
  args->hnsw_m_option = create->add_option("--hnsw-m", args->hnsw_m, "HNSW M (default 16)");
  args->ef_construction_option = create->add_option("--ef-construction", args->ef_construction,
                                                    "HNSW ef_construction (default 200)");
  args->ef_search_option =
      create->add_option("--ef-search", args->ef_search, "HNSW ef_search (default 128)");
  args->target_recall_option = create->add_option(
      "--target-recall", args->target_recall,
      "Recall@10 against exact search to keep, in (0, 1] (default 0.95); the index picks its "
      "ef_search (or exact search) to reach it");
  create->add_flag("--wait", args->wait, "Wait for the build and print what it did");
  create->add_flag("--json", args->json, "Print the JSON response");
}

}  // namespace

void AddIndexCommand(CLI::App* app, std::function<int()>* run) {
  auto args = std::make_shared<IndexArgs>();
  CLI::App* index = app->add_subcommand("index", "Create, list, show or delete vector indexes");
  index->alias("indexes");
  index->require_subcommand(0, 1);
  AddServerOptions(index, &args->server);
  index->add_flag("--json", args->json, "With no subcommand: the list as JSON");

  CLI::App* create = index->add_subcommand("create", "Build a vector index over a dataset");
  AddCreateOptions(create, args.get());
  CLI::App* list = index->add_subcommand("list", "List vector indexes (default)");
  list->add_option("--dataset", args->filter_dataset, "Only indexes of this dataset");
  list->add_option("--model", args->filter_model, "Only indexes embedding with this model");
  list->add_flag("--json", args->json, "Print the JSON response");
  CLI::App* show = index->add_subcommand("show", "Show an index: definition, counts, freshness");
  show->add_option("NAME", args->name, "Index name")->required();
  show->add_flag("--json", args->json, "Print the JSON response (with its freshness)");
  CLI::App* remove = index->add_subcommand("delete", "Delete an index and its files");
  remove->add_option("NAME", args->name, "Index name")->required();
  remove->add_flag("--json", args->json, "Print the JSON response");
  CLI::App* eval = index->add_subcommand(
      "eval", "Recall@k and latency of an index's search per ef_search (sampled or given queries)");
  eval->add_option("NAME", args->name, "Index name")->required();
  eval->add_option("--ef-search", args->eval_ef_search,
                   "ef_search values to try (repeatable; default: the index's own)");
  eval->add_option("--sample", args->sample, "Queries drawn from the index (default 200)");
  eval->add_option("--k", args->k, "Results per query (default 10)");
  eval->add_option("--queries", args->queries_file,
                   "JSON file: [{\"query\": text, \"expected_doc_ids\": [...]}, ...]");
  eval->add_flag("--json", args->json, "Print the JSON response");
  for (CLI::App* sub : {create, list, show, remove, eval}) sub->fallthrough();  // --server last

  std::function<std::optional<int>()> tuning = AddIndexTuningCommands(index, &args->server);
  index->callback([args, run, create, show, remove, eval, tuning] {
    *run = [args, create, show, remove, eval, tuning] {
      if (std::optional<int> code = tuning()) return *code;
      if (create->parsed()) return Create(*args);
      if (show->parsed()) return Show(*args);
      if (eval->parsed()) return Eval(*args);
      if (remove->parsed()) return Delete(*args);
      return List(*args);
    };
  });
}

}  // namespace lakehouse
