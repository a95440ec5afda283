#include "embed/use_lite_embedder.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace lakehouse {
namespace {

// Texts per Encode call: enough rows for efficient matrix products, small enough to stay in cache.
constexpr size_t kTextsPerBatch = 16;

}  // namespace

std::string UseLiteEmbedder::DefaultModelDir() { return LAKEHOUSE_USE_LITE_DIR; }

Result<std::unique_ptr<UseLiteEmbedder>> UseLiteEmbedder::Create(const UseLiteOptions& options) {
  const std::string dir = options.model_dir.empty() ? DefaultModelDir() : options.model_dir;
  auto tokenizer = UseLiteTokenizer::FromVocabFile(dir + "/vocab.json");
  if (!tokenizer.ok()) {
    return FailedPrecondition(
        "builtin/use-lite-v1 cannot load its vocabulary (run scripts/setup.sh): ",
        tokenizer.status().message());
  }
  auto weights = LoadUseLiteWeights(dir);
  if (!weights.ok()) {
    return FailedPrecondition(
        "builtin/use-lite-v1 cannot load its weights (run scripts/setup.sh): ",
        weights.status().message());
  }
  if ((*tokenizer)->vocabulary_size() > weights->token_embeddings.rows ||
      weights->max_tokens != kMaxTokens) {
    return FailedPrecondition("builtin/use-lite-v1: the vocabulary and weights in '", dir,
                              "' do not belong together");
  }
  const int32_t threads =
      options.threads > 0
          ? options.threads
          : std::max<int32_t>(1, static_cast<int32_t>(std::thread::hardware_concurrency()));
  return std::unique_ptr<UseLiteEmbedder>(
      new UseLiteEmbedder(std::move(tokenizer).value(),
                          std::make_unique<UseLiteEncoder>(std::move(weights).value()), threads));
}

UseLiteEmbedder::UseLiteEmbedder(std::unique_ptr<UseLiteTokenizer> tokenizer,
                                 std::unique_ptr<UseLiteEncoder> encoder, int32_t threads)
    : tokenizer_(std::move(tokenizer)), encoder_(std::move(encoder)), threads_(threads) {}

void UseLiteEmbedder::EmbedRange(const std::vector<std::string>& texts, size_t begin, size_t end,
                                 std::vector<std::vector<float>>* out) const {
  std::vector<std::vector<int32_t>> tokens;
  tokens.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) {
    tokens.push_back(tokenizer_->Encode(texts[i]));
    if (tokens.back().size() > static_cast<size_t>(kMaxTokens)) tokens.back().resize(kMaxTokens);
  }
  std::vector<float> flat(tokens.size() * UseLiteEncoder::kDimensions);
  encoder_->Encode(tokens, flat);
  for (size_t i = begin; i < end; ++i) {
    const float* row = flat.data() + (i - begin) * UseLiteEncoder::kDimensions;
    (*out)[i].assign(row, row + UseLiteEncoder::kDimensions);
  }
}

Result<std::vector<std::vector<float>>> UseLiteEmbedder::Embed(
    const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> out(texts.size());
  const size_t batches = (texts.size() + kTextsPerBatch - 1) / kTextsPerBatch;
  const size_t workers = std::min<size_t>(static_cast<size_t>(threads_), batches);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t b = next.fetch_add(1); b < batches; b = next.fetch_add(1)) {
      EmbedRange(texts, b * kTextsPerBatch, std::min(texts.size(), (b + 1) * kTextsPerBatch), &out);
    }
  };
  if (workers <= 1) {
    work();
    return out;
  }
  std::vector<std::jthread> pool;
  pool.reserve(workers - 1);
  for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  pool.clear();  // joins
  return out;
}

}  // namespace lakehouse
