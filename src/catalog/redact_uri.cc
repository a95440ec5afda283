#include "catalog/redact_uri.h"

#include <re2/re2.h>

namespace lakehouse {

namespace {

std::string RedactUserInfo(std::string_view uri) {
  size_t scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos) return std::string(uri);
  size_t authority_begin = scheme_end + 3;
  size_t authority_end = uri.find_first_of("/?#", authority_begin);
  if (authority_end == std::string_view::npos) authority_end = uri.size();
  std::string_view authority = uri.substr(authority_begin, authority_end - authority_begin);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(uri);
  std::string_view userinfo = authority.substr(0, at);
  size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos) return std::string(uri);
  std::string out(uri.substr(0, authority_begin));
  out += userinfo.substr(0, colon + 1);
  out += kRedacted;
  out += uri.substr(authority_begin + at);
  return out;
}

}  // namespace

std::string RedactUri(std::string_view uri) {
  // Compiled once; RE2 objects are thread-safe for matching.
  static const RE2 kKeyValueSecret(
      R"((?i)((?:^|[?&;,\s]))"
      R"((?:password|passwd|pwd|secret|token|access_key|secret_key|api_key)\s*=\s*))"
      R"(('[^']*'|"[^"]*"|[^&;,\s]*))");
  std::string out = RedactUserInfo(uri);
  RE2::GlobalReplace(&out, kKeyValueSecret, R"(\1***)");
  return out;
}

}  // namespace lakehouse
