// `lakehouse health|metrics|openapi|server-config`: the server itself.
#include <iostream>

#include "cli/command_table.h"
#include "cli/record_output.h"
#include "cli/server_client.h"

namespace lakehouse {
namespace {

int Health(const Invocation& in) {
  Json health;
  Json ready;
  if (int code = CallServer(in.server(), HttpMethod::kGet, "/health", nullptr, &health)) {
    return code;
  }
  // /ready answers 503 while the server starts; that is an answer, not a failure to connect.
  const int ready_code = CallServer(in.server(), HttpMethod::kGet, "/ready", nullptr, &ready);
  if (ready_code == kExitUnreachable) return ready_code;
  health["ready"] = ready_code == kExitOk;
  if (in.Has("--json")) {
    PrintJson(health);
  } else {
    PrintFields(health, std::cout);
  }
  return ready_code;
}

int Raw(const Invocation& in, const std::string& path) {
  ClientResponse response;
  if (int code = CallServerRaw(in.server(), HttpMethod::kGet, path, "", "", {}, &response)) {
    return code;
  }
  std::cout << response.body;
  if (!response.body.empty() && response.body.back() != '\n') std::cout << "\n";
  return kExitOk;
}

int Metrics(const Invocation& in) { return Raw(in, "/metrics"); }
int OpenApi(const Invocation& in) { return Raw(in, in.Has("--html") ? "/docs" : "/openapi.json"); }
int ServerConfig(const Invocation& in) { return Raw(in, "/system/config"); }

}  // namespace

std::vector<CommandSpec> SystemCommands() {
  return {
      {"health",
       "Is the server up and ready? Version and DuckDB version (exit 1 when not ready)",
       "lakehouse health [--json]",
       {},
       {JsonFlag()},
       "lakehouse health",
       {"GET /health", "GET /ready"},
       Health},
      {"metrics",
       "Prometheus metrics: requests and latency per route",
       "lakehouse metrics",
       {},
       {},
       "lakehouse metrics | grep lakehouse_http",
       {"GET /metrics"},
       Metrics},
      {"openapi",
       "The server's OpenAPI document (or --html: the readable reference)",
       "lakehouse openapi [--html]",
       {},
       {{"--html", FlagType::kBool, "The HTML reference page instead of the JSON document"}},
       "lakehouse openapi > openapi.json",
       {"GET /openapi.json", "GET /docs"},
       OpenApi},
      {"server-config",
       "The server's effective configuration, secrets redacted (admin)",
       "lakehouse server-config",
       {},
       {},
       "lakehouse server-config",
       {"GET /system/config"},
       ServerConfig},
  };
}

}  // namespace lakehouse
