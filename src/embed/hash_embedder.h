// HashEmbedder ("builtin/hash-v1"): a deterministic, dependency-free LEXICAL embedding.
//
// It is not semantic: texts are close when they share words, word pairs and character 3-grams,
// so it finds "database indexing" for "indexing a database" and tolerates inflections and typos,
// but knows nothing about synonyms ("car" vs "automobile") or other languages' words for the same
// thing. It exists so vector search works out of the box, offline, and in tests.
//
// Algorithm (changing any of it changes the model id):
//   1. Normalise: lower-case ASCII, Latin-1/Latin Extended-A, Greek and Cyrillic capitals.
//   2. Tokenise: a word is a run of letters/digits (ASCII alphanumerics and non-ASCII code points
//      outside the punctuation/symbol blocks). CJK ideographs, kana and emoji are one token each,
//      so word bigrams over them are the usual CJK character bigrams. Invalid UTF-8 bytes and
//      punctuation separate words.
//   3. Features, weighted by kind: word unigrams (1.0), adjacent word bigrams (0.5), and
//      code-point 3-grams of words of ≥ 3 code points padded as "<word>" (0.25).
//   4. Signed feature hashing: a feature's 64-bit hash is FNV-1a over its UTF-8 bytes (seeded
//      per kind; a bigram combines its two word hashes) passed through MurmurHash3's fmix64
//      finaliser. Bits 32..63 pick the bucket (multiply-shift range reduction), bit 2 the sign.
//   5. Sublinear term frequency: each distinct feature adds sign · weight · (1 + ln tf).
//   6. L2-normalise. A text without any token (empty, only punctuation) maps to the all-zero
//      vector, whose cosine with everything is 0.
// Throughput: well above 20K chunks/s per core for 500-character chunks; EmbedInto allocates
// nothing once its per-thread scratch buffers have grown.
//
// Thread-safety: immutable; Embed and EmbedInto are safe from any number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "embed/embedder.h"

namespace lakehouse {

struct HashEmbedderOptions {
  // Output length, 8..65536. 384 balances collision rate against index size; fewer dimensions
  // collide more (lower precision), more cost memory and search time linearly.
  int32_t dimensions = 384;
};

class HashEmbedder final : public Embedder {
 public:
  static constexpr std::string_view kModelId = "builtin/hash-v1";

  static Result<std::unique_ptr<HashEmbedder>> Create(const HashEmbedderOptions& options = {});

  Result<std::vector<std::vector<float>>> Embed(const std::vector<std::string>& texts) override;

  // Writes the embedding of one text into `out`. Precondition: out.size() == dimensions().
  void EmbedInto(std::string_view text, std::span<float> out) const;

  int32_t dimensions() const override { return dimensions_; }
  const std::string& model_id() const override { return model_id_; }

 private:
  explicit HashEmbedder(int32_t dimensions) : dimensions_(dimensions), model_id_(kModelId) {}

  int32_t dimensions_;
  std::string model_id_;
};

}  // namespace lakehouse
