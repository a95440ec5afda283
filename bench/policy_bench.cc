// Policy on data (issue 20): the 1M-row group-by and the 1M × 100K join of sql_bench run as a
// masked, row-filtered policy against the same statements as admin (unrestricted), interleaved in
// the same run. Both go through QueryService in-process (no HTTP: the difference is the policy's
// views alone), with the result cache bypassed so every statement executes. The restricted
// policy reads `orders` with `id` redacted (restricted column) under a row filter on `day`, and
// `customers` with `name` masked under a filter on `country`; both filters keep every row, so
// both sides aggregate the same rows and return the same result. Target: ≤ 1.10× admin.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "access/access_policy.h"
#include "access/policy_views.h"
#include "bench/bench_server.h"
#include "bench/bench_support.h"
#include "common/logging.h"
#include "server/lakehouse_server.h"
#include "sql/query_service.h"

namespace lakehouse {
namespace {

using bench::Die;

constexpr char kOrdersSelect[] = R"(
  SELECT range AS id,
         (hash(range) % 100000)::BIGINT AS customer_id,
         round((hash(range + 1) % 100000) / 100.0, 2) AS amount,
         DATE '2024-01-01' + (hash(range + 2) % 365)::INTEGER AS day
  FROM range(1000000))";
constexpr char kCustomersSelect[] = R"(
  SELECT range AS customer_id,
         ['DE','FR','US','JP','BR','IN','NG','AU'][(hash(range) % 8)::INTEGER + 1] AS country,
         'customer-' || range AS name
  FROM range(100000))";
constexpr char kGroupBySql[] =
    "SELECT day, count(*) AS n, sum(amount) AS total, avg(amount) AS mean FROM orders "
    "GROUP BY day ORDER BY day";
constexpr char kJoinSql[] =
    "SELECT c.country, count(*) AS n, sum(o.amount) AS total FROM orders o "
    "JOIN customers c ON o.customer_id = c.customer_id GROUP BY c.country ORDER BY c.country";
constexpr double kTarget = 1.10;

std::shared_ptr<const AccessPolicy> Restricted() {
  auto principal = std::make_shared<Principal>();
  principal->name = "bench-analyst";
  Grant orders;
  orders.target = "orders";
  orders.max_unmasked = Sensitivity::kConfidential;
  orders.row_filter = "day >= DATE '2024-01-01'";
  Grant customers;
  customers.target = "customers";
  customers.max_unmasked = Sensitivity::kInternal;
  customers.row_filter = "country <> 'XX'";
  return std::make_shared<AccessPolicy>(principal, false, std::vector<Grant>{orders, customers});
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void Interleaved(bench::BenchServer& server, const AccessPolicy& policy, const char* label,
                 const char* sql, int rounds) {
  QueryService* queries = server.server().queries();
  Result<std::shared_ptr<const PolicyScope>> scope =
      server.server().policy_views()->ScopeFor(policy);
  if (!scope.ok() || *scope == nullptr) Die("no policy scope: " + scope.status().ToString());
  SqlRequest admin;
  admin.sql = sql;
  admin.use_cache = false;
  SqlRequest restricted = admin;
  restricted.scope = *scope;
  using Clock = std::chrono::steady_clock;
  auto time = [&](const SqlRequest& request, std::string* rows) {
    auto t = Clock::now();
    Result<QueryAnswer> answer = queries->Query(request);
    if (!answer.ok()) Die(answer.status().ToString());
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
    // Row counts: parallel float sums may differ in the last bits between runs.
    if (rows != nullptr) *rows = std::to_string(answer->rows->row_count());
    return ms;
  };
  std::string admin_rows, restricted_rows;
  time(admin, &admin_rows);
  time(restricted, &restricted_rows);
  if (admin_rows != restricted_rows) Die(std::string(label) + ": the two policies' results differ");
  std::vector<double> admin_ms, restricted_ms;
  for (int i = 0; i < rounds + 3; ++i) {  // 3 warm-up rounds; alternate who goes first
    double a = 0, r = 0;
    if (i % 2 == 0) {
      a = time(admin, nullptr);
      r = time(restricted, nullptr);
    } else {
      r = time(restricted, nullptr);
      a = time(admin, nullptr);
    }
    if (i >= 3) {
      admin_ms.push_back(a);
      restricted_ms.push_back(r);
    }
  }
  const double a = Median(admin_ms), r = Median(restricted_ms);
  std::printf("%-44s %9.2f ms %9.2f ms   %.3fx  (%s target %.2fx)\n", label, a, r, r / a,
              r / a <= kTarget ? "meets" : "misses", kTarget);
}

}  // namespace
}  // namespace lakehouse

int main(int argc, char** argv) {
  using namespace lakehouse;
  InitLogging("warn", "text");
  int rounds = 60;
  if (argc > 1 && std::string(argv[1]).rfind("--rounds=", 0) == 0) rounds = std::stoi(argv[1] + 9);
  bench::BenchServer server("policy-bench");
  {
    bench::ScratchDb scratch;
    for (auto [name, select] :
         {std::pair{"orders", kOrdersSelect}, std::pair{"customers", kCustomersSelect}}) {
      const std::string file = (server.scratch() / (std::string(name) + ".parquet")).string();
      scratch.Execute("COPY (" + std::string(select) + ") TO '" + file + "' (FORMAT parquet)");
      server.Ingest(name, file);
    }
  }
  // `orders.id` restricted (no PII kind: null for the policy),
  // `customers.name` confidential (masked to null for an internal clearance).
  server.Call(HttpMethod::kPatch, "/catalog/datasets/by-name/orders/metadata",
              {{"columns", {{"id", {{"sensitivity", "restricted"}}}}}});
  server.Call(HttpMethod::kPatch, "/catalog/datasets/by-name/customers/metadata",
              {{"columns", {{"name", {{"sensitivity", "confidential"}}}}}});
  auto policy = Restricted();
  std::printf("policy on data, interleaved, %d rounds (median)      admin   restricted  ratio\n",
              rounds);
  Interleaved(server, *policy, "group-by over 1M orders", kGroupBySql, rounds);
  Interleaved(server, *policy, "1M x 100K join + aggregate", kJoinSql, rounds);
  return 0;
}
