#include "pg/pg_dsn.h"

#include <libpq-fe.h>

#include <memory>
#include <set>

namespace lakehouse {
namespace {

struct ConninfoFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using ConninfoOptions = std::unique_ptr<PQconninfoOption, ConninfoFree>;

struct ErrorFree {
  void operator()(char* message) const { PQfreemem(message); }
};

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// libpq quotes fragments of the DSN in its parse errors ("missing "=" after "xyz""). A fragment
// may be part of a password, so only option names and punctuation survive.
std::string SafeParseError(std::string message) {
  static const std::set<std::string> kKeep = [] {
    std::set<std::string> keep = {"="};
    ConninfoOptions defaults(PQconndefaults());
    for (PQconninfoOption* o = defaults.get(); o != nullptr && o->keyword != nullptr; ++o) {
      keep.insert(o->keyword);
    }
    return keep;
  }();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  std::string out;
  size_t pos = 0;
  while (pos < message.size()) {
    size_t open = message.find('"', pos);
    size_t close = open == std::string::npos ? open : message.find('"', open + 1);
    if (close == std::string::npos) {
      out += message.substr(pos);
      break;
    }
    std::string fragment = message.substr(open + 1, close - open - 1);
    out += message.substr(pos, open - pos);
    out += kKeep.contains(fragment) ? "\"" + fragment + "\"" : "\"…\"";
    pos = close + 1;
  }
  return out;
}

Status CheckPort(const std::string& port) {
  // libpq accepts a comma-separated list (one per host), where an empty entry means the default.
  const bool list = port.find(',') != std::string::npos;
  size_t begin = 0;
  while (true) {
    size_t end = port.find(',', begin);
    std::string one = port.substr(begin, end == std::string::npos ? end : end - begin);
    bool digits =
        !one.empty() && one.size() <= 5 && one.find_first_not_of("0123456789") == std::string::npos;
    bool valid =
        (list && one.empty()) || (digits && std::stoi(one) >= 1 && std::stoi(one) <= 65535);
    if (!valid) {
      return InvalidArgument("invalid DSN: port '", one, "' is not a number between 1 and 65535");
    }
    if (end == std::string::npos) return Status::Ok();
    begin = end + 1;
  }
}

}  // namespace

Result<PgDsn> PgDsn::Parse(std::string_view dsn) {
  size_t first = dsn.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return InvalidArgument("field 'dsn' is empty");
  dsn.remove_prefix(first);
  if (size_t scheme = dsn.find("://"); scheme != std::string_view::npos && dsn.find('=') > scheme) {
    if (!StartsWith(dsn, "postgresql://") && !StartsWith(dsn, "postgres://")) {
      return InvalidArgument("invalid DSN: unsupported scheme '", dsn.substr(0, scheme),
                             "' (use postgresql:// or postgres://, or libpq key=value pairs)");
    }
  }
  std::string text(dsn);
  char* raw_error = nullptr;
  ConninfoOptions parsed(PQconninfoParse(text.c_str(), &raw_error));
  std::unique_ptr<char, ErrorFree> error(raw_error);
  if (parsed == nullptr) {
    return InvalidArgument("invalid DSN: ", error != nullptr ? SafeParseError(error.get())
                                                             : std::string("out of memory"));
  }
  PgDsn out;
  for (PQconninfoOption* o = parsed.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    std::string key = o->keyword;
    std::string value = o->val;
    if (key == "passfile" || key == "servicefile") {
      return InvalidArgument("invalid DSN: option '", key,
                             "' names a file on the server and is not accepted");
    }
    if (key == "host" && !value.empty()) {
      out.host_ = value;
    } else if (key == "hostaddr" && !value.empty() && out.host_ == "localhost") {
      out.host_ = value;
    } else if (key == "port" && !value.empty()) {
      LH_RETURN_IF_ERROR(CheckPort(value));
      out.port_ = value;
    } else if (key == "dbname") {
      out.database_ = value;
    } else if (key == "user") {
      out.user_ = value;
    } else if (key == "password") {
      out.password_ = value;
    } else if (o->dispchar == nullptr || std::string_view(o->dispchar) != "*") {
      out.public_params_.emplace_back(key, value);
    }
    if (o->dispchar != nullptr && std::string_view(o->dispchar) == "*" && !value.empty()) {
      out.secret_keys_.push_back(key);
    }
    out.options_.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

std::string PgDsn::Redacted() const {
  std::string out = "postgresql://";
  if (!user_.empty()) out += user_ + "@";
  out += host_ + ":" + port_;
  if (!database_.empty()) out += "/" + database_;
  char separator = '?';
  for (const auto& [key, value] : public_params_) {
    out += separator + key + "=" + value;
    separator = '&';
  }
  return out;
}

std::string PgDsn::ConninfoWithoutSecrets() const {
  std::string out;
  for (const auto& [key, value] : options_) {
    bool secret = false;
    for (const std::string& s : secret_keys_) secret = secret || s == key;
    if (secret) continue;
    if (!out.empty()) out += ' ';
    out += key + "='";
    for (char c : value) {
      if (c == '\\' || c == '\'') out += '\\';
      out += c;
    }
    out += '\'';
  }
  return out.empty() ? "postgresql://" : out;  // every option at libpq's default
}

std::string PgDsn::Describe() const {
  return "database '" + (database_.empty() ? user_ : database_) + "' on " + host_ + ":" + port_;
}

std::string PgDsn::Scrub(std::string_view text) const {
  std::string out(text);
  if (password_.empty()) return out;
  for (size_t pos = out.find(password_); pos != std::string::npos; pos = out.find(password_, pos)) {
    out.replace(pos, password_.size(), "***");
    pos += 3;
  }
  return out;
}

}  // namespace lakehouse
