#include "jobs/job_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "catalog/metastore.h"
#include "common/clock.h"

namespace lakehouse {
namespace {

using namespace std::chrono_literals;

class JobServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lh-jobs-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    OpenMetastore();
  }
  void TearDown() override {
    service_.reset();
    metastore_.reset();
    std::filesystem::remove_all(dir_);
  }
  void OpenMetastore() {
    auto metastore = Metastore::Open({.data_dir = dir_.string()}, clock_);
    ASSERT_TRUE(metastore.ok()) << metastore.status().ToString();
    metastore_ = std::move(metastore).value();
  }
  // `clock`: the jobs' clock (progress rates); the fixture's system clock when null.
  JobService& NewService(int32_t workers = 2, const Clock* clock = nullptr) {
    service_ = std::make_unique<JobService>(
        metastore_.get(), clock != nullptr ? clock : &clock_,
        JobServiceOptions{.workers = workers, .progress_flush_micros = 0});
    return *service_;
  }
  Job WaitFor(const std::string& id) {
    auto job = service_->Wait(id, 10s);
    EXPECT_TRUE(job.ok()) << job.status().ToString();
    return job.ok() ? job.value() : Job{};
  }

  std::filesystem::path dir_;
  SystemClock clock_;
  std::unique_ptr<Metastore> metastore_;
  std::unique_ptr<JobService> service_;
};

TEST_F(JobServiceTest, RunsAJobAndRecordsItsResultAndProgress) {
  JobService& jobs = NewService();
  jobs.RegisterKind("sum", [](JobContext& ctx) -> Result<Json> {
    int64_t n = ctx.params().at("n").get<int64_t>();
    for (int64_t i = 1; i <= n; ++i) ctx.SetProgress(i, n, "items");
    return Json{{"sum", n * (n + 1) / 2}};
  });
  ASSERT_TRUE(jobs.Start().ok());
  auto submitted = jobs.Submit("sum", "t", {{"n", 10}});
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(submitted->state, JobState::kQueued);
  Job done = WaitFor(submitted->id);
  EXPECT_EQ(done.state, JobState::kSucceeded);
  EXPECT_EQ(done.result["sum"], 55);
  EXPECT_EQ(done.progress.done, 10);
  EXPECT_EQ(done.progress.total, 10);
  EXPECT_EQ(done.attempts, 1);
  EXPECT_TRUE(done.finished_at.has_value());
  Json json = done.ToJson();
  EXPECT_EQ(json["state"], "succeeded");
  EXPECT_DOUBLE_EQ(json["progress"]["fraction"].get<double>(), 1.0);
}

TEST_F(JobServiceTest, FailuresAndExceptionsFailTheJobNotTheWorker) {
  JobService& jobs = NewService(1);
  jobs.RegisterKind("bad", [](JobContext&) -> Result<Json> { return UpstreamError("model down"); });
  jobs.RegisterKind("throws",
                    [](JobContext&) -> Result<Json> { throw std::runtime_error("boom"); });
  jobs.RegisterKind("ok", [](JobContext&) -> Result<Json> { return Json{{"fine", true}}; });
  ASSERT_TRUE(jobs.Start().ok());
  auto bad = jobs.Submit("bad", "", nullptr);
  auto throws = jobs.Submit("throws", "", nullptr);
  auto ok = jobs.Submit("ok", "", nullptr);
  Job b = WaitFor(bad->id);
  EXPECT_EQ(b.state, JobState::kFailed);
  EXPECT_NE(b.error->find("model down"), std::string::npos);
  Job t = WaitFor(throws->id);
  EXPECT_EQ(t.state, JobState::kFailed);
  EXPECT_NE(t.error->find("boom"), std::string::npos);
  EXPECT_EQ(WaitFor(ok->id).state, JobState::kSucceeded);
}

TEST_F(JobServiceTest, UnknownKindIsRejected) {
  JobService& jobs = NewService();
  ASSERT_TRUE(jobs.Start().ok());
  auto job = jobs.Submit("nope", "", nullptr);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(jobs.Get("no-such-id").status().code(), StatusCode::kNotFound);
}

TEST_F(JobServiceTest, CancelsQueuedAndRunningJobs) {
  JobService& jobs = NewService(1);
  std::atomic<bool> started{false};
  jobs.RegisterKind("loop", [&](JobContext& ctx) -> Result<Json> {
    started = true;
    while (true) {
      LH_RETURN_IF_ERROR(ctx.CheckCancelled());
      std::this_thread::sleep_for(1ms);
    }
  });
  ASSERT_TRUE(jobs.Start().ok());
  auto running = jobs.Submit("loop", "a", nullptr);
  auto queued = jobs.Submit("loop", "b", nullptr);
  while (!started) std::this_thread::sleep_for(1ms);
  auto cancelled_queued = jobs.Cancel(queued->id);
  ASSERT_TRUE(cancelled_queued.ok());
  EXPECT_EQ(cancelled_queued->state, JobState::kCancelled);
  ASSERT_TRUE(jobs.Cancel(running->id).ok());
  Job r = WaitFor(running->id);
  EXPECT_EQ(r.state, JobState::kCancelled);
  EXPECT_TRUE(r.cancel_requested);
  // Cancelling a finished job changes nothing.
  EXPECT_EQ(jobs.Cancel(running->id)->state, JobState::kCancelled);
}

TEST_F(JobServiceTest, CoalescesQueuedJobsOfTheSameTarget) {
  JobService& jobs = NewService(1);
  std::atomic<bool> release{false};
  std::atomic<int> runs{0};
  jobs.RegisterKind("refresh", [&](JobContext&) -> Result<Json> {
    ++runs;
    while (!release) std::this_thread::sleep_for(1ms);
    return Json::object();
  });
  ASSERT_TRUE(jobs.Start().ok());
  auto first = jobs.Submit("refresh", "idx", nullptr, {.coalesce = true});
  while (!jobs.IsRunning("refresh", "idx")) std::this_thread::sleep_for(1ms);
  std::set<std::string> queued_ids;
  for (int i = 0; i < 20; ++i) {
    auto job = jobs.Submit("refresh", "idx", nullptr, {.coalesce = true});
    ASSERT_TRUE(job.ok());
    queued_ids.insert(job->id);
  }
  EXPECT_EQ(queued_ids.size(), 1u);  // one running + one queued, whatever the trigger rate
  EXPECT_EQ(queued_ids.count(first->id), 0u);
  release = true;
  WaitFor(*queued_ids.begin());
  EXPECT_EQ(runs.load(), 2);
}

TEST_F(JobServiceTest, AJobRunningAtShutdownResumesOnTheNextStart) {
  std::atomic<bool> started{false};
  std::string id;
  {
    JobService& jobs = NewService(1);
    jobs.RegisterKind("long", [&](JobContext& ctx) -> Result<Json> {
      started = true;
      ctx.SetProgress(5, 10, "chunks");
      while (true) {
        LH_RETURN_IF_ERROR(ctx.CheckCancelled());
        std::this_thread::sleep_for(1ms);
      }
    });
    ASSERT_TRUE(jobs.Start().ok());
    id = jobs.Submit("long", "idx", nullptr)->id;
    while (!started) std::this_thread::sleep_for(1ms);
    jobs.Stop();
    auto job = jobs.Get(id);
    EXPECT_EQ(job->state, JobState::kQueued);
    EXPECT_EQ(job->progress.done, 5);
    EXPECT_EQ(job->message, "interrupted by shutdown; resumes on the next start");
  }
  JobService& again = NewService(1);
  std::atomic<int32_t> attempt{0};
  again.RegisterKind("long", [&](JobContext& ctx) -> Result<Json> {
    attempt = ctx.attempt();
    return Json{{"resumed", true}};
  });
  ASSERT_TRUE(again.Start().ok());
  Job done = WaitFor(id);
  EXPECT_EQ(done.state, JobState::kSucceeded);
  EXPECT_EQ(attempt.load(), 2);
  // Issue #16 (18): the message matches the state — not "resumes on the next start" any more.
  EXPECT_EQ(done.message, "resumed after an interruption (run 2)");
}

// Issue #16 (19): a running job reports its rate and, with a total, the time left.
TEST_F(JobServiceTest, ARunningJobReportsItsRateAndEta) {
  ManualClock clock;  // the rate is measured on it: exact numbers, no sleeping
  JobService& jobs = NewService(1, &clock);
  std::atomic<bool> reported{false};
  std::atomic<bool> release{false};
  jobs.RegisterKind("slow", [&](JobContext& ctx) -> Result<Json> {
    ctx.SetProgress(0, 100, "documents");
    ctx.SetProgress(25, 100, "documents");
    reported = true;
    while (!release) std::this_thread::sleep_for(1ms);
    return Json::object();
  });
  ASSERT_TRUE(jobs.Start().ok());
  const std::string id = jobs.Submit("slow", "t", nullptr)->id;
  while (!reported) std::this_thread::sleep_for(1ms);
  // No time has passed on the job's clock: no rate yet.
  auto at_start = jobs.Get(id);
  ASSERT_TRUE(at_start.ok());
  EXPECT_FALSE(at_start->progress.rate_per_s.has_value());
  EXPECT_FALSE(at_start->progress.eta_s.has_value());
  clock.Advance(1'000'000);  // 25 documents in one second
  auto running = jobs.Get(id);
  ASSERT_TRUE(running.ok());
  ASSERT_TRUE(running->progress.rate_per_s.has_value());
  EXPECT_DOUBLE_EQ(*running->progress.rate_per_s, 25.0);
  ASSERT_TRUE(running->progress.eta_s.has_value());
  EXPECT_EQ(*running->progress.eta_s, 3);  // 75 left at 25/s
  Json json = running->ToJson();
  EXPECT_EQ(json["progress"]["total"], 100);
  EXPECT_TRUE(json["progress"]["rate_per_s"].is_number()) << json.dump();
  EXPECT_TRUE(json["progress"]["eta_s"].is_number()) << json.dump();
  release = true;
  Job done = WaitFor(id);
  EXPECT_EQ(done.state, JobState::kSucceeded);
  EXPECT_TRUE(done.ToJson()["progress"]["eta_s"].is_null());
}

TEST_F(JobServiceTest, AJobLeftRunningByACrashIsQueuedAgain) {
  // Simulate a crash: a row in `running` that no process runs.
  {
    JobService& jobs = NewService(1);
    jobs.RegisterKind("k", [](JobContext&) -> Result<Json> { return Json::object(); });
    auto job = jobs.Submit("k", "", nullptr);  // not started: stays queued
    JobStore store(metastore_.get());
    ASSERT_TRUE(store.MarkRunning(job->id, clock_.NowMicros()).ok());
    service_.reset();
  }
  JobService& jobs = NewService(1);
  jobs.RegisterKind("k", [](JobContext&) -> Result<Json> { return Json{{"ok", 1}}; });
  ASSERT_TRUE(jobs.Start().ok());
  auto list = jobs.List({});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  Job done = WaitFor(list->front().id);
  EXPECT_EQ(done.state, JobState::kSucceeded);
  EXPECT_EQ(done.attempts, 2);
}

TEST_F(JobServiceTest, WaitTimesOut) {
  JobService& jobs = NewService(1);
  std::atomic<bool> release{false};
  jobs.RegisterKind("slow", [&](JobContext& ctx) -> Result<Json> {
    while (!release && !ctx.cancelled()) std::this_thread::sleep_for(1ms);
    return Json::object();
  });
  ASSERT_TRUE(jobs.Start().ok());
  auto job = jobs.Submit("slow", "", nullptr);
  auto waited = jobs.Wait(job->id, 50ms);
  EXPECT_EQ(waited.status().code(), StatusCode::kDeadlineExceeded);
  release = true;
  EXPECT_EQ(WaitFor(job->id).state, JobState::kSucceeded);
}

// The asynchronous wait behind ?wait=true (issue 15 item 5): each callback is called once, with
// the finished job, on a timeout, or when the service stops; none holds a thread meanwhile.
TEST_F(JobServiceTest, WhenFinishedCallsBackOnceOnEndTimeoutOrStop) {
  JobService& jobs = NewService(1);
  std::atomic<bool> release{false};
  jobs.RegisterKind("slow", [&](JobContext& ctx) -> Result<Json> {
    while (!release && !ctx.cancelled()) std::this_thread::sleep_for(1ms);
    if (!release) return Cancelled("stopped");
    return Json{{"n", 7}};
  });
  ASSERT_TRUE(jobs.Start().ok());
  auto job = jobs.Submit("slow", "", nullptr);
  ASSERT_TRUE(job.ok());
  std::mutex mu;
  std::vector<Result<Job>> calls;
  auto record = [&](Result<Job> r) {
    std::lock_guard<std::mutex> lock(mu);
    calls.push_back(std::move(r));
  };
  auto count = [&] {
    std::lock_guard<std::mutex> lock(mu);
    return calls.size();
  };
  jobs.WhenFinished(job->id, 10s, record);
  jobs.WhenFinished(job->id, 30ms, record);  // times out first
  for (int i = 0; i < 500 && count() < 1; ++i) std::this_thread::sleep_for(2ms);
  ASSERT_EQ(count(), 1u);
  EXPECT_EQ(calls[0].status().code(), StatusCode::kDeadlineExceeded);
  release = true;
  for (int i = 0; i < 1000 && count() < 2; ++i) std::this_thread::sleep_for(2ms);
  ASSERT_EQ(count(), 2u);
  ASSERT_TRUE(calls[1].ok()) << calls[1].status().ToString();
  EXPECT_EQ(calls[1]->state, JobState::kSucceeded);
  EXPECT_EQ(calls[1]->result["n"], 7);
  // A finished job: at once. An unknown one: its error.
  jobs.WhenFinished(job->id, 10s, record);
  jobs.WhenFinished("no-such-job", 10s, record);
  ASSERT_EQ(count(), 4u);
  EXPECT_EQ(calls[2]->state, JobState::kSucceeded);
  EXPECT_FALSE(calls[3].ok());
  // Still waiting at shutdown: UNAVAILABLE.
  release = false;
  auto stuck = jobs.Submit("slow", "", nullptr);
  jobs.WhenFinished(stuck->id, 10s, record);
  jobs.Stop();
  ASSERT_EQ(count(), 5u);
  EXPECT_EQ(calls[4].status().code(), StatusCode::kUnavailable);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(count(), 5u) << "every callback is called exactly once";
}

TEST_F(JobServiceTest, ListFiltersByStateKindAndTarget) {
  JobService& jobs = NewService(1);
  jobs.RegisterKind("a", [](JobContext&) -> Result<Json> { return Json::object(); });
  jobs.RegisterKind("b", [](JobContext&) -> Result<Json> { return InvalidArgument("no"); });
  ASSERT_TRUE(jobs.Start().ok());
  WaitFor(jobs.Submit("a", "x", nullptr)->id);
  WaitFor(jobs.Submit("b", "y", nullptr)->id);
  JobFilter by_kind;
  by_kind.kind = "a";
  EXPECT_EQ(jobs.List(by_kind)->size(), 1u);
  JobFilter by_target;
  by_target.target = "y";
  EXPECT_EQ(jobs.List(by_target)->size(), 1u);
  JobFilter by_state;
  by_state.state = JobState::kFailed;
  EXPECT_EQ(jobs.List(by_state)->size(), 1u);
  JobFilter limited;
  limited.limit = 1;
  EXPECT_EQ(jobs.List(limited)->size(), 1u);
}

}  // namespace
}  // namespace lakehouse
