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

}  // namespace lakehouse::testing
