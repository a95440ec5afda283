// PgDsn parsing, table-driven: URL and key=value spellings, defaults, and bad DSNs that must be
// refused with a clear message that never contains the password.
#include "pg/pg_dsn.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

struct GoodCase {
  const char* dsn;
  const char* host;
  const char* port;
  const char* database;
  const char* user;
  bool has_password;
  const char* redacted;
};

TEST(PgDsnTest, ParsesUrlsAndKeyValueStrings) {
  const GoodCase cases[] = {
      {"postgresql://alice:s3cret@db.example:6543/sales?sslmode=require", "db.example", "6543",
       "sales", "alice", true, "postgresql://alice@db.example:6543/sales?sslmode=require"},
      {"postgres://bob@localhost/app", "localhost", "5432", "app", "bob", false,
       "postgresql://bob@localhost:5432/app"},
      {"postgresql://u:p%40ss@h/d", "h", "5432", "d", "u", true, "postgresql://u@h:5432/d"},
      {"postgresql:///app?host=/tmp/sock&port=7000", "/tmp/sock", "7000", "app", "", false,
       "postgresql:///tmp/sock:7000/app"},
      {"host=10.0.0.5 port=5433 dbname=shop user=carol password='a b c'", "10.0.0.5", "5433",
       "shop", "carol", true, "postgresql://carol@10.0.0.5:5433/shop"},
      {"  dbname=x connect_timeout=3", "localhost", "5432", "x", "", false,
       "postgresql://localhost:5432/x?connect_timeout=3"},
  };
  for (const GoodCase& c : cases) {
    SCOPED_TRACE(c.dsn);
    Result<PgDsn> dsn = PgDsn::Parse(c.dsn);
    ASSERT_TRUE(dsn.ok()) << dsn.status().ToString();
    EXPECT_EQ(dsn->host(), c.host);
    EXPECT_EQ(dsn->port(), c.port);
    EXPECT_EQ(dsn->database(), c.database);
    EXPECT_EQ(dsn->user(), c.user);
    EXPECT_EQ(dsn->has_password(), c.has_password);
    EXPECT_EQ(dsn->Redacted(), c.redacted);
  }
}

struct BadCase {
  const char* dsn;
  const char* message_part;
};

TEST(PgDsnTest, RefusesBadDsnsWithoutEchoingSecrets) {
  const BadCase cases[] = {
      {"", "empty"},
      {"   ", "empty"},
      {"mysql://root:hunter2@db/app", "unsupported scheme 'mysql'"},
      {"postgresql://u:hunter2@h/d?bogus=1", "invalid URI query parameter"},
      {"host=h bogus=1 password=hunter2", "invalid connection option"},
      {"host=h password='hunter2", "unterminated quoted string"},
      {"host=h password=hunter2 junk", "missing \"=\""},
      {"host=h port=abc password=hunter2", "port 'abc'"},
      {"postgresql://u:hunter2@h:99999/d", "port '99999'"},
      {"host=h passfile=/etc/shadow", "passfile"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.dsn);
    Result<PgDsn> dsn = PgDsn::Parse(c.dsn);
    ASSERT_FALSE(dsn.ok());
    EXPECT_EQ(dsn.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(dsn.status().message().find(c.message_part), std::string::npos)
        << dsn.status().message();
    EXPECT_EQ(dsn.status().message().find("hunter2"), std::string::npos) << dsn.status().message();
  }
}

TEST(PgDsnTest, ConninfoWithoutSecretsRoundTripsAndDropsSecrets) {
  const char* cases[] = {
      "postgresql:///app?host=/tmp/sock%20dir&port=7000&user=me",
      "postgres://o%27brien@h1:5433,h2:5434/d%20b?sslmode=require&application_name=x%5Cy",
      "host=h1,h2 port=,5434 dbname=x",
      "host=db port=5432 dbname=shop user=carol password='a b c' sslpassword=k3y",
      "postgresql://",
  };
  for (const char* text : cases) {
    SCOPED_TRACE(text);
    Result<PgDsn> dsn = PgDsn::Parse(text);
    ASSERT_TRUE(dsn.ok()) << dsn.status().ToString();
    std::string conninfo = dsn->ConninfoWithoutSecrets();
    EXPECT_EQ(conninfo.find("a b c"), std::string::npos) << conninfo;
    EXPECT_EQ(conninfo.find("k3y"), std::string::npos) << conninfo;
    Result<PgDsn> again = PgDsn::Parse(conninfo);
    ASSERT_TRUE(again.ok()) << conninfo << ": " << again.status().ToString();
    EXPECT_FALSE(again->has_secrets());
    EXPECT_EQ(again->host(), dsn->host());
    EXPECT_EQ(again->port(), dsn->port());
    EXPECT_EQ(again->database(), dsn->database());
    EXPECT_EQ(again->user(), dsn->user());
    EXPECT_EQ(again->Redacted(), dsn->Redacted());
  }
  EXPECT_TRUE(PgDsn::Parse("host=h sslpassword=k3y")->has_secrets());
  EXPECT_FALSE(PgDsn::Parse("host=h sslpassword=k3y")->has_password());
  EXPECT_FALSE(PgDsn::Parse("host=h user=u")->has_secrets());
}

TEST(PgDsnTest, ScrubRemovesThePassword) {
  Result<PgDsn> dsn = PgDsn::Parse("postgresql://u:topsecret@h/d");
  ASSERT_TRUE(dsn.ok());
  EXPECT_EQ(dsn->Scrub("auth failed for topsecret, topsecret"), "auth failed for ***, ***");
  EXPECT_EQ(dsn->Describe(), "database 'd' on h:5432");
  bool has_password = false;
  for (const auto& [k, v] : dsn->options()) has_password = has_password || k == "password";
  EXPECT_TRUE(has_password);
}

}  // namespace
}  // namespace lakehouse
