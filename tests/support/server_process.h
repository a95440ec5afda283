// ServerProcess: runs the real `lakehouse serve` binary for end-to-end tests.
// Starts it on an ephemeral port with a fresh temporary data dir (or a given one), reads the
// "listening on" line from its stdout, waits for GET /ready, and always kills it on destruction.
// Restart() stops it (SIGTERM) and starts it again on the same data dir (fresh → restarted phases).
//
// Thread-safety: externally synchronised.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "http/http_client.h"
#include "tests/support/openapi_contract.h"
#include "tests/support/temp_dir.h"

namespace lakehouse::testing {

struct ServerProcessOptions {
  std::string data_dir{};                    // empty → a fresh temp dir owned by the process
  std::vector<std::string> extra_args{};     // appended to `lakehouse serve ...`
  std::map<std::string, std::string> env{};  // extra environment variables
  bool wait_ready = true;  // false: Start returns once the port is open (GET /health answers)
  // When set, the server is started with it as its only API key (LAKEHOUSE_API_KEYS) and
  // client() / NewClient() send it.
  std::string api_key{};
};

class ServerProcess {
 public:
  static Result<std::unique_ptr<ServerProcess>> Start(ServerProcessOptions options = {});
  ~ServerProcess();

  int port() const { return port_; }
  // The gRPC catalog's port when the server was started with grpc.port (LAKEHOUSE_GRPC_PORT=0);
  // -1 otherwise.
  int grpc_port() const { return grpc_port_; }
  pid_t pid() const { return pid_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& data_dir() const { return data_dir_; }
  HttpClient& client() { return *client_; }
  // A new client (for use from another thread).
  std::unique_ptr<HttpClient> NewClient() const;
  // A new client sending `api_key` instead (none when empty), its responses checked likewise.
  std::unique_ptr<HttpClient> ClientWithKey(const std::string& api_key) const;

  // SIGTERM and wait up to `timeout_ms`; returns the exit code (or -signal). -1000 on timeout.
  int Terminate(int timeout_ms = 5000);
  // SIGKILL and reap.
  void Kill();
  // Terminate (or kill) and start again on the same data dir with the same options.
  Status Restart();
  // What the server wrote to stderr (logs), for failure messages.
  std::string Log() const;

 private:
  explicit ServerProcess(ServerProcessOptions options);
  Status Launch();
  HttpClientOptions ClientOptions() const;
  bool Reap(int timeout_ms, int* exit_code);

  ServerProcessOptions options_;
  std::unique_ptr<TempDir> owned_dir_;
  std::string data_dir_;
  std::string log_path_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
  int grpc_port_ = -1;
  std::unique_ptr<HttpClient> client_;
  // Every client's responses are checked against the server's /openapi.json.
  std::shared_ptr<OpenApiContract> contract_;
};

// Path of the lakehouse binary (ctest sets LAKEHOUSE_BINARY).
std::string LakehouseBinary();

}  // namespace lakehouse::testing
