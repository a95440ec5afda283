// End-to-end: hostile and greedy clients cannot take the server off the air (issue 15 item 5).
// The server ran one thread per connection (32): 40 slowloris clients, 32 busy keep-alive clients
// or 256 idle keep-alive connections left nothing for anyone else. Every test is bounded (a few
// seconds) and speaks raw HTTP/1.1 over loopback sockets so that each client owns a connection.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/server_process.h"

namespace lakehouse {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using testing::ServerProcess;

class Socket {
 public:
  explicit Socket(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int yes = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool Send(const std::string& data) {
    return fd_ >= 0 &&
           ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }
  // Reads one response (headers + Content-Length body); the status code, -1 on timeout, -2 when
  // the server closed the connection.
  int ReadResponse(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      size_t head_end = buffer_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        size_t length = 0;
        size_t at = FindHeader("content-length:", head_end);
        if (at != std::string::npos) length = std::stoul(buffer_.substr(at + 15));
        if (buffer_.size() >= head_end + 4 + length) {
          int status = std::stoi(buffer_.substr(9, 3));
          buffer_.erase(0, head_end + 4 + length);
          return status;
        }
      }
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return -1;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return -1;
      char chunk[8192];
      ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
      if (n <= 0) return -2;  // closed by the server
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

 private:
  size_t FindHeader(const std::string& lower_name, size_t limit) const {
    std::string head = buffer_.substr(0, limit);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return head.find(lower_name);
  }

  int fd_ = -1;
  std::string buffer_;
};

const std::string kHealth = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// Time for a fresh connection's GET /health, or a large value when it was not answered.
milliseconds ProbeHealth(int port, milliseconds timeout) {
  const auto start = Clock::now();
  Socket s(port);
  if (!s.ok() || !s.Send(kHealth) || s.ReadResponse(timeout) != 200) return timeout * 10;
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

std::unique_ptr<ServerProcess> StartServer() {
  auto server = ServerProcess::Start();
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return server.ok() ? std::move(*server) : nullptr;
}

// 40 clients each send a request line and then one header line every 500 ms, never finishing.
TEST(HttpStarvationE2E, FortySlowlorisClientsLeaveHealthAnsweredWithin100ms) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  std::vector<std::unique_ptr<Socket>> slow;
  for (int i = 0; i < 40; ++i) {
    slow.push_back(std::make_unique<Socket>(server->port()));
    ASSERT_TRUE(slow.back()->ok());
    ASSERT_TRUE(slow.back()->Send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  }
  std::vector<milliseconds> probes;
  for (int round = 0; round < 6; ++round) {
    for (auto& s : slow) s->Send("X-Slow-" + std::to_string(round) + ": 1\r\n");
    probes.push_back(ProbeHealth(server->port(), milliseconds(2000)));
    std::this_thread::sleep_for(milliseconds(500));
  }
  for (size_t i = 0; i < probes.size(); ++i) {
    EXPECT_LT(probes[i].count(), 100) << "probe " << i << " with 40 slowloris connections open";
  }
}

// 256 keep-alive connections, each sending a request and then staying idle: every one is
// answered within 1 s of its first request (idle connections hold no worker).
TEST(HttpStarvationE2E, TwoHundredFiftySixKeepAliveClientsAllAnsweredWithinOneSecond) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  constexpr int kClients = 256;
  std::vector<std::unique_ptr<Socket>> clients;
  std::vector<Clock::time_point> sent(kClients);
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<Socket>(server->port()));
    ASSERT_TRUE(clients.back()->ok()) << i;
  }
  for (int i = 0; i < kClients; ++i) {
    sent[i] = Clock::now();
    ASSERT_TRUE(clients[i]->Send(kHealth)) << i;
  }
  int slow = 0;
  for (int i = 0; i < kClients; ++i) {
    const auto budget =
        std::chrono::duration_cast<milliseconds>(sent[i] + milliseconds(1000) - Clock::now());
    if (budget.count() <= 0 || clients[i]->ReadResponse(budget) != 200) ++slow;
  }
  EXPECT_EQ(slow, 0) << slow << " of " << kClients << " keep-alive clients waited over 1 s";
  // The connections are still usable (keep-alive), and a fresh client is served too.
  EXPECT_TRUE(clients[0]->Send(kHealth));
  EXPECT_EQ(clients[0]->ReadResponse(milliseconds(1000)), 200);
  EXPECT_LT(ProbeHealth(server->port(), milliseconds(2000)).count(), 1000);
}

// 32 keep-alive clients keep the server busy (queries and health checks back to back); a 33rd
// client is still answered promptly, every time.
TEST(HttpStarvationE2E, MixedLoadOfThirtyTwoClientsLeavesRoomForAThirtyThird) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  std::atomic<bool> stop{false};
  std::atomic<int64_t> served{0};
  std::vector<std::thread> load;
  for (int i = 0; i < 32; ++i) {
    load.emplace_back([&, i] {
      Socket s(server->port());
      const std::string body = "{\"sql\": \"SELECT sum(range) FROM range(200000)\"}";
      const std::string query =
          "POST /query/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          "Content-Length: " +
          std::to_string(body.size()) + "\r\n\r\n" + body;
      while (!stop.load()) {
        if (!s.Send(i % 2 == 0 ? query : kHealth)) return;
        if (s.ReadResponse(milliseconds(10000)) < 0) return;
        served.fetch_add(1);
      }
    });
  }
  std::this_thread::sleep_for(milliseconds(300));
  std::vector<milliseconds> probes;
  for (int i = 0; i < 10; ++i) {
    probes.push_back(ProbeHealth(server->port(), milliseconds(3000)));
    std::this_thread::sleep_for(milliseconds(100));
  }
  stop.store(true);
  for (std::thread& t : load) t.join();
  EXPECT_GT(served.load(), 32);
  for (size_t i = 0; i < probes.size(); ++i) {
    EXPECT_LT(probes[i].count(), 1000) << "probe " << i << " beside 32 busy clients";
  }
}

// `Content-Length: -5` pinned a worker for 35 s: it is refused at once.
TEST(HttpStarvationE2E, NegativeContentLengthIsRefusedAtOnce) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  Socket s(server->port());
  const auto start = Clock::now();
  ASSERT_TRUE(
      s.Send("POST /query/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
             "application/json\r\nContent-Length: -5\r\n\r\n"));
  const int status = s.ReadResponse(milliseconds(3000));
  EXPECT_EQ(status, 400);
  EXPECT_LT(std::chrono::duration_cast<milliseconds>(Clock::now() - start).count(), 1000);
  EXPECT_LT(ProbeHealth(server->port(), milliseconds(2000)).count(), 1000);
}

// Whole-request deadlines: a client trickling one byte every 300 ms (well inside the idle
// timeout) used to keep its request open forever; its connection is now closed once the
// headers (or the body) take longer than server.header_timeout_ms (server.body_timeout_ms).
bool ClosedWithin(Socket& s, milliseconds limit, const std::string& trickle) {
  const auto deadline = Clock::now() + limit;
  size_t sent = 0;
  while (Clock::now() < deadline) {
    if (!s.Send(trickle.substr(sent % trickle.size(), 1))) return true;
    ++sent;
    if (s.ReadResponse(milliseconds(300)) == -2) return true;
  }
  return false;
}

TEST(HttpStarvationE2E, TricklingHeadersOrBodyIsCutOffAtTheWholeRequestDeadline) {
  testing::ServerProcessOptions options;
  options.env = {{"LAKEHOUSE_HEADER_TIMEOUT_MS", "1500"}, {"LAKEHOUSE_BODY_TIMEOUT_MS", "1500"}};
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  const int port = (*server)->port();
  {
    Socket s(port);
    ASSERT_TRUE(s.Send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
    const auto start = Clock::now();
    EXPECT_TRUE(ClosedWithin(s, milliseconds(6000), "abcdefgh"));
    EXPECT_LT(Clock::now() - start, milliseconds(4000));
  }
  {
    Socket s(port);
    ASSERT_TRUE(
        s.Send("POST /query/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
               "application/json\r\nContent-Length: 1000\r\n\r\n"));
    const auto start = Clock::now();
    EXPECT_TRUE(ClosedWithin(s, milliseconds(6000), "          "));
    EXPECT_LT(Clock::now() - start, milliseconds(4000));
  }
  // Prompt clients are unaffected.
  EXPECT_LT(ProbeHealth(port, milliseconds(2000)).count(), 1000);
}

}  // namespace
}  // namespace lakehouse
