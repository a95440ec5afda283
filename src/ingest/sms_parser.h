// SmsExportParser: reads the SMS/chat export line format, one line at a time.
//
//   <YYYY-MM-DD HH:MM:SS><TAB><sender><TAB><body>
//   <YYYY-MM-DD HH:MM:SS> | <sender> | <body>
//
// A line starting with a timestamp followed by TAB or " | " begins a message; its sender runs to
// the next occurrence of the same separator and the body is the rest of the line (it may contain
// further separators). Any other line continues the previous message: it is appended to the body
// after a newline, so multi-line messages survive. Blank lines before the first message are
// skipped; trailing blank lines of a body are dropped. A trailing '\r' (CRLF files) is removed.
// Timestamps are wall-clock times without a time zone, stored as TIMESTAMP.
//
// Errors are INVALID_ARGUMENT with the 1-based line number ("line 3: ..."): the first non-blank
// line is not a message line, an impossible timestamp (2024-02-30), a message line with no second
// separator, an empty sender.
//
// Thread-safety: externally synchronised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

struct SmsMessage {
  int64_t timestamp_micros = 0;  // since 1970-01-01 00:00:00
  std::string sender;
  std::string body;
  int64_t line = 0;  // where the message starts
};

class SmsExportParser {
 public:
  // Consumes the next line (without its '\n'). Returns the previous message when this line starts
  // a new one.
  Result<std::optional<SmsMessage>> AddLine(std::string_view line);
  // The last message, if any; call once after the last line.
  std::optional<SmsMessage> Finish();

 private:
  std::optional<SmsMessage> TakeCurrent();

  std::optional<SmsMessage> current_;
  int64_t line_ = 0;
};

// Parses "YYYY-MM-DD HH:MM:SS" into microseconds since the epoch; nullopt when malformed or not a
// real calendar time.
std::optional<int64_t> ParseSmsTimestamp(std::string_view text);

}  // namespace lakehouse
