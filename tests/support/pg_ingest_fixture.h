// PgIngestTest: the fixture of the PostgreSQL ingest end-to-end tests. One real PostgreSQL per
// test suite (tests/support/postgres_server.h, stopped also when a test fails) and a fresh
// `lakehouse serve` per test whose postgres.password_file knows the superuser's password, so a
// DSN without a password works (PasswordDsn() has one, NoPasswordDsn() has none).
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
#include "tests/support/postgres_server.h"
#include "tests/support/server_test.h"

namespace lakehouse::testing {

class PgIngestTest : public ServerTest {
 protected:
  static void SetUpTestSuite() {
    auto pg = PostgresServer::Start();
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    pg_ = std::move(*pg).release();
  }
  static void TearDownTestSuite() {
    delete pg_;
    pg_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(pg_, nullptr);
    ServerTest::SetUp();
  }

  ServerProcessOptions ServerOptions() override {
    const std::string path = scratch_.Join("pgpass");
    {
      std::ofstream out(path);
      out << "127.0.0.1:" << pg_->port() << ":*:" << pg_->user() << ":" << pg_->password() << "\n";
    }
    chmod(path.c_str(), 0600);  // libpq ignores a password file others can read
    ServerProcessOptions options;
    options.env["LAKEHOUSE_POSTGRES_PASSWORD_FILE"] = path;
    return options;
  }

  std::string NoPasswordDsn(const std::string& user = "",
                            const std::string& database = "postgres") {
    return "postgresql://" + (user.empty() ? pg_->user() : user) +
           "@127.0.0.1:" + std::to_string(pg_->port()) + "/" + database;
  }

  // POST /ingest/db (?wait=true unless `wait` is false), with the superuser's DSN unless `body`
  // has one.
  Result<ClientResponse> Pull(Json body, bool wait = true) {
    if (!body.contains("dsn")) body["dsn"] = pg_->Dsn();
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
  // Polls GET /jobs/{id} until the job ends (or ~30 s pass); returns its last state.
  Json WaitForJob(const std::string& id) {
    Json job;
    for (int i = 0; i < 600; ++i) {
      job = Body(c().Get("/jobs/" + id));
      if (job["state"] == "succeeded" || job["state"] == "failed" || job["state"] == "cancelled") {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return job;
  }
  void ExpectNoPassword(const std::string& text) {
    EXPECT_EQ(text.find(pg_->password()), std::string::npos) << text;
  }

  static inline PostgresServer* pg_ = nullptr;
};

}  // namespace lakehouse::testing
