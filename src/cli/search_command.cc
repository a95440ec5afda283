// `lakehouse search INDEX "query" …` (ranked results with scores, POST /vectors/search) and
// `lakehouse ask INDEX "question" …` (the answer and its numbered citations, POST /vectors/rag).
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/text_table.h"

namespace lakehouse {
namespace {

constexpr size_t kTextWidth = 200;  // code points of chunk text shown per result

struct SearchArgs {
  ServerClientOptions server;
  std::string index;
  std::string query;
  std::string vector;  // a JSON array, for indexes of external vectors
  std::string filter;
  std::vector<std::string> columns;
  int32_t k = 10;
  bool exact = false;
  bool json = false;
  std::string mode;          // "" = the server's default (vector)
  std::string rerank_model;  // "" = no rerank
  bool has_query = false;
};

struct AskArgs {
  ServerClientOptions server;
  std::string index;
  std::string question;
  std::string model;
  std::string filter;
  std::string mode;
  std::string rerank_model;
  int32_t k = 5;
  bool json = false;
};

// --mode and --rerank: the retrieval options shared by search and ask.
void AddRetrieval(const std::string& mode, const std::string& rerank_model, Json* body) {
  if (!mode.empty()) (*body)["mode"] = mode;
  if (!rerank_model.empty()) (*body)["rerank"] = {{"model", rerank_model}};
}

// A note for answers from an index that lags its dataset.
void PrintStaleNote(const Json& response) {
  if (!response.value("stale", false)) return;
  std::cout << fmt::format(
      "note: the index is stale (built from dataset version {}, dataset now at {}); "
      "`lakehouse refresh` brings it up to date\n",
      Field(response, "index_version"), Field(response, "dataset_version"));
}

int Search(const SearchArgs& args) {
  const bool has_query = args.has_query;
  if (has_query == !args.vector.empty()) {
    return UsageError("give either a QUERY or --vector, not both or neither");
  }
  Json body = {{"index", args.index}, {"k", args.k}};
  if (has_query) {
    body["query"] = args.query;
  } else {
    Result<Json> vector = ParseJson(args.vector);
    if (!vector.ok() || !vector->is_array() || vector->empty()) {
      return UsageError("--vector must be a JSON array of numbers, e.g. '[0.1, 0.2]'");
    }
    body["vector"] = std::move(*vector);
  }
  if (!args.filter.empty()) body["filter"] = args.filter;
  if (args.exact) body["exact"] = true;
  AddRetrieval(args.mode, args.rerank_model, &body);
  // Rows are read only when asked for: by --columns, or by --json (the server's default: all).
  if (!args.columns.empty()) {
    body["columns"] = args.columns;
  } else if (!args.json) {
    body["columns"] = Json::array();
  }
  Json out;
  if (int code = CallServer(args.server, HttpMethod::kPost, "/vectors/search", body, &out)) {
    return code;
  }
  if (args.json) {
    PrintJson(out);
    return kExitOk;
  }
  const Json results = out.value("results", Json::array());
  int n = 0;
  for (const Json& r : results) {
    std::cout << fmt::format("{:>2}. {}  doc {}  chunk {}\n", ++n, Field(r, "score", 4),
                             Field(r, "doc_id"), Field(r, "chunk_idx"));
    const std::string text = OneLine(r.value("chunk_text", ""), kTextWidth);
    if (!text.empty()) std::cout << "    " << text << "\n";  // external vectors have no text
    if (r.contains("row") && r["row"].is_object()) {
      std::string fields;
      for (const auto& [key, value] : r["row"].items()) {
        fields += (fields.empty() ? "" : ", ") + key + "=" + OneLine(CellText(value), 60);
      }
      std::cout << "    " << fields << "\n";
    }
  }
  std::cout << fmt::format("{} result{} from index '{}' ({} {}search{}, {} ms)\n", results.size(),
                           results.size() == 1 ? "" : "s", Field(out, "index"),
                           out.value("mode", "vector"), out.value("exact", false) ? "exact " : "",
                           out.contains("reranked_by") && out["reranked_by"].is_string()
                               ? ", reranked by " + out["reranked_by"].get<std::string>()
                               : "",
                           Field(out, "elapsed_ms", 2));
  PrintStaleNote(out);
  return kExitOk;
}

int Ask(const AskArgs& args) {
  if (args.question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return UsageError("the question is empty");
  }
  Json body = {{"index", args.index}, {"question", args.question}, {"k", args.k}};
  if (!args.model.empty()) body["model"] = args.model;
  if (!args.filter.empty()) body["filter"] = args.filter;
  AddRetrieval(args.mode, args.rerank_model, &body);
  Json out;
  if (int code = CallServer(args.server, HttpMethod::kPost, "/vectors/rag", body, &out)) {
    return code;
  }
  if (args.json) {
    PrintJson(out);
    return kExitOk;
  }
  std::cout << out.value("answer", "") << "\n";
  const Json citations = out.value("citations", Json::array());
  if (!citations.empty()) {
    std::cout << "\nSources:\n";
    for (const Json& c : citations) {
      std::cout << fmt::format("  [{}] doc {}, chunk {} (score {}): {}\n", Field(c, "n"),
                               Field(c, "doc_id"), Field(c, "chunk_idx"), Field(c, "score", 4),
                               OneLine(c.value("text", ""), kTextWidth));
    }
  }
  std::cout << "\n";
  if (out.value("mode", "") == "generated") {
    std::cout << "answer generated by " << Field(out, "model") << "\n";
  } else if (out.value("relevant_context", true)) {
    std::cout << "extractive answer: sentences quoted from the sources (no generator configured)\n";
  } else {
    std::cout << "no retrieved chunk was relevant enough to answer from\n";
  }
  PrintStaleNote(out);
  return kExitOk;
}

// --k: 1 … 1000 results or chunks.
std::optional<int32_t> TopK(const Invocation& in, int32_t fallback) {
  const int64_t k = in.Int("--k").value_or(fallback);
  if (k < 1 || k > 1000) return std::nullopt;
  return static_cast<int32_t>(k);
}

int RunSearch(const Invocation& in) {
  SearchArgs args;
  args.server = in.server();
  args.index = in.Get("INDEX");
  args.has_query = in.Has("QUERY");
  args.query = in.Get("QUERY");
  args.vector = in.Get("--vector");
  args.filter = in.Get("--filter");
  args.columns = in.List("--columns");
  std::optional<int32_t> k = TopK(in, 10);
  if (!k) return UsageError("--k must be between 1 and 1000");
  args.k = *k;
  args.exact = in.Has("--exact");
  args.json = in.Has("--json");
  args.mode = in.Get("--mode");
  args.rerank_model = in.Get("--rerank");
  return Search(args);
}

int RunAsk(const Invocation& in) {
  AskArgs args;
  args.server = in.server();
  args.index = in.Get("INDEX");
  args.question = in.Get("QUESTION");
  args.model = in.Get("--model");
  args.filter = in.Get("--filter");
  args.mode = in.Get("--mode");
  args.rerank_model = in.Get("--rerank");
  std::optional<int32_t> k = TopK(in, 5);
  if (!k) return UsageError("--k must be between 1 and 1000");
  args.k = *k;
  args.json = in.Has("--json");
  return Ask(args);
}

}  // namespace

std::vector<CommandSpec> SearchCommands() {
  const std::vector<std::string> modes = {"vector", "keyword", "hybrid"};
  return {
      {"search",
       "Search a vector index: ranked hits with scores",
       "lakehouse search INDEX [QUERY] [--k N] [--filter SQL] [--exact] [--columns A,B] [--vector "
       "JSON] [--mode M] [--rerank MODEL] [--json]",
       {{"INDEX", "Index name", true, "index"}, {"QUERY", "Text to search for", false}},
       {{"--k", FlagType::kInt, "Number of results, 1 … 1000 (default 10)"},
        {"--filter", FlagType::kString,
         "SQL boolean expression over the dataset's columns, e.g. \"year >= 2020\""},
        {"--exact", FlagType::kBool, "Exact (brute-force) search instead of HNSW"},
        {"--columns", FlagType::kList, "Dataset columns to show with each result"},
        {"--vector", FlagType::kString,
         "Query vector as a JSON array (indexes of external vectors)"},
        {"--mode", FlagType::kChoice,
         "vector (default), keyword (BM25) or hybrid (both, reciprocal rank fusion)", false, modes},
        {"--rerank", FlagType::kString,
         "Rerank the candidates with this model (tei/<model>, openai/<model>)"},
        JsonFlag()},
       "lakehouse search docs_idx 'late delivery' --k 5",
       {"POST /vectors/search"},
       RunSearch},
      {"ask",
       "Answer a question from a vector index (RAG), with citations",
       "lakehouse ask INDEX QUESTION [--k N] [--model M] [--filter SQL] [--mode M] [--rerank "
       "MODEL] [--json]",
       {{"INDEX", "Index name", true, "index"}, {"QUESTION", "The question"}},
       {{"--k", FlagType::kInt, "Chunks to retrieve, 1 … 1000 (default 5)"},
        {"--model", FlagType::kString, "Generator model (default: the server's)"},
        {"--filter", FlagType::kString, "SQL boolean expression restricting the sources"},
        {"--mode", FlagType::kChoice, "Retrieval: vector (default), keyword or hybrid", false,
         modes},
        {"--rerank", FlagType::kString, "Rerank the retrieved chunks with this model"},
        JsonFlag()},
       "lakehouse ask docs_idx 'What is the refund window?'",
       {"POST /vectors/rag"},
       RunAsk},
  };
}

}  // namespace lakehouse
