// `lakehouse jobs …`: background jobs — list, show, cancel, follow until done.
#include <iostream>

#include "cli/command_table.h"
#include "cli/record_output.h"
#include "cli/server_client.h"

namespace lakehouse {
namespace {

std::string JobPath(const Invocation& in) { return "/jobs/" + UrlEncode(in.Get("ID")); }

int List(const Invocation& in) {
  std::string query;
  for (const char* name : {"state", "kind", "target", "limit"}) {
    const std::string flag = std::string("--") + name;
    if (in.Has(flag))
      query += (query.empty() ? "?" : "&") + std::string(name) + "=" + UrlEncode(in.Get(flag));
  }
  Json answer;
  if (int code = CallServer(in.server(), HttpMethod::kGet, "/jobs" + query, nullptr, &answer)) {
    return code;
  }
  if (in.Has("--json")) {
    PrintJson(answer);
    return kExitOk;
  }
  PrintRecords(answer.value("jobs", Json::array()),
               {"job_id", "kind", "target", "state", "created_at", "message"}, std::cout);
  return kExitOk;
}

int ShowJob(const Invocation& in, HttpMethod method, const std::string& path) {
  Json job;
  if (int code = CallServer(in.server(), method, path, nullptr, &job)) return code;
  if (in.Has("--json")) {
    PrintJson(job);
    return kExitOk;
  }
  Json summary = job;
  summary.erase("params");
  summary.erase("result");
  summary.erase("detail");
  summary["progress"] = ProgressText(job.value("progress", Json::object()));
  PrintFields(summary, std::cout);
  if (job.contains("result") && !job["result"].is_null()) {
    std::cout << "result:\n" << DumpJson(job["result"], 2) << "\n";
  }
  return kExitOk;
}

int Show(const Invocation& in) { return ShowJob(in, HttpMethod::kGet, JobPath(in)); }
int Cancel(const Invocation& in) { return ShowJob(in, HttpMethod::kPost, JobPath(in) + "/cancel"); }

int Follow(const Invocation& in) {
  Json result;
  const std::string what = "job " + in.Get("ID");
  if (int code = WaitForJob(in.server(), in.Get("ID"), what, !in.Has("--quiet"), &result)) {
    return code;
  }
  if (in.Has("--json")) {
    PrintJson(result);
  } else {
    std::cout << what << " succeeded\n";
    if (!result.is_null() && !result.empty()) PrintFields(result, std::cout);
  }
  return kExitOk;
}

}  // namespace

std::vector<CommandSpec> JobCommands() {
  const ArgSpec id{"ID", "Job id", true, "job"};
  return {
      {"jobs",
       "Background jobs, newest first (or: show, cancel, follow)",
       "lakehouse jobs [list|show|cancel|follow] …",
       {},
       {JsonFlag()},
       "lakehouse jobs",
       {"GET /jobs"},
       List},
      {"jobs list",
       "Background jobs, newest first",
       "lakehouse jobs list [--state S] [--kind K] [--target T] [--limit N] [--json]",
       {},
       {{"--state",
         FlagType::kChoice,
         "Only jobs in this state",
         false,
         {"queued", "running", "succeeded", "failed", "cancelled"}},
        {"--kind", FlagType::kString, "Only jobs of this kind (db_ingest, index_build, …)"},
        {"--target", FlagType::kString, "Only jobs on this dataset or index"},
        {"--limit", FlagType::kInt, "At most this many (default 100)"},
        JsonFlag()},
       "lakehouse jobs list --state running",
       {"GET /jobs"},
       List},
      {"jobs show",
       "One job: state, progress, message, error, result",
       "lakehouse jobs show ID [--json]",
       {id},
       {JsonFlag()},
       "lakehouse jobs show 3f2a…",
       {"GET /jobs/{id}"},
       Show},
      {"jobs cancel",
       "Cancel a queued job, or ask a running one to stop",
       "lakehouse jobs cancel ID [--json]",
       {id},
       {JsonFlag()},
       "lakehouse jobs cancel 3f2a…",
       {"POST /jobs/{id}/cancel"},
       Cancel},
      {"jobs follow",
       "Poll a job until it ends, with its progress on stderr; exit 1 when it failed or was "
       "cancelled",
       "lakehouse jobs follow ID [--quiet] [--json]",
       {id},
       {{"--quiet", FlagType::kBool, "No progress on stderr"}, JsonFlag()},
       "lakehouse jobs follow 3f2a…",
       {"GET /jobs/{id}"},
       Follow},
  };
}

}  // namespace lakehouse
