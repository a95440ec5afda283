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

void CsvShapeScanner::EndRecord() {
  if (record_ == options_.header_record) {
    std::copy(std::begin(fields_), std::end(fields_), std::begin(header_delimiters_));
  } else if (record_ > options_.header_record && record_has_content_) {
    ++sampled_;
    for (int i = 0; i < 4; ++i) agreeing_[i] += fields_[i] == header_delimiters_[i] ? 1 : 0;
  }
  std::fill(std::begin(fields_), std::end(fields_), 0);
  record_has_content_ = false;
}

Status CsvShapeScanner::Unquoted(char c) {
  if (c == '\n') {
    EndRecord();
    ++line_;
    ++record_;
    state_ = State::kFieldStart;
  } else if (IsDelimiter(c)) {
    record_has_content_ = true;
    int index = 0;
    if (!options_.delimiter) {
      index = static_cast<int>(std::find(std::begin(kCandidates), std::end(kCandidates), c) -
                               std::begin(kCandidates));
    }
    ++fields_[index];
    if (record_ == options_.header_record) {
      header_fields_ = std::max(header_fields_, fields_[index] + 1);
      if (header_fields_ > options_.max_columns) {
        return InvalidArgument("the header has more than ", std::to_string(options_.max_columns),
                               " columns (the configured maximum)");
      }
    }
    state_ = State::kFieldStart;
  } else if (c == '\r' && state_ == State::kFieldStart) {
    // part of a CRLF line end; the field stays at its start
  } else {
    record_has_content_ = true;
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
        record_has_content_ = true;
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

Status CsvShapeScanner::LineTooLong() const {
  return InvalidArgument("line ", std::to_string(line_), " is longer than ",
                         std::to_string(options_.max_line_bytes),
                         " bytes (the configured maximum line length)");
}

Result<int64_t> CsvShapeScanner::Advance(std::string_view span) {
  const int64_t cap = options_.max_line_bytes;
  if (line_bytes_ + static_cast<int64_t>(span.size()) <= cap) {
    // No line in the span can pass the cap: count line feeds a word at a time.
    const int64_t lines = CountLineFeeds(span);
    if (lines == 0) {
      line_bytes_ += static_cast<int64_t>(span.size());
    } else {
      line_bytes_ = static_cast<int64_t>(span.size() - span.rfind('\n') - 1);
    }
    return lines;
  }
  int64_t lines = 0;
  const char* p = span.data();
  const char* const end = span.data() + span.size();
  while (true) {
    const void* hit = std::memchr(p, '\n', static_cast<size_t>(end - p));
    const char* stop = hit == nullptr ? end : static_cast<const char*>(hit);
    line_bytes_ += stop - p;
    if (line_bytes_ > cap) {
      line_ += lines;  // the error names the current line
      return LineTooLong();
    }
    if (hit == nullptr) break;
    line_bytes_ = 0;
    ++lines;
    p = stop + 1;
  }
  return lines;
}

size_t CsvShapeScanner::SkipUnquoted(std::string_view bytes, size_t from) {
  const size_t to = [&] {
    if (!options_.quote) return bytes.size();  // past the sample only quotes matter
    const void* hit = std::memchr(bytes.data() + from, *options_.quote, bytes.size() - from);
    return hit == nullptr ? bytes.size()
                          : static_cast<size_t>(static_cast<const char*>(hit) - bytes.data());
  }();
  if (to == from) return to;
  Result<int64_t> lines = Advance(bytes.substr(from, to - from));
  if (!lines.ok()) {
    error_ = lines.status();
    return bytes.size();
  }
  line_ += *lines;
  record_ += *lines;
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
  Result<int64_t> lines = Advance(bytes.substr(from, to - from));
  if (!lines.ok()) {
    error_ = lines.status();
    return bytes.size();
  }
  line_ += *lines;
  return to;
}

Status CsvShapeScanner::Feed(std::string_view bytes) {
  LH_RETURN_IF_ERROR(error_);
  const int64_t sample_end = options_.header_record + kDialectSampleRecords;
  size_t i = 0;
  while (i < bytes.size()) {
    // Past the dialect sample only the quoting state and line lengths matter, and the bytes
    // between quote characters cannot change the state: skip them a word at a time.
    if (record_ > sample_end) {
      if (state_ == State::kFieldStart || state_ == State::kUnquoted) {
        i = SkipUnquoted(bytes, i);
      } else if (state_ == State::kQuoted) {
        i = SkipQuoted(bytes, i);
      }
      LH_RETURN_IF_ERROR(error_);
      if (i == bytes.size()) break;
    }
    const char c = bytes[i];
    if (c == '\n') {
      line_bytes_ = 0;
    } else if (++line_bytes_ > options_.max_line_bytes) {
      error_ = LineTooLong();
      return error_;
    }
    LH_RETURN_IF_ERROR(Step(c));
    ++i;
  }
  return Status::Ok();
}

Status CsvShapeScanner::Finish() {
  LH_RETURN_IF_ERROR(error_);
  if (state_ == State::kQuoted || state_ == State::kQuotedEscape) {
    return InvalidArgument("unterminated quoted field starting on line ",
                           std::to_string(quote_line_), " (the file may be truncated)");
  }
  if (record_has_content_) EndRecord();  // a last line without a line feed
  return Status::Ok();
}

std::optional<char> CsvShapeScanner::DetectedDelimiter() const {
  if (options_.delimiter) return options_.delimiter;
  int best = -1;
  for (int i = 0; i < 4; ++i) {
    if (header_delimiters_[i] == 0) continue;                    // the header is one field
    if (sampled_ > 0 && agreeing_[i] * 2 <= sampled_) continue;  // not the majority's width
    if (best < 0 || agreeing_[i] > agreeing_[best] ||
        (agreeing_[i] == agreeing_[best] && header_delimiters_[i] > header_delimiters_[best])) {
      best = i;
    }
  }
  if (best < 0) return std::nullopt;
  return kCandidates[best];
}

}  // namespace lakehouse
