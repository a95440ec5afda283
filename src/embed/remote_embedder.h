// RemoteEmbedder: an Embedder backed by a model server ("ollama/<model>", "openai/<model>").
//
// Embed(texts) accepts any number of texts: it splits them into batches of at most `batch_size`
// texts and `batch_chars` code points (a longer single text goes alone), sends the batches through
// the shared ProviderClient (so the provider's concurrency limit, retries and timeouts apply), up
// to the client's concurrency in parallel, and reassembles the vectors in input order.
// Texts that are empty or only whitespace are not sent: they map to the all-zero vector, as the
// Embedder contract says.
//
// Dimensions are discovered on the first successful response (dimensions() is 0 before; call
// DiscoverDimensions() to probe) and checked on every later one: a provider that changes
// dimension (e.g. the model behind the name was replaced) is an UPSTREAM_ERROR naming both sizes,
// as are a wrong vector count, an empty vector or non-finite values. Vectors are L2-normalised
// here whether or not the provider already did.
//
// Thread-safety: thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "embed/embedder.h"
#include "embed/provider_client.h"
#include "embed/provider_protocol.h"

namespace lakehouse {

struct EmbedBatching {
  int32_t batch_size = 32;      // >= 1
  int32_t batch_chars = 65536;  // >= 1
};

class RemoteEmbedder final : public Embedder {
 public:
  // `model_id` is ours ("ollama/nomic-embed-text"), `provider_model` the provider's name for it.
  RemoteEmbedder(std::string model_id, std::string provider_model,
                 std::shared_ptr<ProviderClient> client,
                 std::shared_ptr<const ProviderProtocol> protocol, EmbedBatching batching);

  Result<std::vector<std::vector<float>>> Embed(const std::vector<std::string>& texts) override;
  int32_t dimensions() const override { return dimensions_.load(); }
  Result<int32_t> DiscoverDimensions() override;
  const std::string& model_id() const override { return model_id_; }

  // Splits the indexes of `texts` that need embedding into batches (exposed for tests).
  static std::vector<std::vector<size_t>> PlanBatches(const std::vector<std::string>& texts,
                                                      const EmbedBatching& batching);

 private:
  // Embeds one batch into `out` (rows indexed like `texts`).
  Status EmbedBatch(const std::vector<std::string>& texts, const std::vector<size_t>& batch,
                    std::vector<std::vector<float>>* out);
  Status CheckDimensions(size_t got);

  const std::string model_id_;
  const std::string provider_model_;
  const std::shared_ptr<ProviderClient> client_;
  const std::shared_ptr<const ProviderProtocol> protocol_;
  const EmbedBatching batching_;
  std::atomic<int32_t> dimensions_{0};
};

// True when `text` is empty or only ASCII whitespace (such texts are never sent to a provider).
bool IsBlankText(std::string_view text);

}  // namespace lakehouse
