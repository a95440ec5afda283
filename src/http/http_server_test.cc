// The HTTP adapter in-process: real sockets on an ephemeral port, our client.
#include "http/http_server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <future>
#include <stdexcept>
#include <thread>

#include "http/http_client.h"

namespace lakehouse {
namespace {

class HttpServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options = {}) {
    options.port = 0;
    options.threads = 4;
    auto add = [&](RouteSpec spec, HttpHandler h) { ASSERT_TRUE(routes_.Add(spec, h).ok()); };
    add({HttpMethod::kGet, "/health", "health", "", "system", true},
        [](HttpRequest&) -> Result<HttpResponse> {
          return HttpResponse::JsonBody({{"status", "ok"}});
        });
    add({HttpMethod::kPost, "/echo", "echo"}, [](HttpRequest& r) -> Result<HttpResponse> {
      LH_ASSIGN_OR_RETURN(Json body, r.JsonBody());
      return HttpResponse::JsonBody(body);
    });
    add({HttpMethod::kGet, "/items/{id}", "getItem"}, [](HttpRequest& r) -> Result<HttpResponse> {
      if (r.PathParam("id") == "missing") return NotFound("item 'missing' does not exist");
      return HttpResponse::JsonBody(
          {{"id", r.PathParam("id")}, {"q", r.QueryParam("q").value_or("")}});
    });
    add({HttpMethod::kGet, "/boom", "boom"},
        [](HttpRequest&) -> Result<HttpResponse> { throw std::runtime_error("handler bug"); });
    add({HttpMethod::kGet, "/slow", "slow"}, [this](HttpRequest&) -> Result<HttpResponse> {
      slow_started_ = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      return HttpResponse::Text("done");
    });
    add({HttpMethod::kGet, "/stream", "stream"}, [](HttpRequest&) -> Result<HttpResponse> {
      HttpResponse r;
      r.content_type = "text/csv";
      r.stream = [](const std::function<bool(std::string_view)>& write) -> Status {
        for (int i = 0; i < 3; ++i) {
          if (!write("row" + std::to_string(i) + "\n")) return Cancelled("client left");
        }
        return Status::Ok();
      };
      return r;
    });
    RouteSpec upload{HttpMethod::kPost, "/upload", "upload"};
    upload.stream_body = true;
    add(upload, [](HttpRequest& r) -> Result<HttpResponse> {
      int64_t n = 0;
      LH_RETURN_IF_ERROR(r.read_body([&](std::string_view c) {
        n += c.size();
        return true;
      }));
      return HttpResponse::JsonBody({{"bytes", n}});
    });
    RouteSpec form{HttpMethod::kPost, "/form", "form"};
    form.stream_body = true;
    add(form, [](HttpRequest& r) -> Result<HttpResponse> {
      Json parts = Json::array();
      LH_RETURN_IF_ERROR(r.read_multipart(
          [&](const MultipartPartHeader& h) {
            parts.push_back({{"name", h.name},
                             {"filename", h.filename},
                             {"bytes", 0},
                             {"head", ""},
                             {"content_type", h.content_type}});
            return true;
          },
          [&](std::string_view chunk) {
            Json& last = parts.back();
            last["bytes"] = last["bytes"].get<int64_t>() + static_cast<int64_t>(chunk.size());
            std::string head = last["head"].get<std::string>();
            if (head.size() < 8)
              last["head"] = head + std::string(chunk.substr(0, 8 - head.size()));
            return true;
          }));
      return HttpResponse::JsonBody(parts);
    });
    server_ = std::make_unique<HttpServer>(options, &routes_, &metrics_);
    ASSERT_TRUE(server_->Bind().ok());
    run_ = std::async(std::launch::async, [this] { return server_->Run(); });
    auto c = HttpClient::Create("http://127.0.0.1:" + std::to_string(server_->port()));
    ASSERT_TRUE(c.ok());
    client_ = std::move(*c);
  }

  void TearDown() override {
    client_.reset();  // an idle keep-alive connection would hold the worker pool open
    if (server_) {
      server_->Shutdown(std::chrono::milliseconds(2000));
      EXPECT_TRUE(run_.get().ok());
    }
  }

  Json ErrorOf(const ClientResponse& r) {
    auto j = r.JsonBody();
    EXPECT_TRUE(j.ok()) << r.body;
    return j.ok() ? (*j)["error"] : Json();
  }

  RouteTable routes_;
  HttpMetrics metrics_;
  std::unique_ptr<HttpServer> server_;
  std::future<Status> run_;
  std::unique_ptr<HttpClient> client_;
  std::atomic<bool> slow_started_{false};
};

TEST_F(HttpServerTest, ServesRoutesWithParamsAndRequestIds) {
  Start();
  auto r = client_->Get("/items/42?q=abc", {{"X-Request-Id", "my-id-1"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ((*r->JsonBody())["id"], "42");
  EXPECT_EQ((*r->JsonBody())["q"], "abc");
  EXPECT_EQ(r->Header("X-Request-Id"), "my-id-1");
  auto generated = client_->Get("/health");
  EXPECT_EQ(generated->Header("X-Request-Id")->size(), 16u);
}

TEST_F(HttpServerTest, ErrorsAreJson) {
  Start();
  auto unknown = client_->Get("/no/such/route");
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(ErrorOf(*unknown)["code"], "NOT_FOUND");
  EXPECT_FALSE(ErrorOf(*unknown)["request_id"].get<std::string>().empty());

  auto missing = client_->Get("/items/missing");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(ErrorOf(*missing)["message"], "item 'missing' does not exist");

  auto malformed = client_->Send(HttpMethod::kPost, "/echo", "{\"a\": ");
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(ErrorOf(*malformed)["code"], "INVALID_ARGUMENT");

  auto wrong_method = client_->Send(HttpMethod::kDelete, "/health");
  EXPECT_EQ(wrong_method->status, 405);
  EXPECT_EQ(wrong_method->Header("Allow"), "GET, HEAD");
}

TEST_F(HttpServerTest, HandlerExceptionIs500AndServerKeepsServing) {
  Start();
  auto boom = client_->Get("/boom");
  EXPECT_EQ(boom->status, 500);
  EXPECT_EQ(ErrorOf(*boom)["code"], "INTERNAL");
  EXPECT_EQ(client_->Get("/health")->status, 200);
}

TEST_F(HttpServerTest, BodyOverLimitIs413) {
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  Start(options);
  auto big = client_->Send(HttpMethod::kPost, "/echo", "\"" + std::string(4096, 'x') + "\"");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(ErrorOf(*big)["code"], "PAYLOAD_TOO_LARGE");
  auto streamed = client_->Send(HttpMethod::kPost, "/upload", std::string(4096, 'x'), "text/plain");
  EXPECT_EQ(streamed->status, 413) << streamed->body;
  auto small = client_->Send(HttpMethod::kPost, "/echo", "[1,2]");
  EXPECT_EQ(small->status, 200);
}

TEST_F(HttpServerTest, StreamsResponsesAndRequestBodies) {
  Start();
  auto s = client_->Get("/stream");
  EXPECT_EQ(s->status, 200);
  EXPECT_EQ(s->body, "row0\nrow1\nrow2\n");
  auto up = client_->Send(HttpMethod::kPost, "/upload", std::string(100000, 'y'), "text/plain");
  EXPECT_EQ(up->status, 200);
  EXPECT_EQ((*up->JsonBody())["bytes"], 100000);
}

TEST_F(HttpServerTest, ParsesMultipartBodiesItself) {
  Start();
  // Named per process: ctest or a developer may run this binary twice at once.
  std::string path =
      ::testing::TempDir() + "/http_server_test_upload_" + std::to_string(::getpid()) + ".csv";
  std::string content;
  for (int i = 0; i < 50000; ++i) content += "row," + std::to_string(i) + "\r\n";
  {
    std::ofstream out(path, std::ios::binary);
    out << content;
  }
  std::vector<MultipartItem> items = {{"dataset", "orders", "", "", ""},
                                      {"file", "", "a b.csv", "text/csv", path},
                                      {"file", "", "b.csv", "", path}};
  auto r = client_->PostMultipart("/form", items);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200) << r->body;
  Json parts = *r->JsonBody();
  ASSERT_EQ(parts.size(), 3u) << r->body;
  EXPECT_EQ(parts[0]["name"], "dataset");
  EXPECT_EQ(parts[0]["head"], "orders");
  EXPECT_EQ(parts[1]["name"], "file");
  EXPECT_EQ(parts[1]["filename"], "a b.csv");
  EXPECT_EQ(parts[1]["content_type"], "text/csv");
  EXPECT_EQ(parts[1]["bytes"], static_cast<int64_t>(content.size()));
  EXPECT_EQ(parts[1]["head"], "row,0\r\nr");
  EXPECT_EQ(parts[2]["filename"], "b.csv");
  EXPECT_EQ(parts[2]["bytes"], static_cast<int64_t>(content.size()));
  std::remove(path.c_str());
}

TEST_F(HttpServerTest, MalformedMultipartIs400WithReason) {
  Start();
  const std::string ct = "multipart/form-data; boundary=b0undary";
  auto truncated = client_->Send(
      HttpMethod::kPost, "/form",
      "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\nabc", ct);
  ASSERT_TRUE(truncated.ok());
  EXPECT_EQ(truncated->status, 400);
  EXPECT_NE(ErrorOf(*truncated)["message"].get<std::string>().find("closing boundary"),
            std::string::npos)
      << truncated->body;
  auto no_boundary = client_->Send(HttpMethod::kPost, "/form", "x", "multipart/form-data");
  EXPECT_EQ(no_boundary->status, 400);
  EXPECT_NE(ErrorOf(*no_boundary)["message"].get<std::string>().find("boundary"),
            std::string::npos);
  auto not_multipart = client_->Send(HttpMethod::kPost, "/form", "{}", "application/json");
  EXPECT_EQ(not_multipart->status, 400);
  EXPECT_EQ(client_->Get("/health")->status, 200);
}

TEST_F(HttpServerTest, MultipartBodyOnAWholeBodyRouteIsReadRaw) {
  // /echo reads the whole body: cpp-httplib must not parse it as multipart (it had no part
  // callbacks and threw, a 500); a JSON route refuses the media type (415) before reading it.
  Start();
  auto r = client_->Send(HttpMethod::kPost, "/echo",
                         "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n",
                         "multipart/form-data; boundary=b");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 415) << r->body;
  EXPECT_EQ(ErrorOf(*r)["code"], "UNSUPPORTED_MEDIA_TYPE");
}

TEST_F(HttpServerTest, RawBodyReadOfAMultipartRequest) {
  // cpp-httplib would run its own multipart parser here; read_body must see the raw bytes.
  Start();
  std::string body = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n";
  auto r = client_->Send(HttpMethod::kPost, "/upload", body, "multipart/form-data; boundary=b");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ((*r->JsonBody())["bytes"], static_cast<int64_t>(body.size()));
}

// An authenticator accepting one key; the policy it answers is a stand-in (http/ only carries it).
HttpAuthenticator OneKey(std::string key) {
  HttpAuthenticator auth;
  auth.keys_exist = [] { return true; };
  auth.authenticate =
      [key](std::string_view presented) -> Result<std::shared_ptr<const AccessPolicy>> {
    if (presented != key) return Unauthenticated(presented.empty() ? "missing" : "invalid");
    return std::shared_ptr<const AccessPolicy>();
  };
  return auth;
}

TEST_F(HttpServerTest, AuthenticatorGuardsAllButPublicRoutes) {
  HttpServerOptions options;
  options.authenticator = OneKey("secret-key");
  Start(options);
  EXPECT_EQ(client_->Get("/health")->status, 200);
  auto denied = client_->Get("/items/1");
  EXPECT_EQ(denied->status, 401);
  EXPECT_EQ(ErrorOf(*denied)["code"], "UNAUTHENTICATED");
  EXPECT_EQ(client_->Get("/items/1", {{"X-API-Key", "wrong"}})->status, 401);
  EXPECT_EQ(client_->Get("/items/1", {{"X-API-Key", "secret-key"}})->status, 200);
  EXPECT_EQ(client_->Get("/items/1", {{"Authorization", "Bearer secret-key"}})->status, 200);
  EXPECT_EQ(client_->Get("/items/1", {{"Authorization", "Basic secret-key"}})->status, 401);
}

TEST_F(HttpServerTest, CorsHeadersAndPreflight) {
  HttpServerOptions options;
  options.cors_allowed_origins = {"http://ui.example"};
  Start(options);
  auto r = client_->Get("/health", {{"Origin", "http://ui.example"}});
  EXPECT_EQ(r->Header("Access-Control-Allow-Origin"), "http://ui.example");
  auto pre =
      client_->Send(HttpMethod::kOptions, "/items/1", "", "", {{"Origin", "http://ui.example"}});
  EXPECT_EQ(pre->status, 204);
  // Only the methods the path serves.
  EXPECT_EQ(pre->Header("Access-Control-Allow-Methods"), "GET, HEAD");
}

// Issue 15.3: a default server (no key, no CORS origins) must not be usable from a web page.
TEST_F(HttpServerTest, DefaultServerRefusesWebPages) {
  Start();
  // No CORS grant for anyone by default.
  auto plain = client_->Get("/health");
  EXPECT_FALSE(plain->Header("Access-Control-Allow-Origin").has_value());
  auto pre =
      client_->Send(HttpMethod::kOptions, "/echo", "", "",
                    {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_NE(pre->status / 100, 2);
  EXPECT_FALSE(pre->Header("Access-Control-Allow-Methods").has_value());
  EXPECT_FALSE(pre->Header("Access-Control-Allow-Origin").has_value());
  // A "simple" cross-origin request (text/plain, no preflight) is refused before the handler.
  auto simple = client_->Send(HttpMethod::kPost, "/echo", "{}", "text/plain",
                              {{"Origin", "http://evil.example"}});
  EXPECT_EQ(simple->status, 403);
  EXPECT_EQ(ErrorOf(*simple)["code"], "PERMISSION_DENIED");
  // DNS rebinding: the page's own host name in Host.
  auto rebound = client_->Get("/items/1", {{"Host", "evil.example:3100"}});
  EXPECT_EQ(rebound->status, 403);
  EXPECT_NE(ErrorOf(*rebound)["message"].get<std::string>().find("evil.example"),
            std::string::npos);
  // JSON routes take application/json only, even from the same machine.
  auto text_plain = client_->Send(HttpMethod::kPost, "/echo", "{\"a\": 1}", "text/plain");
  EXPECT_EQ(text_plain->status, 415);
  EXPECT_EQ(ErrorOf(*text_plain)["code"], "UNSUPPORTED_MEDIA_TYPE");
  auto form = client_->Send(HttpMethod::kPost, "/echo", "a=1", "application/x-www-form-urlencoded");
  EXPECT_EQ(form->status, 415);
  auto json =
      client_->Send(HttpMethod::kPost, "/echo", "{\"a\": 1}", "application/json; charset=utf-8");
  EXPECT_EQ(json->status, 200);
  // Same-origin pages of the server itself keep working.
  std::string self = "http://127.0.0.1:" + std::to_string(server_->port());
  EXPECT_EQ(client_->Send(HttpMethod::kPost, "/echo", "{}", "application/json", {{"Origin", self}})
                ->status,
            200);
}

TEST_F(HttpServerTest, WithAnApiKeyOtherHostsAreServed) {
  HttpServerOptions options;
  options.authenticator = OneKey("k");
  Start(options);
  auto r = client_->Get("/items/1", {{"Host", "lakehouse.internal:3100"}, {"X-API-Key", "k"}});
  EXPECT_EQ(r->status, 200);
}

TEST_F(HttpServerTest, HeadIsServedForGetRoutes) {
  Start();
  auto head = client_->Send(HttpMethod::kHead, "/items/7");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->Header("Content-Type"), "application/json");
  EXPECT_EQ(client_->Send(HttpMethod::kHead, "/items/missing")->status, 404);
  EXPECT_EQ(client_->Send(HttpMethod::kHead, "/echo")->status, 405);
}

// Issue 15.4 and 15.8 through the server: a body nested 66K deep and a number out of double
// range are 400s, and the server keeps serving.
TEST_F(HttpServerTest, HostileJsonBodiesAre400) {
  Start();
  const int kDeep = 66'000;
  std::string deep = R"({"params": )" + std::string(kDeep, '[') + std::string(kDeep, ']') + "}";
  auto nested = client_->Send(HttpMethod::kPost, "/echo", deep);
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ(nested->status, 400);
  EXPECT_EQ(ErrorOf(*nested)["code"], "INVALID_ARGUMENT");
  auto huge = client_->Send(HttpMethod::kPost, "/echo", R"({"limit": 1e400})");
  EXPECT_EQ(huge->status, 400);
  using std::string_literals::operator""s;
  auto nul = client_->Send(HttpMethod::kPost, "/echo", "{\"a\": 1}\0{\"b\": 2}"s);
  EXPECT_EQ(nul->status, 400);
  EXPECT_EQ(client_->Get("/health")->status, 200);
}

// Issue 16.1: cpp-httplib's default socket options included SO_REUSEPORT, so a second server
// bound the same port.
TEST_F(HttpServerTest, ASecondServerCannotBindTheSamePort) {
  Start();
  ASSERT_EQ(client_->Get("/health")->status, 200);  // listening (Shutdown before Run would hang)
  HttpServerOptions options;
  options.port = server_->port();
  RouteTable empty;
  HttpMetrics metrics;
  HttpServer second(options, &empty, &metrics);
  Status bound = second.Bind();
  EXPECT_FALSE(bound.ok());
  EXPECT_NE(bound.message().find(std::to_string(server_->port())), std::string::npos);
}

TEST_F(HttpServerTest, MetricsCountRequestsByRoute) {
  Start();
  ASSERT_TRUE(client_->Get("/items/1").ok());
  ASSERT_TRUE(client_->Get("/items/2").ok());
  std::string text = metrics_.RenderPrometheus();
  EXPECT_NE(text.find("route=\"/items/{id}\",status=\"200\"} 2"), std::string::npos) << text;
}

TEST_F(HttpServerTest, ShutdownFinishesInFlightRequests) {
  Start();
  auto pending = std::async(std::launch::async, [this] {
    auto c = HttpClient::Create("http://127.0.0.1:" + std::to_string(server_->port()));
    return (*c)->Get("/slow");
  });
  while (!slow_started_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(server_->Shutdown(std::chrono::milliseconds(2000)));
  auto r = pending.get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "done");
}

}  // namespace
}  // namespace lakehouse
