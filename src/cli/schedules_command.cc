#include "cli/schedules_command.h"

#include <iostream>
#include <memory>
#include <string>

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

}  // namespace

void AddSchedulesCommand(CLI::App* app, std::function<int()>* run) {
  auto args = std::make_shared<SchedulesArgs>();
  CLI::App* cmd = app->add_subcommand("schedules", "Scheduled ingest: database pulls and watches");
  cmd->alias("schedule");
  cmd->require_subcommand(0, 1);
  AddServerOptions(cmd, &args->server);
  cmd->add_flag("--json", args->json, "Print the JSON response");

  CLI::App* create = cmd->add_subcommand(
      "create",
      "Schedule a pull or a watch, e.g. `schedules create orders --db postgresql://etl@db/shop "
      "--table orders --incremental-column id --every 300`");
  create->add_option("NAME", args->name, "Schedule name")->required();
  create->add_option("--dataset", args->dataset, "Target dataset");
  create->add_option("--db", args->dsn, "PostgreSQL DSN (no password: use the password file)");
  create->add_option("--table", args->table, "Table to pull");
  create->add_option("--query", args->query, "Query to pull (needs --dataset)");
  create->add_option("--incremental-column", args->incremental_column,
                     "Pull only rows above the last high-water mark of this column");
  create->add_option("--folder", args->folder, "Local folder to watch (under an allowed root)");
  create->add_option("--bucket", args->bucket, "Bucket to watch (with --prefix)");
  create->add_option("--prefix", args->prefix, "Object key prefix to watch");
  create->add_option("--format", args->format, "Watched files' format (default: by extension)");
  create->add_option("--mode", args->mode, "append (default), replace or upsert");
  create->add_option("--key", args->key, "Key column (upsert)");
  create->add_option("--cron", args->cron, "5-field cron expression, UTC");
  create->add_option("--every", args->every_s, "Interval in seconds");
  create->add_flag("--disabled", args->disabled, "Create it disabled (run-now still works)");
  create->add_flag("--json", args->json, "Print the JSON response");
  CLI::App* list = cmd->add_subcommand("list", "List schedules (default)");
  list->add_flag("--json", args->json, "Print the JSON response");
  CLI::App* show = cmd->add_subcommand("show", "Show a schedule: next run, backoff, last runs");
  show->add_option("NAME", args->name, "Schedule name")->required();
  show->add_flag("--json", args->json, "Print the JSON response");
  CLI::App* run_now =
      cmd->add_subcommand("run-now", "Run a schedule now, even when disabled or backing off");
  run_now->add_option("NAME", args->name, "Schedule name")->required();
  run_now->add_flag("--wait", args->wait, "Wait for the run and print its result");
  run_now->add_flag("--json", args->json, "Print the JSON response");
  CLI::App* remove = cmd->add_subcommand("delete", "Delete a schedule");
  remove->add_option("NAME", args->name, "Schedule name")->required();
  remove->add_flag("--json", args->json, "Print the JSON response");
  for (CLI::App* sub : {create, list, show, run_now, remove}) sub->fallthrough();

  cmd->callback([args, run, create, show, run_now, remove] {
    *run = [args, create, show, run_now, remove] {
      if (create->parsed()) return Create(*args);
      if (show->parsed()) return Show(*args);
      if (run_now->parsed()) return RunNow(*args);
      if (remove->parsed()) return Delete(*args);
      return List(*args);
    };
  });
}

}  // namespace lakehouse
