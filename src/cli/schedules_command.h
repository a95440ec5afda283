// `lakehouse schedules create|list|show|run-now|delete`: scheduled ingest (POST/GET/DELETE
// /schedules…, ingest/schedule_service.h).
//
//   lakehouse schedules create NAME --dataset D (--db DSN (--table T | --query Q)
//       [--incremental-column C] | --folder DIR | --bucket B --prefix P [--format F])
//       (--cron "*/5 * * * *" | --every SECONDS) [--mode append|replace|upsert] [--key K]
//       [--disabled]
//   lakehouse schedules list | show NAME | run-now NAME [--wait] | delete NAME   (all: --json)
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace lakehouse {

// Registers the subcommand; `run` is set to the function to call when it was parsed.
void AddSchedulesCommand(CLI::App* app, std::function<int()>* run);

}  // namespace lakehouse
