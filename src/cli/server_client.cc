#include "cli/server_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace lakehouse {
namespace {

// Job errors are stored as Status::ToString(), "CODE: message"; users want the message.
std::string WithoutStatusCode(const std::string& error) {
  size_t colon = error.find(": ");
  if (colon == std::string::npos || colon == 0) return error;
  bool is_code = std::all_of(error.begin(), error.begin() + colon,
                             [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; });
  return is_code ? error.substr(colon + 2) : error;
}

void DrawJobProgress(const Json& job) {
  const Json& progress = job.value("progress", Json::object());
  std::string line = fmt::format("{} {}", job.value("kind", "job"), job.value("state", ""));
  if (progress.is_object() && progress.value("done", 0) > 0) {
    std::string total = progress.contains("total") && progress["total"].is_number()
                            ? fmt::format("/{}", progress["total"].get<int64_t>())
                            : "";
    line += fmt::format(": {}{} {}", progress["done"].get<int64_t>(), total,
                        progress.value("unit", ""));
  }
  std::cerr << "\r\033[K" << line << std::flush;
}

}  // namespace

void AddServerOptions(CLI::App* command, ServerClientOptions* options) {
  if (const char* env = std::getenv("LAKEHOUSE_SERVER"); env && *env) options->server = env;
  if (const char* env = std::getenv("LAKEHOUSE_API_KEY"); env && *env) options->api_key = env;
  command->add_option("--server", options->server,
                      "Server URL (default $LAKEHOUSE_SERVER or "
                      "http://127.0.0.1:3100)");
  command->add_option("--api-key", options->api_key, "API key (default $LAKEHOUSE_API_KEY)");
}

int CallServer(const ServerClientOptions& options, HttpMethod method, const std::string& path,
               const Json& body, Json* out, int* http_status) {
  HttpClientOptions client_options;
  client_options.api_key = options.api_key;
  auto client = HttpClient::Create(options.server, client_options);
  if (!client.ok()) {
    std::cerr << "lakehouse: " << client.status().message() << "\n";
    return kExitUsage;
  }
  std::string payload = body.is_null() ? "" : DumpJson(body);
  auto response = (*client)->Send(method, path, payload);
  if (!response.ok()) {
    std::cerr << "lakehouse: " << response.status().message()
              << " (is the server running? start it with `lakehouse serve`)\n";
    return kExitUnreachable;
  }
  auto json = response->body.empty() ? Result<Json>(Json()) : response->JsonBody();
  if (response->status >= 400) {
    std::string message = json.ok() && json->contains("error") && (*json)["error"].is_object()
                              ? (*json)["error"].value("message", response->body)
                              : response->body;
    std::cerr << "lakehouse: " << message << " (HTTP " << response->status << ")\n";
    return kExitRequestFailed;
  }
  if (!json.ok()) {
    std::cerr << "lakehouse: the server answered with invalid JSON\n";
    return kExitRequestFailed;
  }
  *out = std::move(*json);
  if (http_status != nullptr) *http_status = response->status;
  return kExitOk;
}

int WaitForJob(const ServerClientOptions& options, const std::string& job_id,
               const std::string& what, bool show_progress, Json* result) {
  // Short polls first so quick jobs return quickly; long ones settle at 4 polls a second.
  auto interval = std::chrono::milliseconds(10);
  Json job;
  while (true) {
    if (int code =
            CallServer(options, HttpMethod::kGet, "/jobs/" + UrlEncode(job_id), nullptr, &job)) {
      if (show_progress) std::cerr << "\n";
      return code;
    }
    const std::string state = job.value("state", "");
    if (state == "succeeded" || state == "failed" || state == "cancelled") break;
    if (show_progress) DrawJobProgress(job);
    std::this_thread::sleep_for(interval);
    interval = std::min(interval * 2, std::chrono::milliseconds(250));
  }
  if (show_progress) std::cerr << "\r\033[K" << std::flush;
  const std::string state = job.value("state", "");
  if (state == "succeeded") {
    *result = job.value("result", Json::object());
    return kExitOk;
  }
  std::string error = job.contains("error") && job["error"].is_string()
                          ? WithoutStatusCode(job["error"].get<std::string>())
                          : "job " + job_id + " " + state;
  std::cerr << "lakehouse: " << what << " " << state << ": " << error << "\n";
  return kExitRequestFailed;
}

int UsageError(std::string_view message) {
  std::cerr << "lakehouse: " << message << "\n";
  return kExitUsage;
}

std::string UrlEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

void PrintJson(const Json& value) { std::cout << DumpJson(value, 2) << "\n"; }

}  // namespace lakehouse
