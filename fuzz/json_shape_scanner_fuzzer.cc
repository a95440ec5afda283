// JsonShapeScanner (the NDJSON/JSON checks before DuckDB: columns, depth, line length, number
// range, truncated lines): its verdict and record count do not depend on how the bytes are
// chunked, and a refusal is INVALID_ARGUMENT. Input: a flags byte (bit 0: NDJSON), column cap
// byte, line cap byte, two cut bytes, then the JSON text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.h"
#include "ingest/json_shape_scanner.h"

namespace {

using namespace lakehouse;

struct Outcome {
  std::string error;
  int64_t records = 0;
  bool operator==(const Outcome&) const = default;
};

struct Options {
  int64_t max_columns;
  int64_t max_line_bytes;
  bool ndjson;
};

Outcome Scan(const Options& o, std::string_view json, const std::vector<size_t>& cuts) {
  JsonShapeScanner scanner(o.max_columns, o.max_line_bytes, o.ndjson);
  Status s = fuzz::FeedInPieces(scanner, json, cuts);
  Outcome out;
  if (!s.ok()) {
    LH_FUZZ_CHECK(s.code() == StatusCode::kInvalidArgument);
    out.error = s.message();
  }
  out.records = scanner.records();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzInput in(data, size);
  const bool ndjson = in.Byte() & 1;
  const int64_t max_columns = 1 + in.Byte() % 32;
  const Options options{max_columns, 16 + in.Byte() * 16, ndjson};
  const size_t cut = in.Byte() * 256u + in.Byte();
  const std::string_view json = in.Rest();
  const Outcome whole = Scan(options, json, {});
  LH_FUZZ_CHECK(Scan(options, json, {json.empty() ? 0 : cut % (json.size() + 1)}) == whole);
  if (json.size() <= 4096) {
    std::vector<size_t> every;
    for (size_t i = 1; i < json.size(); ++i) every.push_back(i);
    LH_FUZZ_CHECK(Scan(options, json, every) == whole);
  }
  return 0;
}
