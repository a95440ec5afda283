// End-to-end: ?wait=true holds no HTTP worker (issue 15 item 5). A request that waits for a
// background job used to block one thread of the worker pool until the job ended, so as many
// waiting clients as workers took the server off the air. Its answer is now deferred: the
// connection is suspended, the worker freed, and the job service answers when the job ends.
// The jobs here are index builds whose embedding server (the fake) answers slowly.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <vector>

#include "tests/e2e/vector_e2e_fixture.h"

namespace lakehouse::vector_e2e {
namespace {

using Clock = std::chrono::steady_clock;

class HttpDeferredE2E : public VectorE2E {
 protected:
  // Starts the server with `threads` HTTP workers and `indexes` built indexes over "notes",
  // then adds rows (so a refresh of each index has texts to embed) and slows the embedding
  // server down.
  void StartSlow(int threads, int indexes, std::chrono::milliseconds embed_delay) {
    StartServer({{"LAKEHOUSE_THREADS", std::to_string(threads)}});
    Ingest("notes", Notes(0, 10));
    for (int i = 0; i < indexes; ++i) {
      auto r = c().PostJson(RefreshPath(), {{"index_name", "idx_" + std::to_string(i)},
                                            {"id_column", "id"},
                                            {"text_column", "body"},
                                            {"model", kModel}});
      ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    }
    Ingest("notes", Notes(10, 20));
    fake_->SetDelay(embed_delay);
  }
  std::string RefreshPath() { return "/vectors/refresh/notes?wait=true"; }
  Json RefreshBody(int i) { return {{"index_name", "idx_" + std::to_string(i)}}; }
  // Milliseconds for GET /health on a fresh client.
  int64_t HealthMillis() {
    auto client = server_->NewClient();
    const auto start = Clock::now();
    auto r = client->Get("/health");
    EXPECT_TRUE(r.ok() && r->status == 200);
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  }
  int64_t DeferredGauge() {
    auto r = c().Get("/metrics");
    if (!r.ok()) return -1;
    std::smatch m;
    static const std::regex kGauge("\nlakehouse_http_deferred_requests ([0-9-]+)\n");
    if (!std::regex_search(r->body, m, kGauge)) return -1;
    return std::stoll(m[1]);
  }
};

// 2 workers, 5 clients waiting for index builds that take seconds: /health and other requests
// are still answered at once, and every waiting client gets its job's final result.
TEST_F(HttpDeferredE2E, WaitingClientsHoldNoWorker) {
  constexpr int kWorkers = 2;
  constexpr int kWaiting = kWorkers + 3;
  StartSlow(kWorkers, kWaiting, 1500ms);
  std::vector<std::thread> waiting;
  std::vector<int> statuses(kWaiting, 0);
  std::vector<Json> bodies(kWaiting);
  for (int i = 0; i < kWaiting; ++i) {
    waiting.emplace_back([&, i] {
      auto client = server_->NewClient();
      auto r = client->PostJson(RefreshPath(), RefreshBody(i));
      statuses[i] = r.ok() ? r->status : -1;
      bodies[i] = Body(r);
    });
  }
  // Let the build requests reach the server and the jobs start embedding.
  EXPECT_TRUE(Eventually([&] { return fake_->in_flight_requests() >= 1; }, 10s));
  std::this_thread::sleep_for(300ms);
  for (int probe = 0; probe < 5; ++probe) {
    EXPECT_LT(HealthMillis(), 300) << "probe " << probe << " with " << kWaiting
                                   << " clients waiting on " << kWorkers << " workers";
    auto jobs = c().Get("/jobs?kind=vector_refresh");
    EXPECT_TRUE(jobs.ok() && jobs->status == 200);
    std::this_thread::sleep_for(100ms);
  }
  for (std::thread& t : waiting) t.join();
  for (int i = 0; i < kWaiting; ++i) {
    EXPECT_EQ(statuses[i], 200) << bodies[i].dump();
    EXPECT_TRUE(bodies[i].contains("job_id")) << bodies[i].dump();
    auto job = Job(bodies[i].value("job_id", ""));
    EXPECT_EQ(job.value("state", ""), "succeeded") << job.dump();
  }
  EXPECT_EQ(DeferredGauge(), 0);
}

// A client that disconnects while it waits: its request ends (the gauge drops back) before the
// job does, and the job still finishes.
TEST_F(HttpDeferredE2E, AClientThatLeavesWhileWaitingIsForgotten) {
  StartSlow(2, 1, 4000ms);
  {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    const std::string body = DumpJson(RefreshBody(0));
    const std::string request = "POST " + RefreshPath() +
                                " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                "Content-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n" + body;
    ASSERT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
    ASSERT_TRUE(Eventually([&] { return DeferredGauge() == 1; }, 5s)) << DeferredGauge();
    close(fd);
  }
  const auto left = Clock::now();
  EXPECT_TRUE(Eventually([&] { return DeferredGauge() == 0; }, 2s)) << DeferredGauge();
  EXPECT_LT(Clock::now() - left, 3s);
  // The job itself was not tied to the connection.
  auto jobs = Body(c().Get("/jobs?kind=vector_refresh&state=running"))["jobs"];
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(WaitForJob(jobs[0]["job_id"].get<std::string>()).value("state", ""), "succeeded");
  EXPECT_LT(HealthMillis(), 500);
}

}  // namespace
}  // namespace lakehouse::vector_e2e
