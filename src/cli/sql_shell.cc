#include "cli/sql_shell.h"

#include <algorithm>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/result_table.h"
#include "cli/statement_buffer.h"
#include "cli/terminal_output.h"

namespace lakehouse {
namespace {

constexpr const char* kHelp =
    "  \\d, .tables             list datasets\n"
    "  \\d NAME, .schema NAME   a dataset's columns\n"
    "  \\timing [on|off]        print each statement's time\n"
    "  \\q, .quit, .exit        leave the shell\n"
    "  \\?, .help               this help\n"
    "Statements end with ';' and may span lines; Ctrl-D also leaves.\n";

const char* const kKeywords[] = {
    "SELECT", "FROM", "WHERE",    "GROUP", "BY",     "ORDER", "LIMIT",    "OFFSET",   "HAVING",
    "JOIN",   "LEFT", "INNER",    "ON",    "AS",     "AND",   "OR",       "NOT",      "IN",
    "IS",     "NULL", "DISTINCT", "COUNT", "SUM",    "AVG",   "MIN",      "MAX",      "WITH",
    "UNION",  "ALL",  "CASE",     "WHEN",  "THEN",   "ELSE",  "END",      "LIKE",     "ILIKE",
    "DESC",   "ASC",  "BETWEEN",  "CAST",  "EXISTS", "USING", "DESCRIBE", "SUMMARIZE"};

// The output of a meta-command's table (no pager needed for short lists, but allowed).
void Show(const std::string& text, bool interactive) { ShowOutput(text, interactive); }

int ListDatasets(const SqlSessionOptions& options, bool interactive) {
  Json body;
  if (int code =
          CallServer(options.server, HttpMethod::kGet, "/catalog/datasets", nullptr, &body)) {
    return code;
  }
  Json rows = Json::array();
  for (const Json& d : body.value("datasets", Json::array())) {
    rows.push_back({d.value("name", ""), d.value("row_count", int64_t{0}),
                    d.value("columns", Json::array()).size(), d.value("description", "")});
  }
  ResultTableOptions table;
  table.max_width = interactive ? TerminalWidth() : 0;
  Show(RenderResultTable({{"name", "VARCHAR"},
                          {"rows", "BIGINT"},
                          {"columns", "BIGINT"},
                          {"description", "VARCHAR"}},
                         rows, table),
       interactive);
  return kExitOk;
}

int DescribeDataset(const SqlSessionOptions& options, const std::string& name, bool interactive) {
  Json d;
  if (int code = CallServer(options.server, HttpMethod::kGet,
                            "/catalog/datasets/by-name/" + UrlEncode(name), nullptr, &d)) {
    return code;
  }
  Json rows = Json::array();
  for (const Json& c : d.value("columns", Json::array())) {
    rows.push_back({c.value("name", ""), c.value("type", ""), c.value("nullable", true),
                    c.value("sensitivity", ""), c.value("description", "")});
  }
  std::ostringstream title;
  title << "Dataset \"" << d.value("name", name) << "\" (" << d.value("row_count", int64_t{0})
        << " rows, version " << d.value("current_version", int64_t{0}) << ")\n";
  ResultTableOptions table;
  table.max_width = interactive ? TerminalWidth() : 0;
  table.footer = false;
  Show(title.str() + RenderResultTable({{"column", "VARCHAR"},
                                        {"type", "VARCHAR"},
                                        {"nullable", "BOOLEAN"},
                                        {"sensitivity", "VARCHAR"},
                                        {"description", "VARCHAR"}},
                                       rows, table),
       interactive);
  return kExitOk;
}

enum class MetaResult { kContinue, kQuit };

// A line starting with '\' or '.' when no statement is pending.
MetaResult RunMeta(const std::string& line, SqlSessionOptions* options, bool interactive,
                   int* code) {
  std::istringstream words(line);
  std::string command;
  std::string argument;
  words >> command >> argument;
  if (!argument.empty() && argument.back() == ';') argument.pop_back();
  if (!command.empty() && command.back() == ';') command.pop_back();
  if (command == "\\q" || command == ".quit" || command == ".exit") return MetaResult::kQuit;
  if (command == "\\?" || command == ".help" || command == "\\h") {
    std::cout << kHelp;
  } else if ((command == "\\d" || command == "\\dt" || command == ".tables") && argument.empty()) {
    *code = ListDatasets(*options, interactive);
  } else if (command == "\\d" || command == ".schema") {
    if (argument.empty()) {
      std::cerr << "lakehouse: .schema needs a dataset name\n";
      *code = kExitUsage;
    } else {
      *code = DescribeDataset(*options, argument, interactive);
    }
  } else if (command == "\\timing" || command == ".timer") {
    options->timing = argument.empty() ? !options->timing : (argument == "on");
    std::cout << "Timing is " << (options->timing ? "on" : "off") << ".\n";
  } else {
    std::cerr << "lakehouse: unknown command '" << command << "' (\\? lists them)\n";
    *code = kExitUsage;
  }
  return MetaResult::kContinue;
}

}  // namespace

std::vector<std::string> CompletionWordsFor(const ServerClientOptions& server) {
  std::set<std::string> words = {"\\d",     "\\timing", "\\q",   "\\?",
                                 ".tables", ".schema",  ".quit", ".help"};
  for (const char* keyword : kKeywords) {
    words.insert(keyword);
    std::string lower = keyword;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    words.insert(lower);
  }
  HttpClientOptions client_options;
  client_options.api_key = server.api_key;
  client_options.connect_timeout = std::chrono::milliseconds(1000);
  auto client = HttpClient::Create(server.server, client_options);
  if (client.ok()) {
    auto response = (*client)->Get("/catalog/datasets");
    if (response.ok() && response->status == 200) {
      if (auto body = response->JsonBody(); body.ok()) {
        for (const Json& d : body->value("datasets", Json::array())) {
          words.insert(d.value("name", ""));
          for (const Json& c : d.value("columns", Json::array())) words.insert(c.value("name", ""));
        }
      }
    }
  }
  words.erase("");
  return {words.begin(), words.end()};
}

int RunShell(SqlSessionOptions options, LineSource* source, bool interactive) {
  StatementBuffer buffer;
  int result = kExitOk;
  auto note = [&](int code) {
    if (code == kExitUnreachable) result = kExitUnreachable;
    if (code != kExitOk && result == kExitOk) result = kExitRequestFailed;
  };
  std::string entry;  // the lines of the current entry, for the history
  while (true) {
    std::optional<std::string> line =
        source->ReadLine(buffer.empty() ? "lakehouse> " : "     ...> ");
    if (!line) break;
    const std::string trimmed = TrimWhitespace(*line);
    if (buffer.empty() && !trimmed.empty() && (trimmed[0] == '\\' || trimmed[0] == '.')) {
      source->AddHistory(trimmed);
      int code = kExitOk;
      if (RunMeta(trimmed, &options, interactive, &code) == MetaResult::kQuit) break;
      note(code);
      continue;
    }
    buffer.AddLine(*line);
    entry += (entry.empty() ? "" : "\n") + *line;
    for (const std::string& statement : buffer.TakeStatements()) {
      note(RunStatement(options, statement, interactive));
    }
    if (buffer.empty()) {
      source->AddHistory(TrimWhitespace(entry));
      entry.clear();
    }
  }
  // A script whose last statement lacks its ';' still runs it.
  if (std::string rest = buffer.TakeRest(); !rest.empty())
    note(RunStatement(options, rest, interactive));
  if (interactive) std::cout << "\n";
  return result;
}

}  // namespace lakehouse
