// PathPattern and PercentDecode: patterns parse or give INVALID_ARGUMENT and re-parse from their
// text; a match captures exactly the pattern's parameters; decoding inverts encoding.
// Input: pattern line, then the path to match.
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "fuzz/fuzz_input.h"
#include "http/path_pattern.h"

namespace {

std::string PercentEncodeAll(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lakehouse;
  fuzz::FuzzInput in(data, size);
  const std::string_view pattern_text = in.Until('\n');
  const std::string_view path = in.Rest();

  std::string decoded;
  if (PercentDecode(path, &decoded)) {
    std::string round;
    LH_FUZZ_CHECK(PercentDecode(PercentEncodeAll(decoded), &round));
    LH_FUZZ_CHECK(round == decoded);
  }

  Result<PathPattern> pattern = PathPattern::Parse(pattern_text);
  if (!pattern.ok()) {
    LH_FUZZ_CHECK(pattern.status().code() == StatusCode::kInvalidArgument);
    return 0;
  }
  LH_FUZZ_CHECK(pattern->text() == pattern_text);
  LH_FUZZ_CHECK(PathPattern::Parse(pattern->text()).ok());
  (void)pattern->OpenApiPath();
  (void)pattern->Specificity();
  const std::vector<std::string> names = pattern->ParamNames();
  std::map<std::string, std::string> params;
  if (pattern->Match(path, &params)) {
    std::set<std::string> want(names.begin(), names.end());
    std::set<std::string> got;
    for (const auto& [name, value] : params) got.insert(name);
    LH_FUZZ_CHECK(want == got);
  }
  return 0;
}
