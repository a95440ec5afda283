#include "workspace/workspace.h"

#include <chrono>

namespace lakehouse {
namespace {

constexpr int64_t kDayUs = 86'400LL * 1'000'000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::string_view WorkspaceTierName(WorkspaceTier tier) {
  switch (tier) {
    case WorkspaceTier::kDaily:
      return "daily";
    case WorkspaceTier::kWeekly:
      return "weekly";
    case WorkspaceTier::kMonthly:
      return "monthly";
    case WorkspaceTier::kPinned:
      return "pinned";
  }
  return "daily";
}

Result<WorkspaceTier> ParseWorkspaceTier(std::string_view name) {
  for (WorkspaceTier tier : {WorkspaceTier::kDaily, WorkspaceTier::kWeekly, WorkspaceTier::kMonthly,
                             WorkspaceTier::kPinned}) {
    if (name == WorkspaceTierName(tier)) return tier;
  }
  return InvalidArgument("tier must be daily, weekly, monthly or pinned, not '", name, "'");
}

std::optional<int64_t> TierExpiry(WorkspaceTier tier, int64_t now_us) {
  const int64_t day = FloorDiv(now_us, kDayUs);  // days since 1970-01-01, a Thursday
  switch (tier) {
    case WorkspaceTier::kDaily:
      return (day + 1) * kDayUs;
    case WorkspaceTier::kWeekly: {
      const int64_t since_monday = ((day + 3) % 7 + 7) % 7;
      return (day - since_monday + 7) * kDayUs;
    }
    case WorkspaceTier::kMonthly: {
      using namespace std::chrono;
      const year_month_day date{sys_days{days{day}}};
      const year_month_day next =
          year_month_day{date.year(), date.month(), std::chrono::day{1}} + months{1};
      return static_cast<int64_t>(sys_days{next}.time_since_epoch().count()) * kDayUs;
    }
    case WorkspaceTier::kPinned:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string_view SavedSearchKindName(SavedSearchKind kind) {
  switch (kind) {
    case SavedSearchKind::kSql:
      return "sql";
    case SavedSearchKind::kTool:
      return "tool";
    case SavedSearchKind::kVector:
      return "vector";
  }
  return "sql";
}

Result<SavedSearchKind> ParseSavedSearchKind(std::string_view name) {
  for (SavedSearchKind kind :
       {SavedSearchKind::kSql, SavedSearchKind::kTool, SavedSearchKind::kVector}) {
    if (name == SavedSearchKindName(kind)) return kind;
  }
  return InvalidArgument("kind must be sql, tool or vector, not '", name, "'");
}

std::vector<std::string> Workspace::OwnerChain() const {
  std::vector<std::string> chain;
  if (handoffs.empty()) return {owner};
  chain.push_back(handoffs.front().from);
  for (const WorkspaceHandoff& h : handoffs) chain.push_back(h.to);
  return chain;
}

}  // namespace lakehouse
