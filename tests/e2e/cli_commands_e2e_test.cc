// End-to-end: each family of table-declared CLI commands (datasets, rows, compact, cache, jobs,
// index patch, search-batch, buckets, objects, storage errors, ai, health/metrics/openapi) run as
// the real binary against the real server; and every route in the server's OpenAPI document is
// called by some command (or is excluded with a reason), so the CLI cannot fall behind the API.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "cli/command_table.h"
#include "tests/support/e2e_util.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::RunCli;

bool Has(const std::string& out, const std::string& part) {
  return out.find(part) != std::string::npos;
}

class CliCommandsE2E : public testing::ServerTest {
 protected:
  std::pair<int, std::string> Cli(const std::string& args) {
    return RunCli(args + " --server " + server_->base_url());
  }
  Json CliJson(const std::string& args) {
    auto [code, out] = Cli(args + " --json");
    EXPECT_EQ(code, 0) << args << "\n" << out;
    auto json = ParseJson(out);
    EXPECT_TRUE(json.ok()) << args << "\n" << out;
    return json.ok() ? *json : Json();
  }
  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = scratch_.Join(name);
    std::ofstream(path) << content;
    return path;
  }
  void IngestOrders() {
    auto [code, out] = Cli("ingest " +
                           WriteFile("orders.csv",
                                     "id,city,note\n1,Oslo,lake house\n2,Rome,"
                                     "old town\n3,Lima,sea view\n4,Nice,beach\n") +
                           " --dataset orders --key id");
    ASSERT_EQ(code, 0) << out;
  }
};

TEST_F(CliCommandsE2E, DatasetsVersionsPatchSchemaDiffResyncAndDelete) {
  IngestOrders();
  auto [versions_code, versions] = Cli("datasets versions orders");
  EXPECT_EQ(versions_code, 0) << versions;
  EXPECT_TRUE(Has(versions, "VERSION") && Has(versions, "OPERATION")) << versions;

  Json patched = CliJson(
      "datasets patch orders --owner finance --add-tags pii,eu "
      "--column-description 'city=Where it ships'");
  EXPECT_EQ(patched["owner"], "finance");
  EXPECT_EQ(patched["tags"], Json::parse(R"(["eu","pii"])")) << patched;
  auto [empty_patch, empty_out] = Cli("datasets patch orders");
  EXPECT_EQ(empty_patch, 2) << empty_out;

  // schema-diff against an object in the bucket: a file with one more column.
  auto [put_code, put] = Cli("objects put primary raw/orders-2.csv " +
                             WriteFile("orders-2.csv", "id,city,note,total\n5,Kyiv,x,9.5\n"));
  ASSERT_EQ(put_code, 0) << put;
  Json diff = CliJson("datasets schema-diff orders --against raw/orders-2.csv");
  EXPECT_TRUE(Has(DumpJson(diff), "total")) << diff;
  EXPECT_EQ(Cli("datasets schema-diff orders").first, 2);  // --against is required

  EXPECT_EQ(Cli("datasets resync orders").first, 0);
  EXPECT_EQ(Cli("datasets resync-missing").first, 0);
  auto [stats_code, stats] = Cli("datasets stats");
  EXPECT_EQ(stats_code, 0) << stats;

  auto [delete_code, deleted] = Cli("datasets delete orders --yes");
  EXPECT_EQ(delete_code, 0) << deleted;
  EXPECT_EQ(Cli("datasets show orders").first, 1);
}

TEST_F(CliCommandsE2E, RowsDeleteTombstonesByKeyAndCompactAppliesThem) {
  IngestOrders();
  auto [code, out] = Cli("rows delete orders --key-column id --keys 2,3 --reason 'customer asked'");
  EXPECT_EQ(code, 0) << out;
  EXPECT_TRUE(Has(out, "deleted 2 rows of 'orders'")) << out;
  auto [count_code, count] = Cli("sql 'SELECT count(*) AS n FROM orders' --csv");
  EXPECT_EQ(count, "n\n2\n");
  Json tombstones = CliJson("rows tombstones orders");
  EXPECT_EQ(tombstones["tombstones"].size(), 2u) << tombstones;
  // A key that matches nothing: the others are deleted, the exit code says something was off.
  auto [partial_code, partial] = Cli("rows delete orders --key-column id --keys 4,404");
  EXPECT_EQ(partial_code, 1) << partial;
  EXPECT_TRUE(Has(partial, "404")) << partial;
  EXPECT_EQ(Cli("rows delete orders --key-column id").first, 2);  // no keys

  auto [compact_code, compacted] = Cli("compact orders");
  EXPECT_EQ(compact_code, 0) << compacted;
  EXPECT_TRUE(Has(compacted, "compacted 'orders': 1 rows")) << compacted;
}

TEST_F(CliCommandsE2E, CachePinStatsEvict) {
  IngestOrders();
  EXPECT_EQ(CliJson("cache pin orders")["dataset"], "orders");
  auto [stats_code, stats] = Cli("cache stats");
  EXPECT_EQ(stats_code, 0) << stats;
  EXPECT_TRUE(Has(stats, "hot cache:") && Has(stats, "orders") && Has(stats, "result cache:"))
      << stats;
  EXPECT_EQ(CliJson("cache evict orders")["evicted"], "orders");
  EXPECT_EQ(Cli("cache evict nope").first, 1);
}

TEST_F(CliCommandsE2E, JobsIndexPatchAndSearchBatch) {
  IngestOrders();
  Json started = CliJson(
      "index create orders_idx --dataset orders --id-column id --text-column note "
      "--model builtin/hash-v1");
  ASSERT_TRUE(started["job_id"].is_string()) << started;
  const std::string job = started["job_id"];
  auto [follow_code, follow] = Cli("jobs follow " + job);
  EXPECT_EQ(follow_code, 0) << follow;
  EXPECT_TRUE(Has(follow, "succeeded")) << follow;
  auto [list_code, list] = Cli("jobs list --limit 5");
  EXPECT_EQ(list_code, 0) << list;
  EXPECT_TRUE(Has(list, job)) << list;
  EXPECT_EQ(CliJson("jobs show " + job)["state"], "succeeded");
  // Cancelling a finished job: the server's answer (0) or its refusal (1), never a usage error.
  const int cancel = Cli("jobs cancel " + job).first;
  EXPECT_TRUE(cancel == 0 || cancel == 1) << cancel;
  EXPECT_EQ(Cli("jobs show no-such-job").first, 1);

  Json patched = CliJson("index patch orders_idx --ef-search 48 --policy on_append");
  EXPECT_EQ(patched["rebuild"], false) << patched;
  EXPECT_EQ(patched["hnsw"]["ef_search"], 48) << patched;
  EXPECT_EQ(Cli("index patch orders_idx --cron '0 3 * * *' --policy manual").first, 2);
  EXPECT_EQ(Cli("index patch orders_idx").first, 2);
  // The refresh policy with its cron, and a model change (a shadow rebuild, followed to its swap).
  Json scheduled = CliJson("index patch orders_idx --policy scheduled --cron '0 3 * * *'");
  EXPECT_EQ(scheduled["refresh_policy"]["mode"], "scheduled") << scheduled;
  EXPECT_EQ(scheduled["refresh_policy"]["cron"], "0 3 * * *") << scheduled;
  auto [model_code, remodelled] =
      Cli("index patch orders_idx --model builtin/use-lite-v1 --hnsw-m 12 --wait");
  EXPECT_EQ(model_code, 0) << remodelled;
  Json shown = CliJson("index show orders_idx");
  EXPECT_EQ(shown["model"], "builtin/use-lite-v1") << shown;
  EXPECT_EQ(shown["hnsw"]["m"], 12) << shown;

  const std::string queries = WriteFile("queries.txt", "lake house\n{\"query\": \"beach\"}\n");
  auto [batch_code, batch] = Cli("search-batch orders_idx --file " + queries + " --k 1");
  EXPECT_EQ(batch_code, 0) << batch;
  EXPECT_TRUE(Has(batch, "lake house") && Has(batch, "beach")) << batch;
  Json batch_json = CliJson("search-batch orders_idx --file " + queries + " --k 2");
  EXPECT_EQ(batch_json["results"].size(), 2u) << batch_json;
}

TEST_F(CliCommandsE2E, BucketsObjectsStorageErrorsAndTheServer) {
  auto [list_code, list] = Cli("buckets");
  EXPECT_EQ(list_code, 0) << list;
  EXPECT_TRUE(Has(list, "primary")) << list;
  const std::string root = scratch_.Join("extra-bucket");
  auto [create_code, created] = Cli("buckets create extra --root " + root);
  if (create_code == 0) {
    EXPECT_TRUE(Has(Cli("buckets list").second, "extra"));
    EXPECT_EQ(Cli("buckets delete extra").first, 0);
  } else {
    // A root outside storage.allowed_roots is the server's no, with its reason.
    EXPECT_EQ(create_code, 1) << created;
  }
  auto [health_code, health] = Cli("buckets health");
  EXPECT_EQ(health_code, 0) << health;
  EXPECT_TRUE(Has(health, "REACHABLE")) << health;
  EXPECT_EQ(Cli("storage errors --limit 5").first, 0);

  const std::string file = WriteFile("hello.txt", "hello, bucket\n");
  EXPECT_EQ(Cli("objects put primary notes/hello.txt " + file).first, 0);
  auto [ls_code, ls] = Cli("objects list primary --prefix notes/");
  EXPECT_TRUE(Has(ls, "notes/hello.txt")) << ls;
  auto [get_code, got] = Cli("objects get primary notes/hello.txt");
  EXPECT_EQ(got, "hello, bucket\n");
  EXPECT_EQ(Cli("objects delete primary notes/hello.txt").first, 0);
  EXPECT_EQ(Cli("objects get primary notes/hello.txt").first, 1);

  auto [h_code, h] = Cli("health");
  EXPECT_EQ(h_code, 0) << h;
  EXPECT_TRUE(Has(h, "ready:") && Has(h, "true")) << h;
  auto [m_code, metrics] = Cli("metrics");
  EXPECT_EQ(m_code, 0);
  EXPECT_TRUE(Has(metrics, "# TYPE")) << metrics.substr(0, 300);
  auto [o_code, doc] = Cli("openapi");
  EXPECT_EQ(o_code, 0);
  EXPECT_TRUE(ParseJson(doc).ok());
  EXPECT_TRUE(Has(Cli("openapi --html").second, "<html")) << "the /docs page";
  auto [config_code, config] = Cli("server-config");
  EXPECT_EQ(config_code, 0) << config;
  EXPECT_TRUE(Has(config, "\"query_timeout_ms\"")) << config.substr(0, 300);

  auto [embed_code, embedded] = Cli("ai embed 'hello world' --model builtin/hash-v1");
  EXPECT_EQ(embed_code, 0) << embedded;
  EXPECT_EQ(embedded.front(), '[') << embedded;
}

// Every route the server documents is called by some command, or is excluded with a reason.
TEST_F(CliCommandsE2E, EveryRouteIsReachableFromSomeCommand) {
  std::set<std::string> covered;
  for (const CommandSpec& spec : CommandTable())
    covered.insert(spec.routes.begin(), spec.routes.end());
  for (const RouteExclusion& e : RoutesWithoutCommand()) {
    EXPECT_FALSE(e.reason.empty()) << e.route;
    covered.insert(e.route);
  }
  Json doc = Body(c().Get("/openapi.json"));
  std::set<std::string> served;
  for (auto path = doc["paths"].begin(); path != doc["paths"].end(); ++path) {
    for (auto op = path.value().begin(); op != path.value().end(); ++op) {
      if (!op.value().is_object()) continue;
      std::string method = op.key();
      for (char& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      const std::string pattern = op.value().value("x-path-pattern", path.key());
      served.insert(method + " " + pattern);
      EXPECT_TRUE(covered.count(method + " " + pattern))
          << method << " " << pattern << " has no CLI command: add one to the command table "
          << "(src/cli/*_command.cc) or a justified RoutesWithoutCommand() entry";
    }
  }
  EXPECT_GT(served.size(), 40u);
  // And no command names a route the server does not have.
  for (const std::string& route : covered) EXPECT_TRUE(served.count(route)) << route;
}

}  // namespace
}  // namespace lakehouse
