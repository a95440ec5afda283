#include "embed/remote_embedder.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <mutex>

#include "embed/normalize_embedding.h"
#include "telemetry/span.h"

namespace lakehouse {
namespace {

constexpr std::string_view kProbeText = "dimension probe";

int64_t CountCodePoints(std::string_view text) {
  int64_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

bool IsBlankText(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

RemoteEmbedder::RemoteEmbedder(std::string model_id, std::string provider_model,
                               std::shared_ptr<ProviderClient> client,
                               std::shared_ptr<const ProviderProtocol> protocol,
                               EmbedBatching batching)
    : model_id_(std::move(model_id)),
      provider_model_(std::move(provider_model)),
      client_(std::move(client)),
      protocol_(std::move(protocol)),
      batching_(batching) {}

std::vector<std::vector<size_t>> RemoteEmbedder::PlanBatches(const std::vector<std::string>& texts,
                                                             const EmbedBatching& batching) {
  std::vector<std::vector<size_t>> batches;
  std::vector<size_t> current;
  int64_t current_chars = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (IsBlankText(texts[i])) continue;
    const int64_t chars = CountCodePoints(texts[i]);
    if (!current.empty() && (static_cast<int32_t>(current.size()) >= batching.batch_size ||
                             current_chars + chars > batching.batch_chars)) {
      batches.push_back(std::move(current));
      current.clear();
      current_chars = 0;
    }
    current.push_back(i);
    current_chars += chars;
  }
  if (!current.empty()) batches.push_back(std::move(current));
  return batches;
}

Status RemoteEmbedder::CheckDimensions(size_t got) {
  if (got == 0) return UpstreamError(model_id_, " returned an empty embedding");
  if (got > 65536) {
    return UpstreamError(model_id_, " returned a ", std::to_string(got),
                         "-dimensional embedding; at most 65536 are supported");
  }
  int32_t expected = 0;
  const int32_t d = static_cast<int32_t>(got);
  if (dimensions_.compare_exchange_strong(expected, d) || expected == d) return Status::Ok();
  return UpstreamError(model_id_, " returned ", std::to_string(d),
                       "-dimensional embeddings, but its first answer had ",
                       std::to_string(expected),
                       " dimensions; was the model behind this name replaced?");
}

Status RemoteEmbedder::EmbedBatch(const std::vector<std::string>& texts,
                                  const std::vector<size_t>& batch,
                                  std::vector<std::vector<float>>* out) {
  std::vector<const std::string*> inputs;
  inputs.reserve(batch.size());
  for (const size_t i : batch) inputs.push_back(&texts[i]);
  // The provider request (with its retries) is a child span: provider_client.cc.
  Span span("embed.batch");
  span.SetAttribute("lakehouse.model", model_id_);
  span.SetAttribute("lakehouse.embed.batch_size", static_cast<int64_t>(batch.size()));
  Result<Json> posted =
      client_->PostJson(protocol_->embed_path(), protocol_->EmbedRequest(provider_model_, inputs));
  if (!posted.ok()) span.SetError(posted.status().message());
  LH_ASSIGN_OR_RETURN(Json response, std::move(posted));
  Result<std::vector<std::vector<float>>> parsed = protocol_->ParseEmbedResponse(response);
  if (!parsed.ok()) return parsed.status().WithContext(model_id_);
  std::vector<std::vector<float>>& vectors = *parsed;
  if (vectors.size() != batch.size()) {
    return UpstreamError(model_id_, " returned ", std::to_string(vectors.size()),
                         " embeddings for ", std::to_string(batch.size()), " texts");
  }
  for (size_t j = 0; j < vectors.size(); ++j) {
    LH_RETURN_IF_ERROR(CheckDimensions(vectors[j].size()));
    if (!std::all_of(vectors[j].begin(), vectors[j].end(),
                     [](float x) { return std::isfinite(x); })) {
      return UpstreamError(model_id_, " returned an embedding with NaN or infinite values");
    }
    NormalizeEmbedding(vectors[j]);
    (*out)[batch[j]] = std::move(vectors[j]);
  }
  return Status::Ok();
}

Result<std::vector<std::vector<float>>> RemoteEmbedder::Embed(
    const std::vector<std::string>& texts) {
  std::vector<Status> errors;
  std::vector<std::vector<float>> out = RunBatches(texts, /*max_failed_batches=*/1, &errors);
  for (const Status& e : errors) {
    if (!e.ok()) return e;
  }
  return out;
}

std::vector<std::vector<float>> RemoteEmbedder::EmbedEach(const std::vector<std::string>& texts,
                                                          std::vector<Status>* errors) {
  return RunBatches(texts, kMaxFailedBatches, errors);
}

std::vector<std::vector<float>> RemoteEmbedder::RunBatches(const std::vector<std::string>& texts,
                                                           int max_failed_batches,
                                                           std::vector<Status>* errors) {
  // Batches run on up to `concurrency` threads (the caller's included); the client's limit is
  // shared with every other caller, so this only helps when the provider has spare slots.
  std::vector<std::vector<float>> out(texts.size());
  errors->assign(texts.size(), Status::Ok());
  const std::vector<std::vector<size_t>> batches = PlanBatches(texts, batching_);
  std::atomic<size_t> next{0};
  std::mutex error_mu;
  int failed_batches = 0;                    // guarded by error_mu
  const TraceHandle trace = CurrentTrace();  // batches on other threads continue it
  auto work = [&] {
    ScopedTrace traced(trace);
    for (size_t b; (b = next.fetch_add(1)) < batches.size();) {
      Status s = EmbedBatch(texts, batches[b], &out);
      if (s.ok()) continue;
      std::lock_guard lock(error_mu);
      for (const size_t i : batches[b]) (*errors)[i] = s;
      if (++failed_batches >= max_failed_batches) {
        for (size_t rest = next.exchange(batches.size()); rest < batches.size(); ++rest) {
          for (const size_t i : batches[rest]) {
            (*errors)[i] = s.WithContext("not attempted after " + std::to_string(failed_batches) +
                                         " failed batches");
          }
        }
      }
    }
  };
  const size_t threads =
      std::min<size_t>(batches.size(), static_cast<size_t>(client_->concurrency()));
  std::vector<std::future<void>> running;
  for (size_t i = 1; i < threads; ++i) running.push_back(std::async(std::launch::async, work));
  work();
  for (auto& f : running) f.wait();
  // Blank texts (never sent) are zero vectors once the dimensions are known.
  bool blank = false;
  for (size_t i = 0; i < texts.size(); ++i) blank |= (*errors)[i].ok() && out[i].empty();
  if (blank) {
    Result<int32_t> dims = DiscoverDimensions();
    for (size_t i = 0; i < texts.size(); ++i) {
      if (!(*errors)[i].ok() || !out[i].empty()) continue;
      if (dims.ok()) {
        out[i].assign(static_cast<size_t>(*dims), 0.0f);
      } else {
        (*errors)[i] = dims.status();
      }
    }
  }
  return out;
}

Result<int32_t> RemoteEmbedder::DiscoverDimensions() {
  if (const int32_t d = dimensions_.load(); d > 0) return d;
  const std::vector<std::string> probe = {std::string(kProbeText)};
  std::vector<std::vector<float>> out(1);
  LH_RETURN_IF_ERROR(EmbedBatch(probe, {0}, &out));
  return dimensions_.load();
}

}  // namespace lakehouse
