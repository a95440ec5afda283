// ServerClient: what every CLI client command shares — the server URL and API key options, one
// request helper, and turning an HTTP error body into a one-line message and an exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "common/json.h"
#include "http/http_client.h"

namespace lakehouse {

struct ServerClientOptions {
  std::string server = "http://127.0.0.1:3100";  // --server, or $LAKEHOUSE_SERVER
  std::string api_key;                            // --api-key, or $LAKEHOUSE_API_KEY
};

// Adds --server and --api-key to a subcommand, defaulting from the environment.
void AddServerOptions(CLI::App* command, ServerClientOptions* options);

// Exit codes of client commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRequestFailed = 1;  // the server answered with an error
inline constexpr int kExitUsage = 2;          // bad arguments
inline constexpr int kExitUnreachable = 3;    // no server at --server

// Sends a request; on success stores the parsed JSON body in *out and returns kExitOk. Otherwise
// prints "lakehouse: <message>" to stderr and returns the exit code.
int CallServer(const ServerClientOptions& options, HttpMethod method, const std::string& path,
               const Json& body, Json* out);

}  // namespace lakehouse
