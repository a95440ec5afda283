// Small helpers shared by the end-to-end tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "http/http_client.h"

namespace lakehouse::testing {

// The JSON body of a response, failing the test when the request failed or the body isn't JSON.
inline Json Body(const Result<ClientResponse>& r) {
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return Json();
  auto j = r->JsonBody();
  EXPECT_TRUE(j.ok()) << r->body;
  return j.ok() ? *j : Json();
}

// Runs `lakehouse ARGS` and returns (exit code, stdout+stderr).
// `env_prefix` (e.g. "LAKEHOUSE_PORT=x") is prepended to the shell command.
std::pair<int, std::string> RunCli(const std::string& args, const std::string& env_prefix = "");

// What a shell command printed, its two streams apart: a Node client's JSON answer on stdout stays
// parseable when Node warns on stderr (Debian 12's Node 18 prints MaxListenersExceededWarning).
struct ShellOutput {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string out;
  std::string err;
  // Both streams, for failure messages.
  std::string Both() const { return "stdout:\n" + out + "\nstderr:\n" + err; }
};
ShellOutput RunShell(const std::string& command);

}  // namespace lakehouse::testing
