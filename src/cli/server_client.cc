#include "cli/server_client.h"

#include <cstdlib>
#include <iostream>

namespace lakehouse {

void AddServerOptions(CLI::App* command, ServerClientOptions* options) {
  if (const char* env = std::getenv("LAKEHOUSE_SERVER"); env && *env) options->server = env;
  if (const char* env = std::getenv("LAKEHOUSE_API_KEY"); env && *env) options->api_key = env;
  command->add_option("--server", options->server, "Server URL (default $LAKEHOUSE_SERVER or "
                                                   "http://127.0.0.1:3100)");
  command->add_option("--api-key", options->api_key, "API key (default $LAKEHOUSE_API_KEY)");
}

int CallServer(const ServerClientOptions& options, HttpMethod method, const std::string& path,
               const Json& body, Json* out) {
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
    std::string message = json.ok() && json->contains("error")
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
  return kExitOk;
}

}  // namespace lakehouse
