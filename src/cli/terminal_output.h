// Terminal facts and paged output for the SQL shell: the width results are cut to, and long
// output shown through $PAGER (default `less -S`) when stdout is a terminal.
// Thread-safety: stateless functions (they read the process's terminal).
#pragma once

#include <cstddef>
#include <string>

namespace lakehouse {

bool StdinIsTerminal();
bool StdoutIsTerminal();
// Columns of the terminal on stdout; 0 when stdout is not a terminal.
size_t TerminalWidth();

// Writes `text` to stdout; through the pager when `allow_pager`, stdout is a terminal and the
// text has more lines than the terminal (or a line wider than it).
void ShowOutput(const std::string& text, bool allow_pager);

}  // namespace lakehouse
