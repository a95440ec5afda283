// The only file that includes libedit (its readline-compatible API).
#include <editline/readline.h>

#include <cstdlib>
#include <cstring>

#include "cli/line_source.h"

namespace lakehouse {
namespace {

constexpr int kHistoryEntries = 1000;

// libedit's completion hooks are plain C functions; the words live here for the one editor.
std::vector<std::string>* completion_words = nullptr;

char* NextMatch(const char* text, int state) {
  static size_t index = 0;
  if (state == 0) index = 0;
  const size_t length = std::strlen(text);
  while (completion_words != nullptr && index < completion_words->size()) {
    const std::string& word = (*completion_words)[index++];
    // Case-sensitive: the list holds keywords in both cases, so "sel" → "select" and "SEL" →
    // "SELECT" without the two making the common prefix ambiguous.
    if (word.compare(0, length, text) == 0) return strdup(word.c_str());
  }
  return nullptr;
}

char** Complete(const char* text, int /*start*/, int /*end*/) {
  rl_attempted_completion_over = 1;  // never fall back to file names
  return rl_completion_matches(text, NextMatch);
}

class LineEditor : public LineSource {
 public:
  LineEditor(std::string history_path, CompletionWords words)
      : history_path_(std::move(history_path)), words_(std::move(words)) {
    rl_readline_name = "lakehouse";
    using_history();
    stifle_history(kHistoryEntries);
    if (!history_path_.empty()) read_history(history_path_.c_str());
    rl_attempted_completion_function = Complete;
    rl_completer_word_break_characters = const_cast<char*>(" \t\n\"'`@$><=;|&{(,.");
    completion_words = &cached_words_;
  }
  ~LineEditor() override {
    if (!history_path_.empty()) {
      write_history(history_path_.c_str());
      history_truncate_file(history_path_.c_str(), kHistoryEntries);
    }
    completion_words = nullptr;
  }

  std::optional<std::string> ReadLine(const std::string& prompt) override {
    if (cached_words_.empty() && words_) cached_words_ = words_();
    char* line = readline(prompt.c_str());
    if (line == nullptr) return std::nullopt;
    std::string out(line);
    std::free(line);
    return out;
  }

  void AddHistory(const std::string& entry) override {
    if (!entry.empty()) add_history(entry.c_str());
  }

 private:
  std::string history_path_;
  CompletionWords words_;
  std::vector<std::string> cached_words_;
};

}  // namespace

std::optional<std::string> StreamLineSource::ReadLine(const std::string& /*prompt*/) {
  std::string line;
  if (!std::getline(*in_, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::unique_ptr<LineSource> MakeLineEditor(const std::string& history_path, CompletionWords words) {
  return std::make_unique<LineEditor>(history_path, std::move(words));
}

}  // namespace lakehouse
