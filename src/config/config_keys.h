// The key table: every configuration key, once, with its TOML path, environment variable, type,
// range check and accessors. The TOML reader, the environment reader, the flag overrides,
// ValidateConfig and ConfigToJson are all driven by it, so adding a key is one line in
// config_keys.cc (plus its entry in lakehouse.example.toml, which a test enforces).
//
// Two tables exist: ConfigKeys() for scalar and list keys of Config, and BucketKeys() for the
// fields of one [[storage.buckets]] entry. The bucket list itself (kBucketsPath) is the one key
// that is not a scalar; readers handle it by walking BucketKeys() per entry.
//
// Thread-safety: the tables are immutable after first use and safe to read from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"
#include "config/config.h"

namespace lakehouse {

enum class ConfigValueType { kString, kInteger, kStringList };

// A key's value in source-independent form: TOML, environment and flags all convert into this.
using ConfigValue = std::variant<std::string, int64_t, std::vector<std::string>>;

// How a type is named in error messages: "a string", "an integer", "an array of strings".
std::string_view ConfigValueTypeName(ConfigValueType type);

// One configurable field of Target (Config or BucketOptions).
template <typename Target>
struct KeyBinding {
  // Dotted TOML path, also the key's path in ConfigToJson ("server.port"); relative to the entry
  // for BucketKeys() ("name").
  std::string_view path;
  // Environment variable that sets the key; empty when the key is file-only.
  std::string_view env_var;
  ConfigValueType type = ConfigValueType::kString;
  // Redacted by ConfigToJson(..., redact_secrets=true).
  bool secret = false;
  // Range/format check. Precondition: the value holds `type`. Returns INVALID_ARGUMENT naming
  // `path` and the accepted range; OK otherwise.
  std::function<Status(const ConfigValue&)> check;
  // Stores a value. Precondition: the value holds `type` and passed `check` (so it fits the field).
  std::function<void(Target&, const ConfigValue&)> set;
  std::function<ConfigValue(const Target&)> get;

  // Checks, then stores. The one way readers write a key.
  Status Apply(Target& target, const ConfigValue& value) const {
    Status status = check(value);
    if (status.ok()) set(target, value);
    return status;
  }
};

using ConfigKey = KeyBinding<Config>;
using BucketKey = KeyBinding<BucketOptions>;

// Path of the [[storage.buckets]] array of tables.
inline constexpr std::string_view kBucketsPath = "storage.buckets";

const std::vector<ConfigKey>& ConfigKeys();
const std::vector<BucketKey>& BucketKeys();

// The key with this exact path, or nullptr.
template <typename Target>
const KeyBinding<Target>* FindKey(const std::vector<KeyBinding<Target>>& keys,
                                  std::string_view path) {
  for (const auto& key : keys) {
    if (key.path == path) return &key;
  }
  return nullptr;
}

// True when `path` is a table that holds keys ("server", "storage"), i.e. a TOML section.
bool IsConfigSection(std::string_view path);

// The known path closest to an unknown one (edit distance ≤ 2), for "did you mean" hints.
std::optional<std::string> SuggestKey(std::string_view unknown,
                                      const std::vector<std::string_view>& candidates);

// Bucket names: [a-z0-9][a-z0-9_-]{0,62} (storage/storage_options.h).
bool IsValidBucketName(std::string_view name);

}  // namespace lakehouse
