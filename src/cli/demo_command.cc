// `lakehouse demo staffing`: loads the staffing reference domain (cli/staffing_data.h) into a
// running server and sets up what the agents of the system we rebuild use: sensitivity on contact
// data, an index over résumé summaries, the six tools of the seed, an agent role that sees contact
// data masked, and an AI-safe view (issue 21); the datasets are pinned in the hot cache. Tables go
// up as Parquet (cli/staffing_parquet.h). Re-runnable: datasets are replaced, tools redefined,
// existing roles, views and indexes kept.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/staffing_data.h"
#include "cli/staffing_parquet.h"
#include "common/clock.h"

namespace lakehouse {
namespace {

const std::vector<std::string> kTables = {"candidates",        "clients",    "recruiters",
                                          "job_orders",        "placements", "call_logs",
                                          "candidate_activity"};

Json Param(const std::string& type, const std::string& description, Json extra = Json::object()) {
  extra["type"] = type;
  extra["description"] = description;
  return extra;
}

// The index over résumé summaries, with the smallest HNSW graph worth building. Over 100K
// builtin/hash-v1 vectors of these short, formulaic summaries the recall tuner serves exact search
// whatever the graph (exact is no slower than HNSW at recall@10 0.95: unfiltered 67 ms vs 348 ms
// with M 16 / ef_construction 64 at load 17; the tools filter by city, where both take the same
// time), so the graph's build is the cost that matters: M 8 / ef_construction 32 builds in
// 88–111 s where the defaults (16 / 200) took 235–491 s under the same load (docs/PERFORMANCE.md).
constexpr int kIndexM = 8;
constexpr int kIndexEfConstruction = 32;

// A private scratch directory (mode 0700) for the Parquet files, removed on every way out; ok() is
// false when it could not be made.
class ScratchDir {
 public:
  ScratchDir() {
    std::error_code ec;
    std::string pattern =
        (std::filesystem::temp_directory_path(ec) / "lakehouse-demo-XXXXXX").string();
    if (!ec && mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (ok()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  bool ok() const { return !path_.empty(); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

std::vector<Json> SeedTools(int64_t activity) {
  return {
      {{"name", "search_candidates"},
       {"description",
        "Candidates whose résumé is closest to a text (e.g. a job description), optionally in "
        "a city and vertical"},
       {"kind", "search"},
       {"index", "candidates_resume"},
       {"query_param", "query"},
       {"filters",
        {{{"column", "city"}, {"param", "city"}}, {{"column", "vertical"}, {"param", "vertical"}}}},
       {"columns",
        {"candidate_id", "first_name", "last_name", "city", "vertical", "years_experience",
         "status"}},
       {"max_rows", 20},
       {"parameters",
        {{"query", Param("string", "what to look for", {{"required", true}})},
         {"city", Param("string", "only candidates in this city")},
         {"vertical", Param("string", "only this vertical",
                            {{"enum", {"IT", "Healthcare", "Finance", "Industrial", "Admin"}}})}}}},
      {{"name", "get_candidate"},
       {"description", "One candidate's profile"},
       {"sql", "SELECT * FROM candidates WHERE candidate_id = $candidate_id"},
       {"max_rows", 1},
       {"parameters",
        {{"candidate_id",
          Param("integer", "the candidate", {{"required", true}, {"minimum", 1}})}}}},
      {{"name", "revenue_by_client"},
       {"description", "Placements and weekly billing (40 h) per client, highest first"},
       {"sql",
        "SELECT c.client_id, c.name, count(*) AS placements, round(sum(p.bill_rate) * 40, 2) AS "
        "weekly_billing FROM placements p JOIN clients c ON c.client_id = p.client_id WHERE "
        "p.start_date >= $since GROUP BY ALL ORDER BY weekly_billing DESC"},
       {"max_rows", 50},
       {"parameters",
        {{"since", Param("string", "placements starting on or after (YYYY-MM-DD)",
                         {{"default", "2024-01-01"}})}}}},
      {{"name", "recruiter_performance"},
       {"description", "Placements, billing and calls per recruiter"},
       {"sql",
        // Each table aggregated once by recruiter, then joined (three correlated subqueries
        // per recruiter were 250 ms at 100K candidates).
        "SELECT r.recruiter_id, r.name, r.team, coalesce(p.placements, 0) AS placements, "
        "coalesce(p.bill_rate_total, 0) AS bill_rate_total, coalesce(l.calls, 0) AS calls FROM "
        "recruiters r LEFT JOIN (SELECT recruiter_id, count(*) AS placements, "
        "round(sum(bill_rate), 2) AS bill_rate_total FROM placements GROUP BY recruiter_id) p ON "
        "p.recruiter_id = r.recruiter_id LEFT JOIN (SELECT recruiter_id, count(*) AS calls FROM "
        "call_logs GROUP BY recruiter_id) l ON l.recruiter_id = r.recruiter_id ORDER BY "
        "{{order_by}} DESC, r.recruiter_id"},
       {"max_rows", 100},
       {"parameters",
        {{"order_by", Param("string", "rank by",
                            {{"enum", {"placements", "bill_rate_total", "calls"}},
                             {"default", "placements"}})}}}},
      {{"name", "cold_leads"},
       {"description", "Candidates called at least min_calls times and never placed"},
       {"sql",
        // From the per-candidate call summary kept with the call log (candidate_activity, 100K
        // rows), not by aggregating the 2.6M calls on every call: that hash aggregate alone was
        // 0.2–0.4 s at 100K candidates. The top rows are picked from the narrow summary first and
        // names joined to those only (joining first scanned every candidate's strings: 20 vs 13
        // ms of CPU); LIMIT is max_rows + 1 so the call still says when it was truncated. Same
        // rows as the aggregate over call_logs (tools_e2e_test checks them).
        "SELECT c.candidate_id, c.first_name, c.last_name, c.city, c.vertical, a.calls FROM "
        "(SELECT a.candidate_id, a.calls FROM candidate_activity a WHERE a.calls >= $min_calls "
        "AND NOT EXISTS (SELECT 1 FROM placements p WHERE p.candidate_id = a.candidate_id) ORDER "
        "BY a.calls DESC, a.candidate_id LIMIT 101) a JOIN candidates c ON c.candidate_id = "
        "a.candidate_id ORDER BY a.calls DESC, c.candidate_id"},
       {"max_rows", 100},
       {"parameters",
        {{"min_calls",
          Param("integer", "calls at least", {{"default", 5 * activity}, {"minimum", 1}})}}}},
      {{"name", "open_jobs"},
       {"description", "Open job orders, best paying first, optionally in a city"},
       {"sql",
        "SELECT j.job_id, j.title, j.vertical, j.city, j.state, j.bill_rate, c.name AS client "
        "FROM job_orders j JOIN clients c ON c.client_id = j.client_id WHERE j.status = 'open' "
        "AND ($city IS NULL OR j.city = $city) ORDER BY j.bill_rate DESC"},
       {"max_rows", 50},
       {"parameters", {{"city", Param("string", "only jobs in this city")}}}},
  };
}

// One request; OK when 2xx or one of `tolerated` (e.g. 409 on a re-run).
int Step(HttpClient& client, const std::string& what, Result<ClientResponse> r,
         std::initializer_list<int> tolerated = {}) {
  if (!r.ok()) {
    std::cerr << "lakehouse: " << what << ": " << r.status().message() << "\n";
    return kExitUnreachable;
  }
  if (r->status / 100 == 2) return kExitOk;
  for (int status : tolerated) {
    if (r->status == status) return kExitOk;
  }
  std::cerr << "lakehouse: " << what << ": " << HttpErrorMessage(*r, client.base_url()) << "\n";
  return kExitRequestFailed;
}

int Staffing(const Invocation& in) {
  const int64_t candidates = in.Int("--candidates").value_or(100'000);
  if (candidates < 10 || candidates > 5'000'000) {
    return UsageError("--candidates must be in [10, 5000000]");
  }
  const int64_t activity = in.Int("--activity").value_or(8);
  if (activity < 1 || activity > 100) return UsageError("--activity must be in [1, 100]");
  HttpClientOptions options;
  options.api_key = in.server().api_key;
  // Uploads of the larger tables and pins under load take minutes (docs/PERFORMANCE.md).
  options.read_timeout = std::chrono::milliseconds(3'600'000);
  auto made = HttpClient::Create(in.server().server, options);
  if (!made.ok()) return UsageError(made.status().message());
  HttpClient& client = **made;
  SystemClock clock;
  const int64_t started = clock.MonotonicMicros();
  auto elapsed = [&] { return std::to_string((clock.MonotonicMicros() - started) / 1000) + " ms"; };

  std::vector<StaffingTable> tables = GenerateStaffingData(
      candidates, static_cast<uint64_t>(in.Int("--seed").value_or(42)), activity);
  std::cout << "generated (" << elapsed() << ")" << std::endl;
  std::string index_job;  // the résumé index's build, when this run started one
  ScratchDir scratch;
  if (!scratch.ok()) {
    std::cerr << "lakehouse: cannot make a scratch directory for the Parquet files\n";
    return kExitRequestFailed;
  }
  for (StaffingTable& table : tables) {
    const std::string file = scratch.File(table.name + ".parquet");
    if (Status written = WriteStaffingParquet(table, file); !written.ok()) {
      std::cerr << "lakehouse: writing " << table.name << ": " << written.message() << "\n";
      return kExitRequestFailed;
    }
    const StaffingTable done{table.name, table.key, {}, table.rows};
    table = StaffingTable();  // the file holds the rows now
    std::vector<MultipartItem> items = {
        {"dataset", done.name, "", "", ""},
        {"mode", "replace", "", "", ""},
        {"key", done.key, "", "", ""},
        {"file", "", done.name + ".parquet", "application/vnd.apache.parquet", file}};
    if (int code =
            Step(client, "ingest " + done.name, client.PostMultipart("/ingest/file", items))) {
      return code;
    }
    std::cout << "ingested " << done.name << ": " << done.rows << " rows (" << elapsed() << ")"
              << std::endl;
    // The index over résumés (the longest step) builds as a job while the other tables go up and
    // are pinned; 409: it exists already (a re-run keeps it).
    if (done.name == "candidates") {
      Result<ClientResponse> started =
          client.PostJson("/vectors/index",
                          {{"index_name", "candidates_resume"},
                           {"dataset", "candidates"},
                           {"id_column", "candidate_id"},
                           {"text_column", "resume_summary"},
                           {"model", in.Get("--model", "builtin/hash-v1")},
                           {"hnsw", {{"m", kIndexM}, {"ef_construction", kIndexEfConstruction}}}});
      if (started.ok() && started->status == 202) {
        index_job = started->JsonBody().value_or(Json::object()).value("job_id", "");
      }
      if (int code = Step(client, "index candidates_resume", std::move(started), {409})) {
        return code;
      }
    }
  }
  // The datasets as in-memory tables of the query database (the hot cache): tool calls then scan
  // memory, not Parquet, and repeated calls with the same arguments hit the result cache.
  for (const std::string& name : kTables) {
    if (int code =
            Step(client, "pin " + name, client.PostJson("/query/cache/pin", {{"dataset", name}}))) {
      return code;
    }
  }
  std::cout << "pinned the " << kTables.size() << " datasets in the hot cache (" << elapsed() << ")"
            << std::endl;
  const Json contact = {{"sensitivity", "confidential"}};
  if (int code =
          Step(client, "sensitivity",
               client.Send(HttpMethod::kPatch, "/catalog/datasets/by-name/candidates/metadata",
                           DumpJson({{"tags", {"hr", "staffing"}},
                                     {"columns",
                                      {{"email", contact},
                                       {"phone", contact},
                                       {"resume_summary", {{"sensitivity", "internal"}}}}}}),
                           "application/json"))) {
    return code;
  }
  Json grants = Json::array();
  std::vector<std::string> targets = kTables;
  targets.push_back("candidates_ai");  // the AI-safe view below
  for (const std::string& t : targets) {
    grants.push_back({{"target", t}, {"permission", "read"}, {"max_unmasked", "internal"}});
  }
  if (int code =
          Step(client, "role staffing_agent",
               client.PostJson("/access/roles", {{"name", "staffing_agent"},
                                                 {"description", "agents: contact data masked"},
                                                 {"grants", grants}}),
               {409})) {
    return code;
  }
  if (int code = Step(client, "AI-safe view candidates_ai",
                      client.PostJson("/access/views",
                                      {{"name", "candidates_ai"},
                                       {"base_dataset", "candidates"},
                                       {"columns",
                                        {"candidate_id", "first_name", "city", "state", "vertical",
                                         "skills", "years_experience", "status"}}}),
                      {409})) {
    return code;
  }
  // The index build started after the candidates went up; the search tool needs it ready.
  if (!index_job.empty()) {
    Json built;
    if (int code = WaitForJob(in.server(), index_job, "index candidates_resume", false, &built)) {
      return code;
    }
  }
  std::cout << "index candidates_resume ready (" << elapsed() << ")" << std::endl;
  for (const Json& tool : SeedTools(activity)) {
    const std::string name = tool["name"].get<std::string>();
    (void)client.Send(HttpMethod::kDelete, "/tools/" + name);
    if (int code = Step(client, "tool " + name, client.PostJson("/tools", tool))) return code;
  }
  std::cout << "tools: search_candidates, get_candidate, revenue_by_client, "
               "recruiter_performance, cold_leads, open_jobs\n"
            << "role staffing_agent (contact data masked), AI-safe view candidates_ai\n"
            << "done in " << elapsed() << ". Try: lakehouse tools call cold_leads\n";
  return kExitOk;
}

}  // namespace

std::vector<CommandSpec> DemoCommands() {
  return {
      {"demo",
       "Load a demo domain into the server",
       "lakehouse demo staffing …",
       {},
       {},
       "lakehouse demo staffing --candidates 10000",
       {},
       nullptr},
      {"demo staffing",
       "The staffing reference domain: seven datasets, an index, six tools, an agent role",
       "lakehouse demo staffing [--candidates N] [--activity A] [--seed S] [--model M]",
       {},
       {{"--candidates", FlagType::kInt, "Candidates to generate (default 100000)"},
        {"--seed", FlagType::kInt, "Seed (default 42): the same seed, the same rows"},
        {"--activity", FlagType::kInt,
         "Call-log volume, 1 … 100 (default 8: ≈ 26 calls per candidate, 2.6M related rows "
         "at 100K candidates; 1: ≈ 3.3)"},
        {"--model", FlagType::kString, "Embedding model of the index (default builtin/hash-v1)"}},
       "lakehouse demo staffing --candidates 10000",
       {"POST /ingest/file", "POST /query/cache/pin",
        "PATCH /catalog/datasets/by-name/{name}/metadata", "POST /access/roles",
        "POST /access/views", "POST /vectors/index", "DELETE /tools/{name}", "POST /tools",
        "GET /jobs/{id}"},
       Staffing},
  };
}

}  // namespace lakehouse
