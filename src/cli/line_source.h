// LineSource: where the SQL shell reads its lines — a stream (a pipe, a script) or, on a
// terminal, the line editor (libedit: editing, history in a file, tab completion).
// Thread-safety: externally synchronised; the line editor is one per process (libedit keeps
// global state).
#pragma once

#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lakehouse {

class LineSource {
 public:
  virtual ~LineSource() = default;
  // The next line without its newline; nullopt at the end of input (EOF, Ctrl-D).
  virtual std::optional<std::string> ReadLine(const std::string& prompt) = 0;
  // Remembers a complete entry in the history (the editor); a stream ignores it.
  virtual void AddHistory(const std::string& entry) { (void)entry; }
};

class StreamLineSource : public LineSource {
 public:
  explicit StreamLineSource(std::istream* in) : in_(in) {}
  std::optional<std::string> ReadLine(const std::string& prompt) override;

 private:
  std::istream* in_;
};

// Words offered by tab completion (dataset and column names, SQL keywords, shell commands).
using CompletionWords = std::function<std::vector<std::string>()>;

// The libedit line editor on the terminal. The history is read from `history_path` (if it
// exists) and written back, at most 1000 entries, when the source is destroyed.
std::unique_ptr<LineSource> MakeLineEditor(const std::string& history_path, CompletionWords words);

}  // namespace lakehouse
