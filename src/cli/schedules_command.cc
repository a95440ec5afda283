// `lakehouse schedules create|list|show|run-now|delete`: scheduled ingest (POST/GET/DELETE
// /schedules…, ingest/schedule_service.h).
//
//   lakehouse schedules create NAME --dataset D (--db DSN (--table T | --query Q)
//       [--incremental-column C] | --folder DIR | --bucket B --prefix P [--format F])
//       (--cron "*/5 * * * *" | --every SECONDS) [--mode append|replace|upsert] [--key K]
//       [--disabled]
//   lakehouse schedules list | show NAME | run-now NAME [--wait] | delete NAME   (all: --json)
#include <iostream>
#include <memory>
#include <string>

#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/text_table.h"

namespace lakehouse {
namespace {

struct SchedulesArgs {
  ServerClientOptions server;
  std::string name;
  std::string dataset;
  std::string dsn;
  std::string table;
  std::string query;
  std::string incremental_column;
  std::string folder;
  std::string bucket;
  std::string prefix;
  std::string format;
  std::string mode;
  std::string key;
  std::string cron;
  int64_t every_s = 0;
  bool disabled = false;
  bool wait = false;
  bool json = false;
};

std::string Timing(const Json& s) {
  if (s.contains("cron") && s["cron"].is_string()) return "cron " + s["cron"].get<std::string>();
  return "every " + Field(s, "interval_s") + "s";
}

std::string Source(const Json& s) {
  if (s.value("kind", "") == "db_pull") {
    const Json pull = s.value("db_pull", Json::object());
    const std::string what = pull.value("table", "").empty() ? "query" : pull.value("table", "");
    return Field(pull, "dsn") + " " + what;
  }
  const Json watch = s.value("watch", Json::object());
  if (!watch.value("folder", "").empty()) return watch.value("folder", "");
  return "bucket " + watch.value("bucket", "") + "/" + watch.value("prefix", "");
}

std::string Dataset(const Json& s) {
  const Json spec = s.value(s.value("kind", "") == "db_pull" ? "db_pull" : "watch", Json::object());
  std::string dataset = spec.value("dataset", "");
  return dataset.empty() ? spec.value("table", "") : dataset;
}

int Create(const SchedulesArgs& a) {
  Json body = {{"name", a.name}, {"enabled", !a.disabled}};
  if (!a.cron.empty() == (a.every_s > 0))
    return UsageError("give exactly one of --cron and --every");
  if (!a.cron.empty()) body["cron"] = a.cron;
  if (a.every_s > 0) body["interval_s"] = a.every_s;
  const bool db = !a.dsn.empty();
  if (db == (!a.folder.empty() || !a.bucket.empty())) {
    return UsageError("give either --db (a database pull) or --folder / --bucket (a watch)");
  }
  Json spec = Json::object();
  if (!a.dataset.empty()) spec["dataset"] = a.dataset;
  if (!a.mode.empty()) spec["mode"] = a.mode;
  if (!a.key.empty()) spec["key"] = a.key;
  if (db) {
    body["kind"] = "db_pull";
    spec["dsn"] = a.dsn;
    if (!a.table.empty()) spec["table"] = a.table;
    if (!a.query.empty()) spec["query"] = a.query;
    if (!a.incremental_column.empty()) spec["incremental_column"] = a.incremental_column;
    body["db_pull"] = std::move(spec);
  } else {
    body["kind"] = "watch";
    if (!a.folder.empty()) spec["folder"] = a.folder;
    if (!a.bucket.empty()) spec["bucket"] = a.bucket;
    if (!a.prefix.empty()) spec["prefix"] = a.prefix;
    if (!a.format.empty()) spec["format"] = a.format;
    body["watch"] = std::move(spec);
  }
  Json out;
  if (int code = CallServer(a.server, HttpMethod::kPost, "/schedules", body, &out)) return code;
  if (a.json) {
    PrintJson(out);
  } else {
    std::cout << "schedule '" << Field(out, "name") << "' created (" << Timing(out)
              << "), next run " << Field(out, "next_run") << "\n";
  }
  return kExitOk;
}

int List(const SchedulesArgs& a) {
  Json out;
  if (int code = CallServer(a.server, HttpMethod::kGet, "/schedules", nullptr, &out)) return code;
  if (a.json) {
    PrintJson(out);
    return kExitOk;
  }
  TextTable table({{"NAME"},
                   {"KIND"},
                   {"SOURCE"},
                   {"DATASET"},
                   {"TIMING"},
                   {"ENABLED"},
                   {"NEXT_RUN"},
                   {"FAILURES", true},
                   {"LAST_RUN"}});
  for (const Json& s : out.value("schedules", Json::array())) {
    const Json runs = s.value("last_runs", Json::array());
    table.AddRow({Field(s, "name"), Field(s, "kind"), Source(s), Dataset(s), Timing(s),
                  Field(s, "enabled"), Field(s, "next_run"), Field(s, "failures"),
                  runs.empty() ? "" : Field(runs[0], "state")});
  }
  if (table.empty()) {
    std::cout << "no schedules (create one with `lakehouse schedules create`)\n";
  } else {
    table.Print(std::cout);
  }
  return kExitOk;
}

int Show(const SchedulesArgs& a) {
  Json s;
  if (int code =
          CallServer(a.server, HttpMethod::kGet, "/schedules/" + UrlEncode(a.name), nullptr, &s)) {
    return code;
  }
  if (a.json) {
    PrintJson(s);
    return kExitOk;
  }
  std::cout << "name:        " << Field(s, "name") << "\nkind:        " << Field(s, "kind")
            << "\nsource:      " << Source(s) << "\ndataset:     " << Dataset(s)
            << "\ntiming:      " << Timing(s) << "\nenabled:     " << Field(s, "enabled")
            << "\nnext run:    " << Field(s, "next_run")
            << "\nfailures:    " << Field(s, "failures") << "\n";
  if (s.value("backing_off", false)) {
    std::cout << "backing off: until " << Field(s, "next_retry_at") << "\n";
  }
  if (s.contains("last_error") && s["last_error"].is_string()) {
    std::cout << "last error:  " << s["last_error"].get<std::string>() << "\n";
  }
  TextTable runs({{"JOB"}, {"STATE"}, {"TRIGGER"}, {"STARTED"}, {"FINISHED"}, {"RESULT"}});
  for (const Json& job : s.value("last_runs", Json::array())) {
    std::string result = job.contains("error") && job["error"].is_string()
                             ? job["error"].get<std::string>()
                             : OneLine(DumpJson(job.value("result", Json())), 60);
    runs.AddRow({Field(job, "job_id"), Field(job, "state"),
                 Field(job.value("params", Json::object()), "trigger"), Field(job, "started_at"),
                 Field(job, "finished_at"), OneLine(result, 60)});
  }
  if (!runs.empty()) {
    std::cout << "\n";
    runs.Print(std::cout);
  }
  return kExitOk;
}

int RunNow(const SchedulesArgs& a) {
  Json out;
  if (int code = CallServer(a.server, HttpMethod::kPost,
                            "/schedules/" + UrlEncode(a.name) + "/run-now", Json::object(), &out)) {
    return code;
  }
  const std::string job_id = out.value("job_id", "");
  if (!a.wait) {
    if (a.json) {
      PrintJson(out);
    } else {
      std::cout << "schedule '" << a.name << "': run " << Field(out, "state") << " as job "
                << job_id << "\n";
    }
    return kExitOk;
  }
  Json result;
  if (int code =
          WaitForJob(a.server, job_id, "run of schedule '" + a.name + "'", !a.json, &result)) {
    return code;
  }
  if (a.json) {
    PrintJson(result);
  } else {
    std::cout << "schedule '" << a.name << "': run succeeded: " << DumpJson(result) << "\n";
  }
  return kExitOk;
}

int Delete(const SchedulesArgs& a) {
  Json out;
  if (int code = CallServer(a.server, HttpMethod::kDelete, "/schedules/" + UrlEncode(a.name),
                            nullptr, &out)) {
    return code;
  }
  if (a.json) {
    PrintJson(out);
  } else {
    std::cout << "schedule '" << Field(out, "deleted") << "' deleted\n";
  }
  return kExitOk;
}

SchedulesArgs ArgsOf(const Invocation& in) {
  SchedulesArgs args;
  args.server = in.server();
  args.name = in.Get("NAME");
  args.dataset = in.Get("--dataset");
  args.dsn = in.Get("--db");
  args.table = in.Get("--table");
  args.query = in.Get("--query");
  args.incremental_column = in.Get("--incremental-column");
  args.folder = in.Get("--folder");
  args.bucket = in.Get("--bucket");
  args.prefix = in.Get("--prefix");
  args.format = in.Get("--format");
  args.mode = in.Get("--mode");
  args.key = in.Get("--key");
  args.cron = in.Get("--cron");
  args.every_s = in.Int("--every").value_or(0);
  args.disabled = in.Has("--disabled");
  args.wait = in.Has("--wait");
  args.json = in.Has("--json");
  return args;
}

int RunList(const Invocation& in) { return List(ArgsOf(in)); }
int RunCreate(const Invocation& in) { return Create(ArgsOf(in)); }
int RunShow(const Invocation& in) { return Show(ArgsOf(in)); }
int RunNowCommand(const Invocation& in) { return RunNow(ArgsOf(in)); }
int RunDelete(const Invocation& in) { return Delete(ArgsOf(in)); }

}  // namespace

std::vector<CommandSpec> SchedulesCommands() {
  const ArgSpec name{"NAME", "Schedule name"};
  return {
      {"schedules",
       "Scheduled ingest: database pulls and watches; list (default), create, show, run-now, "
       "delete",
       "lakehouse schedules [SUBCOMMAND] … [--json]",
       {},
       {JsonFlag()},
       "lakehouse schedules",
       {"GET /schedules"},
       RunList,
       {"schedule"}},
      {"schedules create",
       "Create a schedule: a database pull or a folder/bucket watch on a cron or an interval",
       "lakehouse schedules create NAME (--db DSN --table T|--query Q [--incremental-column C] | "
       "--folder DIR | --bucket B --prefix P) (--cron EXPR | --every S) [--dataset D] [--mode M] "
       "[--key K] [--format F] [--disabled] [--json]",
       {name},
       {{"--dataset", FlagType::kString, "Target dataset"},
        {"--db", FlagType::kString,
         "PostgreSQL or MySQL/MariaDB DSN (no password: use the password file)"},
        {"--table", FlagType::kString, "Table to pull"},
        {"--query", FlagType::kString, "Query to pull (needs --dataset)"},
        {"--incremental-column", FlagType::kString,
         "Pull only rows above the last high-water mark of this column"},
        {"--folder", FlagType::kString, "Local folder to watch (under an allowed root)"},
        {"--bucket", FlagType::kString, "Bucket to watch (with --prefix)"},
        {"--prefix", FlagType::kString, "Object key prefix to watch"},
        {"--format", FlagType::kString, "Watched files' format (default: by extension)"},
        {"--mode", FlagType::kString, "append (default), replace or upsert"},
        {"--key", FlagType::kString, "Key column (upsert)"},
        {"--cron", FlagType::kString, "5-field cron expression, UTC"},
        {"--every", FlagType::kInt, "Interval in seconds"},
        {"--disabled", FlagType::kBool, "Create it disabled (run-now still works)"},
        JsonFlag()},
       "lakehouse schedules create nightly --db postgresql://app@db/shop --table orders --cron '0 "
       "2 * * *'",
       {"POST /schedules"},
       RunCreate},
      {"schedules list",
       "List schedules",
       "lakehouse schedules list [--json]",
       {},
       {JsonFlag()},
       "lakehouse schedules list",
       {"GET /schedules"},
       RunList},
      {"schedules show",
       "Show a schedule: next run, backoff, last runs",
       "lakehouse schedules show NAME [--json]",
       {name},
       {JsonFlag()},
       "lakehouse schedules show nightly",
       {"GET /schedules/{name}"},
       RunShow},
      {"schedules run-now",
       "Run a schedule now, even when disabled or backing off",
       "lakehouse schedules run-now NAME [--wait] [--json]",
       {name},
       {{"--wait", FlagType::kBool, "Wait for the run and print its result"}, JsonFlag()},
       "lakehouse schedules run-now nightly --wait",
       {"POST /schedules/{name}/run-now"},
       RunNowCommand},
      {"schedules delete",
       "Delete a schedule",
       "lakehouse schedules delete NAME [--json]",
       {name},
       {JsonFlag()},
       "lakehouse schedules delete nightly",
       {"DELETE /schedules/{name}"},
       RunDelete},
  };
}

}  // namespace lakehouse
