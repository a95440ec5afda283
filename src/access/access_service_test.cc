// AccessService and AccessStore over a real catalog.db: keys are stored hashed and shown once,
// revocation is immediate, dev mode lasts exactly while no key exists, roles resolve into
// policies, and everything survives reopening the catalog.
#include "access/access_service.h"

#include <gtest/gtest.h>

#include "access/api_key.h"
#include "access/dataset_authorizer.h"
#include "catalog/catalog_statement.h"
#include "catalog/catalog_test_util.h"

namespace lakehouse {
namespace {

class AccessServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open(AccessServiceOptions options = {}) {
    service_.reset();
    metastore_.reset();
    auto metastore = Metastore::Open(MetastoreOptions{dir_.path()}, clock_);
    ASSERT_TRUE(metastore.ok()) << metastore.status().ToString();
    metastore_ = std::move(*metastore);
    auto service = AccessService::Open(metastore_.get(), &clock_, std::move(options));
    ASSERT_TRUE(service.ok()) << service.status().ToString();
    service_ = std::move(*service);
  }
  CreatedKey Create(const std::string& principal, std::vector<std::string> roles) {
    auto created = service_->CreateKey({principal, std::move(roles), ""});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : CreatedKey{};
  }

  testing::TempDir dir_;
  ManualClock clock_{1'700'000'000'000'000};
  std::unique_ptr<Metastore> metastore_;
  std::unique_ptr<AccessService> service_;
};

TEST(ApiKeyTest, FreshKeysAreUniqueParseableAndHashed) {
  auto a = NewApiKey();
  auto b = NewApiKey();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->secret, b->secret);
  EXPECT_EQ(ApiKeyId(a->secret), a->id);
  EXPECT_EQ(a->sha256, ApiKeyDigest(a->secret));
  EXPECT_EQ(a->secret.find(a->prefix), 0u);
  EXPECT_EQ(ApiKeyId("not-a-key"), "");
  EXPECT_EQ(ApiKeyId(a->prefix + "_short"), "");
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST_F(AccessServiceTest, DevModeUntilTheFirstKey) {
  EXPECT_FALSE(service_->KeysExist());
  auto dev = service_->Authenticate("");
  ASSERT_TRUE(dev.ok());
  EXPECT_TRUE((*dev)->principal().dev_mode);
  EXPECT_TRUE((*dev)->IsAdmin());

  CreatedKey key = Create("alice", {"analyst"});
  EXPECT_TRUE(service_->KeysExist());
  EXPECT_EQ(service_->Authenticate("").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(service_->Authenticate("wrong").status().code(), StatusCode::kUnauthenticated);
  auto alice = service_->Authenticate(key.secret);
  ASSERT_TRUE(alice.ok()) << alice.status().ToString();
  EXPECT_EQ((*alice)->principal().name, "alice");
  EXPECT_EQ((*alice)->principal().key_id, key.info.id);
  EXPECT_FALSE((*alice)->IsAdmin());
}

TEST_F(AccessServiceTest, KeysAreStoredHashedAndNeverListedWithTheirSecret) {
  CreatedKey key = Create("alice", {"admin"});
  auto listed = service_->ListKeys(false);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, key.info.id);
  EXPECT_EQ((*listed)[0].prefix, "lh_" + key.info.id);
  // The table holds the digest, not the secret.
  auto stored = metastore_->Read([&](CatalogDb& db) -> Result<std::string> {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT secret_sha256 FROM access_keys"));
    LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return NotFound("no row");
    return stmt.ColumnText(0);
  });
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, ApiKeyDigest(key.secret));
  EXPECT_EQ(stored->find(key.secret.substr(key.info.prefix.size() + 1)), std::string::npos);
}

TEST_F(AccessServiceTest, RevocationIsImmediateAndSurvivesReopening) {
  CreatedKey keep = Create("admin1", {"admin"});
  CreatedKey gone = Create("bob", {"analyst"});
  ASSERT_TRUE(service_->Authenticate(gone.secret).ok());
  ASSERT_TRUE(service_->RevokeKey(gone.info.id).ok());
  EXPECT_EQ(service_->Authenticate(gone.secret).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(service_->RevokeKey(gone.info.id).code(), StatusCode::kNotFound);
  Open();
  EXPECT_EQ(service_->Authenticate(gone.secret).status().code(), StatusCode::kUnauthenticated);
  auto admin = service_->Authenticate(keep.secret);
  ASSERT_TRUE(admin.ok());
  EXPECT_TRUE((*admin)->IsAdmin());
  auto with_revoked = service_->ListKeys(true);
  ASSERT_TRUE(with_revoked.ok());
  EXPECT_EQ(with_revoked->size(), 2u);
}

TEST_F(AccessServiceTest, RevokingEveryKeyDoesNotReopenDevMode) {
  CreatedKey only = Create("ops", {"admin"});
  ASSERT_TRUE(service_->RevokeKey(only.info.id).ok());
  EXPECT_TRUE(service_->KeysExist());
  EXPECT_EQ(service_->Authenticate("").status().code(), StatusCode::kUnauthenticated);
  Open();
  EXPECT_TRUE(service_->KeysExist());
}

TEST_F(AccessServiceTest, ConfigKeysAreAdminsAndCannotBeRevokedThroughTheApi) {
  Open(AccessServiceOptions{{"from-config"}});
  EXPECT_TRUE(service_->KeysExist());
  auto admin = service_->Authenticate("from-config");
  ASSERT_TRUE(admin.ok());
  EXPECT_TRUE((*admin)->IsAdmin());
  EXPECT_EQ((*admin)->principal().name, "config-key-1");
  EXPECT_EQ(service_->RevokeKey("config-1").code(), StatusCode::kFailedPrecondition);
}

TEST_F(AccessServiceTest, BuiltInRolesResolveAsDocumented) {
  auto policy_of = [&](std::vector<std::string> roles) {
    auto p = std::make_shared<Principal>();
    p->name = "p";
    p->roles = std::move(roles);
    return service_->Resolve(p);
  };
  EXPECT_TRUE(policy_of({"admin"})->unrestricted());
  auto analyst = policy_of({"analyst"});
  EXPECT_TRUE(analyst->Allows(Permission::kRead, "anything", {}));
  EXPECT_FALSE(analyst->Allows(Permission::kWrite, "anything", {}));
  EXPECT_EQ(analyst->ForDataset("anything", {})->max_unmasked, Sensitivity::kInternal);
  auto recruiter = policy_of({"recruiter"});
  EXPECT_TRUE(recruiter->Allows(Permission::kWrite, "candidates", {"hr"}));
  EXPECT_FALSE(recruiter->Allows(Permission::kAdmin, "candidates", {"hr"}));
  EXPECT_FALSE(recruiter->ForDataset("sales", {}).has_value());
  auto agent = policy_of({"agent"});
  EXPECT_FALSE(agent->ForDataset("candidates", {"hr"}).has_value());
  EXPECT_FALSE(policy_of({"no-such-role"})->ForDataset("x", {}).has_value());
}

TEST_F(AccessServiceTest, CustomRolesGrantAndInvalidateCachedPolicies) {
  Role views;
  views.name = "support-views";
  views.grants = {{"calls_safe", Permission::kRead, Sensitivity::kPublic, "region = 'EU'"}};
  ASSERT_TRUE(service_->CreateRole(views).ok());
  EXPECT_EQ(service_->CreateRole(views).status().code(), StatusCode::kAlreadyExists);
  Role builtin;
  builtin.name = "Admin";
  EXPECT_EQ(service_->CreateRole(builtin).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(service_->CreateKey({"bot", {"agent", "nope"}, ""}).status().code(),
            StatusCode::kInvalidArgument);

  CreatedKey bot = Create("bot", {"agent", "support-views"});
  auto policy = service_->Authenticate(bot.secret);
  ASSERT_TRUE(policy.ok());
  auto access = (*policy)->ForDataset("calls_safe", {});
  ASSERT_TRUE(access.has_value());
  EXPECT_EQ(access->row_filters, std::vector<std::string>{"region = 'EU'"});
  EXPECT_FALSE((*policy)->ForDataset("calls", {}).has_value());

  // A role held by a live key stays; once the key is revoked it can go.
  EXPECT_EQ(service_->DeleteRole("support-views").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->DeleteRole("analyst").code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(service_->RevokeKey(bot.info.id).ok());
  EXPECT_TRUE(service_->DeleteRole("SUPPORT-VIEWS").ok());
  EXPECT_EQ(service_->DeleteRole("support-views").code(), StatusCode::kNotFound);

  Open();
  EXPECT_EQ(service_->ListRoles().size(), BuiltInRoles().size());
}

TEST_F(AccessServiceTest, RolesSurviveReopening) {
  Role r;
  r.name = "hr-readers";
  r.grants = {{"tag:hr", Permission::kRead, Sensitivity::kConfidential, ""}};
  ASSERT_TRUE(service_->CreateRole(r).ok());
  CreatedKey key = Create("carol", {"hr-readers"});
  Open();
  auto policy = service_->Authenticate(key.secret);
  ASSERT_TRUE(policy.ok());
  EXPECT_TRUE((*policy)->Allows(Permission::kRead, "x", {"hr"}));
  EXPECT_EQ(service_->ListRoles().back().name, "hr-readers");
}

TEST_F(AccessServiceTest, BadInputIsRefused) {
  EXPECT_EQ(service_->CreateKey({"", {}, ""}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->CreateKey({"a b", {}, ""}).status().code(), StatusCode::kInvalidArgument);
  Role bad;
  bad.name = "x";
  bad.grants = {{"", Permission::kRead, Sensitivity::kPublic, ""}};
  EXPECT_EQ(service_->CreateRole(bad).status().code(), StatusCode::kInvalidArgument);
  bad.grants = {{"t", Permission::kRead, Sensitivity::kPublic, "1=1; DROP TABLE t"}};
  EXPECT_EQ(service_->CreateRole(bad).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(service_->KeysExist());
}

TEST(DatasetPermissionTest, UngrantedIsNotFoundVisibleButShortIsDenied) {
  auto p = std::make_shared<Principal>();
  p->name = "r";
  AccessPolicy recruiter(p, false, {{"tag:hr", Permission::kWrite, Sensitivity::kPublic, ""}});
  EXPECT_TRUE(CheckDatasetPermission(recruiter, "c", {"hr"}, Permission::kWrite).ok());
  EXPECT_EQ(CheckDatasetPermission(recruiter, "c", {"hr"}, Permission::kAdmin).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckDatasetPermission(recruiter, "sales", {}, Permission::kRead).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(CheckAdmin(recruiter, "adding a bucket").code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(CheckAdmin(*AccessPolicy::DevMode(), "adding a bucket").ok());
}

}  // namespace
}  // namespace lakehouse
