#include "http/request_guard.h"

#include <arpa/inet.h>

#include <cctype>

namespace lakehouse {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "http://host:port" → "host:port"; "" when the origin has no scheme ("null", garbage).
std::string_view AuthorityOfOrigin(std::string_view origin) {
  size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view rest = origin.substr(scheme_end + 3);
  return rest.substr(0, rest.find('/'));
}

// The port of an authority, or the scheme's default.
std::string PortOf(std::string_view authority, std::string_view default_port) {
  size_t bracket = authority.rfind(']');
  size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket)) {
    return std::string(default_port);
  }
  // An unbracketed IPv6 literal has several colons and no port.
  if (bracket == std::string_view::npos && authority.find(':') != colon) {
    return std::string(default_port);
  }
  return std::string(authority.substr(colon + 1));
}

}  // namespace

std::string HostOf(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    return Lower(
        authority.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  size_t colon = authority.find(':');
  if (colon != std::string_view::npos && authority.find(':', colon + 1) != std::string_view::npos) {
    return Lower(authority);  // a bare IPv6 literal
  }
  return Lower(authority.substr(0, colon));
}

bool IsLoopbackHost(std::string_view host_header) {
  std::string host = HostOf(host_header);
  if (host == "localhost" || host == "::1") return true;
  if (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0) return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  return false;
}

bool IsJsonContentType(std::string_view content_type) {
  std::string type = Lower(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  size_t start = type.find_first_not_of(" \t");
  return start != std::string::npos && type.substr(start) == "application/json";
}

bool CorsAllows(const std::vector<std::string>& cors_allowed_origins, std::string_view origin) {
  for (const std::string& allowed : cors_allowed_origins) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

Status CheckHostAndOrigin(const RequestGuardPolicy& policy, const std::optional<std::string>& host,
                          const std::optional<std::string>& origin) {
  if (policy.api_key_configured) return Status::Ok();
  if (host && !IsLoopbackHost(*host) && HostOf(*host) != Lower(policy.bind_host)) {
    return PermissionDenied("Host '", *host,
                            "' is not a loopback address; without an API key (server.api_keys) "
                            "the server answers only requests addressed to localhost");
  }
  if (!origin || CorsAllows(policy.cors_allowed_origins, *origin)) return Status::Ok();
  // Same origin: the page was served by this server (scheme http, same host and port).
  std::string_view authority = AuthorityOfOrigin(*origin);
  if (host && origin->rfind("http://", 0) == 0 && HostOf(authority) == HostOf(*host) &&
      PortOf(authority, "80") == PortOf(*host, "80")) {
    return Status::Ok();
  }
  return PermissionDenied("cross-origin request from '", *origin,
                          "' refused: without an API key only origins listed in "
                          "server.cors_allowed_origins may call the server");
}

}  // namespace lakehouse
