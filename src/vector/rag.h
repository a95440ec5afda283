// RAG answer building from retrieved chunks: the grounded prompt for a generator, and the
// extractive fallback used when no generator is configured (pure functions), and RagAnswer, what
// VectorService::Rag returns, with its JSON (written at the HTTP edge).
//
// Extractive answers pick the sentences of the retrieved chunks that share the most (normalised)
// words with the question, at most `max_sentences`, in rank order, each followed by its citation
// marker [n]. When no sentence shares a content word with the question, or nothing was retrieved,
// the answer says so plainly instead of guessing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "vector/search_mode.h"

namespace lakehouse {

struct RagSource {
  int32_t n = 0;  // citation number, 1-based, in retrieval order
  std::string doc_id;
  int32_t chunk_idx = 0;
  float score = 0;
  std::string text;
};

extern const char kNoRelevantContext[];

// The system and user messages of a grounded prompt: answer only from the numbered sources,
// cite them as [n], say so when they do not contain the answer.
std::pair<std::string, std::string> BuildRagPrompt(const std::string& question,
                                                   const std::vector<RagSource>& sources);

struct ExtractiveAnswer {
  std::string answer;
  std::vector<int32_t> cited;  // citation numbers used
};
ExtractiveAnswer BuildExtractiveAnswer(const std::string& question,
                                       const std::vector<RagSource>& sources,
                                       size_t max_sentences = 3);

enum class RagAnswerMode {
  kGenerated,   // written by a generator from the retrieved sources
  kExtractive,  // sentences quoted from them (no generator, or nothing relevant retrieved)
};
std::string_view RagAnswerModeName(RagAnswerMode mode);  // "generated", "extractive"

// POST /vectors/rag's answer: the answer and the sources it cites, and what it was grounded on.
//
//   {"index", "index_version", "dataset_version", "stale", "search_mode", "reranked_by",
//    "answer", "citations": [{"n", "doc_id", "chunk_idx", "score", "text"}, ...], "mode",
//    "model", "relevant_context"}
//
// Thread-safety: a plain value type.
struct RagAnswer {
  std::string index;
  int64_t index_version = 0;    // the dataset version the index was built from
  int64_t dataset_version = 0;  // the dataset's current version
  SearchMode search_mode = SearchMode::kVector;
  std::string reranked_by;  // the rerank model id; "" = not reranked (null)
  std::string answer;
  std::vector<RagSource> citations;  // the sources the answer cites, in retrieval order
  RagAnswerMode mode = RagAnswerMode::kExtractive;
  std::optional<std::string> model;  // the generator's model id; null when extractive
  bool relevant_context = false;     // some retrieved source was relevant to the question

  bool stale() const { return dataset_version > index_version; }
  Json ToJson() const;
};

// Citation numbers [n] that appear in a generated answer and name a source.
std::vector<int32_t> CitedSources(const std::string& answer, size_t source_count);

}  // namespace lakehouse
