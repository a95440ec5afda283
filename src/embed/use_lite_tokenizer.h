// UseLiteTokenizer: the unigram SentencePiece-style tokenizer of the Universal Sentence Encoder
// lite (builtin/use-lite-v1), reproducing the reference JS tokenizer of @energetic-ai/embeddings
// 0.2.0 (itself TensorFlow.js's universal-sentence-encoder tokenizer) token for token:
//   1. NFKC-normalise the text (invalid UTF-8 bytes first become U+FFFD).
//   2. If the result is not empty, prefix it with "▁" (U+2581) and replace every ASCII space by
//   "▁".
//      Other white space stays as it is (NFKC already maps NBSP and the like to a space).
//   3. Viterbi over the code points: every vocabulary piece (ids 6..7999; 0..5 are reserved) that
//      starts at a position is an edge weighted by the piece's log-probability score; a position
//      where no piece starts gets a one-code-point edge to id 0 (unknown) with score 0. The best
//      path maximises the summed score; ties go to the later start, as in the reference.
//   4. Consecutive unknown ids collapse into one.
// An empty text (or one that normalises to nothing) has no tokens.
//
// Thread-safety: immutable after construction; Encode is safe from any number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/result.h"

namespace lakehouse {

struct VocabPiece {
  std::string text;  // UTF-8
  double score = 0;  // log probability; the reference compares these as doubles
};

class UseLiteTokenizer {
 public:
  static constexpr int32_t kReservedIds = 6;

  // Reads vocab.json: a JSON array of [piece, score] pairs, id = position.
  static Result<std::unique_ptr<UseLiteTokenizer>> FromVocabFile(const std::string& path);

  explicit UseLiteTokenizer(std::vector<VocabPiece> vocabulary);

  std::vector<int32_t> Encode(std::string_view text) const;

  int32_t vocabulary_size() const { return static_cast<int32_t>(vocabulary_.size()); }
  const std::string& piece(int32_t id) const { return vocabulary_[id].text; }

 private:
  struct TrieNode {
    bool end = false;
    int32_t id = 0;
    int32_t length = 0;  // code points
    double score = 0;
  };
  // Child of `node` along `code_point`, or -1.
  int32_t Child(int32_t node, char32_t code_point) const;

  std::vector<VocabPiece> vocabulary_;
  std::vector<int32_t> utf16_lengths_;  // the reference steps back by a piece's JS string length
  std::vector<TrieNode> nodes_;         // nodes_[0] is the root
  std::unordered_map<uint64_t, int32_t> children_;  // (node << 21 | code point) → node
};

// NFKC-normalises valid or invalid UTF-8 (invalid bytes become U+FFFD first).
std::string NormalizeNfkc(std::string_view text);

}  // namespace lakehouse
