#include "http/path_pattern.h"

namespace lakehouse {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 1;  // skip the leading '/'
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

Result<PathPattern> PathPattern::Parse(std::string_view pattern) {
  if (pattern.empty() || pattern[0] != '/') {
    return InvalidArgument("route pattern must start with '/': ", std::string(pattern));
  }
  PathPattern p;
  p.text_ = std::string(pattern);
  if (pattern == "/") return p;
  for (std::string_view part : SplitPath(pattern)) {
    if (!p.segments_.empty() && p.segments_.back().is_tail) {
      return InvalidArgument("a {name...} segment must be last: ", std::string(pattern));
    }
    Segment seg;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      std::string_view name = part.substr(1, part.size() - 2);
      seg.is_param = true;
      if (name.size() > 3 && name.substr(name.size() - 3) == "...") {
        seg.is_tail = true;
        name.remove_suffix(3);
      }
      if (name.empty()) return InvalidArgument("empty parameter name in ", std::string(pattern));
      seg.text = std::string(name);
    } else {
      if (part.empty()) return InvalidArgument("empty segment in ", std::string(pattern));
      seg.text = std::string(part);
    }
    p.segments_.push_back(std::move(seg));
  }
  return p;
}

bool PathPattern::Match(std::string_view path, std::map<std::string, std::string>* params) const {
  if (path.empty() || path[0] != '/') return false;
  if (segments_.empty()) return path == "/";
  std::vector<std::string_view> parts = SplitPath(path);
  std::map<std::string, std::string> captured;
  size_t i = 0;
  for (const Segment& seg : segments_) {
    if (i >= parts.size()) return false;
    if (seg.is_tail) {
      // The rest of the path, which must be non-empty.
      size_t offset = static_cast<size_t>(parts[i].data() - path.data());
      std::string_view rest = path.substr(offset);
      if (rest.empty()) return false;
      std::string decoded;
      if (!PercentDecode(rest, &decoded)) return false;
      captured[seg.text] = std::move(decoded);
      i = parts.size();
      break;
    }
    if (seg.is_param) {
      if (parts[i].empty()) return false;
      std::string decoded;
      if (!PercentDecode(parts[i], &decoded)) return false;
      captured[seg.text] = std::move(decoded);
    } else if (parts[i] != seg.text) {
      return false;
    }
    ++i;
  }
  if (i != parts.size()) return false;
  if (params) *params = std::move(captured);
  return true;
}

std::string PathPattern::OpenApiPath() const {
  if (segments_.empty()) return "/";
  std::string out;
  for (const Segment& seg : segments_) {
    out += '/';
    out += seg.is_param ? "{" + seg.text + "}" : seg.text;
  }
  return out;
}

std::vector<std::string> PathPattern::ParamNames() const {
  std::vector<std::string> names;
  for (const Segment& seg : segments_) {
    if (seg.is_param) names.push_back(seg.text);
  }
  return names;
}

int PathPattern::Specificity() const {
  int score = 0;
  for (const Segment& seg : segments_) score += seg.is_tail ? -1 : seg.is_param ? 0 : 2;
  return score;
}

}  // namespace lakehouse
