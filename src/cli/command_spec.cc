#include "cli/command_spec.h"

#include <charconv>
#include <cstdlib>

namespace lakehouse {
namespace {

const char* TypeName(FlagType type) {
  switch (type) {
    case FlagType::kBool:
      return "";
    case FlagType::kInt:
      return "INT";
    case FlagType::kNumber:
      return "NUMBER";
    case FlagType::kList:
      return "LIST";
    case FlagType::kFile:
      return "FILE";
    case FlagType::kChoice:
    case FlagType::kString:
      return "TEXT";
  }
  return "TEXT";
}

bool ParsesAsInt(const std::string& s) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

bool ParsesAsNumber(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

CLI::Validator TypeCheck(FlagType type) {
  return CLI::Validator(
      [type](std::string& value) -> std::string {
        if (type == FlagType::kInt && !ParsesAsInt(value))
          return "'" + value + "' is not an integer";
        if (type == FlagType::kNumber && !ParsesAsNumber(value)) {
          return "'" + value + "' is not a number";
        }
        return "";
      },
      "", "type");
}

// --server and --api-key, defaulting from the environment (AddServerOptions does the same).
void AddServer(CLI::App* app, ServerClientOptions* server, CLI::Option** server_option,
               CLI::Option** api_key_option) {
  AddServerOptions(app, server);
  *server_option = app->get_option("--server");
  *api_key_option = app->get_option("--api-key");
}

}  // namespace

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool Invocation::Has(std::string_view name) const {
  auto it = values_.find(name);
  return it != values_.end() && !it->second.empty();
}

std::string Invocation::Get(std::string_view name, std::string fallback) const {
  auto it = values_.find(name);
  return it == values_.end() || it->second.empty() ? fallback : it->second.back();
}

std::optional<int64_t> Invocation::Int(std::string_view name) const {
  if (!Has(name)) return std::nullopt;
  return std::strtoll(Get(name).c_str(), nullptr, 10);
}

std::optional<double> Invocation::Number(std::string_view name) const {
  if (!Has(name)) return std::nullopt;
  return std::strtod(Get(name).c_str(), nullptr);
}

std::vector<std::string> Invocation::List(std::string_view name) const {
  std::vector<std::string> out;
  auto it = values_.find(name);
  if (it == values_.end()) return out;
  for (const std::string& value : it->second) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      if (comma > start) out.push_back(value.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

std::vector<std::string> Invocation::All(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>() : it->second;
}

namespace {

// The direct subcommand of `app` named `name`, or null (CLI11 2.1's lookups throw instead).
CLI::App* Child(CLI::App* app, const std::string& name) {
  std::vector<CLI::App*> found =
      app->get_subcommands([&name](CLI::App* sub) { return sub->get_name() == name; });
  return found.empty() ? nullptr : found.front();
}

}  // namespace

CLI::App* FindSubcommand(CLI::App* root, std::string_view path) {
  CLI::App* app = root;
  for (const std::string& word : SplitWords(path)) {
    app = Child(app, word);
    if (app == nullptr) return nullptr;
  }
  return app;
}

void CommandBinder::Bind(const CommandSpec& spec) {
  CLI::App* app = root_;
  for (const std::string& word : SplitWords(spec.path)) {
    CLI::App* next = Child(app, word);
    if (next == nullptr) {
      next = app->add_subcommand(word, "");
      if (app != root_) next->fallthrough();
      app->require_subcommand(0, 1);
    }
    app = next;
  }
  app->description(spec.summary);
  for (const std::string& alias : spec.aliases) app->alias(alias);
  auto bound = std::make_unique<Bound>();
  bound->spec = &spec;
  if (spec.server_flags) {
    AddServer(app, &bound->server, &bound->server_option, &bound->api_key_option);
  }
  Bound* b = bound.get();
  for (const ArgSpec& arg : spec.args) {
    CLI::Option* option =
        arg.repeated ? app->add_option(arg.name, b->repeated_positionals[arg.name], arg.help)
                     : app->add_option(arg.name, b->positionals[arg.name], arg.help);
    option->type_name("TEXT");
    if (arg.required) option->required();
  }
  for (const FlagSpec& flag : spec.flags) {
    if (flag.type == FlagType::kBool) {
      app->add_flag(flag.name, b->bools[flag.name], flag.help);
      continue;
    }
    CLI::Option* option = nullptr;
    if (flag.type == FlagType::kList) {
      option = app->add_option(flag.name, b->values[flag.name], flag.help);
      option->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    } else {
      option = app->add_option(flag.name, b->single_values[flag.name], flag.help);
      option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
      b->single_options[flag.name] = option;
    }
    option->type_name(TypeName(flag.type));
    if (flag.type == FlagType::kInt || flag.type == FlagType::kNumber) {
      option->check(TypeCheck(flag.type));
    }
    if (flag.type == FlagType::kChoice) option->check(CLI::IsMember(flag.choices));
    if (flag.required) option->required();
  }
  bound_[app] = std::move(bound);
}

std::optional<int> CommandBinder::RunParsed() const {
  CLI::App* app = root_;
  while (true) {
    std::vector<CLI::App*> parsed = app->get_subcommands();
    if (parsed.empty()) break;
    app = parsed.front();
  }
  auto it = bound_.find(app);
  if (it == bound_.end()) return std::nullopt;
  auto set = runs_.find(it->second->spec->path);
  const CommandRun run = set != runs_.end() ? set->second : it->second->spec->run;
  if (run == nullptr) return std::nullopt;
  // --server given on a parent group (`jobs --server URL list`) counts too.
  const Bound& leaf = *it->second;
  ServerClientOptions server = leaf.server;
  for (CLI::App* up = app; up != nullptr; up = up->get_parent()) {
    auto at = bound_.find(up);
    if (at == bound_.end()) continue;
    if (at->second->server_option != nullptr && at->second->server_option->count() > 0) {
      server.server = at->second->server.server;
      break;
    }
  }
  for (CLI::App* up = app; up != nullptr; up = up->get_parent()) {
    auto at = bound_.find(up);
    if (at == bound_.end()) continue;
    if (at->second->api_key_option != nullptr && at->second->api_key_option->count() > 0) {
      server.api_key = at->second->server.api_key;
      break;
    }
  }
  Invocation invocation(leaf.spec, server, root_);
  for (const auto& [name, values] : leaf.values) invocation.Set(name, values);
  for (const auto& [name, option] : leaf.single_options) {
    if (option->count() > 0) invocation.Set(name, {leaf.single_values.at(name)});
  }
  for (const auto& [name, value] : leaf.positionals) {
    if (!value.empty()) invocation.Set(name, {value});
  }
  for (const auto& [name, values] : leaf.repeated_positionals) {
    if (!values.empty()) invocation.Set(name, values);
  }
  for (const auto& [name, set] : leaf.bools) {
    if (set) invocation.Set(name, {"true"});
  }
  return run(invocation);
}

}  // namespace lakehouse
