// RealDataTest: the fixture of the real-data acceptance suite. Each test gets the real `lakehouse`
// binary on a fresh data dir (tests/support/ServerProcess, port 0), a scratch directory for the
// files it derives, and the HTTP and CLI steps a user takes: ingest a file in a mode, run SQL, run
// a CLI command against the server.
//
// Thread-safety: a GoogleTest fixture; one thread.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/realdata/corpus.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace lakehouse::realdata {

struct UploadFile {
  std::string name;   // the file name sent with the part (its extension picks the format)
  std::string bytes;  // its content
};
using Fields = std::map<std::string, std::string>;

class RealDataTest : public ::testing::Test {
 protected:
  void SetUp() override;
  HttpClient& c() { return server_->client(); }

  // POST /ingest/file with `files` and the form `fields` (dataset, mode, key, format, …).
  Result<ClientResponse> Ingest(const std::vector<UploadFile>& files, const Fields& fields);
  // The same, expecting 200; returns the response body (null after a failed expectation).
  Json IngestOk(const std::vector<UploadFile>& files, const Fields& fields);

  // Rows of a query that must succeed (POST /query/sql).
  Json Sql(const std::string& sql);
  // The single value of a one-row, one-column query.
  Json SqlValue(const std::string& sql) { return Sql(sql).at(0).at(0); }
  int64_t Count(const std::string& dataset) {
    return SqlValue("SELECT count(*) FROM \"" + dataset + "\"").get<int64_t>();
  }
  // GET /catalog/datasets/by-name/NAME, expecting 200.
  Json Manifest(const std::string& dataset);

  // `lakehouse ARGS --server URL` → (exit code, output); ARGS is shell text.
  std::pair<int, std::string> Cli(const std::string& args);
  // A command that must exit 0 with --json: its parsed output.
  Json CliJson(const std::string& args);

  // Writes `bytes` into the scratch directory; returns the path.
  std::string Scratch(const std::string& name, const std::string& bytes);

  testing::TempDir scratch_;
  std::unique_ptr<testing::ServerProcess> server_;
};

// "<message of a JSON error body>", or the raw body when it has none.
std::string ErrorMessage(const ClientResponse& response);
// Whether `body` has the one error shape {"error":{"code","message","request_id"}}.
bool IsErrorShape(const ClientResponse& response);

}  // namespace lakehouse::realdata
