// PathPattern: a route path such as "/storage/buckets/{bucket}/objects/{key...}".
// Segments are literals or "{name}" (one segment); a final "{name...}" captures the rest of the
// path (one or more segments, slashes kept). Matching is exact on literals and case-sensitive.
//
// Thread-safety: immutable after construction.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace lakehouse {

class PathPattern {
 public:
  // INVALID_ARGUMENT for malformed patterns (no leading '/', empty name, tail not last).
  static Result<PathPattern> Parse(std::string_view pattern);

  // True on a match; fills `params` with the captured (percent-decoded) values.
  bool Match(std::string_view path, std::map<std::string, std::string>* params) const;

  const std::string& text() const { return text_; }
  // The OpenAPI form: "{key...}" written as "{key}".
  std::string OpenApiPath() const;
  std::vector<std::string> ParamNames() const;
  // Literal segments outrank parameters when two patterns match the same path.
  int Specificity() const;

 private:
  struct Segment {
    std::string text;
    bool is_param = false;
    bool is_tail = false;
  };
  std::string text_;
  std::vector<Segment> segments_;
};

// Decodes %XX escapes; returns false on a malformed escape.
bool PercentDecode(std::string_view in, std::string* out);

}  // namespace lakehouse
