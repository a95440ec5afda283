#include "cli/datasets_command.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/server_client.h"

namespace lakehouse {
namespace {

struct DatasetsArgs {
  ServerClientOptions server;
  std::string name;
  bool json = false;
};

int List(const DatasetsArgs& args) {
  Json body;
  if (int code = CallServer(args.server, HttpMethod::kGet, "/catalog/datasets", nullptr, &body)) {
    return code;
  }
  if (args.json) {
    std::cout << DumpJson(body, 2) << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("{:<32} {:>12} {:>14} {:>8} {:<13} {}\n", "NAME", "ROWS", "BYTES",
                           "VERSION", "SENSITIVITY", "UPDATED");
  for (const Json& d : body.value("datasets", Json::array())) {
    std::cout << fmt::format("{:<32} {:>12} {:>14} {:>8} {:<13} {}\n", d.value("name", ""),
                             d.value("row_count", 0), d.value("size_bytes", 0),
                             d.value("current_version", 0), d.value("sensitivity", ""),
                             d.value("updated_at", ""));
  }
  return kExitOk;
}

int Show(const DatasetsArgs& args) {
  Json body;
  std::string path = "/catalog/datasets/by-name/" + UrlEncode(args.name);
  if (int code = CallServer(args.server, HttpMethod::kGet, path, nullptr, &body)) return code;
  std::cout << DumpJson(body, 2) << "\n";
  return kExitOk;
}

}  // namespace

void AddDatasetsCommand(CLI::App* app, std::function<int()>* run) {
  auto args = std::make_shared<DatasetsArgs>();
  CLI::App* datasets = app->add_subcommand("datasets", "List or show datasets in the catalog");
  datasets->require_subcommand(0, 1);
  AddServerOptions(datasets, &args->server);
  CLI::App* list = datasets->add_subcommand("list", "List datasets (default)");
  list->add_flag("--json", args->json, "Print the JSON response");
  CLI::App* show = datasets->add_subcommand("show", "Show one dataset's manifest as JSON");
  show->add_option("NAME", args->name, "Dataset name")->required();
  list->fallthrough();  // --server/--api-key may follow the subcommand
  show->fallthrough();
  datasets->callback([args, run, show] {
    *run = [args, show] { return show->parsed() ? Show(*args) : List(*args); };
  });
}

}  // namespace lakehouse
