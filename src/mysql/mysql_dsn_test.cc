#include "mysql/mysql_dsn.h"

#include <gtest/gtest.h>

#include "mysql/mysql_error.h"
#include "mysql/mysql_source_policy.h"

namespace lakehouse {
namespace {

TEST(MysqlDsnTest, ParsesUrlsAndNeverShowsThePassword) {
  auto dsn =
      MysqlDsn::Parse("mysql://app%40x:p%2Fss%3Aw0rd@db.example:3307/sales?ssl-mode=required");
  ASSERT_TRUE(dsn.ok()) << dsn.status().ToString();
  EXPECT_EQ(dsn->user(), "app@x");
  EXPECT_EQ(dsn->password(), "p/ss:w0rd");
  EXPECT_EQ(dsn->host(), "db.example");
  EXPECT_EQ(dsn->port(), 3307);
  EXPECT_EQ(dsn->database(), "sales");
  EXPECT_EQ(dsn->ssl_mode(), MysqlSslMode::kRequired);
  EXPECT_EQ(dsn->Redacted(), "mysql://app@x@db.example:3307/sales?ssl-mode=required");
  EXPECT_EQ(dsn->Redacted().find("w0rd"), std::string::npos);
  auto again = MysqlDsn::Parse(dsn->WithoutSecrets());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->user(), "app@x");
  EXPECT_FALSE(again->has_password());
  EXPECT_EQ(again->database(), "sales");
  EXPECT_EQ(dsn->Scrub("bad p/ss:w0rd here"), "bad *** here");
}

TEST(MysqlDsnTest, DefaultsSocketsAndMariadbScheme) {
  auto dsn = MysqlDsn::Parse("mariadb://root@/?socket=%2Ftmp%2Fmy.sock");
  ASSERT_TRUE(dsn.ok()) << dsn.status().ToString();
  EXPECT_EQ(dsn->scheme(), "mariadb");
  EXPECT_EQ(dsn->socket(), "/tmp/my.sock");
  EXPECT_EQ(dsn->port(), 3306);
  EXPECT_EQ(dsn->Redacted(), "mariadb://root@localhost?socket=/tmp/my.sock");
  EXPECT_TRUE(MysqlDsn::Matches(" mysql://h"));
  EXPECT_FALSE(MysqlDsn::Matches("postgresql://h"));
}

TEST(MysqlDsnTest, RefusesBadInputWithoutEchoingThePassword) {
  for (const char* bad :
       {"mysql://u:secretpw@h:0/db", "mysql://u:secretpw@h:99999/db",
        "mysql://u:secretpw@h/db?sslmode=bogus", "mysql://u:secretpw@h/db?foo=1",
        "mysql://u:secret%zzpw@h/db", "mysql://u:secretpw@h/a/b", "ftp://u:secretpw@h/db"}) {
    auto dsn = MysqlDsn::Parse(bad);
    ASSERT_FALSE(dsn.ok()) << bad;
    EXPECT_EQ(dsn.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(dsn.status().message().find("secret"), std::string::npos) << dsn.status().message();
  }
}

TEST(MysqlErrorTest, MapsServerAndClientErrors) {
  auto dsn = MysqlDsn::Parse("mysql://u:pw123@h/db");
  ASSERT_TRUE(dsn.ok());
  EXPECT_EQ(MysqlConnectError(*dsn, 1045, "Access denied (pw123)").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MysqlConnectError(*dsn, 1045, "Access denied (pw123)").message().find("pw123"),
            std::string::npos);
  EXPECT_EQ(MysqlConnectError(*dsn, 2003, "Can't connect").code(), StatusCode::kUpstreamError);
  EXPECT_EQ(MysqlConnectError(*dsn, 1049, "Unknown database").code(), StatusCode::kNotFound);
  EXPECT_EQ(MysqlStatementError(*dsn, 1146, "42S02", "no table").code(), StatusCode::kNotFound);
  EXPECT_EQ(MysqlStatementError(*dsn, 1142, "42000", "denied").code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(MysqlStatementError(*dsn, 1064, "42000", "syntax").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MysqlStatementError(*dsn, 1792, "25006", "read only").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MysqlStatementError(*dsn, 2013, "HY000", "lost").code(), StatusCode::kUpstreamError);
}

TEST(MysqlSourcePolicyTest, AllowsListedHostsOnly) {
  MysqlOptions options;
  options.allowed_hosts = {"db.example:3307", "*.corp.example", "/run/mysqld/mysqld.sock"};
  auto policy = MysqlSourcePolicy::Create(options);
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  auto check = [&](const char* dsn) { return policy->Check(*MysqlDsn::Parse(dsn)).code(); };
  EXPECT_EQ(check("mysql://u@db.example:3307/d"), StatusCode::kOk);
  EXPECT_EQ(check("mysql://u@DB.example:3306/d"), StatusCode::kPermissionDenied);
  EXPECT_EQ(check("mysql://u@a.corp.example/d"), StatusCode::kOk);
  EXPECT_EQ(check("mysql://u@corp.example/d"), StatusCode::kPermissionDenied);
  EXPECT_EQ(check("mysql://u@x/d?socket=/run/mysqld/mysqld.sock"), StatusCode::kOk);
  EXPECT_EQ(check("mysql://u@x/d?socket=/tmp/other.sock"), StatusCode::kPermissionDenied);
  options.allowed_hosts = {"*"};
  EXPECT_FALSE(MysqlSourcePolicy::Create(options).ok());
}

}  // namespace
}  // namespace lakehouse
