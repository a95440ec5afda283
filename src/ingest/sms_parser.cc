#include "ingest/sms_parser.h"

#include <string>
#include <utility>

namespace lakehouse {
namespace {

constexpr size_t kTimestampLength = 19;  // "2024-01-31 14:05:09"

bool ParseDigits(std::string_view text, size_t pos, size_t count, int& value) {
  value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

Status LineError(int64_t line, std::string_view reason) {
  return InvalidArgument("line ", std::to_string(line), ": ", reason);
}

// "dddd-dd-dd dd:dd:dd" at the start of the line (digits not yet range-checked).
bool LooksLikeTimestamp(std::string_view line) {
  static constexpr std::string_view kShape = "dddd-dd-dd dd:dd:dd";
  if (line.size() < kShape.size()) return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    const char c = line[i];
    if (kShape[i] == 'd' ? (c < '0' || c > '9') : c != kShape[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<int64_t> ParseSmsTimestamp(std::string_view text) {
  if (text.size() != kTimestampLength || text[4] != '-' || text[7] != '-' || text[10] != ' ' ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  int year, month, day, hour, minute, second;
  if (!ParseDigits(text, 0, 4, year) || !ParseDigits(text, 5, 2, month) ||
      !ParseDigits(text, 8, 2, day) || !ParseDigits(text, 11, 2, hour) ||
      !ParseDigits(text, 14, 2, minute) || !ParseDigits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  const int64_t seconds =
      DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return seconds * 1'000'000;
}

std::optional<SmsMessage> SmsExportParser::TakeCurrent() {
  std::optional<SmsMessage> done = std::move(current_);
  current_.reset();
  if (done) {
    while (!done->body.empty() && done->body.back() == '\n') done->body.pop_back();
  }
  return done;
}

Result<std::optional<SmsMessage>> SmsExportParser::AddLine(std::string_view line) {
  ++line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::string_view separator;
  if (LooksLikeTimestamp(line)) {
    std::string_view rest = line.substr(kTimestampLength);
    if (rest.rfind('\t', 0) == 0) separator = "\t";
    if (rest.rfind(" | ", 0) == 0) separator = " | ";
  }
  if (separator.empty()) {
    if (current_) {
      current_->body += '\n';
      current_->body += line;
      return std::optional<SmsMessage>();
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) return std::optional<SmsMessage>();
    return LineError(line_,
                     "expected 'YYYY-MM-DD HH:MM:SS<TAB>sender<TAB>body' (or ' | ' "
                     "separators) to start the first message");
  }
  std::optional<int64_t> micros = ParseSmsTimestamp(line.substr(0, kTimestampLength));
  if (!micros)
    return LineError(line_,
                     "invalid timestamp '" + std::string(line.substr(0, kTimestampLength)) + "'");
  std::string_view rest = line.substr(kTimestampLength + separator.size());
  const size_t end = rest.find(separator);
  if (end == std::string_view::npos) {
    return LineError(line_, "message line has a sender but no body separator");
  }
  if (end == 0) return LineError(line_, "empty sender");
  std::optional<SmsMessage> previous = TakeCurrent();
  current_ = SmsMessage{*micros, std::string(rest.substr(0, end)),
                        std::string(rest.substr(end + separator.size())), line_};
  return previous;
}

std::optional<SmsMessage> SmsExportParser::Finish() { return TakeCurrent(); }

}  // namespace lakehouse
