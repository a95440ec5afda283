// End-to-end: how the CLI (the real binary) talks to servers that are not the happy path — a
// --server URL with a trailing slash, a peer that rejects an upload before reading it (the real
// server's body limit and API keys, and a bare TCP peer that answers and hangs up), error bodies
// that are not our JSON (an HTML page, an empty body), and `ask --model` naming a model that is
// not configured.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>

#include "tests/support/e2e_util.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::RunCli;
using testing::ServerProcess;
using testing::ServerProcessOptions;

bool Has(const std::string& out, const std::string& part) {
  return out.find(part) != std::string::npos;
}

// A TCP peer that reads a request's headers, writes `response` and closes the connection without
// reading the body — what a proxy or a server with a small body limit does.
class CannedPeer {
 public:
  explicit CannedPeer(std::string response) : response_(std::move(response)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(listen(fd_, 8), 0);
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~CannedPeer() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void Serve() {
    while (!stop_) {
      int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = read(client, buffer, sizeof(buffer));
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
      }
      (void)!write(client, response_.data(), response_.size());
      close(client);
    }
  }

  std::string response_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class CliE2E : public testing::ServerTest {
 protected:
  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = scratch_.Join(name);
    std::ofstream(path) << content;
    return path;
  }
  // A CSV of about `mib` MiB.
  std::string BigCsv(int mib) {
    std::string csv = "id,body\n";
    const std::string body(1000, 'x');
    for (int i = 0; csv.size() < static_cast<size_t>(mib) << 20; ++i) {
      csv += std::to_string(i) + "," + body + "\n";
    }
    return WriteFile("big.csv", csv);
  }
};

TEST_F(CliE2E, ServerUrlWithTrailingSlashWorks) {
  auto [code, out] = RunCli("datasets --server " + server_->base_url() + "/");
  EXPECT_EQ(code, 0) << out;
  EXPECT_FALSE(Has(out, "is the server running")) << out;
  auto [path_code, path_out] = RunCli("datasets --server " + server_->base_url() + "/api");
  EXPECT_EQ(path_code, 2) << path_out;
  EXPECT_TRUE(Has(path_out, "without a path")) << path_out;
}

TEST_F(CliE2E, DatasetNamedLikeAPostgresTableIsAccepted) {
  auto [code, out] = RunCli("ingest " + WriteFile("orders.csv", "id,total\n1,9.5\n2,3\n") +
                            " --dataset pg_orders --server " + server_->base_url());
  EXPECT_EQ(code, 0) << out;
  auto [show_code, show] = RunCli("datasets show pg_orders --server " + server_->base_url());
  EXPECT_EQ(show_code, 0) << show;
  auto [bad_code, bad] = RunCli("ingest " + scratch_.Join("orders.csv") +
                                " --dataset information_schema --server " + server_->base_url());
  EXPECT_EQ(bad_code, 1) << bad;
  EXPECT_TRUE(Has(bad, "'information_schema' cannot name a dataset")) << bad;
}

TEST_F(CliE2E, PeerThatRejectsTheUploadEarlyIsReportedNotSigpipe) {
  CannedPeer peer(
      "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\nConnection: close\r\n"
      "Content-Length: 0\r\n\r\n");
  const std::string big = BigCsv(24);
  auto [code, out] = RunCli("ingest " + big + " --dataset big --server " + peer.url());
  EXPECT_EQ(code, 1) << "exit 141 is death by SIGPIPE\n" << out;
  EXPECT_TRUE(Has(out, "closed the connection after")) << out;
  EXPECT_TRUE(Has(out, "body limit")) << out;
}

TEST_F(CliE2E, NonJsonErrorBodiesAreSummarised) {
  std::string page =
      "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 "
      "Bad Gateway</h1></center><hr><center>nginx</center>" +
      std::string(5000, ' ') + "</body></html>\n";
  CannedPeer proxy("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: " +
                   std::to_string(page.size()) + "\r\nConnection: close\r\n\r\n" + page);
  auto [code, out] = RunCli("datasets --server " + proxy.url());
  EXPECT_EQ(code, 1) << out;
  EXPECT_TRUE(Has(out, "HTTP 502")) << out;
  EXPECT_TRUE(Has(out, "502 Bad Gateway")) << out;
  EXPECT_FALSE(Has(out, "<html>")) << out;
  EXPECT_LT(out.size(), 400u) << out;

  CannedPeer empty("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  auto [empty_code, empty_out] = RunCli("datasets show x --server " + empty.url());
  EXPECT_EQ(empty_code, 1) << empty_out;
  EXPECT_FALSE(Has(empty_out, "lakehouse:  (HTTP 404)")) << empty_out;
  EXPECT_TRUE(Has(empty_out, "HTTP 404 with an empty body from " + empty.url())) << empty_out;
}

class CliLimitsE2E : public CliE2E {
 protected:
  ServerProcessOptions ServerOptions() override {
    ServerProcessOptions options;
    options.env = {{"LAKEHOUSE_MAX_BODY_BYTES", "65536"}, {"LAKEHOUSE_API_KEYS", "right-key"}};
    return options;
  }
};

TEST_F(CliLimitsE2E, RealServerRejectingTheUploadEarlyIsExplained) {
  const std::string big = BigCsv(24);
  const std::string server = " --server " + server_->base_url();
  auto [code, out] = RunCli("ingest " + big + " --dataset big --api-key right-key" + server);
  EXPECT_EQ(code, 1) << out;
  EXPECT_TRUE(Has(out, "body limit") || Has(out, "exceeds the limit")) << out;

  auto [key_code, key_out] = RunCli("ingest " + big + " --dataset big --api-key wrong" + server);
  EXPECT_EQ(key_code, 1) << key_out;
  EXPECT_TRUE(Has(key_out, "invalid API key")) << key_out;
}

TEST_F(CliE2E, AskWithAModelThatIsNotConfiguredIsAnError) {
  const std::string server = " --server " + server_->base_url();
  const std::string notes = WriteFile(
      "notes.csv",
      "id,body\n1,\"A lakehouse combines a data lake with a warehouse.\"\n2,\"Rivers feed "
      "lakes.\"\n");
  auto [ingest_code, ingest_out] = RunCli("ingest " + notes + " --dataset notes" + server);
  ASSERT_EQ(ingest_code, 0) << ingest_out;
  auto [index_code, index_out] = RunCli(
      "index create notes_idx --dataset notes --id-column id --text-column body --wait" + server);
  ASSERT_EQ(index_code, 0) << index_out;

  // No generator configured and none named: the extractive answer, exit 0.
  auto [plain_code, plain] = RunCli("ask notes_idx 'What does a lakehouse combine?'" + server);
  EXPECT_EQ(plain_code, 0) << plain;

  // Named but not configured: the same 412 /ai/generate gives, whether or not context was found.
  for (const char* question : {"What does a lakehouse combine?", "zebra quantum"}) {
    auto [code, out] =
        RunCli(std::string("ask notes_idx '") + question + "' --model ollama/x" + server);
    EXPECT_EQ(code, 1) << out;
    EXPECT_TRUE(Has(out, "no Ollama server is configured")) << out;
    EXPECT_TRUE(Has(out, "HTTP 412")) << out;
  }
  auto rag = c().PostJson("/vectors/rag", {{"index", "notes_idx"},
                                           {"question", "What does a lakehouse combine?"},
                                           {"model", "openai/gpt-4o-mini"}});
  EXPECT_EQ(rag->status, 412) << rag->body;
  auto generate = c().PostJson("/ai/generate", {{"model", "ollama/x"}, {"prompt", "hi"}});
  EXPECT_EQ(generate->status, 412) << generate->body;
}

}  // namespace
}  // namespace lakehouse
