// `lakehouse ingest PATH… --dataset NAME …`: uploads files to POST /ingest/file as one commit. A
// directory stands for the regular files directly inside it (sorted, hidden files skipped). Files
// are streamed from disk; a progress bar goes to stderr when it is a terminal (or with
// --progress).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command_table.h"
#include "cli/server_client.h"

namespace lakehouse {
namespace {

namespace fs = std::filesystem;

struct IngestArgs {
  ServerClientOptions server;
  std::vector<std::string> paths;
  std::string dataset;
  std::string mode = "append";
  std::string key;
  std::string format;
  std::string bucket;
  bool allow_schema_change = false;
  std::string on_bad_rows;
  std::vector<std::string> null_values;
  std::string on_duplicate_key;
  bool json = false;
  bool progress = false;  // draw the bar even when stderr is not a terminal
};

// The files to upload: each path, or the regular files directly inside a directory.
Result<std::vector<fs::path>> ExpandPaths(const std::vector<std::string>& paths) {
  std::vector<fs::path> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> inside;
      for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
        if (entry.is_regular_file() && entry.path().filename().string().rfind('.', 0) != 0) {
          inside.push_back(entry.path());
        }
      }
      if (ec) return InvalidArgument("cannot list '", path, "': ", ec.message());
      std::sort(inside.begin(), inside.end());
      files.insert(files.end(), inside.begin(), inside.end());
    } else if (fs::is_regular_file(path, ec)) {
      files.emplace_back(path);
    } else {
      return InvalidArgument("'", path, "' is not a file or directory");
    }
  }
  if (files.empty()) return InvalidArgument("no files to ingest");
  return files;
}

void DrawProgress(int64_t sent, int64_t total) {
  constexpr int kWidth = 30;
  int filled = total > 0 ? static_cast<int>(kWidth * sent / total) : kWidth;
  std::cerr << fmt::format("\r[{}{}] {:>3}% {:.1f}/{:.1f} MiB", std::string(filled, '#'),
                           std::string(kWidth - filled, ' '), total > 0 ? 100 * sent / total : 100,
                           sent / 1048576.0, total / 1048576.0)
            << std::flush;
}

std::string Lines(const Json& lines) {
  std::string out;
  for (const Json& line : lines) out += (out.empty() ? "" : ", ") + DumpJson(line);
  return out;
}

void PrintResult(const Json& result) {
  for (const Json& file : result.value("files", Json::array())) {
    std::cout << fmt::format("{:<40} {:>12} {}\n", file.value("name", ""), file.value("rows", 0),
                             file.value("duplicate", false) ? "duplicate (skipped)" : "ingested");
    const int64_t skipped = file.value("rows_skipped", int64_t{0});
    const int64_t padded = file.value("rows_padded", int64_t{0});
    if (skipped > 0 || padded > 0) {
      std::cout << fmt::format("  {} {} rows on lines {}\n", skipped > 0 ? "skipped" : "padded",
                               skipped > 0 ? skipped : padded,
                               Lines(file.value("bad_row_lines", Json::array())));
    }
    if (const int64_t dropped = file.value("duplicate_keys_dropped", int64_t{0}); dropped > 0) {
      std::cout << fmt::format("  dropped {} rows with a repeated key\n", dropped);
    }
  }
  if (result.value("committed", false)) {
    std::string change = fmt::format("+{} new", result.value("rows_inserted", int64_t{0}));
    if (const int64_t updated = result.value("rows_updated", int64_t{0}); updated > 0) {
      change += fmt::format(", {} updated", updated);
    }
    if (const int64_t removed = result.value("rows_removed", int64_t{0}); removed > 0) {
      change += fmt::format(", {} removed", removed);
    }
    std::cout << fmt::format(
        "dataset {} at version {}: {} ({} rows in the files); {} rows now, "
        "in {} ms\n",
        result.value("dataset", ""), result.value("version", 0), change,
        result.value("rows_added", 0), result.value("row_count", 0), result.value("elapsed_ms", 0));
  } else {
    std::cout << fmt::format("dataset {} unchanged at version {} (every file was a duplicate)\n",
                             result.value("dataset", ""), result.value("version", 0));
  }
  const Json diff = result.value("schema_diff", Json::object());
  for (const char* part : {"added", "removed", "type_changed", "renamed"}) {
    if (diff.contains(part) && !diff[part].empty()) {
      std::cout << "schema " << part << ": " << DumpJson(diff[part]) << "\n";
    }
  }
}

// The server closed the connection while the upload was being sent, so its answer is lost. Asks
// it a cheap question with the same credentials: a refused key explains itself; otherwise the
// upload was refused for its size (the only other reason a server stops reading early).
std::string ExplainEarlyClose(HttpClient& client, const IngestArgs& args, int64_t sent,
                              int64_t total) {
  const std::string what =
      fmt::format("the server closed the connection after {:.1f} of {:.1f} MiB of the upload",
                  sent / 1048576.0, total / 1048576.0);
  Result<ClientResponse> probe = client.Get("/catalog/datasets/by-name/" + UrlEncode(args.dataset));
  if (probe.ok() && (probe->status == 401 || probe->status == 403)) {
    return what + ": " + HttpErrorMessage(*probe, client.base_url());
  }
  return what +
         ": it refused the request before reading it, most likely because the upload is "
         "larger than its request body limit (server.max_body_bytes); send fewer or "
         "smaller files per call";
}

int Run(const IngestArgs& args) {
  auto files = ExpandPaths(args.paths);
  if (!files.ok()) {
    std::cerr << "lakehouse: " << files.status().message() << "\n";
    return kExitUsage;
  }
  std::vector<MultipartItem> items;
  items.push_back({"dataset", args.dataset, "", "", ""});
  items.push_back({"mode", args.mode, "", "", ""});
  if (!args.key.empty()) items.push_back({"key", args.key, "", "", ""});
  if (!args.format.empty()) items.push_back({"format", args.format, "", "", ""});
  if (args.allow_schema_change) items.push_back({"allow_schema_change", "true", "", "", ""});
  if (!args.on_bad_rows.empty()) items.push_back({"on_bad_rows", args.on_bad_rows, "", "", ""});
  if (!args.null_values.empty()) {
    items.push_back({"null_values", DumpJson(Json(args.null_values)), "", "", ""});
  }
  if (!args.on_duplicate_key.empty()) {
    items.push_back({"on_duplicate_key", args.on_duplicate_key, "", "", ""});
  }
  for (const fs::path& file : *files) {
    items.push_back({"file", "", file.filename().string(), "", file.string()});
  }
  HttpHeaders headers;
  if (!args.bucket.empty()) headers["X-Lakehouse-Bucket"] = args.bucket;

  HttpClientOptions client_options;
  client_options.api_key = args.server.api_key;
  auto client = HttpClient::Create(args.server.server, client_options);
  if (!client.ok()) {
    std::cerr << "lakehouse: " << client.status().message() << "\n";
    return kExitUsage;
  }
  const bool show_progress = args.progress || (isatty(STDERR_FILENO) != 0 && !args.json);
  int64_t sent = 0;
  int64_t total = 0;
  auto response = (*client)->PostMultipart("/ingest/file", items, headers,
                                           [&](int64_t sent_now, int64_t total_now) {
                                             sent = sent_now;
                                             total = total_now;
                                             if (show_progress) DrawProgress(sent_now, total_now);
                                           });
  if (show_progress) std::cerr << "\n";
  if (response.status().code() == StatusCode::kUpstreamError) {
    std::cerr << "lakehouse: " << ExplainEarlyClose(**client, args, sent, total) << "\n";
    return kExitRequestFailed;
  }
  if (!response.ok()) {
    std::cerr << "lakehouse: " << response.status().message()
              << (response.status().code() == StatusCode::kUnavailable
                      ? " (is the server running? start it with `lakehouse serve`)"
                      : "")
              << "\n";
    return response.status().code() == StatusCode::kUnavailable ? kExitUnreachable
                                                                : kExitRequestFailed;
  }
  auto body = response->JsonBody();
  if (response->status >= 400) {
    std::cerr << "lakehouse: " << HttpErrorMessage(*response, (*client)->base_url()) << "\n";
    if (body.ok() && body->is_object() && body->contains("schema_diff")) {
      std::cerr << "schema diff: " << DumpJson((*body)["schema_diff"], 2) << "\n";
    }
    return kExitRequestFailed;
  }
  if (!body.ok()) {
    std::cerr << "lakehouse: the server answered with invalid JSON\n";
    return kExitRequestFailed;
  }
  if (args.json) {
    std::cout << DumpJson(*body, 2) << "\n";
  } else {
    PrintResult(*body);
  }
  return kExitOk;
}

int RunIngest(const Invocation& in) {
  IngestArgs args;
  args.server = in.server();
  args.paths = in.All("PATH");
  args.dataset = in.Get("--dataset");
  args.mode = in.Get("--mode", "append");
  args.key = in.Get("--key");
  args.format = in.Get("--format");
  args.bucket = in.Get("--bucket");
  args.allow_schema_change = in.Has("--allow-schema-change");
  args.on_bad_rows = in.Get("--on-bad-rows");
  args.null_values = in.All("--null-values");
  args.on_duplicate_key = in.Get("--on-duplicate-key");
  args.json = in.Has("--json");
  args.progress = in.Has("--progress");
  return Run(args);
}

}  // namespace

std::vector<CommandSpec> IngestCommands() {
  return {{"ingest",
           "Ingest files into a dataset (one commit; directories → their files)",
           "lakehouse ingest PATH… --dataset NAME [--mode append|replace|upsert] [--key COL] "
           "[--format F] [--allow-schema-change] [--bucket B] [--on-bad-rows R] "
           "[--null-values S]… [--on-duplicate-key K] [--progress] [--json]",
           {{"PATH", "Files or directories (their files) to upload", true, "file", true}},
           {{"--dataset", FlagType::kString, "Target dataset (created when missing)", true},
            WriteModeFlag(),
            KeyFlag(),
            {"--format", FlagType::kString,
             "csv, tsv, json, ndjson, parquet, pdf, text or sms (default: by extension)"},
            {"--bucket", FlagType::kString, "Bucket for the data files"},
            {"--allow-schema-change", FlagType::kBool,
             "Accept added, removed or renamed columns and type-family changes (types unify, "
             "VARCHAR at worst)"},
            {"--on-bad-rows",
             FlagType::kChoice,
             "CSV/TSV rows that do not fit the header: error (default), skip or pad",
             false,
             {"error", "skip", "pad"}},
            {"--null-values", FlagType::kList,
             "CSV/TSV strings read as NULL (repeat the option, e.g. --null-values n/a "
             "--null-values NA)"},
            {"--on-duplicate-key",
             FlagType::kChoice,
             "A key repeated in the upload: error (default), first or last",
             false,
             {"error", "first", "last"}},
            JsonFlag(),
            {"--progress", FlagType::kBool,
             "Draw the upload progress bar on stderr even when it is not a terminal"}},
           "lakehouse ingest orders.csv --dataset orders",
           {"POST /ingest/file", "GET /catalog/datasets/by-name/{name}"},
           RunIngest}};
}

}  // namespace lakehouse
