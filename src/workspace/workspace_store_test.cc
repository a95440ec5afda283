// WorkspaceStore against a real catalog.db in a fresh directory (issue 21): rows, the owner chain,
// saved searches, the shortlist, the activity log, archival by expiry, checks evaluated inside
// the transaction, and everything still there after the metastore is reopened.
#include "workspace/workspace_store.h"

#include <gtest/gtest.h>

#include "common/clock.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

constexpr int64_t kNow = 1'796'679'668'000'000;  // 2026-12-07 21:41:08 UTC

WorkspaceActivity Line(std::string principal, std::string action, int64_t at = kNow) {
  WorkspaceActivity a;
  a.at = at;
  a.principal = std::move(principal);
  a.action = std::move(action);
  return a;
}

Workspace NewWorkspace(std::string id, std::string owner, WorkspaceTier tier) {
  Workspace w;
  w.id = std::move(id);
  w.name = "chicago nurses";
  w.description = "ICU nurses for the Lakeshore order";
  w.tier = tier;
  w.owner = owner;
  w.created_by = owner;
  w.created_at = kNow;
  w.updated_at = kNow;
  w.expires_at = TierExpiry(tier, kNow);
  w.shared_with = {"role:recruiter"};
  return w;
}

class WorkspaceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    store_.reset();
    metastore_.reset();
    auto metastore = Metastore::Open({.data_dir = dir_.path()}, clock_);
    ASSERT_TRUE(metastore.ok()) << metastore.status().ToString();
    metastore_ = std::move(*metastore);
    store_ = std::make_unique<WorkspaceStore>(metastore_.get());
  }

  testing::TempDir dir_;
  ManualClock clock_{kNow};
  std::unique_ptr<Metastore> metastore_;
  std::unique_ptr<WorkspaceStore> store_;
};

TEST_F(WorkspaceStoreTest, KeepsEverythingAWorkspaceHoldsAcrossAReopen) {
  ASSERT_TRUE(store_
                  ->Insert(NewWorkspace("w1", "agent-a", WorkspaceTier::kWeekly),
                           Line("agent-a", "created"))
                  .ok());
  SavedSearch search;
  search.name = "icu";
  search.kind = SavedSearchKind::kSql;
  search.sql = "SELECT * FROM candidates WHERE skill = 'icu'";
  search.limit = 25;
  search.created_by = "agent-a";
  search.created_at = kNow;
  ASSERT_TRUE(store_->PutSearch("w1", nullptr, search, Line("agent-a", "search_saved")).ok());
  EXPECT_EQ(store_->PutSearch("w1", nullptr, search, Line("agent-a", "search_saved")).code(),
            StatusCode::kConflict);
  ASSERT_TRUE(store_->RecordRun("w1", "icu", 7, Line("agent-b", "search_run", kNow + 5)).ok());

  ShortlistItem item{0, "candidates", "42", "strong ICU background", "agent-a", kNow};
  Result<ShortlistItem> added =
      store_->AddShortlistItem("w1", nullptr, item, Line("agent-a", "shortlist_added"));
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_GT(added->id, 0);
  EXPECT_EQ(store_->AddShortlistItem("w1", nullptr, item, Line("agent-a", "shortlist_added"))
                .status()
                .code(),
            StatusCode::kConflict);
  ASSERT_TRUE(
      store_->SetShortlistNote("w1", nullptr, added->id, "called, interested", Line("a", "n"))
          .ok());

  WorkspaceHandoff step{"", "agent-b", "shift change", "agent-a", kNow + 10};
  Result<Workspace> handed = store_->Handoff("w1", nullptr, step, Line("agent-a", "handoff"));
  ASSERT_TRUE(handed.ok()) << handed.status().ToString();
  EXPECT_EQ(handed->owner, "agent-b");
  step = {"", "agent-c", "escalation", "admin", kNow + 20};
  ASSERT_TRUE(store_->Handoff("w1", nullptr, step, Line("admin", "handoff")).ok());

  Open();  // a restart
  Result<WorkspaceDetail> detail = store_->GetDetail("w1");
  ASSERT_TRUE(detail.ok()) << detail.status().ToString();
  const Workspace& w = detail->workspace;
  EXPECT_EQ(w.owner, "agent-c");
  EXPECT_EQ(w.OwnerChain(), (std::vector<std::string>{"agent-a", "agent-b", "agent-c"}));
  ASSERT_EQ(w.handoffs.size(), 2u);
  EXPECT_EQ(w.handoffs[0].reason, "shift change");
  EXPECT_EQ(w.handoffs[1].by, "admin");
  EXPECT_EQ(w.tier, WorkspaceTier::kWeekly);
  EXPECT_EQ(w.shared_with, std::vector<std::string>{"role:recruiter"});
  EXPECT_EQ(w.expires_at, TierExpiry(WorkspaceTier::kWeekly, kNow));
  ASSERT_EQ(detail->searches.size(), 1u);
  EXPECT_EQ(detail->searches[0].sql, search.sql);
  EXPECT_EQ(detail->searches[0].limit, 25);
  EXPECT_EQ(detail->searches[0].run_count, 1);
  EXPECT_EQ(detail->searches[0].last_row_count, 7);
  EXPECT_EQ(detail->searches[0].last_run_by, "agent-b");
  ASSERT_EQ(detail->shortlist.size(), 1u);
  EXPECT_EQ(detail->shortlist[0].note, "called, interested");
  EXPECT_EQ(detail->shortlist[0].added_by, "agent-a");

  Result<std::vector<WorkspaceActivity>> log = store_->Activity("w1", 100);
  ASSERT_TRUE(log.ok());
  std::vector<std::string> actions;
  for (const WorkspaceActivity& a : *log) actions.push_back(a.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"handoff", "handoff", "n", "shortlist_added",
                                               "search_run", "search_saved", "created"}));
  EXPECT_EQ((*log)[0].detail["from"], "agent-b");
  EXPECT_EQ((*log)[3].detail["item"], added->id);
  EXPECT_EQ(store_->Activity("w1", 2)->size(), 2u);

  ASSERT_TRUE(store_->RemoveShortlistItem("w1", nullptr, added->id, Line("c", "r")).ok());
  EXPECT_EQ(store_->RemoveShortlistItem("w1", nullptr, added->id, Line("c", "r")).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(store_->RemoveSearch("w1", nullptr, "icu", Line("c", "d")).ok());
  EXPECT_EQ(store_->RemoveSearch("w1", nullptr, "icu", Line("c", "d")).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(store_->Delete("w1", nullptr).ok());
  EXPECT_EQ(store_->Get("w1").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->Activity("w1", 10)->empty());
}

TEST_F(WorkspaceStoreTest, AFailedCheckChangesNothing) {
  ASSERT_TRUE(store_
                  ->Insert(NewWorkspace("w1", "agent-a", WorkspaceTier::kPinned),
                           Line("agent-a", "created"))
                  .ok());
  WorkspaceCheck refuse = [](const Workspace& w) {
    return PermissionDenied("not yours: ", w.owner);
  };
  WorkspaceHandoff step{"", "agent-b", "r", "agent-x", kNow};
  EXPECT_EQ(store_->Handoff("w1", refuse, step, Line("agent-x", "handoff")).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_
                ->Update(
                    "w1", refuse,
                    [](Workspace* w, Json*) {
                      w->name = "stolen";
                      return Status::Ok();
                    },
                    Line("agent-x", "updated"))
                .status()
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Delete("w1", refuse).code(), StatusCode::kPermissionDenied);
  Result<Workspace> w = store_->Get("w1");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->owner, "agent-a");
  EXPECT_EQ(w->name, "chicago nurses");
  EXPECT_TRUE(w->handoffs.empty());
  EXPECT_EQ(store_->Activity("w1", 10)->size(), 1u);  // "created" only
  EXPECT_EQ(store_->Get("nope").status().code(), StatusCode::kNotFound);
}

TEST_F(WorkspaceStoreTest, ArchivesWhatExpiredAndNeverAPinnedOne) {
  ASSERT_TRUE(
      store_->Insert(NewWorkspace("day", "a", WorkspaceTier::kDaily), Line("a", "created")).ok());
  ASSERT_TRUE(
      store_->Insert(NewWorkspace("week", "a", WorkspaceTier::kWeekly), Line("a", "created")).ok());
  ASSERT_TRUE(
      store_->Insert(NewWorkspace("pin", "a", WorkspaceTier::kPinned), Line("a", "created")).ok());
  const int64_t end_of_day = *TierExpiry(WorkspaceTier::kDaily, kNow);
  EXPECT_EQ(store_->NextExpiry().value(), end_of_day);
  EXPECT_TRUE(store_->ArchiveExpired(end_of_day - 1)->empty());
  EXPECT_EQ(store_->ArchiveExpired(end_of_day).value(), std::vector<std::string>{"day"});
  EXPECT_TRUE(store_->ArchiveExpired(end_of_day + 1)->empty());  // once
  EXPECT_EQ(store_->NextExpiry().value(), TierExpiry(WorkspaceTier::kWeekly, kNow));
  Result<Workspace> day = store_->Get("day");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->archived_at, end_of_day);
  Result<std::vector<WorkspaceActivity>> log = store_->Activity("day", 1);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].action, "archived");
  EXPECT_EQ((*log)[0].principal, "system");
  EXPECT_EQ((*log)[0].at, end_of_day);
  const int64_t far = kNow + 400LL * 86'400 * 1'000'000;
  EXPECT_EQ(store_->ArchiveExpired(far).value(), std::vector<std::string>{"week"});
  EXPECT_FALSE(store_->Get("pin")->archived());
  EXPECT_EQ(store_->NextExpiry().value(), std::nullopt);
}

}  // namespace
}  // namespace lakehouse
