#include "ingest/json_shape_scanner.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace lakehouse {
namespace {

// Longer number tokens are refused outright (no double needs more digits to be exact).
constexpr size_t kMaxNumberChars = 400;

bool IsNumberChar(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

}  // namespace

Status JsonShapeScanner::EndNumber() {
  if (number_.empty()) return Status::Ok();
  errno = 0;
  const double value = std::strtod(number_.c_str(), nullptr);
  if (errno == ERANGE && std::isinf(value)) {
    return InvalidArgument("line ", std::to_string(line_), ": the number ", number_,
                           " is outside the range of a double");
  }
  number_.clear();
  return Status::Ok();
}

Status JsonShapeScanner::Structural(char c) {
  switch (c) {
    case '[':
    case '{':
      if (depth_ == 0 && !started_) record_depth_ = c == '[' ? 2 : 1;
      if (depth_ == 0) record_line_ = line_;
      started_ = true;
      if (c == '{' && depth_ + 1 == record_depth_) {
        ++records_;
        leaves_ = 0;
        object_path_ = depth_ + 1;
        record_line_ = line_;
      } else if (c == '{' && depth_ == object_path_ && depth_ >= record_depth_) {
        --leaves_;  // the key holding this object is not a column; its leaves are
        object_path_ = depth_ + 1;
      }
      if (++depth_ > kMaxJsonDepth) {
        return InvalidArgument("line ", std::to_string(line_), ": values are nested more than ",
                               std::to_string(kMaxJsonDepth), " levels deep");
      }
      break;
    case ']':
    case '}':
      if (depth_ == object_path_) --object_path_;
      if (depth_ > 0) {
        --depth_;
      } else if (ndjson_) {
        return InvalidArgument("line ", std::to_string(line_), ": '", std::string(1, c),
                               "' closes nothing");
      }
      break;
    case ':':
      if (depth_ == object_path_ && depth_ >= record_depth_ && ++leaves_ > max_columns_) {
        return InvalidArgument("the record starting on line ", std::to_string(record_line_),
                               " has more than ", std::to_string(max_columns_),
                               " columns (the configured maximum)");
      }
      break;
    default:
      // A byte order mark (bytes ≥ 0x80 outside strings) does not start the document.
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && static_cast<unsigned char>(c) < 0x80) {
        started_ = true;
      }
      break;
  }
  return Status::Ok();
}

// NDJSON: every line holds whole records.
Status JsonShapeScanner::EndOfLine() {
  if (!ndjson_) return Status::Ok();
  if (in_string_) {
    return InvalidArgument("line ", std::to_string(line_),
                           ": the line ends inside a string (the line may be truncated)");
  }
  if (depth_ > 0) {
    return InvalidArgument("line ", std::to_string(line_), ": the line ends with ",
                           std::to_string(depth_),
                           " object(s)/array(s) still open (the line may be truncated)");
  }
  return Status::Ok();
}

Status JsonShapeScanner::Feed(std::string_view bytes) {
  if (!error_.ok()) return error_;
  Status status;
  for (char c : bytes) {
    if (c == '\n') {
      line_bytes_ = 0;
    } else if (ndjson_ && ++line_bytes_ > max_line_bytes_) {
      status = InvalidArgument("line ", std::to_string(line_), " is longer than ",
                               std::to_string(max_line_bytes_),
                               " bytes (the configured maximum line length)");
      break;
    }
    if (in_string_) {
      if (++string_bytes_ > max_line_bytes_) {
        status = InvalidArgument("the string starting on line ", std::to_string(string_line_),
                                 " is longer than ", std::to_string(max_line_bytes_),
                                 " bytes (the configured maximum)");
        break;
      }
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      if (c == '\n' && !(status = EndOfLine()).ok()) break;
      if (c == '\n') ++line_;
      continue;
    }
    if (IsNumberChar(c) && (!number_.empty() || c == '-' || (c >= '0' && c <= '9'))) {
      if (number_.size() >= kMaxNumberChars) {
        status = InvalidArgument("line ", std::to_string(line_), ": a number has more than ",
                                 std::to_string(kMaxNumberChars), " characters");
        break;
      }
      number_ += c;
      started_ = true;
      continue;
    }
    if (!(status = EndNumber()).ok()) break;
    if (c == '"') {
      in_string_ = true;
      string_bytes_ = 0;
      string_line_ = line_;
      started_ = true;
    } else if (!(status = Structural(c)).ok()) {
      break;
    }
    if (c == '\n') {
      if (!(status = EndOfLine()).ok()) break;
      ++line_;
    }
  }
  error_ = status;
  return error_;
}

Status JsonShapeScanner::Finish() {
  if (!error_.ok()) return error_;
  error_ = EndNumber();
  if (error_.ok() && ndjson_ && line_bytes_ > 0) error_ = EndOfLine();  // no final line feed
  return error_;
}

}  // namespace lakehouse
