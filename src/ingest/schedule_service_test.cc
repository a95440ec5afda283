// ScheduleService in-process: a ManualClock moves time (no wall-clock sleeps; waiting for a job is
// a condition wait), over a real metastore, job service, ingest service and folder.
#include "ingest/schedule_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "ingest/ingest_service_fixture.h"

namespace lakehouse::testing {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kMidnight = 1'704'067'200 * kSecond;  // 2024-01-01 00:00:00 UTC

class ScheduleServiceTest : public IngestServiceTest {
 protected:
  void SetUp() override {
    IngestServiceTest::SetUp();
    clock_.Set(kMidnight + 10 * kSecond);
    root_ = dir_.Sub("watch-root");
    folder_ = root_ + "/incoming";
    std::filesystem::create_directories(folder_);
    MakeServices();
  }

  void TearDown() override {
    StopServices();
    IngestServiceTest::TearDown();
  }

  void MakeServices(bool start_jobs = true) {
    jobs_ = std::make_unique<JobService>(metastore_.get(), &clock_, JobServiceOptions{});
    ScheduleServiceOptions options;
    options.watch_roots = {root_};
    options.backoff_base_s = 60;
    options.backoff_max_s = 300;
    schedules_ = std::make_unique<ScheduleService>(metastore_.get(), ingest_.get(), nullptr,
                                                   buckets_.get(), jobs_.get(), &clock_, options);
    LH_ASSERT_OK(schedules_->Start(/*background=*/false));
    if (start_jobs) LH_ASSERT_OK(jobs_->Start());
  }

  void StopServices() {
    if (schedules_) schedules_->Stop();
    if (jobs_) jobs_->Stop();
    schedules_.reset();
    jobs_.reset();
  }

  void WriteFile(const std::string& name, const std::string& text) {
    std::ofstream(folder_ + "/" + name, std::ios::binary) << text;
  }

  IngestSchedule Watch(std::string name, int64_t interval_s) {
    IngestSchedule s;
    s.name = std::move(name);
    s.kind = ScheduleKind::kWatch;
    s.interval_s = interval_s;
    s.watch.folder = folder_;
    s.watch.dataset = "events";
    s.watch.format = InputFormat::kCsv;
    return s;
  }

  std::vector<Job> Runs(const std::string& name) {
    JobFilter filter;
    filter.kind = std::string(kScheduledIngestJobKind);
    filter.target = name;
    Result<std::vector<Job>> jobs = jobs_->List(filter);
    EXPECT_TRUE(jobs.ok()) << jobs.status().ToString();
    return jobs.ok() ? *jobs : std::vector<Job>{};
  }

  // Waits for every run of `name` to finish and returns the one not returned before (the clock
  // stands still, so runs share created_at and the list order cannot tell which is newest).
  Job FinishedRun(const std::string& name) {
    Job fresh;
    int fresh_count = 0;
    for (const Job& run : Runs(name)) {
      Result<Job> job = jobs_->Wait(run.id, std::chrono::seconds(60));
      EXPECT_TRUE(job.ok()) << job.status().ToString();
      if (job.ok() && returned_.insert(job->id).second) {
        fresh = *job;
        ++fresh_count;
      }
    }
    EXPECT_EQ(fresh_count, 1) << "runs of '" << name << "' not returned before";
    return fresh;
  }

  std::set<std::string> returned_;  // runs FinishedRun returned
  std::string root_;
  std::string folder_;
  std::unique_ptr<JobService> jobs_;
  std::unique_ptr<ScheduleService> schedules_;
};

TEST_F(ScheduleServiceTest, IntervalFiresAndWatchIngestsOnlyNewOrChangedFiles) {
  WriteFile("a.csv", "id,v\n1,a\n2,b\n");
  WriteFile("b.csv", "id,v\n3,c\n");
  WriteFile(".partial.csv", "id,v\n99,hidden\n");
  LH_ASSERT_OK_AND_ASSIGN(ScheduleView view, schedules_->Create(Watch("drops", 60)));
  EXPECT_EQ(view.next_run, kMidnight + 70 * kSecond);

  clock_.Advance(59 * kSecond);
  schedules_->Tick();
  EXPECT_TRUE(Runs("drops").empty());
  clock_.Advance(kSecond);
  schedules_->Tick();
  Job first = FinishedRun("drops");
  ASSERT_EQ(first.state, JobState::kSucceeded) << first.error.value_or("");
  EXPECT_EQ(first.result["files_new_or_changed"], 2);
  EXPECT_EQ(first.result["rows_added"], 3);
  EXPECT_EQ(Runs("drops").size(), 1u);

  // Nothing new: a run that commits nothing.
  clock_.Advance(60 * kSecond);
  schedules_->Tick();
  Job idle = FinishedRun("drops");
  EXPECT_EQ(idle.result["files_new_or_changed"], 0);
  EXPECT_EQ(idle.result["committed"], false);

  // One new file and one changed file of the same size: exactly those two are ingested.
  WriteFile("c.csv", "id,v\n4,d\n");
  WriteFile("b.csv", "id,v\n5,e\n");
  clock_.Advance(60 * kSecond);
  schedules_->Tick();
  Job third = FinishedRun("drops");
  ASSERT_EQ(third.state, JobState::kSucceeded) << third.error.value_or("");
  EXPECT_EQ(third.result["files_new_or_changed"], 2);
  ASSERT_EQ(third.result["files"].size(), 2u);
  EXPECT_EQ(third.result["files"][0]["name"], "b.csv");
  EXPECT_EQ(third.result["files"][1]["name"], "c.csv");
  LH_ASSERT_OK_AND_ASSIGN(auto rows, QueryRows("SELECT id FROM events ORDER BY id"));
  EXPECT_EQ(rows, (std::vector<std::string>{"1", "2", "3", "4", "5"}));
}

TEST_F(ScheduleServiceTest, BucketPrefixWatchIngestsNewObjectsOnce) {
  LH_ASSERT_OK(store_->Put("incoming/a.csv", "id,v\n1,a\n"));
  LH_ASSERT_OK(store_->Put("elsewhere/b.csv", "id,v\n2,b\n"));
  IngestSchedule s = Watch("bucket", 60);
  s.watch.folder.clear();
  s.watch.bucket = "primary";
  s.watch.prefix = "incoming/";
  LH_ASSERT_OK(schedules_->Create(s).status());
  LH_ASSERT_OK(schedules_->RunNow("bucket").status());
  Job first = FinishedRun("bucket");
  ASSERT_EQ(first.state, JobState::kSucceeded) << first.error.value_or("");
  EXPECT_EQ(first.result["files_seen"], 1);
  LH_ASSERT_OK(store_->Put("incoming/c.csv", "id,v\n3,c\n"));
  LH_ASSERT_OK(schedules_->RunNow("bucket").status());
  Job second = FinishedRun("bucket");
  EXPECT_EQ(second.result["files_seen"], 2);
  EXPECT_EQ(second.result["files_new_or_changed"], 1);
  LH_ASSERT_OK_AND_ASSIGN(auto rows, QueryRows("SELECT id FROM events ORDER BY id"));
  EXPECT_EQ(rows, (std::vector<std::string>{"1", "3"}));
  // A bucket watch needs a prefix: the bucket also holds the datasets' own files.
  s.name = "whole";
  s.watch.prefix.clear();
  EXPECT_EQ(schedules_->Create(s).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ScheduleServiceTest, CronFiresAtItsMinutesOnly) {
  IngestSchedule s = Watch("five", 0);
  s.interval_s = 0;
  s.cron = "*/5 * * * *";
  LH_ASSERT_OK_AND_ASSIGN(ScheduleView view, schedules_->Create(s));
  EXPECT_EQ(view.next_run, kMidnight + 5 * 60 * kSecond);
  clock_.Set(kMidnight + 5 * 60 * kSecond - 1);
  schedules_->Tick();
  EXPECT_TRUE(Runs("five").empty());
  clock_.Set(kMidnight + 5 * 60 * kSecond);
  schedules_->Tick();
  EXPECT_EQ(FinishedRun("five").state, JobState::kSucceeded);
  LH_ASSERT_OK_AND_ASSIGN(view, schedules_->Get("five"));
  EXPECT_EQ(view.next_run, kMidnight + 10 * 60 * kSecond);
  ASSERT_EQ(view.last_runs.size(), 1u);
}

TEST_F(ScheduleServiceTest, SingleFlightWhileARunIsQueuedOrRunning) {
  StopServices();
  MakeServices(/*start_jobs=*/false);  // runs stay queued until the workers start
  WriteFile("a.csv", "id,v\n1,a\n");
  LH_ASSERT_OK(schedules_->Create(Watch("drops", 60)).status());
  LH_ASSERT_OK_AND_ASSIGN(Job queued, schedules_->RunNow("drops"));
  Result<Job> second = schedules_->RunNow("drops");
  EXPECT_EQ(second.status().code(), StatusCode::kConflict);
  EXPECT_NE(second.status().message().find(queued.id), std::string::npos);
  clock_.Advance(120 * kSecond);
  schedules_->Tick();
  EXPECT_EQ(Runs("drops").size(), 1u);
  LH_ASSERT_OK_AND_ASSIGN(ScheduleView view, schedules_->Get("drops"));
  EXPECT_EQ(view.active_job_id, queued.id);

  LH_ASSERT_OK(jobs_->Start());
  EXPECT_EQ(FinishedRun("drops").state, JobState::kSucceeded);
  clock_.Advance(60 * kSecond);
  schedules_->Tick();
  EXPECT_EQ(Runs("drops").size(), 2u);
}

TEST_F(ScheduleServiceTest, FailuresBackOffExponentiallyCappedAndVisibly) {
  IngestSchedule s = Watch("missing", 10);
  s.watch.folder = root_ + "/not-yet";
  LH_ASSERT_OK(schedules_->Create(s).status());
  clock_.Advance(10 * kSecond);
  schedules_->Tick();
  Job failed = FinishedRun("missing");
  EXPECT_EQ(failed.state, JobState::kFailed);
  LH_ASSERT_OK_AND_ASSIGN(ScheduleView view, schedules_->Get("missing"));
  EXPECT_EQ(view.schedule.failures, 1);
  EXPECT_TRUE(view.backing_off);
  EXPECT_EQ(view.schedule.next_retry_at, clock_.NowMicros() + 60 * kSecond);
  ASSERT_TRUE(view.schedule.last_error.has_value());
  EXPECT_NE(view.schedule.last_error->find("not-yet"), std::string::npos);
  EXPECT_GE(*view.next_run, *view.schedule.next_retry_at);

  // Firings inside the backoff are skipped.
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(10 * kSecond);
    schedules_->Tick();
  }
  EXPECT_EQ(Runs("missing").size(), 1u);
  clock_.Advance(10 * kSecond);
  schedules_->Tick();
  EXPECT_EQ(FinishedRun("missing").state, JobState::kFailed);
  LH_ASSERT_OK_AND_ASSIGN(view, schedules_->Get("missing"));
  EXPECT_EQ(view.schedule.failures, 2);
  EXPECT_EQ(view.schedule.next_retry_at, clock_.NowMicros() + 120 * kSecond);

  // Doubling stops at the cap (300 s).
  for (int failures = 3; failures <= 4; ++failures) {
    LH_ASSERT_OK(schedules_->RunNow("missing").status());
    EXPECT_EQ(FinishedRun("missing").state, JobState::kFailed);
  }
  LH_ASSERT_OK_AND_ASSIGN(view, schedules_->Get("missing"));
  EXPECT_EQ(view.schedule.failures, 4);
  EXPECT_EQ(view.schedule.next_retry_at, clock_.NowMicros() + 300 * kSecond);

  // A success clears the backoff.
  std::filesystem::create_directories(root_ + "/not-yet");
  LH_ASSERT_OK(schedules_->RunNow("missing").status());
  EXPECT_EQ(FinishedRun("missing").state, JobState::kSucceeded);
  LH_ASSERT_OK_AND_ASSIGN(view, schedules_->Get("missing"));
  EXPECT_EQ(view.schedule.failures, 0);
  EXPECT_FALSE(view.schedule.next_retry_at.has_value());
  EXPECT_FALSE(view.schedule.last_error.has_value());
  EXPECT_FALSE(view.backing_off);
}

TEST_F(ScheduleServiceTest, RunNowRunsADisabledSchedule) {
  WriteFile("a.csv", "id,v\n1,a\n");
  IngestSchedule s = Watch("off", 60);
  s.enabled = false;
  LH_ASSERT_OK_AND_ASSIGN(ScheduleView view, schedules_->Create(s));
  EXPECT_FALSE(view.next_run.has_value());
  clock_.Advance(600 * kSecond);
  schedules_->Tick();
  EXPECT_TRUE(Runs("off").empty());
  LH_ASSERT_OK(schedules_->RunNow("off").status());
  Job run = FinishedRun("off");
  EXPECT_EQ(run.state, JobState::kSucceeded);
  EXPECT_EQ(run.params["trigger"], "run_now");
  EXPECT_EQ(Versions("events"), 2);

  SchedulePatch enable;
  enable.enabled = true;
  LH_ASSERT_OK_AND_ASSIGN(view, schedules_->Patch("OFF", enable));
  EXPECT_EQ(view.next_run, clock_.NowMicros() + 60 * kSecond);
}

TEST_F(ScheduleServiceTest, SchedulesAndRememberedFilesSurviveARestart) {
  WriteFile("a.csv", "id,v\n1,a\n");
  LH_ASSERT_OK(schedules_->Create(Watch("drops", 60)).status());
  LH_ASSERT_OK(schedules_->RunNow("drops").status());
  ASSERT_EQ(FinishedRun("drops").state, JobState::kSucceeded);

  StopServices();
  MakeServices();
  LH_ASSERT_OK_AND_ASSIGN(std::vector<ScheduleView> all, schedules_->List());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].schedule.name, "drops");
  EXPECT_EQ(all[0].next_run, clock_.NowMicros() + 60 * kSecond);  // re-armed from now
  clock_.Advance(60 * kSecond);
  schedules_->Tick();
  Job run = FinishedRun("drops");
  EXPECT_EQ(run.result["files_new_or_changed"], 0);
  EXPECT_EQ(Versions("events"), 2);
}

TEST_F(ScheduleServiceTest, RefusesBadDefinitions) {
  IngestSchedule outside = Watch("outside", 60);
  outside.watch.folder = "/etc";
  EXPECT_EQ(schedules_->Create(outside).status().code(), StatusCode::kPermissionDenied);
  IngestSchedule both = Watch("both", 60);
  both.cron = "* * * * *";
  EXPECT_EQ(schedules_->Create(both).status().code(), StatusCode::kInvalidArgument);
  IngestSchedule bad_cron = Watch("badcron", 0);
  bad_cron.interval_s = 0;
  bad_cron.cron = "61 * * * *";
  EXPECT_EQ(schedules_->Create(bad_cron).status().code(), StatusCode::kInvalidArgument);
  IngestSchedule bad_name = Watch("no spaces", 60);
  EXPECT_EQ(schedules_->Create(bad_name).status().code(), StatusCode::kInvalidArgument);
  LH_ASSERT_OK(schedules_->Create(Watch("dup", 60)).status());
  EXPECT_EQ(schedules_->Create(Watch("DUP", 60)).status().code(), StatusCode::kAlreadyExists);
  LH_ASSERT_OK(schedules_->Delete("Dup"));
  EXPECT_EQ(schedules_->Get("dup").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(schedules_->RunNow("dup").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lakehouse::testing
