// `lakehouse index patch` and `lakehouse search-batch` (the other vector commands are declared
// with CLI11 in index_command.cc, index_tuning_command.cc, search_command.cc, refresh_command.cc).
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "cli/command_table.h"
#include "cli/record_output.h"
#include "cli/server_client.h"
#include "cli/text_table.h"

namespace lakehouse {
namespace {

Result<Json> PatchBody(const Invocation& in) {
  Json body = Json::object();
  if (in.Has("--model")) body["model"] = in.Get("--model");
  if (in.Has("--template")) body["template"] = in.Get("--template");
  if (in.Has("--chunk-size")) body["chunk_size"] = *in.Int("--chunk-size");
  if (in.Has("--overlap")) body["overlap"] = *in.Int("--overlap");
  if (in.Has("--target-recall")) body["target_recall"] = *in.Number("--target-recall");
  Json hnsw = Json::object();
  if (in.Has("--hnsw-m")) hnsw["m"] = *in.Int("--hnsw-m");
  if (in.Has("--ef-construction")) hnsw["ef_construction"] = *in.Int("--ef-construction");
  if (in.Has("--ef-search")) hnsw["ef_search"] = *in.Int("--ef-search");
  if (!hnsw.empty()) body["hnsw"] = hnsw;
  std::string mode = in.Get("--policy");
  if (mode.empty() && in.Has("--cron")) mode = "scheduled";
  if (mode == "scheduled" && !in.Has("--cron")) {
    return InvalidArgument("--policy scheduled needs --cron 'MIN HOUR DOM MON DOW'");
  }
  if (in.Has("--cron") && mode != "scheduled") {
    return InvalidArgument("--cron only applies to --policy scheduled");
  }
  if (!mode.empty() || in.Has("--debounce-ms")) {
    Json policy = Json::object();
    if (!mode.empty()) policy["mode"] = mode;
    if (in.Has("--cron")) policy["cron"] = in.Get("--cron");
    if (in.Has("--debounce-ms")) policy["debounce_ms"] = *in.Int("--debounce-ms");
    body["refresh_policy"] = policy;
  }
  if (body.empty())
    return InvalidArgument("nothing to change: give at least one flag (see --help)");
  return body;
}

int Patch(const Invocation& in) {
  Result<Json> body = PatchBody(in);
  if (!body.ok()) return UsageError(body.status().message());
  Json answer;
  int http_status = 0;
  const std::string name = in.Get("NAME");
  if (int code = CallServer(in.server(), HttpMethod::kPatch, "/vectors/indexes/" + UrlEncode(name),
                            *body, &answer, &http_status)) {
    return code;
  }
  const bool rebuild = answer.value("rebuild", false);
  if (rebuild && in.Has("--wait") && answer.contains("job_id") && answer["job_id"].is_string()) {
    Json result;
    if (int code = WaitForJob(in.server(), answer["job_id"].get<std::string>(),
                              "rebuild of '" + name + "'", true, &result)) {
      return code;
    }
    answer["job_result"] = result;
  }
  if (in.Has("--json")) {
    PrintJson(answer);
  } else if (rebuild) {
    std::cout << "index '" << name << "': a shadow rebuild "
              << (in.Has("--wait") ? "finished and was swapped in"
                                   : "started (job " + Field(answer, "job_id") +
                                         "; follow it with `lakehouse jobs follow ID`)")
              << "\n";
  } else {
    std::cout << "index '" << name << "' updated in place\n";
  }
  return kExitOk;
}

// One query per line, or JSONL: {"query": …} or {"vector": […]} per line.
Status ReadQueries(const std::string& path, Json* queries, Json* vectors) {
  std::ifstream file(path);
  if (!file) return InvalidArgument("cannot read '", path, "'");
  int line_number = 0;
  for (std::string line; std::getline(file, line);) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line.front() != '{') {
      queries->push_back(line);
      continue;
    }
    Result<Json> object = ParseJson(line);
    if (!object.ok() || !object->is_object()) {
      return InvalidArgument(path, ":", line_number, ": not a JSON object");
    }
    if (object->contains("query") && (*object)["query"].is_string()) {
      queries->push_back((*object)["query"]);
    } else if (object->contains("vector")) {
      vectors->push_back((*object)["vector"]);
    } else {
      return InvalidArgument(path, ":", line_number, ": needs \"query\" or \"vector\"");
    }
  }
  if (!queries->empty() && !vectors->empty()) {
    return InvalidArgument(path, ": mixes queries and vectors; one batch takes one kind");
  }
  if (queries->empty() && vectors->empty()) return InvalidArgument(path, ": no queries");
  return Status::Ok();
}

int SearchBatch(const Invocation& in) {
  Json queries = Json::array();
  Json vectors = Json::array();
  if (Status status = ReadQueries(in.Get("--file"), &queries, &vectors); !status.ok()) {
    return UsageError(status.message());
  }
  Json body = {{"index", in.Get("INDEX")}};
  if (!queries.empty()) body["queries"] = queries;
  if (!vectors.empty()) body["vectors"] = vectors;
  if (in.Has("--k")) body["k"] = *in.Int("--k");
  if (in.Has("--filter")) body["filter"] = in.Get("--filter");
  if (in.Has("--exact")) body["exact"] = true;
  if (in.Has("--ef-search")) body["ef_search"] = *in.Int("--ef-search");
  if (in.Has("--columns")) body["columns"] = in.List("--columns");
  if (in.Has("--mode")) body["mode"] = in.Get("--mode");
  Json answer;
  if (int code =
          CallServer(in.server(), HttpMethod::kPost, "/vectors/search/batch", body, &answer)) {
    return code;
  }
  if (in.Has("--json")) {
    PrintJson(answer);
    return kExitOk;
  }
  TextTable table({{"QUERY"}, {"RANK", true}, {"SCORE", true}, {"DOC_ID"}, {"TEXT"}});
  const Json results = answer.value("results", Json::array());
  for (size_t q = 0; q < results.size(); ++q) {
    const std::string label =
        q < queries.size() ? OneLine(queries[q].get<std::string>(), 30) : fmt::format("#{}", q + 1);
    int rank = 0;
    for (const Json& hit : results[q]) {
      table.AddRow({label, std::to_string(++rank), Field(hit, "score", 4), Field(hit, "doc_id"),
                    OneLine(Field(hit, "chunk_text"), 60)});
    }
  }
  table.Print(std::cout);
  return kExitOk;
}

}  // namespace

std::vector<CommandSpec> VectorCommands() {
  return {
      {"index patch",
       "Change an index's refresh policy, search parameters or model (a model or chunking "
       "change rebuilds a shadow index and swaps it in)",
       "lakehouse index patch NAME [--policy manual|on_append|scheduled] [--cron EXPR] "
       "[--debounce-ms N] [--model M] [--template T] [--chunk-size N] [--overlap N] [--hnsw-m N] "
       "[--ef-construction N] [--ef-search N] [--target-recall X] [--wait] [--json]",
       {{"NAME", "Index name", true, "index"}},
       {{"--policy",
         FlagType::kChoice,
         "Refresh policy",
         false,
         {"manual", "on_append", "scheduled"}},
        {"--cron", FlagType::kString, "scheduled: 'MIN HOUR DOM MON DOW'"},
        {"--debounce-ms", FlagType::kInt, "on_append: wait for writes to settle"},
        {"--model", FlagType::kString, "Embedding model (rebuilds)"},
        {"--template", FlagType::kString, "Context template (rebuilds)"},
        {"--chunk-size", FlagType::kInt, "Chunk size in characters (rebuilds)"},
        {"--overlap", FlagType::kInt, "Chunk overlap (rebuilds)"},
        {"--hnsw-m", FlagType::kInt, "HNSW M (rebuilds)"},
        {"--ef-construction", FlagType::kInt, "HNSW ef_construction (rebuilds)"},
        {"--ef-search", FlagType::kInt, "HNSW ef_search (in place)"},
        {"--target-recall", FlagType::kNumber, "Recall@10 to keep, in (0, 1]"},
        {"--wait", FlagType::kBool, "Follow a rebuild until it is swapped in"},
        JsonFlag()},
       "lakehouse index patch docs_idx --policy scheduled --cron '0 3 * * *'",
       {"PATCH /vectors/indexes/{name}"},
       Patch},
      {"search-batch",
       "Several searches of one index in one request, from a file of queries",
       "lakehouse search-batch INDEX --file FILE [--k K] [--filter SQL] [--columns A,B] "
       "[--exact] [--ef-search N] [--mode vector|keyword|hybrid] [--json]",
       {{"INDEX", "Index name", true, "index"}},
       {{"--file", FlagType::kFile,
         "Queries: one per line, or JSONL {\"query\": …} / {\"vector\": […]}", true},
        {"--k", FlagType::kInt, "Hits per query (default 10)"},
        {"--filter", FlagType::kString, "SQL predicate over the dataset"},
        {"--columns", FlagType::kList, "Row columns to return with each hit"},
        {"--exact", FlagType::kBool, "Exact (brute-force) search"},
        {"--ef-search", FlagType::kInt, "HNSW ef_search for this batch"},
        {"--mode", FlagType::kChoice, "Retrieval mode", false, {"vector", "keyword", "hybrid"}},
        JsonFlag()},
       "lakehouse search-batch docs_idx --file questions.txt --k 3",
       {"POST /vectors/search/batch"},
       SearchBatch},
  };
}

}  // namespace lakehouse
