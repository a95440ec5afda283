#include "http/deferred_responses.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace lakehouse {
namespace {

using namespace std::chrono_literals;

struct Answers {
  std::mutex mu;
  std::vector<int> statuses;
  void Add(int status) {
    std::lock_guard<std::mutex> lock(mu);
    statuses.push_back(status);
  }
  std::vector<int> Get() {
    std::lock_guard<std::mutex> lock(mu);
    return statuses;
  }
};

DeferredResponses::Waiting WaitingInto(Answers* answers, std::function<bool()> gone = {}) {
  return {[answers](HttpResponse r) { answers->Add(r.status); }, std::move(gone), "rid"};
}

TEST(DeferredResponsesTest, EachRequestIsAnsweredOnceByItsFirstCompletion) {
  DeferredResponses deferred(10ms);
  Answers answers;
  ResponseCompleter kept;
  deferred.Start(WaitingInto(&answers), [&](ResponseCompleter c) { kept = std::move(c); });
  EXPECT_EQ(deferred.waiting(), 1);
  std::thread other([&] { kept(HttpResponse::JsonBody(Json{{"ok", true}}, 200)); });
  other.join();
  kept(HttpResponse::JsonBody(Json::object(), 201));  // late: dropped
  EXPECT_EQ(answers.Get(), std::vector<int>{200});
  EXPECT_EQ(deferred.waiting(), 0);
  // An error completes with the mapped status; completing at once inside start works too.
  deferred.Start(WaitingInto(&answers), [](ResponseCompleter c) { c(NotFound("no job")); });
  EXPECT_EQ(answers.Get(), (std::vector<int>{200, 404}));
}

TEST(DeferredResponsesTest, AGoneClientIsAnsweredByTheWatchAndALateAnswerDropped) {
  DeferredResponses deferred(10ms);
  Answers answers;
  std::atomic<bool> gone{false};
  ResponseCompleter kept;
  deferred.Start(WaitingInto(&answers, [&] { return gone.load(); }),
                 [&](ResponseCompleter c) { kept = std::move(c); });
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(answers.Get().empty());
  gone = true;
  for (int i = 0; i < 200 && answers.Get().empty(); ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(answers.Get(), std::vector<int>{499});
  kept(HttpResponse::JsonBody(Json::object()));
  EXPECT_EQ(answers.Get(), std::vector<int>{499});
}

TEST(DeferredResponsesTest, CloseAnswersEveryWaitingRequest503AndLaterOnesAtOnce) {
  Answers answers;
  ResponseCompleter kept;
  {
    DeferredResponses deferred(10ms);
    deferred.Start(WaitingInto(&answers), [&](ResponseCompleter c) { kept = std::move(c); });
    deferred.Close();
    EXPECT_EQ(answers.Get(), std::vector<int>{503});
    deferred.Start(WaitingInto(&answers), [](ResponseCompleter) {});
    EXPECT_EQ(answers.Get(), (std::vector<int>{503, 503}));
  }
  kept(HttpResponse::JsonBody(Json::object()));  // the server is gone: nothing happens
  EXPECT_EQ(answers.Get(), (std::vector<int>{503, 503}));
}

}  // namespace
}  // namespace lakehouse
