#include "config/env_config_reader.h"

#include <charconv>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "config/config_keys.h"

namespace lakehouse {
namespace {

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

Result<ConfigValue> ParseInteger(std::string_view text) {
  std::string_view digits = Trim(text);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return InvalidArgument("'", std::string(text), "' is out of range for an integer");
  }
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return InvalidArgument("expected an integer, got '", std::string(text), "'");
  }
  return ConfigValue(value);
}

Result<ConfigValue> ParseList(std::string_view text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string_view item = Trim(text.substr(start, comma - start));
    if (item.empty()) {
      return InvalidArgument("entry ", std::to_string(items.size() + 1), " of '", std::string(text),
                             "' is empty; expected a comma-separated list such as 'a,b'");
    }
    items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return ConfigValue(std::move(items));
}

Result<ConfigValue> ParseValue(std::string_view text, ConfigValueType type) {
  switch (type) {
    case ConfigValueType::kString:
      return ConfigValue(std::string(text));
    case ConfigValueType::kInteger:
      return ParseInteger(text);
    case ConfigValueType::kStringList:
      return ParseList(text);
  }
  return Internal("unhandled config value type");
}

}  // namespace

Status ApplyEnvironment(const std::map<std::string, std::string>& env, Config& config) {
  for (const ConfigKey& key : ConfigKeys()) {
    if (key.env_var.empty()) continue;
    auto it = env.find(std::string(key.env_var));
    if (it == env.end() || it->second.empty()) continue;
    std::string context = StrCat("environment variable ", key.env_var);
    Result<ConfigValue> value = ParseValue(it->second, key.type);
    if (!value.ok()) return value.status().WithContext(context);
    Status status = key.Apply(config, *value);
    if (!status.ok()) return status.WithContext(context);
  }
  return Status::Ok();
}

}  // namespace lakehouse
