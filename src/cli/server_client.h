// ServerClient: what every CLI client command shares — the server URL and API key options, one
// request helper, waiting for a background job, and turning an HTTP error body into a one-line
// message and an exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "http/http_client.h"

namespace lakehouse {

struct ServerClientOptions {
  std::string server = "http://127.0.0.1:3100";  // --server, or $LAKEHOUSE_SERVER
  std::string api_key;                           // --api-key, or $LAKEHOUSE_API_KEY
};

// Adds --server and --api-key to a subcommand, defaulting from the environment.
void AddServerOptions(CLI::App* command, ServerClientOptions* options);

// `lakehouse --server URL sql …`: the connection flags (--server, --api-key, each as "--f V" or
// "--f=V") written before the command are moved after it, where each command defines them, so
// both orders parse. args[0] is the program; anything else before the command stops the move,
// and with no command after them the flags stay where they are.
std::vector<std::string> HoistConnectionFlags(std::vector<std::string> args);

// Exit codes of client commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRequestFailed = 1;  // the server answered with an error
inline constexpr int kExitUsage = 2;          // bad arguments
inline constexpr int kExitUnreachable = 3;    // no server at --server

// Sends a request; on success stores the parsed JSON body in *out and returns kExitOk. Otherwise
// prints "lakehouse: <message>" to stderr and returns the exit code. When `http_status` is given
// it receives the status of a successful response (e.g. 200 or 202).
int CallServer(const ServerClientOptions& options, HttpMethod method, const std::string& path,
               const Json& body, Json* out, int* http_status = nullptr);

// Like CallServer for a response that is not (only) JSON — CSV, Parquet, text, an object's
// bytes: sends `body` as `content_type` with `headers` and stores the whole response in *out.
int CallServerRaw(const ServerClientOptions& options, HttpMethod method, const std::string& path,
                  const std::string& body, const std::string& content_type,
                  const HttpHeaders& headers, ClientResponse* out);

// Polls GET /jobs/{id} until the job ends. With `show_progress`, its progress goes to stderr: a
// bar redrawn in place (done/total, rate, ETA) on a terminal, else a plain line every few seconds.
// A job that succeeded stores its "result" in *result and returns kExitOk; a failed or cancelled
// job prints "lakehouse: <what>: <error>" and returns kExitRequestFailed.
int WaitForJob(const ServerClientOptions& options, const std::string& job_id,
               const std::string& what, bool show_progress, Json* result);

// A job's progress as text: "24% 120/500 documents, 35.0 documents/s, ETA 11 s" (the parts the
// job knows), or "" when there is nothing yet.
std::string ProgressText(const Json& progress);

// The one-line message for an HTTP error response: the server's error message and the status
// ("dataset 'x' not found (HTTP 404)"), or — for a body that is not our JSON error shape, e.g. a
// proxy's HTML page or an empty body — the status, the server and a short excerpt.
std::string HttpErrorMessage(const ClientResponse& response, std::string_view server);

// Prints "lakehouse: <message>" to stderr and returns kExitUsage.
int UsageError(std::string_view message);

// Percent-encodes everything but [A-Za-z0-9_.-], for a path segment or a query value.
std::string UrlEncode(std::string_view s);

// Pretty-prints JSON to stdout (the --json output of every command).
void PrintJson(const Json& value);

}  // namespace lakehouse
