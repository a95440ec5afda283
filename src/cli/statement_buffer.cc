#include "cli/statement_buffer.h"

namespace lakehouse {

std::string TrimWhitespace(const std::string& text) {
  const char* kSpace = " \t\r\n\f\v";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

void StatementBuffer::AddLine(const std::string& line) {
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    const char next = i + 1 < line.size() ? line[i + 1] : '\0';
    switch (state_) {
      case State::kCode:
        if (c == '-' && next == '-') {  // a line comment: drop the rest of the line
          i = line.size();
          continue;
        }
        if (c == '/' && next == '*') {
          state_ = State::kBlockComment;
          pending_ += "/*";
          ++i;
          continue;
        }
        if (c == ';') {
          std::string statement = TrimWhitespace(pending_);
          if (!statement.empty()) done_.push_back(std::move(statement));
          pending_.clear();
          continue;
        }
        if (c == '\'') state_ = State::kSingleQuote;
        if (c == '"') state_ = State::kDoubleQuote;
        break;
      case State::kSingleQuote:  // '' is an escaped quote: leave and re-enter
        if (c == '\'') state_ = State::kCode;
        break;
      case State::kDoubleQuote:
        if (c == '"') state_ = State::kCode;
        break;
      case State::kBlockComment:
        if (c == '*' && next == '/') {
          state_ = State::kCode;
          pending_ += "*/";
          ++i;
          continue;
        }
        break;
    }
    pending_ += c;
  }
  if (!TrimWhitespace(pending_).empty()) pending_ += '\n';
}

std::vector<std::string> StatementBuffer::TakeStatements() {
  std::vector<std::string> out;
  out.swap(done_);
  return out;
}

bool StatementBuffer::empty() const {
  return state_ == State::kCode && TrimWhitespace(pending_).empty();
}

std::string StatementBuffer::TakeRest() {
  std::string rest = TrimWhitespace(pending_);
  pending_.clear();
  state_ = State::kCode;
  return rest;
}

}  // namespace lakehouse
