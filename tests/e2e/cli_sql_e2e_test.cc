// End-to-end: `lakehouse sql` as the real binary against the real server — the table, JSON, CSV
// and Parquet outputs, bound parameters, the paged API, the shell reading piped input (meta
// commands, multi-line statements, a failing statement's exit code), and the documented exit
// codes of bad usage, an unknown dataset and a server that is down. Also: every command's --help.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cli/command_table.h"
#include "cli/sql_shell.h"
#include "tests/support/e2e_util.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::RunCli;

bool Has(const std::string& out, const std::string& part) {
  return out.find(part) != std::string::npos;
}

class CliSqlE2E : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    Register("orders",
             "SELECT * FROM (VALUES (1, 'lake', 9.5), (2, '東京', NULL), (3, 'Zürich', 3.25)) "
             "t(id, city, total)");
  }
  std::pair<int, std::string> Cli(const std::string& args) {
    return RunCli(args + " --server " + server_->base_url());
  }
  // Runs `lakehouse sql` with `input` on its stdin (a pipe, so the shell reads statements).
  std::pair<int, std::string> Shell(const std::string& input) {
    const std::string path = scratch_.Join("input.sql");
    std::ofstream(path) << input;
    return RunCli("sql --server " + server_->base_url() + " < " + path);
  }
};

TEST_F(CliSqlE2E, StatementPrintsAnAlignedTableWithNulls) {
  auto [code, out] = Cli("sql 'SELECT id, city, total FROM orders ORDER BY id'");
  EXPECT_EQ(code, 0) << out;
  EXPECT_TRUE(Has(out, " id | city   | total\n")) << out;
  EXPECT_TRUE(Has(out, "  2 | 東京   | ")) << out;
  EXPECT_TRUE(Has(out, "NULL")) << out;
  EXPECT_TRUE(Has(out, "(3 rows)")) << out;
}

TEST_F(CliSqlE2E, JsonCsvAndParquetOutputs) {
  auto [json_code, json] = Cli("sql 'SELECT id FROM orders ORDER BY id' --json");
  ASSERT_EQ(json_code, 0) << json;
  auto parsed = ParseJson(json);
  ASSERT_TRUE(parsed.ok()) << json;
  EXPECT_EQ((*parsed)["rows"], Json::parse("[[1],[2],[3]]"));

  auto [csv_code, csv] = Cli("sql 'SELECT id, city FROM orders ORDER BY id' --csv");
  EXPECT_EQ(csv_code, 0) << csv;
  EXPECT_EQ(csv, "id,city\n1,lake\n2,東京\n3,Zürich\n");

  const std::string file = scratch_.Join("out.parquet");
  auto [pq_code, pq] = Cli("sql 'SELECT * FROM orders' --parquet " + file);
  EXPECT_EQ(pq_code, 0) << pq;
  std::ifstream in(file, std::ios::binary);
  std::string magic(4, '\0');
  in.read(magic.data(), 4);
  EXPECT_EQ(magic, "PAR1");
  auto [both_code, both] = Cli("sql 'SELECT 1' --json --csv");
  EXPECT_EQ(both_code, 2) << both;
}

TEST_F(CliSqlE2E, ParamsAreBoundWithTheirTypes) {
  auto [code, out] =
      Cli("sql 'SELECT city FROM orders WHERE id = $id AND city <> $not' "
          "--param id=3 --param not=lake --json");
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(ParseJson(out)->at("rows"), Json::parse(R"([["Zürich"]])")) << out;
  auto [bad_code, bad] = Cli("sql 'SELECT $x' --param novalue");
  EXPECT_EQ(bad_code, 2) << bad;
  EXPECT_TRUE(Has(bad, "NAME=VALUE")) << bad;
}

TEST_F(CliSqlE2E, PageSizeFetchesEveryPage) {
  auto [code, out] = Cli("sql 'SELECT * FROM range(25) t(i)' --page-size 10 --json");
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(ParseJson(out)->at("rows").size(), 25u) << out;
}

// Tab completion in the shell offers the datasets' and their columns' names from the catalog
// (issue 24), besides the shell's commands and SQL keywords; with no server, only the latter.
TEST_F(CliSqlE2E, TabCompletionOffersDatasetAndColumnNames) {
  auto contains = [](const std::vector<std::string>& words, const std::string& word) {
    return std::find(words.begin(), words.end(), word) != words.end();
  };
  ServerClientOptions options;
  options.server = server_->base_url();
  const std::vector<std::string> words = CompletionWordsFor(options);
  for (const char* word : {"orders", "id", "city", "total", "SELECT", "select", "\\timing"}) {
    EXPECT_TRUE(contains(words, word)) << word;
  }
  options.server = "http://127.0.0.1:1";
  const std::vector<std::string> offline = CompletionWordsFor(options);
  EXPECT_TRUE(contains(offline, "SELECT"));
  EXPECT_FALSE(contains(offline, "orders"));
}

TEST_F(CliSqlE2E, PipedShellRunsMetaCommandsAndMultiLineStatements) {
  auto [code, out] = Shell(
      "\\d\n"
      "SELECT city\n"
      "  FROM orders   -- a comment; not the end\n"
      "  WHERE id = 3;\n"
      ".schema orders\n"
      "\\timing on\n"
      "SELECT 'a;b' AS s; SELECT 42 AS answer;\n"
      "\\q\n"
      "SELECT 'never run';\n");
  EXPECT_EQ(code, 0) << out;
  EXPECT_TRUE(Has(out, " orders |    3 |       3 |")) << out;  // \d
  EXPECT_TRUE(Has(out, " Zürich\n(1 row)")) << out;            // the multi-line one
  EXPECT_TRUE(Has(out, "Dataset \"orders\" (3 rows")) << out;  // .schema
  EXPECT_TRUE(Has(out, " total  | ")) << out;
  EXPECT_TRUE(Has(out, "Timing is on.")) << out;
  EXPECT_TRUE(Has(out, " a;b\n")) << out;
  EXPECT_TRUE(Has(out, "     42\n")) << out;
  EXPECT_TRUE(Has(out, "Time: ")) << out;
  EXPECT_FALSE(Has(out, "never run")) << out;
}

TEST_F(CliSqlE2E, AFailedStatementInAScriptSetsTheExitCodeAndTheRestRuns) {
  auto [code, out] = Shell("SELECT * FROM no_such_dataset;\nSELECT 7 AS after\n");
  EXPECT_EQ(code, 1) << out;
  EXPECT_TRUE(Has(out, "no_such_dataset")) << out;
  EXPECT_TRUE(Has(out, " after\n")) << out;  // the last statement runs without its ';'
  auto [echo_code, echo] =
      RunCli("sql --server " + server_->base_url(), "echo 'select 1 as one;' |");
  EXPECT_EQ(echo_code, 0) << echo;
  EXPECT_TRUE(Has(echo, " one\n")) << echo;
}

TEST_F(CliSqlE2E, ExitCodesForUsageUnknownDatasetAndServerDown) {
  EXPECT_EQ(Cli("sql 'SELECT 1' --no-such-flag").first, 2);
  EXPECT_EQ(Cli("sql 'SELECT 1' --limit lots").first, 2);
  EXPECT_EQ(Cli("jobs list --state sleeping").first, 2);
  EXPECT_EQ(Cli("rows").first, 2);  // a group without its subcommand
  auto [delete_code, delete_out] = Cli("datasets delete orders");
  EXPECT_EQ(delete_code, 2) << delete_out;  // no --yes: nothing deleted
  EXPECT_TRUE(Has(delete_out, "--yes")) << delete_out;
  EXPECT_EQ(Cli("datasets show orders").first, 0);

  auto [unknown_code, unknown] = Cli("datasets versions nope");
  EXPECT_EQ(unknown_code, 1) << unknown;
  EXPECT_TRUE(Has(unknown, "nope") && Has(unknown, "HTTP 404")) << unknown;
  EXPECT_EQ(Cli("sql 'SELECT * FROM nope'").first, 1);

  auto [down_code, down] = RunCli("sql 'SELECT 1' --server http://127.0.0.1:1");
  EXPECT_EQ(down_code, 3) << down;
  EXPECT_TRUE(Has(down, "is the server running")) << down;
  EXPECT_EQ(RunCli("jobs list --server http://127.0.0.1:1").first, 3);
  EXPECT_EQ(RunCli("datasets --server http://127.0.0.1:1").first, 3);
}

TEST(CliHelpE2E, EveryCommandHasHelpWithItsExample) {
  for (const CommandSpec& spec : CommandTable()) {
    auto [code, out] = RunCli(spec.path + " --help");
    EXPECT_EQ(code, 0) << spec.path << "\n" << out;
    EXPECT_TRUE(Has(out, "Usage: " + spec.synopsis)) << spec.path << "\n" << out;
    EXPECT_TRUE(Has(out, "Example:\n  " + spec.example)) << spec.path << "\n" << out;
  }
  auto [code, out] = RunCli("--help");
  EXPECT_EQ(code, 0);
  EXPECT_TRUE(Has(out, "Exit codes:")) << out;
}

TEST(CliHelpE2E, CompletionScriptsAndManPageComeFromTheBinary) {
  auto [bash_code, bash] = RunCli("completion bash > " + ::testing::TempDir() + "/lh.bash");
  EXPECT_EQ(bash_code, 0) << bash;
  EXPECT_EQ(std::system(("bash -n " + ::testing::TempDir() + "/lh.bash").c_str()), 0);
  auto [man_code, man] = RunCli("man");
  EXPECT_EQ(man_code, 0);
  EXPECT_EQ(man.rfind(".TH LAKEHOUSE 1", 0), 0u) << man.substr(0, 200);
  EXPECT_EQ(RunCli("completion tcsh").first, 2);
}

}  // namespace
}  // namespace lakehouse
