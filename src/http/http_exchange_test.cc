#include "http/http_exchange.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace lakehouse {
namespace {

using std::chrono::milliseconds;

// Counts the network side's suspends and resumes (libmicrohttpd in the server).
struct Connection {
  std::atomic<int> suspends{0};
  std::atomic<int> resumes{0};
  HttpExchange Make(size_t buffer) {
    return HttpExchange([this] { ++suspends; }, [this] { ++resumes; }, buffer);
  }
};

TEST(HttpExchangeTest, BodyFlowsToTheWorkerAndAFullQueueSuspendsTheConnection) {
  Connection c;
  HttpExchange e = c.Make(8);
  EXPECT_EQ(e.OfferBody("12345678", 8), 8u);
  EXPECT_EQ(e.OfferBody("9", 1), 0u);  // full: suspended, offered again later
  EXPECT_EQ(c.suspends, 1);
  std::string got;
  std::thread worker([&] {
    EXPECT_TRUE(e.ReadBody(
                     [&](std::string_view chunk) {
                       got.append(chunk);
                       return true;
                     },
                     milliseconds(2000))
                    .ok());
  });
  while (c.resumes == 0) std::this_thread::sleep_for(milliseconds(1));  // room made: resumed
  EXPECT_EQ(e.OfferBody("9", 1), 1u);
  e.FinishBody();
  worker.join();
  EXPECT_EQ(got, "123456789");
  EXPECT_TRUE(e.body_complete());
}

TEST(HttpExchangeTest, AStalledBodyTimesOutAndAClosedConnectionCancels) {
  Connection c;
  HttpExchange stalled = c.Make(1024);
  Status s = stalled.ReadBody([](std::string_view) { return true; }, milliseconds(20));
  EXPECT_EQ(s.code(), StatusCode::kDeadlineExceeded);

  HttpExchange closed = c.Make(1024);
  std::thread network([&] {
    std::this_thread::sleep_for(milliseconds(20));
    closed.Close();
  });
  s = closed.ReadBody([](std::string_view) { return true; }, milliseconds(5000));
  network.join();
  EXPECT_EQ(s.code(), StatusCode::kCancelled);
}

TEST(HttpExchangeTest, TheResponseResumesOnlyASuspendedConnection) {
  Connection c;
  HttpExchange e = c.Make(1024);
  EXPECT_FALSE(e.TakeResponseOrSuspend().has_value());
  EXPECT_EQ(c.suspends, 1);
  e.SetResponse(HttpResponse::Text("done"));
  EXPECT_EQ(c.resumes, 1);
  std::optional<HttpResponse> r = e.TakeResponseOrSuspend();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "done");

  HttpExchange ready = c.Make(1024);
  ready.SetResponse(HttpResponse::Text("early"));  // not suspended: nothing to resume
  EXPECT_EQ(c.resumes, 1);
  EXPECT_TRUE(ready.TakeResponseOrSuspend().has_value());
}

TEST(HttpExchangeTest, StreamedResponseIsBoundedAndEndsCleanly) {
  Connection c;
  HttpExchange e = c.Make(4);
  char buf[16];
  EXPECT_EQ(e.ReadStream(buf, sizeof(buf)), 0);  // nothing yet: suspended
  EXPECT_EQ(c.suspends, 1);
  EXPECT_TRUE(e.Write("abcd", milliseconds(100)));
  EXPECT_EQ(c.resumes, 1);
  EXPECT_FALSE(e.Write("efgh", milliseconds(20)));  // the reader is slow: the writer gives up
  EXPECT_EQ(e.ReadStream(buf, 2), 2);
  EXPECT_EQ(std::string(buf, 2), "ab");
  EXPECT_EQ(e.ReadStream(buf, sizeof(buf)), 2);
  EXPECT_EQ(std::string(buf, 2), "cd");
  e.FinishStream(true);
  EXPECT_EQ(e.ReadStream(buf, sizeof(buf)), -1);

  HttpExchange failed = c.Make(4);
  failed.FinishStream(false);
  EXPECT_EQ(failed.ReadStream(buf, sizeof(buf)), -2);
  HttpExchange gone = c.Make(4);
  gone.Close();
  EXPECT_FALSE(gone.Write("x", milliseconds(1000)));  // the client left: no wait
}

}  // namespace
}  // namespace lakehouse
