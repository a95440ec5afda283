// MysqlIngestTest: the fixture of the MySQL / MariaDB ingest end-to-end tests. One real MariaDB per
// test suite (tests/support/mariadb_server.h, killed also when a test fails) and a fresh
// `lakehouse serve` per test whose mysql.password_file knows the test user's password, so a DSN
// without a password works (my_->Dsn() has one, my_->NoPasswordDsn() has none).
//
// Thread-safety: externally synchronised (GoogleTest runs tests one at a time).
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "tests/support/e2e_util.h"
#include "tests/support/mariadb_server.h"
#include "tests/support/server_test.h"

namespace lakehouse::testing {

class MysqlIngestTest : public ServerTest {
 protected:
  static void SetUpTestSuite() {
    auto my = MariadbServer::Start();
    ASSERT_TRUE(my.ok()) << my.status().ToString();
    my_ = std::move(*my).release();
  }
  static void TearDownTestSuite() {
    delete my_;
    my_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(my_, nullptr);
    ServerTest::SetUp();
  }

  ServerProcessOptions ServerOptions() override {
    const std::string path = scratch_.Join("mypass");
    {
      std::ofstream out(path);
      std::string escaped;
      for (char ch : my_->password()) {
        if (ch == ':' || ch == '\\') escaped += '\\';
        escaped += ch;
      }
      out << "# host:port:database:user:password\n"
          << "127.0.0.1:" << my_->port() << ":*:" << my_->user() << ":" << escaped << "\n";
    }
    chmod(path.c_str(), 0600);
    ServerProcessOptions options;
    options.env["LAKEHOUSE_MYSQL_PASSWORD_FILE"] = path;
    return options;
  }

  // POST /ingest/db (?wait=true unless `wait` is false), with the test user's DSN unless `body`
  // has one.
  Result<ClientResponse> Pull(Json body, bool wait = true) {
    if (!body.contains("dsn")) body["dsn"] = my_->Dsn();
    return c().PostJson(wait ? "/ingest/db?wait=true" : "/ingest/db", body);
  }
  Json PullOk(Json body) {
    auto r = Pull(std::move(body));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return Json();
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r);
  }
  Json Rows(const std::string& sql) {
    auto r = c().PostJson("/query/sql", {{"sql", sql}});
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r)["rows"];
  }
  // Polls GET /jobs/{id} until the job ends (or ~60 s pass); returns its last state.
  Json WaitForJob(const std::string& id) {
    Json job;
    for (int i = 0; i < 1200; ++i) {
      job = Body(c().Get("/jobs/" + id));
      if (job["state"] == "succeeded" || job["state"] == "failed" || job["state"] == "cancelled") {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return job;
  }
  void ExpectNoPassword(const std::string& text) {
    EXPECT_EQ(text.find(my_->password()), std::string::npos) << text;
    EXPECT_EQ(text.find("pw-S3cr"), std::string::npos) << text;
  }
  // Asserts the one error shape: {"error": {"code", "message", "request_id"}}.
  void ExpectError(const Result<ClientResponse>& r, int status, const std::string& code,
                   const std::string& message_part) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, status) << r->body;
    auto body = r->JsonBody();
    ASSERT_TRUE(body.ok()) << r->body;
    ASSERT_TRUE((*body)["error"].is_object()) << r->body;
    EXPECT_EQ((*body)["error"]["code"], code) << r->body;
    EXPECT_NE((*body)["error"]["message"].get<std::string>().find(message_part), std::string::npos)
        << r->body;
    ExpectNoPassword(r->body);
  }

  static inline MariadbServer* my_ = nullptr;
};

}  // namespace lakehouse::testing
