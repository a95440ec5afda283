#include "mysql/mysql_source_policy.h"

#include <algorithm>

#include "common/strings.h"

namespace lakehouse {
namespace {

bool IsPort(std::string_view text) {
  return !text.empty() && text.size() <= 5 &&
         text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

Result<MysqlSourcePolicy> MysqlSourcePolicy::Create(const MysqlOptions& options) {
  MysqlSourcePolicy policy;
  for (const std::string& entry : options.allowed_hosts) {
    HostRule rule;
    auto bad = [&](std::string_view why) {
      return InvalidArgument("mysql.allowed_hosts entry '", entry, "': ", why);
    };
    if (!entry.empty() && entry.front() == '/') {
      rule.host = entry;
    } else if (!entry.empty() && entry.front() == '[') {
      size_t close = entry.find(']');
      if (close == std::string::npos) return bad("missing ']'");
      rule.host = AsciiLower(entry.substr(1, close - 1));
      std::string rest = entry.substr(close + 1);
      if (!rest.empty()) {
        if (rest.front() != ':' || !IsPort(rest.substr(1))) return bad("bad port");
        rule.port = rest.substr(1);
      }
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
      size_t colon = entry.find(':');
      rule.host = AsciiLower(entry.substr(0, colon));
      rule.port = entry.substr(colon + 1);
      if (!IsPort(rule.port)) return bad("bad port");
    } else {
      rule.host = AsciiLower(entry);
    }
    if (rule.host.empty() || rule.host == "*" || rule.host == "*.") {
      return bad("names no host (leave the list empty to allow any host)");
    }
    policy.hosts_.push_back(std::move(rule));
  }
  return policy;
}

Status MysqlSourcePolicy::Check(const MysqlDsn& dsn) const {
  if (hosts_.empty()) return Status::Ok();
  const bool socket = !dsn.socket().empty();
  const std::string host = socket ? dsn.socket() : AsciiLower(dsn.host());
  const std::string port = std::to_string(dsn.port());
  for (const HostRule& rule : hosts_) {
    if (socket != (rule.host.front() == '/')) continue;
    if (!rule.port.empty() && (socket || rule.port != port)) continue;
    if (rule.host == host) return Status::Ok();
    if (!socket && rule.host.rfind("*.", 0) == 0) {
      std::string_view suffix = std::string_view(rule.host).substr(1);  // ".corp.example"
      if (host.size() > suffix.size() && host.ends_with(suffix)) return Status::Ok();
    }
  }
  return PermissionDenied("MySQL host '", socket ? host : host + ":" + port,
                          "' is not in mysql.allowed_hosts");
}

}  // namespace lakehouse
