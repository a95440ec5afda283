#include "ingest/csv_shape_scanner.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "ingest/byte_scan.h"

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

Status CsvShapeScanner::Step(char c) {
  const bool quoting = options_.quote.has_value();
  const char quote = quoting ? *options_.quote : '\0';
  const char escape = options_.escape.value_or(quote);
  switch (state_) {
    case State::kFieldStart:
      if (quoting && c == quote) {
        state_ = State::kQuoted;
        quote_line_ = line_;
        break;
      }
      [[fallthrough]];
    case State::kUnquoted:
      return Unquoted(c);
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
        return Unquoted(c);
      }
      break;
  }
  return Status::Ok();
}

size_t CsvShapeScanner::SkipUnquoted(std::string_view bytes, size_t from) {
  if (!options_.quote) return bytes.size();  // past the header only quotes matter
  const char quote = *options_.quote;
  const void* hit = std::memchr(bytes.data() + from, quote, bytes.size() - from);
  const size_t to = hit == nullptr ? bytes.size() : static_cast<const char*>(hit) - bytes.data();
  if (to == from) return to;
  const int64_t lines = CountLineFeeds(bytes.substr(from, to - from));
  line_ += lines;
  record_ += lines;
  // The state before `to` follows from the last character that is not a CR (a CR never changes
  // it): a line feed or delimiter starts a field, anything else is inside one.
  size_t last = to;
  while (last > from && bytes[last - 1] == '\r') --last;
  if (last > from) {
    const char c = bytes[last - 1];
    state_ = c == '\n' || IsDelimiter(c) ? State::kFieldStart : State::kUnquoted;
  }
  return to;
}

size_t CsvShapeScanner::SkipQuoted(std::string_view bytes, size_t from) {
  const char quote = *options_.quote;
  const char escape = options_.escape.value_or(quote);
  size_t to = from;
  if (escape == quote) {
    const void* hit = std::memchr(bytes.data() + from, quote, bytes.size() - from);
    to = hit == nullptr ? bytes.size() : static_cast<const char*>(hit) - bytes.data();
  } else {
    while (to < bytes.size() && bytes[to] != quote && bytes[to] != escape) ++to;
  }
  line_ += CountLineFeeds(bytes.substr(from, to - from));
  return to;
}

Status CsvShapeScanner::Feed(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    // Past the header record only the quoting state matters, and the bytes between quote
    // characters cannot change it: skip them a word at a time.
    if (record_ > options_.header_record) {
      if (state_ == State::kFieldStart || state_ == State::kUnquoted) {
        i = SkipUnquoted(bytes, i);
      } else if (state_ == State::kQuoted) {
        i = SkipQuoted(bytes, i);
      }
      if (i == bytes.size()) break;
    }
    LH_RETURN_IF_ERROR(Step(bytes[i]));
    ++i;
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
