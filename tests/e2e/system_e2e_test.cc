// End-to-end: the real `lakehouse serve` binary over HTTP (foundation behaviour).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <set>
#include <thread>

#include "api/routes.h"
#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::ServerProcess;
using testing::ServerProcessOptions;

std::unique_ptr<ServerProcess> StartServer(ServerProcessOptions options = {}) {
  auto server = ServerProcess::Start(std::move(options));
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return server.ok() ? std::move(*server) : nullptr;
}

TEST(SystemE2E, HealthReportsVersionsAndSurvivesRestart) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  auto r = server->client().Get("/health");
  ASSERT_EQ(r->status, 200);
  Json health = Body(r);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["version"], "0.1.0");
  EXPECT_EQ(health["duckdb_version"], "v1.4.4");
  EXPECT_EQ(server->client().Get("/ready")->status, 200);

  ASSERT_TRUE(server->Restart().ok()) << server->Log();
  EXPECT_EQ(server->client().Get("/health")->status, 200);
}

TEST(SystemE2E, ErrorsAreJsonWithRequestIds) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  auto unknown = server->client().Get("/no/such/thing", {{"X-Request-Id", "e2e-req-1"}});
  EXPECT_EQ(unknown->status, 404);
  Json err = Body(unknown)["error"];
  EXPECT_EQ(err["code"], "NOT_FOUND");
  EXPECT_EQ(err["request_id"], "e2e-req-1");
  EXPECT_EQ(unknown->Header("X-Request-Id"), "e2e-req-1");

  auto malformed = server->client().Send(HttpMethod::kPost, "/query/sql", "{\"sql\": ");
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(Body(malformed)["error"]["code"], "INVALID_ARGUMENT");
}

TEST(SystemE2E, BodyOverLimitIs413) {
  auto server = StartServer({.env = {{"LAKEHOUSE_MAX_BODY_BYTES", "2048"}}});
  ASSERT_NE(server, nullptr);
  Json big = {{"sql", "SELECT '" + std::string(10000, 'x') + "'"}};
  auto r = server->client().PostJson("/query/sql", big);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(Body(r)["error"]["code"], "PAYLOAD_TOO_LARGE");
  EXPECT_EQ(server->client().PostJson("/query/sql", {{"sql", "SELECT 1 AS one"}})->status, 200);
}

TEST(SystemE2E, OpenApiListsExactlyTheServedRoutes) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  Json doc = Body(server->client().Get("/openapi.json"));
  std::set<std::string> documented;
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      documented.insert(method + " " + path);
      // Every documented operation is served: probing it never hits the router's "no route".
      std::string concrete = path;
      for (size_t at; (at = concrete.find('{')) != std::string::npos;) {
        concrete.replace(at, concrete.find('}', at) - at + 1, "probe");
      }
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(c));
      auto r = server->client().Send(*ParseHttpMethod(upper), concrete, "{}");
      ASSERT_TRUE(r.ok());
      EXPECT_NE(r->status, 405) << upper << " " << concrete;
      if (r->status == 404) {
        EXPECT_EQ(Body(r)["error"]["message"].get<std::string>().rfind("no route", 0),
                  std::string::npos)
            << upper << " " << concrete;
      }
    }
  }
  // Every route the server registers is documented.
  ApiHandlers handlers;  // handlers are only bound, never called, here
  RouteTable table;
  ASSERT_TRUE(RegisterRoutes(&handlers, &table).ok());
  std::set<std::string> registered;
  for (const Route& r : table.routes()) {
    std::string m(HttpMethodName(r.spec.method));
    for (char& c : m) c = static_cast<char>(std::tolower(c));
    registered.insert(m + " " + r.pattern.OpenApiPath());
  }
  EXPECT_EQ(documented, registered);
}

TEST(SystemE2E, OpenApiIsVersion31WithASchemaForEverySuccess) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  Json doc = Body(server->client().Get("/openapi.json"));
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["components"]["schemas"]["Error"]["properties"]["error"]["required"],
            Json::array({"code", "message", "request_id"}));
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      const std::string what = method + " " + path;
      EXPECT_EQ(op["responses"]["default"]["$ref"], "#/components/responses/Error") << what;
      int successes = 0;
      for (auto& [status, response] : op["responses"].items()) {
        if (status == "default") continue;
        ++successes;
        auto content = response.find("content");
        if (content == response.end()) continue;  // e.g. 204
        auto json = content->find("application/json");
        if (json != content->end()) {
          EXPECT_TRUE(json->contains("schema")) << what << " " << status;
        }
      }
      EXPECT_GT(successes, 0) << what;
    }
  }
}

TEST(SystemE2E, DocsPageRendersTheDocumentAsPlainHtml) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  auto r = server->client().Get("/docs");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("Content-Type").value_or("").rfind("text/html", 0), 0u);
  EXPECT_NE(r->body.find("<h2 id=\"tag-vectors\">vectors</h2>"), std::string::npos);
  EXPECT_NE(r->body.find("searchVectors"), std::string::npos);
  EXPECT_NE(r->body.find("request_id"), std::string::npos);  // the shared error shape
  EXPECT_EQ(r->body.find("<script"), std::string::npos);
}

TEST(SystemE2E, MetricsCountRequestsPerRoute) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->client().Get("/health").ok());
  ASSERT_TRUE(server->client().Get("/health").ok());
  auto m = server->client().Get("/metrics");
  ASSERT_EQ(m->status, 200);
  EXPECT_NE(m->body.find(
                "lakehouse_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(m->body.find("lakehouse_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST(SystemE2E, ApiKeysGuardEverythingButHealth) {
  auto server = StartServer({.env = {{"LAKEHOUSE_API_KEYS", "k-one,k-two"}}});
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->client().Get("/health")->status, 200);
  EXPECT_EQ(server->client().Get("/metrics")->status, 401);
  EXPECT_EQ(server->client().Get("/metrics", {{"X-API-Key", "k-two"}})->status, 200);
  EXPECT_EQ(server->Log().find("k-one"), std::string::npos) << "API keys must be redacted in logs";
}

// The in-flight request is an upload whose body arrives in two halves, the second after SIGTERM:
// its length does not depend on how busy the machine is (a CPU-bound query did, and outlasted the
// grace period on a loaded machine).
TEST(SystemE2E, SigtermFinishesInFlightRequestAndExitsWithinTwoSeconds) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  const std::string body(1 << 20, 'x');
  const std::string head =
      "PUT /storage/buckets/primary/objects/inflight.bin HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
      "Connection: close\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  auto send_all = [fd](std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  };
  ASSERT_TRUE(send_all(head + body.substr(0, body.size() / 2)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the handler is reading the body

  auto start = std::chrono::steady_clock::now();
  auto exited = std::async(std::launch::async, [&] { return server->Terminate(2000); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(send_all(body.substr(body.size() / 2)));
  std::string response;
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof(buf), 0)) > 0;)
    response.append(buf, static_cast<size_t>(n));
  close(fd);
  int code = exited.get();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(code, 0) << server->Log();
  EXPECT_LT(seconds, 2.0);
  EXPECT_TRUE(response.starts_with("HTTP/1.1 201")) << response << server->Log();
}

TEST(SystemE2E, BadConfigurationExitsWithCode2) {
  auto [code, out] =
      testing::RunCli("serve --data-dir /tmp/lakehouse-badcfg", "LAKEHOUSE_PORT=not-a-port");
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("LAKEHOUSE_PORT"), std::string::npos) << out;
}

}  // namespace
}  // namespace lakehouse
