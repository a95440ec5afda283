// RAG answer building from retrieved chunks: the grounded prompt for a generator, and the
// extractive fallback used when no generator is configured. Pure functions.
//
// Extractive answers pick the sentences of the retrieved chunks that share the most (normalised)
// words with the question, at most `max_sentences`, in rank order, each followed by its citation
// marker [n]. When no sentence shares a content word with the question, or nothing was retrieved,
// the answer says so plainly instead of guessing.
#pragma once

#include <string>
#include <vector>

#include "common/json.h"

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

// Citation numbers [n] that appear in a generated answer and name a source.
std::vector<int32_t> CitedSources(const std::string& answer, size_t source_count);

}  // namespace lakehouse
