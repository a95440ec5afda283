#include "config/toml_config_reader.h"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "common/result.h"
#include "config/config_keys.h"

namespace lakehouse {
namespace {

std::string TypeOf(const toml::node& node) {
  std::ostringstream out;
  out << node.type();
  return out.str();
}

// Every name a user could have meant: key paths, the bucket list and the sections holding them.
std::vector<std::string_view> KnownPaths() {
  std::vector<std::string_view> paths = {kBucketsPath};
  for (const auto& key : ConfigKeys()) {
    paths.push_back(key.path);
    for (size_t dot = key.path.find('.'); dot != std::string_view::npos;
         dot = key.path.find('.', dot + 1)) {
      paths.push_back(key.path.substr(0, dot));
    }
  }
  return paths;
}

std::vector<std::string_view> BucketKeyNames() {
  std::vector<std::string_view> names;
  for (const auto& key : BucketKeys()) names.push_back(key.path);
  return names;
}

Status UnknownKey(std::string_view display_path, std::string_view relative_path,
                  const std::vector<std::string_view>& candidates) {
  std::string message = StrCat("unknown key '", std::string(display_path), "'");
  if (auto suggestion = SuggestKey(relative_path, candidates)) {
    message += StrCat(" (did you mean '", *suggestion, "'?)");
  }
  return InvalidArgument(message);
}

Result<ConfigValue> ToValue(const toml::node& node, ConfigValueType type, std::string_view path) {
  switch (type) {
    case ConfigValueType::kString:
      if (const auto* s = node.as_string()) return ConfigValue(s->get());
      break;
    case ConfigValueType::kInteger:
      if (const auto* i = node.as_integer()) return ConfigValue(i->get());
      break;
    case ConfigValueType::kStringList:
      if (const auto* array = node.as_array()) {
        std::vector<std::string> items;
        for (size_t i = 0; i < array->size(); ++i) {
          const auto* s = (*array)[i].as_string();
          if (s == nullptr) {
            return InvalidArgument(path, "[", std::to_string(i), "] must be a string, got ",
                                   TypeOf((*array)[i]));
          }
          items.push_back(s->get());
        }
        return ConfigValue(std::move(items));
      }
      break;
  }
  return InvalidArgument(path, " must be ", ConfigValueTypeName(type), ", got ", TypeOf(node));
}

class TomlReader {
 public:
  explicit TomlReader(std::string_view source_name) : source_name_(source_name) {}

  Status ApplyTable(const toml::table& table, const std::string& prefix, Config& config) const {
    for (const auto& [name, node] : table) {
      std::string path = prefix.empty() ? std::string(name.str()) : StrCat(prefix, ".", name.str());
      if (path == kBucketsPath) {
        LH_RETURN_IF_ERROR(ApplyBuckets(node, config));
      } else if (const ConfigKey* key = FindKey(ConfigKeys(), path)) {
        LH_RETURN_IF_ERROR(ApplyNode(*key, node, path, config));
      } else if (IsConfigSection(path)) {
        const toml::table* section = node.as_table();
        if (section == nullptr) {
          return At(node, InvalidArgument("'", path, "' must be a table ([", path, "]), got ",
                                          TypeOf(node)));
        }
        LH_RETURN_IF_ERROR(ApplyTable(*section, path, config));
      } else {
        return At(node, UnknownKey(path, path, KnownPaths()));
      }
    }
    return Status::Ok();
  }

 private:
  Status ApplyBuckets(const toml::node& node, Config& config) const {
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      return At(node, InvalidArgument(kBucketsPath, " must be an array of tables ([[", kBucketsPath,
                                      "]]), got ", TypeOf(node)));
    }
    std::vector<BucketOptions> buckets;
    for (size_t i = 0; i < array->size(); ++i) {
      std::string entry = StrCat(kBucketsPath, "[", std::to_string(i), "]");
      const toml::table* table = (*array)[i].as_table();
      if (table == nullptr) {
        return At((*array)[i],
                  InvalidArgument(entry, " must be a table, got ", TypeOf((*array)[i])));
      }
      BucketOptions bucket;
      for (const auto& [name, field] : *table) {
        std::string path = StrCat(entry, ".", name.str());
        const BucketKey* key = FindKey(BucketKeys(), name.str());
        if (key == nullptr) return At(field, UnknownKey(path, name.str(), BucketKeyNames()));
        LH_RETURN_IF_ERROR(ApplyNode(*key, field, path, bucket, entry));
      }
      buckets.push_back(std::move(bucket));
    }
    config.storage.buckets = std::move(buckets);
    return Status::Ok();
  }

  // `context`, when set, prefixes check messages whose key path is relative (bucket fields).
  template <typename Target>
  Status ApplyNode(const KeyBinding<Target>& key, const toml::node& node, std::string_view path,
                   Target& target, std::string_view context = {}) const {
    Result<ConfigValue> value = ToValue(node, key.type, path);
    if (!value.ok()) return At(node, value.status());
    Status status = key.Apply(target, *value);
    if (!status.ok() && !context.empty()) status = status.WithContext(context);
    return At(node, status);
  }

  Status At(const toml::node& node, const Status& status) const {
    if (status.ok()) return status;
    return status.WithContext(StrCat("config file ", std::string(source_name_), ", line ",
                                     std::to_string(node.source().begin.line)));
  }

  std::string_view source_name_;
};

}  // namespace

Status ApplyTomlText(std::string_view text, std::string_view source_name, Config& config) {
  toml::table document;
  try {
    document = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("config file ", std::string(source_name), ", line ",
                           std::to_string(e.source().begin.line), ", column ",
                           std::to_string(e.source().begin.column),
                           ": invalid TOML: ", std::string(e.description()));
  }
  return TomlReader(source_name).ApplyTable(document, "", config);
}

Status ApplyTomlFile(const std::string& path, Config& config, std::string_view named_by) {
  std::string file = StrCat("config file ", path);
  if (!named_by.empty()) file += StrCat(" (named by ", named_by, ")");
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return InvalidArgument(file, " does not exist");
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgument(file, " is a directory, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return InvalidArgument(file, " could not be opened for reading");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return InvalidArgument(file, " could not be read");
  return ApplyTomlText(text.str(), path, config);
}

}  // namespace lakehouse
