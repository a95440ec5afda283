#include "mysql/mysql_dsn.h"

#include <charconv>

#include "common/strings.h"

namespace lakehouse {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `what` names the part for the error; the text itself is never echoed (it may be a password).
Result<std::string> PercentDecode(std::string_view text, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return InvalidArgument("invalid DSN: a '%' in the ", what,
                             " is not followed by two hex digits");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<int> ParseNumber(std::string_view text, int low, int high, std::string_view what) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < low ||
      value > high) {
    return InvalidArgument("invalid DSN: ", what, " '", text, "' is not a number between ", low,
                           " and ", high);
  }
  return value;
}

std::string_view SslModeName(MysqlSslMode mode) {
  switch (mode) {
    case MysqlSslMode::kDisabled:
      return "disabled";
    case MysqlSslMode::kRequired:
      return "required";
    case MysqlSslMode::kVerifyIdentity:
      return "verify-identity";
  }
  return "disabled";
}

}  // namespace

bool MysqlDsn::Matches(std::string_view dsn) {
  size_t first = dsn.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  dsn.remove_prefix(first);
  return dsn.rfind("mysql://", 0) == 0 || dsn.rfind("mariadb://", 0) == 0;
}

Result<MysqlDsn> MysqlDsn::Parse(std::string_view dsn) {
  while (!dsn.empty() && std::isspace(static_cast<unsigned char>(dsn.front())))
    dsn.remove_prefix(1);
  while (!dsn.empty() && std::isspace(static_cast<unsigned char>(dsn.back()))) dsn.remove_suffix(1);
  MysqlDsn out;
  size_t scheme_end = dsn.find("://");
  if (scheme_end == std::string_view::npos) {
    return InvalidArgument("invalid DSN: expected mysql://user@host:port/database");
  }
  out.scheme_ = AsciiLower(dsn.substr(0, scheme_end));
  if (out.scheme_ != "mysql" && out.scheme_ != "mariadb") {
    return InvalidArgument("invalid DSN: unsupported scheme '", dsn.substr(0, scheme_end),
                           "' (use mysql:// or mariadb://)");
  }
  std::string_view rest = dsn.substr(scheme_end + 3);
  std::string_view query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view path;
  // The authority ends at the first '/' after the last '@' (a password may hold '/').
  size_t at = rest.rfind('@');
  size_t slash = rest.find('/', at == std::string_view::npos ? 0 : at);
  if (slash != std::string_view::npos) {
    path = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    size_t colon = userinfo.find(':');
    LH_ASSIGN_OR_RETURN(out.user_, PercentDecode(userinfo.substr(0, colon), "user name"));
    if (colon != std::string_view::npos) {
      LH_ASSIGN_OR_RETURN(out.password_, PercentDecode(userinfo.substr(colon + 1), "password"));
    }
  }
  std::string_view host = rest;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return InvalidArgument("invalid DSN: missing ']'");
    port = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!port.empty() && port.front() != ':') return InvalidArgument("invalid DSN: bad port");
    if (!port.empty()) port.remove_prefix(1);
  } else if (size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (!host.empty()) out.host_ = std::string(host);
  if (!port.empty()) {
    LH_ASSIGN_OR_RETURN(out.port_, ParseNumber(port, 1, 65535, "port"));
  }
  if (path.find('/') != std::string_view::npos) {
    return InvalidArgument("invalid DSN: the path must be one database name");
  }
  LH_ASSIGN_OR_RETURN(out.database_, PercentDecode(path, "database name"));

  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = AsciiLower(pair.substr(0, eq));
    LH_ASSIGN_OR_RETURN(
        std::string value,
        PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), "option " + key));
    if (key == "ssl-mode" || key == "sslmode" || key == "ssl_mode") {
      std::string mode = AsciiLower(value);
      for (char& c : mode) c = c == '_' ? '-' : c;
      if (mode == "disabled" || mode == "disable") {
        out.ssl_mode_ = MysqlSslMode::kDisabled;
      } else if (mode == "required" || mode == "require") {
        out.ssl_mode_ = MysqlSslMode::kRequired;
      } else if (mode == "verify-identity" || mode == "verify-full") {
        out.ssl_mode_ = MysqlSslMode::kVerifyIdentity;
      } else {
        return InvalidArgument("invalid DSN: ssl-mode '", value,
                               "' (use disabled, required or verify-identity)");
      }
    } else if (key == "connect_timeout" || key == "connect-timeout") {
      LH_ASSIGN_OR_RETURN(out.connect_timeout_, ParseNumber(value, 1, 3600, "connect_timeout"));
    } else if (key == "socket") {
      if (value.empty() || value.front() != '/') {
        return InvalidArgument("invalid DSN: option 'socket' must be an absolute path");
      }
      out.socket_ = value;
      out.host_ = "localhost";
    } else {
      return InvalidArgument("invalid DSN: unknown option '", key,
                             "' (known: ssl-mode, connect_timeout, socket)");
    }
  }
  return out;
}

std::string MysqlDsn::Build(bool exact) const {
  std::string out = scheme_ + "://";
  if (!user_.empty()) out += (exact ? PercentEncode(user_) : user_) + "@";
  if (socket_.empty()) {
    out += host_.find(':') != std::string::npos ? "[" + host_ + "]" : host_;
    out += ":" + std::to_string(port_);
  } else {
    out += "localhost";
  }
  if (!database_.empty()) out += "/" + (exact ? PercentEncode(database_) : database_);
  char separator = '?';
  auto add = [&](std::string_view key, const std::string& value) {
    out += separator;
    out += key;
    out += "=" + (exact ? PercentEncode(value) : value);
    separator = '&';
  };
  if (!socket_.empty()) add("socket", socket_);
  if (ssl_mode_ != MysqlSslMode::kDisabled) add("ssl-mode", std::string(SslModeName(ssl_mode_)));
  if (connect_timeout_ > 0) add("connect_timeout", std::to_string(connect_timeout_));
  return out;
}

std::string MysqlDsn::Redacted() const { return Build(/*exact=*/false); }

std::string MysqlDsn::WithoutSecrets() const { return Build(/*exact=*/true); }

std::string MysqlDsn::Address() const {
  return socket_.empty() ? host_ + ":" + std::to_string(port_) : socket_;
}

std::string MysqlDsn::Describe() const {
  return database_.empty() ? Address() : "database '" + database_ + "' on " + Address();
}

std::string MysqlDsn::Scrub(std::string_view text) const {
  std::string out(text);
  if (password_.empty()) return out;
  for (size_t pos = out.find(password_); pos != std::string::npos; pos = out.find(password_, pos)) {
    out.replace(pos, password_.size(), "***");
    pos += 3;
  }
  return out;
}

}  // namespace lakehouse
