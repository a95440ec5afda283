// `lakehouse sql`: the command's spec, one statement's request and its output formats.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/command_table.h"
#include "cli/result_table.h"
#include "cli/sql_shell.h"
#include "cli/terminal_output.h"

namespace lakehouse {
namespace {

Json RequestBody(const SqlSessionOptions& options, const std::string& sql) {
  Json body = {{"sql", sql}};
  if (!options.params.is_null()) body["params"] = options.params;
  if (options.limit) body["limit"] = *options.limit;
  if (options.timeout_ms) body["timeout_ms"] = *options.timeout_ms;
  if (!options.cache) body["cache"] = false;
  return body;
}

std::vector<ResultColumn> Columns(const Json& answer) {
  std::vector<ResultColumn> columns;
  for (const Json& c : answer.value("columns", Json::array())) {
    columns.push_back({c.value("name", ""), c.value("type", "")});
  }
  return columns;
}

// The paged API: start the query, then fetch every page into one answer.
int FetchPaged(const SqlSessionOptions& options, const std::string& sql, Json* answer) {
  Json body = RequestBody(options, sql);
  body["page_size"] = *options.page_size;
  Json start;
  if (int code = CallServer(options.server, HttpMethod::kPost, "/query/paged", body, &start)) {
    return code;
  }
  *answer = {{"columns", start.value("columns", Json::array())},
             {"rows", Json::array()},
             {"truncated", start.value("truncated", false)}};
  const std::string id = UrlEncode(start.value("query_id", ""));
  const int64_t pages = start.value("pages", int64_t{0});
  for (int64_t page = 0; page < pages; ++page) {
    Json rows;
    if (int code = CallServer(options.server, HttpMethod::kGet,
                              fmt::format("/query/page/{}/{}", id, page), nullptr, &rows)) {
      return code;
    }
    for (Json& row : rows["rows"]) (*answer)["rows"].push_back(std::move(row));
  }
  (*answer)["row_count"] = (*answer)["rows"].size();
  return kExitOk;
}

int Export(const SqlSessionOptions& options, const std::string& sql) {
  const bool csv = options.format == SqlFormat::kCsv;
  ClientResponse response;
  HttpHeaders headers{{"Accept", csv ? "text/csv" : "application/vnd.apache.parquet"}};
  if (int code = CallServerRaw(options.server, HttpMethod::kPost, "/query/sql",
                               DumpJson(RequestBody(options, sql)), "application/json", headers,
                               &response)) {
    return code;
  }
  if (csv) {
    std::cout << response.body << std::flush;
    return kExitOk;
  }
  std::ofstream out(options.parquet_path, std::ios::binary);
  out << response.body;
  if (!out) return UsageError("cannot write '" + options.parquet_path + "'");
  std::cerr << "wrote " << response.body.size() << " bytes to " << options.parquet_path << "\n";
  return kExitOk;
}

int RunSqlCommand(const Invocation& in) {
  SqlSessionOptions options;
  options.server = in.server();
  Result<Json> params = ParseParams(in.All("--param"));
  if (!params.ok()) return UsageError(params.status().message());
  options.params = *params;
  options.limit = in.Int("--limit");
  options.timeout_ms = in.Int("--timeout-ms");
  options.page_size = in.Int("--page-size");
  options.cache = !in.Has("--no-cache");
  options.timing = in.Has("--timing");
  int formats = 0;
  if (in.Has("--json")) options.format = SqlFormat::kJson, ++formats;
  if (in.Has("--csv")) options.format = SqlFormat::kCsv, ++formats;
  if (in.Has("--parquet")) {
    options.format = SqlFormat::kParquet;
    options.parquet_path = in.Get("--parquet");
    ++formats;
  }
  if (formats > 1) return UsageError("give at most one of --json, --csv, --parquet");
  if (options.page_size &&
      (options.format == SqlFormat::kCsv || options.format == SqlFormat::kParquet)) {
    return UsageError("--page-size pages JSON and tables; --csv and --parquet stream the result");
  }
  if (in.Has("STATEMENT")) return RunStatement(options, in.Get("STATEMENT"), StdoutIsTerminal());
  if (StdinIsTerminal()) {
    const char* home = std::getenv("HOME");
    const std::string history =
        home != nullptr && *home != '\0' ? std::string(home) + "/.lakehouse_history" : "";
    const ServerClientOptions server = options.server;
    std::unique_ptr<LineSource> editor =
        MakeLineEditor(history, [server] { return CompletionWordsFor(server); });
    std::cout << "lakehouse SQL shell on " << server.server
              << " — statements end with ';', \\? for help, \\q to quit\n";
    return RunShell(options, editor.get(), true);
  }
  StreamLineSource stdin_lines(&std::cin);
  return RunShell(options, &stdin_lines, false);
}

}  // namespace

Result<Json> ParseParams(const std::vector<std::string>& pairs) {
  if (pairs.empty()) return Json();
  Json params = Json::object();
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument("--param takes NAME=VALUE, got '", pair, "'");
    }
    const std::string value = pair.substr(eq + 1);
    Result<Json> json = ParseJson(value);
    const bool scalar = json.ok() && (json->is_primitive());
    params[pair.substr(0, eq)] = scalar ? *json : Json(value);
  }
  return params;
}

int RunStatement(const SqlSessionOptions& options, const std::string& sql, bool interactive) {
  const auto started = std::chrono::steady_clock::now();
  int code = kExitOk;
  if (options.format == SqlFormat::kCsv || options.format == SqlFormat::kParquet) {
    code = Export(options, sql);
  } else {
    Json answer;
    code = options.page_size ? FetchPaged(options, sql, &answer)
                             : CallServer(options.server, HttpMethod::kPost, "/query/sql",
                                          RequestBody(options, sql), &answer);
    if (code == kExitOk && options.format == SqlFormat::kJson) PrintJson(answer);
    if (code == kExitOk && options.format == SqlFormat::kTable) {
      ResultTableOptions table;
      table.max_width = interactive ? TerminalWidth() : 0;
      std::string text = RenderResultTable(Columns(answer), answer["rows"], table);
      if (answer.value("truncated", false)) {
        text += "(truncated at the row limit; --limit N or --page-size N for more)\n";
      }
      ShowOutput(text, interactive);
    }
  }
  if (options.timing && code != kExitUnreachable) {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    std::cout << fmt::format("Time: {:.1f} ms\n", ms);
  }
  return code;
}

std::vector<CommandSpec> SqlCommands() {
  return {
      {"sql",
       "Run a SQL statement and print its result, or open the SQL shell (no STATEMENT; reads "
       "stdin when it is not a terminal)",
       "lakehouse sql [STATEMENT] [--param NAME=VALUE …] [--json | --csv | --parquet FILE] "
       "[--limit N] [--page-size N] [--timeout-ms N] [--no-cache] [--timing]",
       {{"STATEMENT", "One read-only statement (omit for the shell)", false, ""}},
       {{"--param", FlagType::kList,
         "Bind $NAME to VALUE (repeatable; JSON scalars keep their type, \"007\" stays text)"},
        {"--json", FlagType::kBool, "Print the server's JSON answer"},
        {"--csv", FlagType::kBool, "Print the result as CSV"},
        {"--parquet", FlagType::kFile, "Write the result to FILE as Parquet"},
        {"--limit", FlagType::kInt, "Row limit (default: the server's query.max_rows)"},
        {"--page-size", FlagType::kInt, "Fetch through the paged API, N rows per request"},
        {"--timeout-ms", FlagType::kInt, "Statement timeout"},
        {"--no-cache", FlagType::kBool, "Bypass the result cache"},
        {"--timing", FlagType::kBool, "Print each statement's time"}},
       "lakehouse sql \"SELECT * FROM orders WHERE total > $min\" --param min=10",
       {"POST /query/sql", "POST /query/paged", "GET /query/page/{id}/{page}"},
       RunSqlCommand},
  };
}

}  // namespace lakehouse
