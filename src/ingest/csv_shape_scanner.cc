#include "ingest/csv_shape_scanner.h"

#include <algorithm>
#include <string>
#include <utility>

namespace lakehouse {
namespace {

constexpr char kCandidates[4] = {',', ';', '\t', '|'};

}  // namespace

CsvShapeScanner::CsvShapeScanner(CsvShapeOptions options) : options_(std::move(options)) {}

bool CsvShapeScanner::IsDelimiter(char c) const {
  if (options_.delimiter) return c == *options_.delimiter;
  return std::find(std::begin(kCandidates), std::end(kCandidates), c) != std::end(kCandidates);
}

Status CsvShapeScanner::Unquoted(char c) {
  if (c == '\n') {
    ++line_;
    ++record_;
    state_ = State::kFieldStart;
  } else if (IsDelimiter(c)) {
    if (record_ == options_.header_record) {
      int index = 0;
      if (!options_.delimiter) {
        index = static_cast<int>(std::find(std::begin(kCandidates), std::end(kCandidates), c) -
                                 std::begin(kCandidates));
      }
      header_fields_ = std::max(header_fields_, ++fields_[index] + 1);
      if (header_fields_ > options_.max_columns) {
        return InvalidArgument("the header has more than ", std::to_string(options_.max_columns),
                               " columns (the configured maximum)");
      }
    }
    state_ = State::kFieldStart;
  } else if (c == '\r' && state_ == State::kFieldStart) {
    // part of a CRLF line end; the field stays at its start
  } else {
    state_ = State::kUnquoted;
  }
  return Status::Ok();
}

Status CsvShapeScanner::Feed(std::string_view bytes) {
  const bool quoting = options_.quote.has_value();
  const char quote = quoting ? *options_.quote : '\0';
  const char escape = options_.escape.value_or(quote);
  for (char c : bytes) {
    switch (state_) {
      case State::kFieldStart:
        if (quoting && c == quote) {
          state_ = State::kQuoted;
          quote_line_ = line_;
          break;
        }
        [[fallthrough]];
      case State::kUnquoted:
        LH_RETURN_IF_ERROR(Unquoted(c));
        break;
      case State::kQuoted:
        if (c == '\n') ++line_;
        if (c == escape && escape != quote) {
          state_ = State::kQuotedEscape;
        } else if (c == quote) {
          state_ = State::kQuoteSeen;
        }
        break;
      case State::kQuotedEscape:
        if (c == '\n') ++line_;
        state_ = State::kQuoted;
        break;
      case State::kQuoteSeen:
        if (c == quote && escape == quote) {
          state_ = State::kQuoted;
        } else {
          state_ = State::kUnquoted;
          LH_RETURN_IF_ERROR(Unquoted(c));
        }
        break;
    }
  }
  return Status::Ok();
}

Status CsvShapeScanner::Finish() {
  if (state_ == State::kQuoted || state_ == State::kQuotedEscape) {
    return InvalidArgument("unterminated quoted field starting on line ",
                           std::to_string(quote_line_), " (the file may be truncated)");
  }
  return Status::Ok();
}

}  // namespace lakehouse
