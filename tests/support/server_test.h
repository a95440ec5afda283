// ServerTest: a GoogleTest fixture that runs the real binary (fresh data dir) and offers the
// steps many end-to-end tests share: write Parquet with DuckDB, PUT it into a bucket and register
// it as a dataset.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace lakehouse::testing {

// Writes the result of `select` to `path` as Parquet (DuckDB, in-memory) and returns its bytes.
std::string WriteParquet(const std::string& path, const std::string& select);

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Options for the server; override to pass flags or environment.
  virtual ServerProcessOptions ServerOptions() { return {}; }

  HttpClient& c() { return server_->client(); }

  // Registers dataset `name` over one Parquet object (under raw/ in the primary bucket) per
  // entry of `selects`.
  void RegisterParts(const std::string& name, const std::vector<std::string>& selects);
  void Register(const std::string& name, const std::string& select) {
    RegisterParts(name, {select});
  }

  TempDir scratch_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace lakehouse::testing
