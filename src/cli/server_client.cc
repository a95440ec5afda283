#include "cli/server_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
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

// One readable line out of a non-JSON error body: an HTML page's <title> (else its text without
// tags), whitespace collapsed, cut at kMaxExcerpt bytes on a UTF-8 boundary.
std::string BodyExcerpt(const std::string& body) {
  constexpr size_t kMaxExcerpt = 200;
  std::string text = body;
  std::string lower = body;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t title = lower.find("<title>");
  size_t title_end = title == std::string::npos ? title : lower.find("</title>", title);
  if (title_end != std::string::npos) {
    text = body.substr(title + 7, title_end - title - 7);
  } else if (lower.find('<') != std::string::npos && lower.find('>') != std::string::npos) {
    std::string stripped;
    bool in_tag = false;
    for (char c : body) {
      if (c == '<') in_tag = true;
      if (!in_tag) stripped += c;
      if (c == '>') {
        in_tag = false;
        stripped += ' ';
      }
    }
    text = std::move(stripped);
  }
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else if (static_cast<unsigned char>(c) >= 0x20) {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > kMaxExcerpt) {
    size_t cut = kMaxExcerpt;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "…";
  }
  return out;
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
  if (response->status >= 400) {
    std::cerr << "lakehouse: " << HttpErrorMessage(*response, (*client)->base_url()) << "\n";
    return kExitRequestFailed;
  }
  auto json = response->body.empty() ? Result<Json>(Json()) : response->JsonBody();
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

std::string HttpErrorMessage(const ClientResponse& response, std::string_view server) {
  const std::string status = fmt::format("HTTP {}", response.status);
  Result<Json> json = response.body.empty() ? Result<Json>(Json()) : response.JsonBody();
  if (json.ok() && json->is_object() && json->contains("error")) {
    const Json& error = (*json)["error"];
    if (error.is_object() && error.contains("message") && error["message"].is_string() &&
        !error["message"].get<std::string>().empty()) {
      return fmt::format("{} ({})", error["message"].get<std::string>(), status);
    }
    if (error.is_string() && !error.get<std::string>().empty()) {
      return fmt::format("{} ({})", error.get<std::string>(), status);
    }
  }
  // Not our error shape: a proxy, another server on that port, or a bare status.
  std::string excerpt = BodyExcerpt(response.body);
  if (excerpt.empty()) {
    return fmt::format("{} with an empty body from {} (is --server a Lakehouse server?)", status,
                       server);
  }
  return fmt::format("{} from {}: {} (not a Lakehouse error; is --server a Lakehouse server?)",
                     status, server, excerpt);
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
