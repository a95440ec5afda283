#include "config/config_json.h"

#include <string>
#include <variant>

#include "config/config_keys.h"

namespace lakehouse {
namespace {

constexpr const char* kRedacted = "***";

// "scheme://user:password@host/…" → "scheme://***@host/…": credentials inside a URL (an OTLP
// endpoint, a proxy) are as secret as a key.
std::string WithoutUrlCredentials(std::string text) {
  const size_t scheme = text.find("://");
  if (scheme == std::string::npos) return text;
  const size_t authority = scheme + 3;
  const size_t end = text.find_first_of("/?#", authority);
  const size_t at = text.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < authority) return text;
  return text.replace(authority, at - authority, kRedacted);
}

// `redact`: the key is secret (every entry hidden); `credentials`: hide credentials in URLs.
Json ValueToJson(const ConfigValue& value, bool redact, bool credentials) {
  return std::visit(
      [redact, credentials](const auto& v) -> Json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::vector<std::string>>) {
          if (redact) return Json(std::vector<std::string>(v.size(), kRedacted));
          if (credentials) {
            std::vector<std::string> out;
            for (const std::string& entry : v) out.push_back(WithoutUrlCredentials(entry));
            return Json(out);
          }
        } else if constexpr (std::is_same_v<V, std::string>) {
          if (redact && !v.empty()) return Json(kRedacted);
          if (credentials) return Json(WithoutUrlCredentials(v));
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
    out[PointerFor(key.path)] =
        ValueToJson(key.get(config), redact_secrets && key.secret, redact_secrets);
  }
  Json buckets = Json::array();
  for (const BucketOptions& bucket : config.storage.buckets) {
    Json entry = Json::object();
    for (const BucketKey& key : BucketKeys()) {
      entry[std::string(key.path)] =
          ValueToJson(key.get(bucket), redact_secrets && key.secret, redact_secrets);
    }
    buckets.push_back(std::move(entry));
  }
  out[PointerFor(kBucketsPath)] = std::move(buckets);
  return out;
}

}  // namespace lakehouse
