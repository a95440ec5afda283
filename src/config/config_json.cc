#include "config/config_json.h"

#include <string>
#include <variant>

#include "config/config_keys.h"

namespace lakehouse {
namespace {

constexpr const char* kRedacted = "***";

Json ValueToJson(const ConfigValue& value, bool redact) {
  return std::visit(
      [redact](const auto& v) -> Json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::vector<std::string>>) {
          if (redact) return Json(std::vector<std::string>(v.size(), kRedacted));
        } else if constexpr (std::is_same_v<V, std::string>) {
          if (redact && !v.empty()) return Json(kRedacted);
        }
        return Json(v);
      },
      value);
}

Json::json_pointer PointerFor(std::string_view dotted_path) {
  std::string pointer = "/" + std::string(dotted_path);
  for (char& c : pointer) {
    if (c == '.') c = '/';
  }
  return Json::json_pointer(pointer);
}

}  // namespace

Json ConfigToJson(const Config& config, bool redact_secrets) {
  Json out = Json::object();
  for (const ConfigKey& key : ConfigKeys()) {
    out[PointerFor(key.path)] = ValueToJson(key.get(config), redact_secrets && key.secret);
  }
  Json buckets = Json::array();
  for (const BucketOptions& bucket : config.storage.buckets) {
    Json entry = Json::object();
    for (const BucketKey& key : BucketKeys()) {
      entry[std::string(key.path)] = ValueToJson(key.get(bucket), redact_secrets && key.secret);
    }
    buckets.push_back(std::move(entry));
  }
  out[PointerFor(kBucketsPath)] = std::move(buckets);
  return out;
}

}  // namespace lakehouse
