// ParseJson / DumpJson: any bytes either parse or give INVALID_ARGUMENT (never throw), and what
// parses survives a dump and a re-parse unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/known_defects.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lakehouse;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<Json> parsed = fuzz::ParseJsonAllowingKnownDefects(text);
  if (!parsed.ok()) {
    LH_FUZZ_CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
    return 0;
  }
  // The parser admits only valid UTF-8 and finite numbers, which dump exactly.
  Result<Json> again = ParseJson(DumpJson(*parsed));
  LH_FUZZ_CHECK(again.ok());
  LH_FUZZ_CHECK(*again == *parsed);
  return 0;
}
