// pg_error.h, table-driven: libpq connection messages and SQLSTATEs → Status codes, with the
// password scrubbed from every message.
#include "pg/pg_error.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

PgDsn TestDsn() { return PgDsn::Parse("postgresql://app:hunter2@db.example:5433/shop").value(); }

TEST(PgErrorTest, ConnectionFailures) {
  struct Case {
    const char* message;
    StatusCode code;
    const char* part;
  } cases[] = {
      {"connection to server at \"db.example\", port 5433 failed: FATAL:  password authentication "
       "failed for user \"app\"\n",
       StatusCode::kInvalidArgument, "rejected the credentials of user 'app'"},
      {"fe_sendauth: no password supplied\n", StatusCode::kInvalidArgument, "rejected"},
      {"connection to server at \"db.example\", port 5433 failed: FATAL:  database \"shop\" does "
       "not exist\n",
       StatusCode::kNotFound, "database 'shop' on db.example:5433"},
      {"connection to server at \"db.example\", port 5433 failed: FATAL:  permission denied for "
       "database \"shop\"\n",
       StatusCode::kPermissionDenied, "permission denied"},
      {"invalid sslmode value: \"sometimes\"\n", StatusCode::kInvalidArgument,
       "invalid DSN: invalid sslmode value"},
      {"connection to server at \"db.example\", port 5433 failed: invalid integer value \"x\" for "
       "connection option \"keepalives\"\n",
       StatusCode::kInvalidArgument, "invalid DSN"},
      {"connection to server at \"db.example\", port 5433 failed: Connection refused\n\tIs the "
       "server running on that host and accepting TCP/IP connections?\n",
       StatusCode::kUpstreamError, "cannot connect to PostgreSQL at db.example:5433"},
      {"could not translate host name \"db.example\" to address: Name or service not known\n",
       StatusCode::kUpstreamError, "cannot connect"},
      {"FATAL:  no pg_hba.conf entry for host \"10.0.0.1\", user \"app\" (password hunter2)\n",
       StatusCode::kUpstreamError, "(password ***)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    Status s = PgConnectError(TestDsn(), c.message);
    EXPECT_EQ(s.code(), c.code) << s.ToString();
    EXPECT_NE(s.message().find(c.part), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find("hunter2"), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find('\n'), std::string::npos) << s.message();
  }
}

TEST(PgErrorTest, StatementFailuresBySqlstate) {
  struct Case {
    const char* sqlstate;
    StatusCode code;
  } cases[] = {
      {"42P01", StatusCode::kNotFound},        {"3F000", StatusCode::kNotFound},
      {"3D000", StatusCode::kNotFound},        {"42501", StatusCode::kPermissionDenied},
      {"28P01", StatusCode::kInvalidArgument}, {"25006", StatusCode::kInvalidArgument},
      {"42703", StatusCode::kInvalidArgument}, {"42601", StatusCode::kInvalidArgument},
      {"22012", StatusCode::kInvalidArgument}, {"57014", StatusCode::kCancelled},
      {"", StatusCode::kUpstreamError},        {"53100", StatusCode::kUpstreamError},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.sqlstate);
    Status s = PgStatementError(TestDsn(), c.sqlstate, "ERROR:  something about hunter2\n");
    EXPECT_EQ(s.code(), c.code) << s.ToString();
    EXPECT_NE(s.message().find("database 'shop' on db.example:5433"), std::string::npos)
        << s.message();
    EXPECT_EQ(s.message().find("hunter2"), std::string::npos) << s.message();
  }
}

}  // namespace
}  // namespace lakehouse
