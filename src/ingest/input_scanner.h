// InputScanner: the streaming core of ScanInput (input_scan.h) — measures an upload's bytes, hashes
// them when asked, and for the text formats checks UTF-8 and the CSV/JSON shape, fed in chunks of
// any size. ScanInput runs it over a file; the ingest endpoint also runs one while the upload is
// still streaming in (an UploadSpool observer), so that staging can skip re-reading the file when
// it would scan with the same parameters (see Matches and StageRequest::prescan).
//
// Errors are those of ScanInput, prefixed with "<source_name>: ".
//
// Thread-safety: externally synchronised. A scanner fed on one thread may be read on another once
// the feeding thread is joined (UploadSpool::Finish does that).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/hash.h"
#include "common/result.h"
#include "ingest/csv_shape_scanner.h"
#include "ingest/format.h"
#include "ingest/input_scan.h"
#include "ingest/json_shape_scanner.h"
#include "ingest/utf8_validator.h"

namespace lakehouse {

class InputScanner {
 public:
  InputScanner(std::string source_name, InputFormat format, const ScanLimits& limits);

  // Scans the next bytes. A shape error is returned at once and kept (later Feeds do nothing); an
  // invalid UTF-8 byte stops the scan quietly and is reported by Finish, as ScanInput does.
  Status Feed(std::string_view bytes);
  // After the last Feed: the facts, or the first error. Call once; result() keeps it.
  const Result<InputFacts>& Finish();
  // Valid after Finish.
  const Result<InputFacts>& result() const { return *result_; }
  bool finished() const { return result_.has_value(); }

  // True when this scan ran with exactly these parameters, i.e. its result is what ScanInput
  // would return for the same bytes.
  bool Matches(const std::string& source_name, InputFormat format, const ScanLimits& limits) const;

 private:
  std::string source_name_;
  InputFormat format_;
  ScanLimits limits_;
  bool text_;
  bool stopped_ = false;  // invalid UTF-8 seen: the rest is not looked at
  Status error_;
  Utf8Validator utf8_;
  std::optional<CsvShapeScanner> csv_;
  std::optional<JsonShapeScanner> json_;
  Sha256 hash_;
  InputFacts facts_;
  std::optional<Result<InputFacts>> result_;
};

}  // namespace lakehouse
