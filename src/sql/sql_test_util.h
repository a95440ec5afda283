// Test-only helpers for the sql/ tests: status assertions, a fresh in-memory database, and a
// temporary directory removed on destruction.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

#include "common/json.h"
#include "common/result.h"
#include "sql/connection.h"
#include "sql/database.h"
#include "sql/result_json.h"

#define LH_ASSERT_OK(expr)                                     \
  do {                                                         \
    ::lakehouse::Status lh_s_ = ::lakehouse::ToStatus((expr)); \
    ASSERT_TRUE(lh_s_.ok()) << lh_s_.ToString();               \
  } while (0)

#define LH_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  LH_ASSERT_OK_AND_ASSIGN_IMPL(LH_CONCAT(lh_test_result_, __LINE__), lhs, expr)
#define LH_ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  ASSERT_TRUE(tmp.ok()) << tmp.status().ToString();  \
  lhs = std::move(tmp).value()

namespace lakehouse::testing {

// A directory under the system temp dir, unique per instance, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lh_sql_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// An in-memory database with one connection.
class SqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(DuckDbOptions{});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(db).value());
    auto conn = db_->Connect();
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_.emplace(std::move(conn).value());
  }

  // The whole result as {"columns","rows","row_count","truncated"}, or {"error": "..."}.
  Json QueryJson(const std::string& sql, int64_t max_rows = -1) {
    auto result = conn_->Query(sql);
    if (!result.ok()) return {{"error", result.status().ToString()}};
    return ResultToJson(*result, max_rows);
  }
  // The first row of a query as a JSON array.
  Json Row(const std::string& sql) {
    Json all = QueryJson(sql);
    if (!all.contains("rows") || all["rows"].empty()) return all;
    return all["rows"][0];
  }

  std::optional<Database> db_;
  std::optional<Connection> conn_;
};

}  // namespace lakehouse::testing
