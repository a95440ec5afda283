#include "pg/pg_source_policy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string_view>

#include "common/path_containment.h"
#include "common/strings.h"

namespace lakehouse {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDefaultPort = "5432";
// DSN options that name a file on the server.
constexpr std::array<std::string_view, 6> kFileOptions = {
    "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslcrldir", "sslkeylogfile"};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (true) {
    size_t end = text.find(',', begin);
    out.push_back(text.substr(begin, end == std::string::npos ? end : end - begin));
    if (end == std::string::npos) return out;
    begin = end + 1;
  }
}

bool IsPort(std::string_view text) {
  return !text.empty() && text.size() <= 5 &&
         text.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string OptionValue(const PgDsn& dsn, std::string_view key) {
  for (const auto& [k, v] : dsn.options()) {
    if (k == key) return v;
  }
  return "";
}

}  // namespace

Result<PgSourcePolicy> PgSourcePolicy::Create(const PgOptions& options,
                                              const std::string& data_dir) {
  PgSourcePolicy policy;
  for (const std::string& entry : options.allowed_hosts) {
    HostRule rule;
    std::string host = entry;
    if (!host.empty() && host.front() == '/') {
      rule.host = WithoutTrailingSlash(fs::path(host).lexically_normal().string());
    } else if (!host.empty() && host.front() == '[') {
      size_t close = host.find(']');
      if (close == std::string::npos) {
        return InvalidArgument("postgres.allowed_hosts entry '", entry, "': missing ']'");
      }
      std::string rest = host.substr(close + 1);
      rule.host = AsciiLower(host.substr(1, close - 1));
      if (!rest.empty()) {
        if (rest.front() != ':' || !IsPort(rest.substr(1))) {
          return InvalidArgument("postgres.allowed_hosts entry '", entry, "': bad port");
        }
        rule.port = rest.substr(1);
      }
    } else if (std::count(host.begin(), host.end(), ':') == 1) {
      size_t colon = host.find(':');
      rule.host = AsciiLower(host.substr(0, colon));
      rule.port = host.substr(colon + 1);
      if (!IsPort(rule.port)) {
        return InvalidArgument("postgres.allowed_hosts entry '", entry, "': bad port");
      }
    } else {
      rule.host = AsciiLower(host);  // a hostname, an IPv4 address or a bare IPv6 address
    }
    if (rule.host.empty() || rule.host == "*." || rule.host == "*") {
      return InvalidArgument("postgres.allowed_hosts entry '", entry,
                             "' names no host (leave the list empty to allow any host)");
    }
    policy.hosts_.push_back(std::move(rule));
  }
  for (const std::string& entry : options.ssl_file_roots) {
    fs::path path(entry);
    if (path.is_relative()) path = fs::path(data_dir) / path;
    std::error_code ec;
    fs::path real = fs::canonical(path.lexically_normal(), ec);
    if (ec || !fs::is_directory(real, ec)) {
      return InvalidArgument("postgres.ssl_file_roots entry '", entry,
                             "' is not an existing directory");
    }
    policy.file_roots_.push_back(WithoutTrailingSlash(real.string()));
  }
  return policy;
}

Status PgSourcePolicy::Check(const PgDsn& dsn) const {
  LH_RETURN_IF_ERROR(CheckHosts(dsn));
  return CheckFiles(dsn);
}

bool PgSourcePolicy::Allows(const std::string& host, const std::string& port) const {
  const bool socket = !host.empty() && host.front() == '/';
  const std::string name =
      socket ? WithoutTrailingSlash(fs::path(host).lexically_normal().string()) : AsciiLower(host);
  for (const HostRule& rule : hosts_) {
    if (!rule.port.empty() && rule.port != port) continue;
    if (rule.host == name) return true;
    if (!socket && rule.host.starts_with("*.") && name.size() > rule.host.size() - 1 &&
        name.ends_with(std::string_view(rule.host).substr(1))) {
      return true;
    }
  }
  return false;
}

Status PgSourcePolicy::CheckHosts(const PgDsn& dsn) const {
  if (hosts_.empty()) return Status::Ok();
  if (!OptionValue(dsn, "service").empty()) {
    return PermissionDenied(
        "DSN option 'service' is not accepted while postgres.allowed_hosts is set; name the host");
  }
  const std::vector<std::string> ports = SplitList(OptionValue(dsn, "port"));
  const auto port_of = [&](size_t i) {
    std::string port = ports.size() == 1 ? ports[0] : (i < ports.size() ? ports[i] : "");
    return port.empty() ? std::string(kDefaultPort) : port;
  };
  bool named_any = false;
  for (std::string_view key : {"host", "hostaddr"}) {
    const std::string value = OptionValue(dsn, key);
    if (value.empty()) continue;
    const std::vector<std::string> hosts = SplitList(value);
    for (size_t i = 0; i < hosts.size(); ++i) {
      const std::string host = hosts[i].empty() ? "localhost" : hosts[i];
      named_any = true;
      if (!Allows(host, port_of(i))) {
        return PermissionDenied("database host '", host, ":", port_of(i),
                                "' is not in postgres.allowed_hosts");
      }
    }
  }
  if (!named_any && !Allows("localhost", port_of(0))) {
    return PermissionDenied(
        "the DSN names no host (the server's default would be used), and 'localhost' is not in "
        "postgres.allowed_hosts");
  }
  return Status::Ok();
}

Status PgSourcePolicy::CheckFiles(const PgDsn& dsn) const {
  for (const auto& [key, value] : dsn.options()) {
    if (value.empty() ||
        std::find(kFileOptions.begin(), kFileOptions.end(), key) == kFileOptions.end()) {
      continue;
    }
    if (key == "sslrootcert" && value == "system") continue;
    if (file_roots_.empty()) {
      return PermissionDenied("DSN option '", key,
                              "' names a file on the server; list its directory in "
                              "postgres.ssl_file_roots to allow it");
    }
    fs::path path(value);
    if (!path.is_absolute()) {
      return PermissionDenied("DSN option '", key, "' must be an absolute path");
    }
    std::error_code ec;
    const std::string real = WithoutTrailingSlash(
        fs::weakly_canonical(path.lexically_normal(), ec).lexically_normal().string());
    bool inside = false;
    for (const std::string& root : file_roots_)
      inside = inside || (!ec && IsSameOrUnder(real, root));
    if (!inside) {
      return PermissionDenied("DSN option '", key,
                              "' names a file outside postgres.ssl_file_roots");
    }
  }
  return Status::Ok();
}

}  // namespace lakehouse
