#include "tests/support/server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace lakehouse::testing {
namespace {
using Clock = std::chrono::steady_clock;
}

std::string LakehouseBinary() {
  const char* bin = std::getenv("LAKEHOUSE_BINARY");
  return bin && *bin ? bin : "lakehouse";
}

ServerProcess::ServerProcess(ServerProcessOptions options) : options_(std::move(options)) {
  contract_ = std::make_shared<OpenApiContract>([this]() -> Result<Json> {
    HttpClientOptions plain;  // no observer: the document is not checked against itself
    plain.api_key = options_.api_key;
    if (auto keys = options_.env.find("LAKEHOUSE_API_KEYS");
        plain.api_key.empty() && keys != options_.env.end()) {
      plain.api_key = keys->second.substr(0, keys->second.find(','));
    }
    LH_ASSIGN_OR_RETURN(std::unique_ptr<HttpClient> client, HttpClient::Create(base_url(), plain));
    LH_ASSIGN_OR_RETURN(ClientResponse response, client->Get("/openapi.json"));
    if (response.status != 200) {
      return Internal("GET /openapi.json answered ", std::to_string(response.status));
    }
    return response.JsonBody();
  });
}

ServerProcess::~ServerProcess() { Kill(); }

Result<std::unique_ptr<ServerProcess>> ServerProcess::Start(ServerProcessOptions options) {
  std::unique_ptr<ServerProcess> p(new ServerProcess(std::move(options)));
  if (p->options_.data_dir.empty()) {
    p->owned_dir_ = std::make_unique<TempDir>();
    p->data_dir_ = p->owned_dir_->Join("data");
  } else {
    p->data_dir_ = p->options_.data_dir;
  }
  p->log_path_ = p->data_dir_ + ".server.log";
  LH_RETURN_IF_ERROR(p->Launch());
  return p;
}

Status ServerProcess::Launch() {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) return Internal("pipe failed");
  std::vector<std::string> args = {LakehouseBinary(), "serve",     "--data-dir", data_dir_,
                                   "--host",          "127.0.0.1", "--port",     "0"};
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());

  pid_ = fork();
  if (pid_ < 0) return Internal("fork failed");
  if (pid_ == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log_fd >= 0) dup2(log_fd, STDERR_FILENO);
    close(out_pipe[0]);
    close(out_pipe[1]);
    if (!options_.api_key.empty()) setenv("LAKEHOUSE_API_KEYS", options_.api_key.c_str(), 1);
    for (const auto& [k, v] : options_.env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);

  // Read stdout until "listening on http://HOST:PORT".
  std::string buffer;
  auto deadline = Clock::now() + std::chrono::seconds(30);
  while (port_ == 0 && Clock::now() < deadline) {
    pollfd pfd{out_pipe[0], POLLIN, 0};
    if (poll(&pfd, 1, 100) <= 0) continue;
    char chunk[512];
    ssize_t n = read(out_pipe[0], chunk, sizeof(chunk));
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    size_t at = buffer.find("listening on http://");
    size_t eol = at == std::string::npos ? at : buffer.find('\n', at);
    if (eol != std::string::npos) {
      std::string line = buffer.substr(at, eol - at);
      port_ = std::atoi(line.substr(line.rfind(':') + 1).c_str());
    }
  }
  // With grpc.port set, "grpc listening on HOST:PORT" comes before the HTTP line.
  if (size_t at = buffer.find("grpc listening on "); at != std::string::npos) {
    std::string line = buffer.substr(at, buffer.find('\n', at) - at);
    grpc_port_ = std::atoi(line.substr(line.rfind(':') + 1).c_str());
  }
  stdout_fd_ = out_pipe[0];  // kept open (unread) until the process is reaped
  if (port_ == 0) {
    Kill();
    return Internal("server did not report its port; log:\n", Log());
  }
  LH_ASSIGN_OR_RETURN(client_, HttpClient::Create(base_url(), ClientOptions()));
  while (Clock::now() < deadline) {
    auto r = client_->Get(options_.wait_ready ? "/ready" : "/health");
    if (r.ok() && r->status == 200) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  return Internal("server did not become ready; log:\n", Log());
}

std::unique_ptr<HttpClient> ServerProcess::NewClient() const {
  return std::move(HttpClient::Create(base_url(), ClientOptions()).value());
}

std::unique_ptr<HttpClient> ServerProcess::ClientWithKey(const std::string& api_key) const {
  HttpClientOptions options = ClientOptions();
  options.api_key = api_key;
  return std::move(HttpClient::Create(base_url(), options).value());
}

bool ServerProcess::Reap(int timeout_ms, int* exit_code) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
      pid_ = -1;
      if (stdout_fd_ >= 0) close(stdout_fd_);
      stdout_fd_ = -1;
      return true;
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

int ServerProcess::Terminate(int timeout_ms) {
  if (pid_ <= 0) return -1;
  client_.reset();
  kill(pid_, SIGTERM);
  int code = 0;
  if (!Reap(timeout_ms, &code)) return -1000;
  return code;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  client_.reset();
  kill(pid_, SIGKILL);
  int code = 0;
  Reap(10000, &code);
  pid_ = -1;
}

HttpClientOptions ServerProcess::ClientOptions() const {
  HttpClientOptions options;
  options.api_key = options_.api_key;
  options.on_response = FailTestOnContractBreach(contract_);
  return options;
}

Status ServerProcess::Restart() {
  if (Terminate() == -1000) Kill();
  port_ = 0;
  grpc_port_ = -1;
  return Launch();
}

std::string ServerProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace lakehouse::testing
