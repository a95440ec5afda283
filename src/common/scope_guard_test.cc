#include "common/scope_guard.h"

#include <gtest/gtest.h>

#include "common/status.h"

namespace lakehouse {
namespace {

// The phases of a multi-phase operation: a failure after the side effect undoes it.
Status Operation(bool fail_late, int* side_effects) {
  ++*side_effects;
  ScopeGuard undo([&] { --*side_effects; });
  if (fail_late) return Unavailable("late failure");
  undo.Dismiss();
  return Status::Ok();
}

TEST(ScopeGuardTest, RunsOnEveryWayOutButADismissal) {
  int side_effects = 0;
  EXPECT_FALSE(Operation(/*fail_late=*/true, &side_effects).ok());
  EXPECT_EQ(side_effects, 0) << "undone on the early return";
  EXPECT_TRUE(Operation(/*fail_late=*/false, &side_effects).ok());
  EXPECT_EQ(side_effects, 1) << "kept once dismissed";
}

}  // namespace
}  // namespace lakehouse
