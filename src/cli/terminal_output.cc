#include "cli/terminal_output.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "cli/result_table.h"

namespace lakehouse {
namespace {

// Terminal columns of the widest line of `text`.
size_t WidestLine(std::string_view text) {
  size_t widest = 0;
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    widest = std::max(widest, DisplayWidth(text.substr(0, end)));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return widest;
}

winsize WindowSize() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0) size = {};
  return size;
}

}  // namespace

bool StdinIsTerminal() { return isatty(STDIN_FILENO) != 0; }
bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) != 0; }

size_t TerminalWidth() {
  if (!StdoutIsTerminal()) return 0;
  const winsize size = WindowSize();
  return size.ws_col > 0 ? size.ws_col : 80;
}

void ShowOutput(const std::string& text, bool allow_pager) {
  if (allow_pager && StdoutIsTerminal()) {
    const winsize size = WindowSize();
    const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    if ((size.ws_row > 0 && lines + 2 > size.ws_row) ||
        (size.ws_col > 0 && WidestLine(text) > size.ws_col)) {
      const char* pager = std::getenv("PAGER");
      const std::string command = pager != nullptr && *pager != '\0' ? pager : "less -S";
      std::cout << std::flush;
      if (FILE* pipe = popen(command.c_str(), "w")) {
        fwrite(text.data(), 1, text.size(), pipe);
        pclose(pipe);
        return;
      }
    }
  }
  std::cout << text << std::flush;
}

}  // namespace lakehouse
