// StatementBuffer: collects the lines a user types into complete SQL statements. A statement
// ends at a ';' outside quotes ('…', "…", E'…' with '' escapes) and comments (-- to the end of
// the line, /* … */); a line may hold several statements. Thread-safety: plain value.
#pragma once

#include <string>
#include <vector>

namespace lakehouse {

class StatementBuffer {
 public:
  // Adds one line (without its newline).
  void AddLine(const std::string& line);
  // The statements completed so far (without their ';', trimmed, empty ones dropped).
  std::vector<std::string> TakeStatements();
  // True when no unfinished statement is pending (the shell then shows its main prompt).
  bool empty() const;
  // The unfinished rest, trimmed (what a script that ends without ';' still holds).
  std::string TakeRest();

 private:
  enum class State { kCode, kSingleQuote, kDoubleQuote, kBlockComment };
  std::string pending_;
  std::vector<std::string> done_;
  State state_ = State::kCode;
};

// `text` without leading and trailing whitespace.
std::string TrimWhitespace(const std::string& text);

}  // namespace lakehouse
