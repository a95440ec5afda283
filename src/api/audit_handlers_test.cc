// AuditHandlers' admin check at service level: a principal whose policy is not admin is refused
// every read route with PERMISSION_DENIED before anything is read.
#include "api/audit_handlers.h"

#include <gtest/gtest.h>

#include "access/access_policy.h"

namespace lakehouse {
namespace {

std::shared_ptr<const AccessPolicy> Analyst() {
  auto principal = std::make_shared<Principal>();
  principal->name = "ana";
  principal->roles = {"analyst"};
  return std::make_shared<const AccessPolicy>(
      principal, false, std::vector<Grant>{{"*", Permission::kRead, Sensitivity::kInternal, ""}});
}

TEST(AuditHandlersTest, NonAdminIsRefusedEveryReadRoute) {
  // No services: the admin check must answer before any is used.
  AuditHandlers handlers(nullptr, nullptr);
  HttpRequest request;
  request.policy = Analyst();
  request.path_params = {{"dataset", "people"}, {"key", "1"}};
  for (auto route :
       {&AuditHandlers::Requests, &AuditHandlers::RequestsParquet, &AuditHandlers::History,
        &AuditHandlers::Recent, &AuditHandlers::Stats, &AuditHandlers::Subject}) {
    Result<HttpResponse> response = (handlers.*route)(request);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.status().code(), StatusCode::kPermissionDenied);
    EXPECT_NE(response.status().message().find("ana"), std::string::npos);
  }
}

TEST(AuditHandlersTest, AdminPolicyPassesTheCheck) {
  EXPECT_TRUE(AccessPolicy::DevMode()->IsAdmin());
  auto admin = std::make_shared<Principal>();
  admin->name = "root";
  admin->roles = {"admin"};
  EXPECT_TRUE(AccessPolicy(admin, true, {}).IsAdmin());
  EXPECT_FALSE(Analyst()->IsAdmin());
}

}  // namespace
}  // namespace lakehouse
