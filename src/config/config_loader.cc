#include "config/config_loader.h"

#include <string_view>
#include <type_traits>
#include <utility>

#include "config/config_keys.h"
#include "config/config_validation.h"
#include "config/env_config_reader.h"
#include "config/toml_config_reader.h"

extern char** environ;  // POSIX; not declared by <unistd.h> without _GNU_SOURCE

namespace lakehouse {
namespace {

constexpr std::string_view kEnvPrefix = "LAKEHOUSE_";

// Which config key each flag sets; a new flag is one line here plus a ConfigOverrides member.
struct FlagValue {
  std::string_view flag;
  std::string_view path;
  std::optional<ConfigValue> value;
};

template <typename T>
std::optional<ConfigValue> Optional(const std::optional<T>& v) {
  if (!v) return std::nullopt;
  if constexpr (std::is_integral_v<T>) {
    return ConfigValue(static_cast<int64_t>(*v));
  } else {
    return ConfigValue(*v);
  }
}

Status ApplyFlags(const ConfigOverrides& flags, Config& config) {
  const FlagValue flag_values[] = {
      {"--data-dir", "data_dir", Optional(flags.data_dir)},
      {"--host", "server.host", Optional(flags.host)},
      {"--port", "server.port", Optional(flags.port)},
  };
  for (const FlagValue& flag : flag_values) {
    if (!flag.value) continue;
    const ConfigKey* key = FindKey(ConfigKeys(), flag.path);
    if (key == nullptr) return Internal("flag ", flag.flag, " names unknown key ", flag.path);
    Status status = key->Apply(config, *flag.value);
    if (!status.ok()) return status.WithContext(StrCat("flag ", flag.flag));
  }
  return Status::Ok();
}

// The file to read and a description of who named it, or nullopt when no file is named.
std::optional<std::pair<std::string, std::string>> ConfigFile(
    const ConfigOverrides& flags, const std::map<std::string, std::string>& env) {
  if (flags.config_file) return std::make_pair(*flags.config_file, std::string("flag --config"));
  auto it = env.find(kConfigFileEnvVar);
  if (it != env.end() && !it->second.empty()) {
    return std::make_pair(it->second, StrCat("environment variable ", kConfigFileEnvVar));
  }
  return std::nullopt;
}

}  // namespace

Result<Config> LoadConfig(const ConfigOverrides& flags,
                          const std::map<std::string, std::string>& env) {
  Config config;
  if (auto file = ConfigFile(flags, env)) {
    const auto& [path, named_by] = *file;
    if (path.empty()) {
      return InvalidArgument(named_by, ": the config file path is empty");
    }
    LH_RETURN_IF_ERROR(ApplyTomlFile(path, config, named_by));
  }
  LH_RETURN_IF_ERROR(ApplyEnvironment(env, config));
  LH_RETURN_IF_ERROR(ApplyFlags(flags, config));
  LH_RETURN_IF_ERROR(ValidateConfig(config));
  return config;
}

std::map<std::string, std::string> EnvironmentMap() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view item(*entry);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos || !item.starts_with(kEnvPrefix)) continue;
    env.emplace(std::string(item.substr(0, eq)), std::string(item.substr(eq + 1)));
  }
  return env;
}

}  // namespace lakehouse
