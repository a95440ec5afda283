#include "tests/support/e2e_util.h"

#include <sys/wait.h>

#include <cstdio>

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

}  // namespace lakehouse::testing
