#include "tests/support/e2e_util.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "tests/support/server_process.h"

namespace lakehouse::testing {

std::pair<int, std::string> RunCli(const std::string& args, const std::string& env_prefix) {
  std::string cmd = env_prefix + " " + LakehouseBinary() + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof(buf), p)) out.append(buf, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

ShellOutput RunShell(const std::string& command) {
  ShellOutput result;
  char err_path[] = "/tmp/lakehouse-shell-stderr-XXXXXX";
  const int err_fd = mkstemp(err_path);
  if (err_fd < 0) {
    result.err = "mkstemp failed";
    return result;
  }
  close(err_fd);
  FILE* p = popen(("{ " + command + " ; } 2>'" + err_path + "'").c_str(), "r");
  if (p != nullptr) {
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof(buf), p)) result.out.append(buf, n);
    const int status = pclose(p);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  } else {
    result.err = "popen failed\n";
  }
  std::ifstream err(err_path);
  result.err.append(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
  unlink(err_path);
  return result;
}

}  // namespace lakehouse::testing
