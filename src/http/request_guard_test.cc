#include "http/request_guard.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(RequestGuardTest, LoopbackHosts) {
  for (const char* host : {"localhost", "LOCALHOST:3100", "127.0.0.1", "127.0.0.1:8080",
                           "127.1.2.3:80", "[::1]:3100", "[::1]", "ui.localhost:3100"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
  for (const char* host : {"evil.example", "evil.example:3100", "127.0.0.1.evil.example",
                           "localhost.evil.example", "10.0.0.1:3100", "[::2]", "", "0.0.0.0"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

TEST(RequestGuardTest, JsonContentType) {
  EXPECT_TRUE(IsJsonContentType("application/json"));
  EXPECT_TRUE(IsJsonContentType("Application/JSON; charset=utf-8"));
  EXPECT_FALSE(IsJsonContentType("text/plain"));
  EXPECT_FALSE(IsJsonContentType("text/plain; application/json"));
  EXPECT_FALSE(IsJsonContentType("application/x-www-form-urlencoded"));
  EXPECT_FALSE(IsJsonContentType(""));
}

TEST(RequestGuardTest, WithoutAKeyOnlyLoopbackHostsAndOwnOrigin) {
  RequestGuardPolicy policy{false, "127.0.0.1", {}};
  EXPECT_TRUE(CheckHostAndOrigin(policy, "127.0.0.1:3100", std::nullopt).ok());
  EXPECT_TRUE(CheckHostAndOrigin(policy, std::nullopt, std::nullopt).ok());
  // DNS rebinding: the browser still names the attacker's host.
  Status rebound = CheckHostAndOrigin(policy, "evil.example:3100", std::nullopt);
  EXPECT_EQ(rebound.code(), StatusCode::kPermissionDenied);
  // A page elsewhere posting to the loopback server.
  EXPECT_EQ(CheckHostAndOrigin(policy, "127.0.0.1:3100", "http://evil.example").code(),
            StatusCode::kPermissionDenied);
  EXPECT_FALSE(CheckHostAndOrigin(policy, "127.0.0.1:3100", "null").ok());
  EXPECT_FALSE(CheckHostAndOrigin(policy, "127.0.0.1:3100", "http://127.0.0.1:9999").ok());
  // The server's own pages.
  EXPECT_TRUE(CheckHostAndOrigin(policy, "127.0.0.1:3100", "http://127.0.0.1:3100").ok());
  EXPECT_TRUE(CheckHostAndOrigin(policy, "localhost", "http://localhost").ok());
  // Listed origins are allowed.
  policy.cors_allowed_origins = {"https://ui.example"};
  EXPECT_TRUE(CheckHostAndOrigin(policy, "127.0.0.1:3100", "https://ui.example").ok());
  EXPECT_FALSE(CheckHostAndOrigin(policy, "127.0.0.1:3100", "https://other.example").ok());
}

TEST(RequestGuardTest, BindAddressAndApiKey) {
  RequestGuardPolicy exposed{false, "192.168.1.5", {}};
  EXPECT_TRUE(CheckHostAndOrigin(exposed, "192.168.1.5:3100", std::nullopt).ok());
  EXPECT_FALSE(CheckHostAndOrigin(exposed, "nas.example:3100", std::nullopt).ok());
  RequestGuardPolicy keyed{true, "0.0.0.0", {}};
  EXPECT_TRUE(CheckHostAndOrigin(keyed, "nas.example:3100", "https://ui.example").ok());
}

}  // namespace
}  // namespace lakehouse
