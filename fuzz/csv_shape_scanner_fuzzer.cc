// CsvShapeScanner: its verdict and header count do not depend on how the bytes are cut into
// chunks (its word-at-a-time fast paths must agree with its one-character path) — nor does the
// delimiter it detects — and a refusal is INVALID_ARGUMENT. Input: option bytes (flags, whose
// high nibble sets a short line cap; delimiter, quote, escape, header record, column cap), two
// cut bytes, then the CSV text.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.h"
#include "ingest/csv_shape_scanner.h"

namespace {

using namespace lakehouse;

struct Outcome {
  std::string error;
  int64_t header_fields = 0;
  int detected_delimiter = -1;  // after a successful Finish; -2 when none was detected
  bool operator==(const Outcome&) const = default;
};

Outcome Scan(const CsvShapeOptions& options, std::string_view csv,
             const std::vector<size_t>& cuts) {
  CsvShapeScanner scanner(options);
  Status s = fuzz::FeedInPieces(scanner, csv, cuts);
  Outcome out;
  if (!s.ok()) {
    LH_FUZZ_CHECK(s.code() == StatusCode::kInvalidArgument);
    out.error = s.message();
  } else {
    LH_FUZZ_CHECK(scanner.header_fields() <= options.max_columns);
    const std::optional<char> detected = scanner.DetectedDelimiter();
    out.detected_delimiter = detected ? static_cast<unsigned char>(*detected) : -2;
    if (options.delimiter) LH_FUZZ_CHECK(detected == options.delimiter);
  }
  out.header_fields = scanner.header_fields();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzInput in(data, size);
  const uint8_t flags = in.Byte();
  CsvShapeOptions options;
  const char delimiter = static_cast<char>(in.Byte());
  const char quote = static_cast<char>(in.Byte());
  const char escape = static_cast<char>(in.Byte());
  if (flags & 1) options.delimiter = delimiter;
  if (flags & 2)
    options.quote.reset();
  else if (flags & 4)
    options.quote = quote;
  if (flags & 8) options.escape = escape;
  options.header_record = in.Byte() % 4;
  options.max_columns = 1 + in.Byte() % 64;
  if (flags >> 4) options.max_line_bytes = 8 + (flags >> 4) * 16;
  const size_t cut = in.Byte() * 256u + in.Byte();
  const std::string_view csv = in.Rest();

  const Outcome whole = Scan(options, csv, {});
  LH_FUZZ_CHECK(Scan(options, csv, {csv.empty() ? 0 : cut % (csv.size() + 1)}) == whole);
  if (csv.size() <= 4096) {
    std::vector<size_t> every;
    for (size_t i = 1; i < csv.size(); ++i) every.push_back(i);
    LH_FUZZ_CHECK(Scan(options, csv, every) == whole);
  }
  return 0;
}
