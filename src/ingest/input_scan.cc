#include "ingest/input_scan.h"

#include <fstream>
#include <optional>
#include <vector>

#include "common/hash.h"
#include "ingest/json_shape_scanner.h"
#include "ingest/utf8_validator.h"

namespace lakehouse {
namespace {

constexpr size_t kChunkBytes = 1 << 20;

bool IsCsv(InputFormat format) {
  return format == InputFormat::kCsv || format == InputFormat::kTsv;
}
bool IsJson(InputFormat format) {
  return format == InputFormat::kJson || format == InputFormat::kNdjson;
}

}  // namespace

Result<InputFacts> ScanInput(const std::string& path, const std::string& source_name,
                             InputFormat format, const ScanLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(source_name, ": cannot open uploaded file");
  const bool text = IsTextFormat(format);
  Utf8Validator utf8;
  std::optional<CsvShapeScanner> csv;
  if (IsCsv(format)) {
    CsvShapeOptions options = limits.csv;
    options.max_columns = limits.max_columns;
    csv.emplace(options);
  }
  std::optional<JsonShapeScanner> json;
  if (IsJson(format)) json.emplace(limits.max_columns);

  auto fail = [&](const Status& status) {
    return InvalidArgument(source_name, ": ", status.message());
  };
  Sha256 hash;
  InputFacts facts;
  std::vector<char> buffer(kChunkBytes);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::string_view chunk(buffer.data(), static_cast<size_t>(in.gcount()));
    if (chunk.empty()) break;
    if (limits.hash) hash.Update(chunk);
    facts.size_bytes += static_cast<int64_t>(chunk.size());
    if (text && !utf8.Feed(chunk)) break;
    if (csv) {
      if (Status s = csv->Feed(chunk); !s.ok()) return fail(s);
    }
    if (json) {
      if (Status s = json->Feed(chunk); !s.ok()) return fail(s);
    }
  }
  if (in.bad()) return Unavailable(source_name, ": read error while scanning the upload");
  if (facts.size_bytes == 0) return InvalidArgument(source_name, ": file is empty");
  if (text && !utf8.Finish()) {
    return InvalidArgument(source_name, ": invalid UTF-8 on line ",
                           std::to_string(utf8.error_line()), " (byte offset ",
                           std::to_string(utf8.error_offset()),
                           "); text uploads must be UTF-8 encoded");
  }
  if (csv) {
    if (Status s = csv->Finish(); !s.ok()) return fail(s);
  }
  if (limits.hash) facts.sha256 = hash.FinishHex();
  return facts;
}

}  // namespace lakehouse
