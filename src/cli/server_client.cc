#include "cli/server_client.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "common/strings.h"

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
  std::string lower = AsciiLower(body);
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

std::string Duration(int64_t seconds) {
  if (seconds < 60) return fmt::format("{} s", seconds);
  if (seconds < 3600) return fmt::format("{} min {:02} s", seconds / 60, seconds % 60);
  return fmt::format("{} h {:02} min", seconds / 3600, seconds % 3600 / 60);
}

// The fraction done in [0, 1], when the job knows its total.
std::optional<double> Fraction(const Json& progress) {
  if (!progress.is_object() || !progress.contains("total") || !progress["total"].is_number())
    return std::nullopt;
  const int64_t total = progress["total"].get<int64_t>();
  const int64_t done = progress.value("done", int64_t{0});
  if (total <= 0) return 1.0;
  return std::clamp(static_cast<double>(done) / static_cast<double>(total), 0.0, 1.0);
}

// A TTY: one line redrawn in place, with a bar when the total is known.
void DrawJobProgressBar(const std::string& what, const Json& job) {
  constexpr int kWidth = 24;
  const Json progress = job.value("progress", Json::object());
  std::string line = what + " " + job.value("state", "");
  if (std::optional<double> fraction = Fraction(progress)) {
    const int filled = static_cast<int>(*fraction * kWidth + 0.5);
    line = what + " [" + std::string(static_cast<size_t>(filled), '#') +
           std::string(static_cast<size_t>(kWidth - filled), '-') + "]";
  }
  const std::string text = ProgressText(progress);
  if (!text.empty()) line += " " + text;
  std::cerr << "\r\033[K" << line << std::flush;
}

}  // namespace

std::string ProgressText(const Json& progress) {
  if (!progress.is_object()) return "";
  const int64_t done = progress.value("done", int64_t{0});
  const std::string unit = progress.value("unit", "");
  std::string out;
  if (std::optional<double> fraction = Fraction(progress)) {
    out = fmt::format("{:.0f}% {}/{} {}", *fraction * 100, done, progress["total"].get<int64_t>(),
                      unit);
  } else if (done > 0) {
    out = fmt::format("{} {}", done, unit);
  }
  if (progress.contains("rate_per_s") && progress["rate_per_s"].is_number()) {
    out += fmt::format(", {:.1f} {}/s", progress["rate_per_s"].get<double>(), unit);
  }
  if (progress.contains("eta_s") && progress["eta_s"].is_number()) {
    out += ", ETA " + Duration(progress["eta_s"].get<int64_t>());
  }
  return out;
}

void AddServerOptions(CLI::App* command, ServerClientOptions* options) {
  if (const char* env = std::getenv("LAKEHOUSE_SERVER"); env && *env) options->server = env;
  if (const char* env = std::getenv("LAKEHOUSE_API_KEY"); env && *env) options->api_key = env;
  command->add_option("--server", options->server,
                      "Server URL (default $LAKEHOUSE_SERVER or "
                      "http://127.0.0.1:3100)");
  command->add_option("--api-key", options->api_key, "API key (default $LAKEHOUSE_API_KEY)");
}

std::vector<std::string> HoistConnectionFlags(std::vector<std::string> args) {
  auto is_connection_flag = [](const std::string& arg) {
    return arg == "--server" || arg == "--api-key";
  };
  size_t i = 1;
  while (i < args.size()) {
    if (is_connection_flag(args[i]) && i + 1 < args.size()) {
      i += 2;
    } else if (args[i].starts_with("--server=") || args[i].starts_with("--api-key=")) {
      i += 1;
    } else {
      break;
    }
  }
  if (i == 1 || i >= args.size() || args[i].starts_with("-")) return args;
  std::vector<std::string> out;
  out.reserve(args.size());
  out.push_back(args[0]);
  out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  out.insert(out.end(), args.begin() + 1, args.begin() + static_cast<std::ptrdiff_t>(i));
  return out;
}

int CallServerRaw(const ServerClientOptions& options, HttpMethod method, const std::string& path,
                  const std::string& body, const std::string& content_type,
                  const HttpHeaders& headers, ClientResponse* out) {
  HttpClientOptions client_options;
  client_options.api_key = options.api_key;
  auto client = HttpClient::Create(options.server, client_options);
  if (!client.ok()) {
    std::cerr << "lakehouse: " << client.status().message() << "\n";
    return kExitUsage;
  }
  auto response = (*client)->Send(method, path, body, content_type, headers);
  if (!response.ok()) {
    std::cerr << "lakehouse: " << response.status().message()
              << " (is the server running? start it with `lakehouse serve`)\n";
    return kExitUnreachable;
  }
  if (response->status >= 400) {
    std::cerr << "lakehouse: " << HttpErrorMessage(*response, (*client)->base_url()) << "\n";
    return kExitRequestFailed;
  }
  *out = std::move(*response);
  return kExitOk;
}

int CallServer(const ServerClientOptions& options, HttpMethod method, const std::string& path,
               const Json& body, Json* out, int* http_status) {
  ClientResponse raw;
  const std::string payload = body.is_null() ? "" : DumpJson(body);
  if (int code = CallServerRaw(options, method, path, payload, "application/json", {}, &raw)) {
    return code;
  }
  const ClientResponse* response = &raw;
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
  const bool tty = show_progress && isatty(STDERR_FILENO) != 0;
  // Not a terminal (a log, a CI job): a plain line when progress moved, at most every 5 s.
  constexpr auto kLineInterval = std::chrono::seconds(5);
  auto next_line = std::chrono::steady_clock::now() + kLineInterval;
  std::string last_line;
  Json job;
  while (true) {
    if (int code =
            CallServer(options, HttpMethod::kGet, "/jobs/" + UrlEncode(job_id), nullptr, &job)) {
      if (tty) std::cerr << "\n";
      return code;
    }
    const std::string state = job.value("state", "");
    if (state == "succeeded" || state == "failed" || state == "cancelled") break;
    if (tty) {
      DrawJobProgressBar(what, job);
    } else if (show_progress && std::chrono::steady_clock::now() >= next_line) {
      const std::string text = ProgressText(job.value("progress", Json::object()));
      if (!text.empty() && text != last_line) std::cerr << what << ": " << text << "\n";
      last_line = text;
      next_line = std::chrono::steady_clock::now() + kLineInterval;
    }
    std::this_thread::sleep_for(interval);
    interval = std::min(interval * 2, std::chrono::milliseconds(250));
  }
  if (tty) std::cerr << "\r\033[K" << std::flush;
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
