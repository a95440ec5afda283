#include "ingest/input_scanner.h"

#include <utility>

namespace lakehouse {

InputScanner::InputScanner(std::string source_name, InputFormat format, const ScanLimits& limits)
    : source_name_(std::move(source_name)),
      format_(format),
      limits_(limits),
      text_(IsTextFormat(format)) {
  if (format == InputFormat::kCsv || format == InputFormat::kTsv) {
    CsvShapeOptions options = limits.csv;
    options.max_columns = limits.max_columns;
    options.max_line_bytes = limits.max_line_bytes;
    csv_.emplace(options);
  }
  if (format == InputFormat::kJson || format == InputFormat::kNdjson) {
    json_.emplace(limits.max_columns, limits.max_line_bytes, format == InputFormat::kNdjson);
  }
}

Status InputScanner::Feed(std::string_view bytes) {
  if (!error_.ok() || stopped_ || bytes.empty()) return error_;
  if (limits_.hash) hash_.Update(bytes);
  facts_.size_bytes += static_cast<int64_t>(bytes.size());
  if (text_ && !utf8_.Feed(bytes)) {
    stopped_ = true;
    return Status::Ok();
  }
  Status shape = csv_ ? csv_->Feed(bytes) : json_ ? json_->Feed(bytes) : Status::Ok();
  if (!shape.ok()) error_ = InvalidArgument(source_name_, ": ", shape.message());
  return error_;
}

const Result<InputFacts>& InputScanner::Finish() {
  if (result_) return *result_;
  if (!error_.ok()) {
    result_.emplace(error_);
  } else if (facts_.size_bytes == 0) {
    result_.emplace(InvalidArgument(source_name_, ": file is empty"));
  } else if (text_ && !utf8_.Finish()) {
    result_.emplace(InvalidArgument(source_name_, ": invalid UTF-8 on line ",
                                    std::to_string(utf8_.error_line()), " (byte offset ",
                                    std::to_string(utf8_.error_offset()),
                                    "); text uploads must be UTF-8 encoded"));
  } else if (Status s = csv_ ? csv_->Finish() : json_ ? json_->Finish() : Status::Ok(); !s.ok()) {
    result_.emplace(InvalidArgument(source_name_, ": ", s.message()));
  } else {
    if (csv_) facts_.csv_delimiter = csv_->DetectedDelimiter();
    if (limits_.hash) facts_.sha256 = hash_.FinishHex();
    result_.emplace(facts_);
  }
  return *result_;
}

bool InputScanner::Matches(const std::string& source_name, InputFormat format,
                           const ScanLimits& limits) const {
  return source_name == source_name_ && format == format_ && limits == limits_;
}

}  // namespace lakehouse
