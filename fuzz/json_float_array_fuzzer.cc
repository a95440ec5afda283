// TakeFloatArrayField / TakeFloatArraysField: never accept what ParseJson rejects, read numbers
// exactly as nlohmann does, and leave the text untouched when they decline. The first byte picks
// the single or the batch form; the rest is the JSON text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/json.h"
#include "common/json_float_array.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/known_defects.h"

namespace {

using lakehouse::Json;

// The numbers of a JSON array narrowed to float, as the fast path reads them; false for a
// non-number element.
bool Floats(const Json& array, std::vector<float>* out) {
  if (!array.is_array()) return false;
  for (const Json& x : array) {
    if (!x.is_number()) return false;
    out->push_back(static_cast<float>(x.get<double>()));
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lakehouse;
  fuzz::FuzzInput in(data, size);
  const bool batch = in.Byte() & 1;
  const std::string original(in.Rest());
  std::string text = original;
  constexpr char kKey[] = "vector";

  std::vector<std::vector<float>> taken;
  if (batch) {
    auto rows = TakeFloatArraysField(text, kKey);
    if (!rows) {
      LH_FUZZ_CHECK(text == original);
      return 0;
    }
    taken = std::move(*rows);
  } else {
    auto row = TakeFloatArrayField(text, kKey);
    if (!row) {
      LH_FUZZ_CHECK(text == original);
      return 0;
    }
    taken.push_back(std::move(*row));
  }

  // Taken: the rest of the text parses exactly when the original does (the caller still reports
  // whatever else is wrong), and then the numbers are nlohmann's and the rest is the original with
  // the member set to null.
  Result<Json> whole = fuzz::ParseJsonAllowingKnownDefects(original);
  Result<Json> rest = fuzz::ParseJsonAllowingKnownDefects(text);
  LH_FUZZ_CHECK(whole.ok() == rest.ok());
  LH_FUZZ_CHECK(!taken.empty());
  if (!whole.ok()) return 0;
  LH_FUZZ_CHECK(whole->is_object() && whole->contains(kKey));
  const Json& member = (*whole)[kKey];
  if (!batch && member.is_array()) {
    std::vector<float> want;
    LH_FUZZ_CHECK(Floats(member, &want));
    LH_FUZZ_CHECK(want == taken[0]);
  } else if (batch) {
    LH_FUZZ_CHECK(member.is_array() && member.size() == taken.size());
    for (size_t i = 0; i < taken.size(); ++i) {
      LH_FUZZ_CHECK(!taken[i].empty());
      if (!member[i].is_array()) continue;  // a base64 row
      std::vector<float> want;
      LH_FUZZ_CHECK(Floats(member[i], &want));
      LH_FUZZ_CHECK(want == taken[i]);
    }
  } else {
    LH_FUZZ_CHECK(member.is_string());  // base64
    LH_FUZZ_CHECK(!taken[0].empty());
  }
  Json expected = *whole;
  expected[kKey] = nullptr;
  LH_FUZZ_CHECK(*rest == expected);
  return 0;
}
