#include "access/access_policy.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

std::shared_ptr<const Principal> Analyst() {
  auto p = std::make_shared<Principal>();
  p->name = "ann";
  p->roles = {"analyst"};
  return p;
}

TEST(AccessPolicyTest, UngrantedDatasetsDoNotExist) {
  AccessPolicy policy(Analyst(), false, {{"calls", Permission::kRead, Sensitivity::kInternal, ""}});
  EXPECT_TRUE(policy.ForDataset("CALLS", {}).has_value());
  EXPECT_FALSE(policy.ForDataset("candidates", {}).has_value());
  EXPECT_FALSE(policy.Allows(Permission::kWrite, "calls", {}));
  EXPECT_FALSE(policy.IsAdmin());
}

TEST(AccessPolicyTest, MatchingGrantsUnionPermissionClearanceAndRowFilters) {
  AccessPolicy policy(
      Analyst(), false,
      {{"tag:hr", Permission::kRead, Sensitivity::kInternal, "city = 'Chicago'"},
       {"candidates", Permission::kWrite, Sensitivity::kConfidential, "city = 'Boston'"}});
  std::optional<DatasetAccess> access = policy.ForDataset("candidates", {"HR"});
  ASSERT_TRUE(access.has_value());
  EXPECT_EQ(access->permission, Permission::kWrite);
  EXPECT_EQ(access->max_unmasked, Sensitivity::kConfidential);
  EXPECT_EQ(access->row_filters.size(), 2u);

  AccessPolicy wider(Analyst(), false,
                     {{"tag:hr", Permission::kRead, Sensitivity::kInternal, "city = 'Chicago'"},
                      {"*", Permission::kRead, Sensitivity::kPublic, ""}});
  EXPECT_TRUE(wider.ForDataset("candidates", {"hr"})->all_rows());
}

TEST(AccessPolicyTest, FingerprintDependsOnGrantsNotOnTheirOrderOrThePrincipal) {
  std::vector<Grant> a = {{"x", Permission::kRead, Sensitivity::kPublic, ""},
                          {"y", Permission::kRead, Sensitivity::kPublic, ""}};
  std::vector<Grant> b = {a[1], a[0]};
  auto other = std::make_shared<Principal>();
  other->name = "bob";
  EXPECT_EQ(AccessPolicy(Analyst(), false, a).fingerprint(),
            AccessPolicy(other, false, b).fingerprint());
  b[0].max_unmasked = Sensitivity::kRestricted;
  EXPECT_NE(AccessPolicy(Analyst(), false, a).fingerprint(),
            AccessPolicy(Analyst(), false, b).fingerprint());
  EXPECT_NE(AccessPolicy(Analyst(), true, a).fingerprint(),
            AccessPolicy(Analyst(), false, a).fingerprint());
}

TEST(AccessPolicyTest, DevModeIsAnUnrestrictedAdmin) {
  auto policy = AccessPolicy::DevMode();
  EXPECT_TRUE(policy->IsAdmin());
  EXPECT_TRUE(policy->principal().dev_mode);
  EXPECT_EQ(policy->ForDataset("anything", {})->max_unmasked, Sensitivity::kRestricted);
}

}  // namespace
}  // namespace lakehouse
