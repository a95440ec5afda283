// End-to-end: the interactive SQL shell (`lakehouse sql` with no statement) in a real terminal —
// the real binary runs in a tmux pane against the real server; the test types keys (tmux send-keys)
// and reads the screen (capture-pane), as a user would (issue 24: line editing, history, multi-line
// statements, completion, paging of long and wide results):
//   - a line is edited with the arrow keys, Home/End and Backspace before it runs;
//   - Up recalls an earlier statement in the session, and after a restart from the history file;
//   - a statement over several lines shows the continuation prompt and runs once complete;
//   - Tab completes a column and a dataset name from the catalog;
//   - a result longer than the terminal, or wider, goes through the pager (less -S: the shell
//     waits until it is quit; Right scrolls to the columns past the edge); a short one does not.
// Needs tmux and less (scripts/setup.sh installs them).
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "tests/support/e2e_util.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::LakehouseBinary;

// Quotes `s` for /bin/sh.
std::string Quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; returns its stdout.
std::string Run(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    std::array<char, 4096> buffer;
    size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
    pclose(pipe);
  }
  return out;
}

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// One tmux server of our own (its own socket name), one window running the shell.
class Terminal {
 public:
  Terminal(std::string socket, int width, int height)
      : socket_(std::move(socket)), width_(width), height_(height) {}
  ~Terminal() { Run(Tmux("kill-server") + " 2>/dev/null"); }

  // Starts `command` in a fresh window (the previous one, if any, is killed).
  void Start(const std::string& command) {
    Run(Tmux("kill-session -t lh") + " 2>/dev/null");
    Run(Tmux("-f /dev/null new-session -d -s lh -x " + std::to_string(width_) + " -y " +
             std::to_string(height_) + " " + Quoted(command)));
    Run(Tmux("set-option -t lh remain-on-exit on"));
  }
  // Types `text` literally. (tmux reads an argument ending in ';' as the end of its command unless
  // the ';' is escaped.)
  void Type(std::string text) {
    if (!text.empty() && text.back() == ';') text.insert(text.size() - 1, "\\");
    Run(Tmux("send-keys -t lh -l " + Quoted(text)));
  }
  // Presses keys by tmux's names ("Enter", "Left", "Up", "Tab", "BSpace", "Home", "End", "q").
  void Press(const std::string& keys, int times = 1) {
    for (int i = 0; i < times; ++i) Run(Tmux("send-keys -t lh " + keys));
  }
  // The screen, with the scrollback.
  std::string Screen() { return Run(Tmux("capture-pane -p -J -t lh -S -1000")); }
  // Waits until the screen (with the scrollback) holds `text` at least `n` times.
  bool WaitForCount(const std::string& text, size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (Count(Screen(), text) >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  // The visible screen only.
  std::string Visible() { return Run(Tmux("capture-pane -p -J -t lh")); }
  // Waits (generously: a loaded machine) until the screen holds `text`; returns whether it did.
  bool WaitFor(const std::string& text, bool visible_only = false) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if ((visible_only ? Visible() : Screen()).find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

 private:
  std::string Tmux(const std::string& args) const { return "tmux -L " + socket_ + " " + args; }

  std::string socket_;
  int width_;
  int height_;
};

class CliShellTtyE2E : public testing::ServerTest {
 protected:
  void SetUp() override {
    if (std::system("command -v tmux >/dev/null && command -v less >/dev/null") != 0) {
      GTEST_FAIL() << "tmux and less are needed (scripts/setup.sh installs them)";
    }
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    Register("orders",
             "SELECT * FROM (VALUES (1, 'lake', 9.5), (2, 'Oslo', NULL), (3, 'Zürich', 3.25)) "
             "t(id, city, total)");
    home_ = scratch_.Join("home");
    std::filesystem::create_directories(home_);
    terminal_ = std::make_unique<Terminal>(
        "lh-shell-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        100, 30);
  }

  // Opens the shell in the terminal, with a fresh HOME (its history file) and the default pager.
  void OpenShell() {
    terminal_->Start("env -u PAGER -u LESS HOME=" + Quoted(home_) + " " + LakehouseBinary() +
                     " sql --server " + server_->base_url());
    ASSERT_TRUE(terminal_->WaitFor("lakehouse> ")) << terminal_->Screen();
  }
  // Waits until the shell prompts again after the n-th prompt on screen.
  bool WaitForPrompts(size_t n) { return terminal_->WaitForCount("lakehouse> ", n); }

  std::string home_;
  std::unique_ptr<Terminal> terminal_;
};

TEST_F(CliShellTtyE2E, ALineIsEditedWithArrowKeysAndRecalledWithUp) {
  OpenShell();
  // "ELECT 12 AS n;" → Left ×7 puts the cursor before the "2": insert "3" → ELECT 132 AS n;
  terminal_->Type("ELECT 12 AS n;");
  terminal_->Press("Left", 7);
  terminal_->Type("3");
  // End, erase "n;", type "num;" → ELECT 132 AS num; then Home and the missing "S" (were Home
  // not to move the cursor, the S would land at the end and the statement fail).
  terminal_->Press("End");
  terminal_->Press("BSpace", 2);
  terminal_->Type("num;");
  terminal_->Press("Home");
  terminal_->Type("S");
  ASSERT_TRUE(terminal_->WaitFor("lakehouse> SELECT 132 AS num;", true)) << terminal_->Screen();
  terminal_->Press("Enter");
  ASSERT_TRUE(terminal_->WaitFor("(1 row)")) << terminal_->Screen();
  std::string screen = terminal_->Screen();
  EXPECT_NE(screen.find(" num\n"), std::string::npos) << screen;
  EXPECT_NE(screen.find(" 132\n"), std::string::npos) << screen;

  // Up brings the edited statement back; edit it again (Left ×4 = before "num;") and run it.
  terminal_->Press("Up");
  ASSERT_TRUE(terminal_->WaitForCount("lakehouse> SELECT 132 AS num;", 2)) << terminal_->Screen();
  terminal_->Press("Left", 4);
  terminal_->Type("x");
  terminal_->Press("Enter");
  ASSERT_TRUE(terminal_->WaitFor(" xnum\n")) << terminal_->Screen();
  EXPECT_EQ(Count(terminal_->Screen(), " 132\n"), 2u) << terminal_->Screen();
}

TEST_F(CliShellTtyE2E, HistoryIsKeptAcrossSessions) {
  OpenShell();
  terminal_->Type("SELECT 'remembered' AS h;");
  terminal_->Press("Enter");
  ASSERT_TRUE(terminal_->WaitFor("(1 row)")) << terminal_->Screen();
  terminal_->Type("\\q");
  terminal_->Press("Enter");
  // The history file is written when the shell ends.
  const std::string history = home_ + "/.lakehouse_history";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::filesystem::exists(history) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(std::filesystem::exists(history)) << terminal_->Screen();

  // A new shell (a new process, same HOME): Up recalls the last session's entries, newest first.
  OpenShell();
  EXPECT_EQ(terminal_->Screen().find("remembered"), std::string::npos);
  terminal_->Press("Up");
  ASSERT_TRUE(terminal_->WaitFor("lakehouse> \\q", true)) << terminal_->Screen();
  terminal_->Press("Up");
  ASSERT_TRUE(terminal_->WaitFor("lakehouse> SELECT 'remembered' AS h;", true))
      << terminal_->Screen();
  terminal_->Press("Enter");
  ASSERT_TRUE(terminal_->WaitFor(" remembered\n")) << terminal_->Screen();
}

TEST_F(CliShellTtyE2E, AStatementOverSeveralLinesRunsWhenComplete) {
  OpenShell();
  terminal_->Type("SELECT city");
  terminal_->Press("Enter");
  ASSERT_TRUE(terminal_->WaitFor("     ...> ", true)) << terminal_->Screen();
  terminal_->Type("  FROM orders");
  terminal_->Press("Enter");
  terminal_->Type("  WHERE id = 3;");
  terminal_->Press("Enter");
  ASSERT_TRUE(terminal_->WaitFor("(1 row)")) << terminal_->Screen();
  const std::string screen = terminal_->Screen();
  EXPECT_NE(screen.find(" Zürich\n"), std::string::npos) << screen;
  EXPECT_EQ(Count(screen, "(1 row)"), 1u) << screen;  // it ran once, when complete
}

TEST_F(CliShellTtyE2E, TabCompletesColumnAndDatasetNames) {
  Register("lakes", "SELECT 'Mjøsa' AS water");
  OpenShell();
  terminal_->Type("SELECT cit");  // → city (no keyword starts so)
  terminal_->Press("Tab");
  terminal_->Type("FROM orders WHERE tot");  // → total
  terminal_->Press("Tab");
  terminal_->Type("> 5;");
  ASSERT_TRUE(terminal_->WaitFor("SELECT city FROM orders WHERE total > 5;", true))
      << terminal_->Screen();
  terminal_->Press("Enter");
  ASSERT_TRUE(terminal_->WaitFor(" lake\n")) << terminal_->Screen();
  terminal_->Type("SELECT * FROM lak");  // → lakes (a dataset name)
  terminal_->Press("Tab");
  terminal_->Type(";");
  ASSERT_TRUE(terminal_->WaitFor("SELECT * FROM lakes ;", true)) << terminal_->Screen();
  terminal_->Press("Enter");
  ASSERT_TRUE(terminal_->WaitFor(" Mjøsa\n")) << terminal_->Screen();
}

TEST_F(CliShellTtyE2E, LongAndWideResultsGoThroughThePager) {
  OpenShell();
  // Short: printed straight, the shell prompts again at once.
  terminal_->Type("SELECT 1 AS short_one;");
  terminal_->Press("Enter");
  ASSERT_TRUE(WaitForPrompts(2)) << terminal_->Screen();

  // Long (200 rows on a 30-row terminal): less shows the first screen and waits.
  terminal_->Type("SELECT range AS n FROM range(200);");
  terminal_->Press("Enter");
  ASSERT_TRUE(terminal_->WaitFor("\n  20\n", true)) << terminal_->Screen();
  std::string visible = terminal_->Visible();
  EXPECT_EQ(visible.find("(200 rows)"), std::string::npos) << visible;
  EXPECT_EQ(visible.find(" 199\n"), std::string::npos) << visible;
  EXPECT_EQ(Count(visible, "lakehouse> "), 0u) << "the pager has the screen\n" << visible;
  terminal_->Press("G");  // to the end: the footer, and less's (END)
  ASSERT_TRUE(terminal_->WaitFor("(200 rows)", true)) << terminal_->Visible();
  EXPECT_TRUE(terminal_->WaitFor("(END)", true)) << terminal_->Visible();
  terminal_->Press("q");
  ASSERT_TRUE(WaitForPrompts(3)) << terminal_->Screen();

  // Wide (30 columns of 8 characters on a 100-column terminal): paged too, no column dropped —
  // Right scrolls to the last one.
  std::string wide = "SELECT ";
  for (int i = 1; i <= 30; ++i) {
    wide += (i > 1 ? ", " : "") + std::string("'abcdefgh' AS col_") + std::to_string(i);
  }
  terminal_->Type(wide + ";");
  terminal_->Press("Enter");
  ASSERT_TRUE(terminal_->WaitFor("(END)", true)) << terminal_->Visible();
  visible = terminal_->Visible();
  EXPECT_NE(visible.find("col_1 "), std::string::npos) << visible;
  EXPECT_EQ(visible.find("col_30"), std::string::npos) << "past the right edge\n" << visible;
  terminal_->Press("Right", 6);  // less -S: each scrolls half a screen to the right
  ASSERT_TRUE(terminal_->WaitFor("col_30", true)) << terminal_->Visible();
  terminal_->Press("q");
  ASSERT_TRUE(WaitForPrompts(4)) << terminal_->Screen();
}

}  // namespace
}  // namespace lakehouse
