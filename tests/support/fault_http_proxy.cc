#include "tests/support/fault_http_proxy.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

#include "common/strings.h"

namespace lakehouse::testing {
namespace {

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Reads one request (head + Content-Length body). False on EOF or error.
bool ReadRequest(int fd, std::string* head, std::string* body) {
  std::string buffer;
  char chunk[65536];
  size_t head_end;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  *head = buffer.substr(0, head_end + 2);  // keeps the last header's CRLF
  *body = buffer.substr(head_end + 4);
  int64_t length = 0;
  const std::string lower = AsciiLower(*head);
  if (size_t at = lower.find("\r\ncontent-length:"); at != std::string::npos) {
    length = std::strtoll(lower.c_str() + at + 17, nullptr, 10);
  }
  while (static_cast<int64_t>(body->size()) < length) {
    ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    body->append(chunk, static_cast<size_t>(n));
  }
  return true;
}

int ConnectLoopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

Result<std::unique_ptr<FaultHttpProxy>> FaultHttpProxy::Start(int upstream_port) {
  std::unique_ptr<FaultHttpProxy> proxy(new FaultHttpProxy());
  proxy->upstream_port_ = upstream_port;
  proxy->listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(proxy->listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(proxy->listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(proxy->listen_fd_, 64) != 0) {
    return Internal("fault proxy: bind/listen failed");
  }
  socklen_t len = sizeof(addr);
  getsockname(proxy->listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  proxy->port_ = ntohs(addr.sin_port);
  proxy->acceptor_ = std::thread([p = proxy.get()] { p->AcceptLoop(); });
  return proxy;
}

FaultHttpProxy::~FaultHttpProxy() {
  stopping_ = true;
  shutdown(listen_fd_, SHUT_RDWR);
  close(listen_fd_);
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> workers;
  {
    MutexLock lock(mu_);
    workers.swap(workers_);
  }
  for (std::thread& t : workers) t.join();
}

void FaultHttpProxy::AcceptLoop() {
  while (!stopping_) {
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (poll(&pfd, 1, 100) <= 0) continue;
    int client = accept(listen_fd_, nullptr, nullptr);
    if (client < 0) continue;
    MutexLock lock(mu_);
    workers_.emplace_back([this, client] { Serve(client); });
  }
}

void FaultHttpProxy::Serve(int client) {
  std::string head;
  std::string body;
  if (!ReadRequest(client, &head, &body)) {
    close(client);
    return;
  }
  const std::string first_line = head.substr(0, head.find("\r\n"));
  bool drop = false;
  int fail_status = 0;
  {
    MutexLock lock(mu_);
    seen_.push_back(first_line);
    drop = dead_;
    for (Rule& rule : rules_) {
      if (drop || rule.remaining <= 0 || first_line.find(rule.match) == std::string::npos) {
        continue;
      }
      --rule.remaining;
      if (rule.action == Action::kFail) fail_status = rule.status;
      if (rule.action == Action::kDrop) drop = true;
      if (rule.action == Action::kDieAfter && rule.remaining == 0) dead_ = true;
      break;
    }
  }
  if (drop) {
    close(client);
    return;
  }
  if (fail_status != 0) {
    const std::string code = fail_status == 503 ? "ServiceUnavailable" : "InternalError";
    const std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code +
                            "</Code><Message>injected by the test proxy</Message></Error>";
    SendAll(client, "HTTP/1.1 " + std::to_string(fail_status) +
                        " Injected\r\nContent-Type: application/xml\r\nContent-Length: " +
                        std::to_string(xml.size()) + "\r\nConnection: close\r\n\r\n" + xml);
    close(client);
    return;
  }
  if (int delay = delay_ms_; delay > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  }
  int upstream = ConnectLoopback(upstream_port_);
  if (upstream < 0) {
    close(client);
    return;
  }
  SendAll(upstream, head + "Connection: close\r\n\r\n" + body);
  char chunk[65536];
  for (ssize_t n; (n = recv(upstream, chunk, sizeof(chunk), 0)) > 0;) {
    if (!SendAll(client, std::string_view(chunk, static_cast<size_t>(n)))) break;
  }
  close(upstream);
  close(client);
}

void FaultHttpProxy::FailNext(int times, int status, const std::string& match) {
  MutexLock lock(mu_);
  rules_.push_back(Rule{Action::kFail, times, status, match});
}

void FaultHttpProxy::DropNext(int times, const std::string& match) {
  MutexLock lock(mu_);
  rules_.push_back(Rule{Action::kDrop, times, 0, match});
}

void FaultHttpProxy::DieAfter(int times, const std::string& match) {
  MutexLock lock(mu_);
  rules_.push_back(Rule{Action::kDieAfter, times, 0, match});
}

void FaultHttpProxy::Reset() {
  MutexLock lock(mu_);
  rules_.clear();
  dead_ = false;
  seen_.clear();
  delay_ms_ = 0;
}

int FaultHttpProxy::CountSeen(const std::string& match) const {
  MutexLock lock(mu_);
  int count = 0;
  for (const std::string& line : seen_) count += line.find(match) != std::string::npos ? 1 : 0;
  return count;
}

}  // namespace lakehouse::testing
