// Issue #15 item 14: POST /ingest/db may only reach the configured database hosts, and DSN file
// options only name files under the configured roots.
#include "pg/pg_source_policy.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace lakehouse {
namespace {

namespace fs = std::filesystem;

Status CheckDsn(const PgSourcePolicy& policy, const std::string& text) {
  Result<PgDsn> dsn = PgDsn::Parse(text);
  EXPECT_TRUE(dsn.ok()) << text << ": " << dsn.status().ToString();
  if (!dsn.ok()) return dsn.status();
  return policy.Check(*dsn);
}

TEST(PgSourcePolicyTest, NoListAllowsAnyHost) {
  PgSourcePolicy any;
  EXPECT_TRUE(CheckDsn(any, "postgresql://u@169.254.169.254:80/x").ok());
  EXPECT_TRUE(CheckDsn(any, "host=/tmp dbname=x").ok());
}

TEST(PgSourcePolicyTest, EveryHostOfTheDsnMustMatchAnEntry) {
  PgOptions options;
  options.allowed_hosts = {"db.example", "replica.example:6432", "*.corp.example",
                           "10.0.0.5",   "[::1]:5432",           "/var/run/postgresql"};
  Result<PgSourcePolicy> policy = PgSourcePolicy::Create(options, "/");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();

  for (const char* ok : {
           "postgresql://u@db.example/app",
           "postgresql://u@DB.Example:7000/app",  // any port, case-insensitive
           "postgresql://u@replica.example:6432/app",
           "postgresql://u@a.corp.example/app",
           "postgresql://u@deep.a.corp.example/app",
           "host=10.0.0.5 dbname=app",
           "postgresql://u@[::1]:5432/app",
           "host=/var/run/postgresql/ dbname=app",
           "postgresql://u@db.example,a.corp.example:5433/app",
       }) {
    Status status = CheckDsn(*policy, ok);
    EXPECT_TRUE(status.ok()) << ok << ": " << status.ToString();
  }
  for (const char* refused : {
           "postgresql://u@evil.example/app",
           "postgresql://u@replica.example:5432/app",  // listed with another port
           "postgresql://u@corp.example/app",          // *.corp.example is subdomains only
           "postgresql://u@evilcorp.example/app",
           "postgresql://u@db.example.evil.net/app",
           "host=db.example hostaddr=169.254.169.254 dbname=app",  // the address is what connects
           "postgresql://u@db.example,evil.example/app",           // one bad host in a list
           "host=/tmp dbname=app",
           "dbname=app",  // no host: the server's default, and localhost is not listed
           "service=prod dbname=app",
           "postgresql://u@[::1]:6000/app",
       }) {
    Status status = CheckDsn(*policy, refused);
    EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << refused << ": " << status.ToString();
  }
  Status message = CheckDsn(*policy, "postgresql://u:hunter2@evil.example:9999/app");
  EXPECT_NE(message.message().find("evil.example:9999"), std::string::npos) << message.message();
  EXPECT_EQ(message.message().find("hunter2"), std::string::npos);
}

TEST(PgSourcePolicyTest, MalformedEntriesAreConfigErrors) {
  for (const char* bad : {"", "*", "*.", "db:notaport", "[::1", "[::1]x"}) {
    PgOptions options;
    options.allowed_hosts = {bad};
    EXPECT_EQ(PgSourcePolicy::Create(options, "/").status().code(), StatusCode::kInvalidArgument)
        << bad;
  }
  PgOptions roots;
  roots.ssl_file_roots = {"/no/such/dir/anywhere"};
  EXPECT_EQ(PgSourcePolicy::Create(roots, "/").status().code(), StatusCode::kInvalidArgument);
}

TEST(PgSourcePolicyTest, SslFilesMustLieUnderTheFileRoots) {
  std::string pattern = (fs::temp_directory_path() / "lh-pg-policy-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const fs::path dir = fs::canonical(pattern);
  fs::create_directories(dir / "certs");
  std::ofstream(dir / "certs/ca.pem") << "x";
  fs::create_directory_symlink("/etc", dir / "certs/etc-link");

  PgSourcePolicy none;
  EXPECT_EQ(CheckDsn(none, "host=h sslrootcert=" + (dir / "certs/ca.pem").string()).code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(CheckDsn(none, "host=h sslrootcert=system sslmode=verify-full").ok());

  PgOptions options;
  options.ssl_file_roots = {(dir / "certs").string()};
  Result<PgSourcePolicy> policy = PgSourcePolicy::Create(options, "/");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  const std::string certs = (dir / "certs").string();
  EXPECT_TRUE(CheckDsn(*policy, "host=h sslrootcert=" + certs + "/ca.pem").ok());
  EXPECT_TRUE(
      CheckDsn(*policy, "host=h sslcert=" + certs + "/client.pem sslkey=" + certs + "/client.key")
          .ok());
  for (const std::string& escape : {
           std::string("sslkey=/etc/ssl/private/ssl-cert-snakeoil.key"),
           "sslrootcert=" + certs + "/../../../../etc/passwd",
           "sslcert=" + certs + "/etc-link/passwd",  // a symlink leading out
           std::string("sslcrl=relative/crl.pem"),
           std::string("sslcrldir=/proc/self"),
       }) {
    EXPECT_EQ(CheckDsn(*policy, "host=h " + escape).code(), StatusCode::kPermissionDenied)
        << escape;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lakehouse
