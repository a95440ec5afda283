#include "ingest/json_shape_scanner.h"

#include <string>

namespace lakehouse {

Status JsonShapeScanner::Structural(char c) {
  switch (c) {
    case '[':
    case '{':
      if (depth_ == 0 && !started_) record_depth_ = c == '[' ? 2 : 1;
      started_ = true;
      if (c == '{' && depth_ + 1 == record_depth_) {
        ++records_;
        leaves_ = 0;
        object_path_ = depth_ + 1;
      } else if (c == '{' && depth_ == object_path_ && depth_ >= record_depth_) {
        --leaves_;  // the key holding this object is not a column; its leaves are
        object_path_ = depth_ + 1;
      }
      ++depth_;
      break;
    case ']':
    case '}':
      if (depth_ == object_path_) --object_path_;
      if (depth_ > 0) --depth_;
      break;
    case ':':
      if (depth_ == object_path_ && depth_ >= record_depth_ && ++leaves_ > max_columns_) {
        return InvalidArgument("the record starting near line ", std::to_string(line_),
                               " has more than ", std::to_string(max_columns_),
                               " columns (the configured maximum)");
      }
      break;
    default:
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') started_ = true;
      break;
  }
  return Status::Ok();
}

Status JsonShapeScanner::Feed(std::string_view bytes) {
  for (char c : bytes) {
    if (c == '\n') ++line_;
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
    } else if (c == '"') {
      in_string_ = true;
      started_ = true;
    } else {
      LH_RETURN_IF_ERROR(Structural(c));
    }
  }
  return Status::Ok();
}

}  // namespace lakehouse
