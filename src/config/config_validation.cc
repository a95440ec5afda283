#include "config/config_validation.h"

#include <set>
#include <string>

#include "config/config_keys.h"
#include "embed/model_id.h"

namespace lakehouse {
namespace {

Status ValidateBuckets(const StorageOptions& storage) {
  std::set<std::string, std::less<>> names;
  for (size_t i = 0; i < storage.buckets.size(); ++i) {
    const BucketOptions& bucket = storage.buckets[i];
    std::string entry = StrCat(kBucketsPath, "[", std::to_string(i), "]");
    for (const BucketKey& key : BucketKeys()) {
      Status status = key.check(key.get(bucket));
      if (!status.ok()) return status.WithContext(entry);
    }
    if (bucket.backend != "s3" && bucket.root.empty()) {
      return InvalidArgument(entry, ": root must not be empty");
    }
    if (bucket.backend == "s3" && bucket.endpoint.empty()) {
      return InvalidArgument(entry, ": an s3 bucket needs an endpoint");
    }
    if (!names.insert(bucket.name).second) {
      return InvalidArgument(entry, ": bucket name '", bucket.name,
                             "' is used by an earlier bucket; names must be unique");
    }
  }
  const std::string& rescue = storage.rescue_bucket;
  if (!rescue.empty() && rescue != kPrimaryBucket && !names.contains(rescue)) {
    std::string known(kPrimaryBucket);
    for (const std::string& name : names) {
      if (name != kPrimaryBucket) known += ", " + name;
    }
    return InvalidArgument("storage.rescue_bucket '", rescue,
                           "' is not a configured bucket (known: ", known,
                           "); add it under [[storage.buckets]] or leave rescue_bucket empty");
  }
  return Status::Ok();
}

// The default models must name a configured provider, so a typo fails at start-up rather than on
// the first request.
Status ValidateAiModel(const AiOptions& ai, std::string_view key, const std::string& model_id) {
  if (model_id.empty()) return Status::Ok();
  LH_ASSIGN_OR_RETURN(ModelId id, ParseModelId(model_id));
  if (id.provider == ModelProvider::kOllama && ai.ollama_url.empty()) {
    return InvalidArgument(key, " '", model_id,
                           "' needs ai.ollama_url (e.g. http://127.0.0.1:11434)");
  }
  if (id.provider == ModelProvider::kOpenAi && ai.openai_url.empty()) {
    return InvalidArgument(key, " '", model_id, "' needs ai.openai_url");
  }
  return Status::Ok();
}

Status ValidateAi(const AiOptions& ai) {
  if (!ai.openai_api_key.empty() && !ai.openai_api_key_file.empty()) {
    return InvalidArgument("set at most one of ai.openai_api_key and ai.openai_api_key_file");
  }
  if (ai.retry_base_delay_ms > ai.retry_max_delay_ms) {
    return InvalidArgument("ai.retry_base_delay_ms (", std::to_string(ai.retry_base_delay_ms),
                           ") must not exceed ai.retry_max_delay_ms (",
                           std::to_string(ai.retry_max_delay_ms), ")");
  }
  LH_RETURN_IF_ERROR(ValidateAiModel(ai, "ai.embed_model", ai.embed_model));
  return ValidateAiModel(ai, "ai.generate_model", ai.generate_model);
}

}  // namespace

Status ValidateConfig(const Config& config) {
  for (const ConfigKey& key : ConfigKeys()) LH_RETURN_IF_ERROR(key.check(key.get(config)));
  if (config.sql.query_timeout_ms > config.sql.max_query_timeout_ms) {
    return InvalidArgument("sql.query_timeout_ms (", std::to_string(config.sql.query_timeout_ms),
                           ") must not exceed sql.max_query_timeout_ms (",
                           std::to_string(config.sql.max_query_timeout_ms), ")");
  }
  LH_RETURN_IF_ERROR(ValidateAi(config.ai));
  return ValidateBuckets(config.storage);
}

}  // namespace lakehouse
