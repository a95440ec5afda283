#include "nl_sql/sql_prompt.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace lakehouse {
namespace {

constexpr std::string_view kFence = "```";

std::string Trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string Quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string OneLine(std::string_view text) {
  std::string out(text);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return out;
}

// Trailing whitespace and semicolons off; what remains is the statement.
std::string StatementText(std::string_view text) {
  std::string sql = Trim(text);
  while (!sql.empty() &&
         (sql.back() == ';' || std::isspace(static_cast<unsigned char>(sql.back())))) {
    sql.pop_back();
  }
  return sql;
}

std::string JoinProse(std::string_view before, std::string_view after) {
  std::string a = Trim(before), b = Trim(after);
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + "\n" + b;
}

// Whether `line` starts like a SQL statement (its first word is a statement keyword).
bool StartsStatement(std::string_view line) {
  static const std::set<std::string, std::less<>> kKeywords = {
      "SELECT",  "WITH",   "FROM",   "EXPLAIN",  "DESCRIBE", "SHOW",   "SUMMARIZE",  "PIVOT",
      "UNPIVOT", "VALUES", "TABLE",  "INSERT",   "UPDATE",   "DELETE", "DROP",       "CREATE",
      "ALTER",   "COPY",   "ATTACH", "DETACH",   "PRAGMA",   "SET",    "INSTALL",    "LOAD",
      "CALL",    "EXPORT", "IMPORT", "TRUNCATE", "MERGE",    "VACUUM", "CHECKPOINT", "USE"};
  const std::string trimmed = Trim(line);
  std::string word;
  for (char c : trimmed) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (word.empty() || !kKeywords.contains(word)) return false;
  // Prose that happens to start with a keyword ("Select the rows…") is taken as SQL too: the
  // sandbox then refuses it and the retry tells the generator why.
  return trimmed.size() == word.size() ||
         !std::isalpha(static_cast<unsigned char>(trimmed[word.size()]));
}

ExtractedSql FromFence(const std::string& reply, size_t open) {
  size_t body = open + kFence.size();
  const size_t line_end = reply.find('\n', body);
  const size_t close_on_line = reply.find(kFence, body);
  // ```sql\n…``` : the rest of the opening line is the language tag.
  if (line_end != std::string::npos &&
      (close_on_line == std::string::npos || line_end < close_on_line)) {
    body = line_end + 1;
  }
  size_t close = reply.find(kFence, body);
  ExtractedSql out;
  if (close == std::string::npos) {
    out.sql = StatementText(std::string_view(reply).substr(body));
    out.explanation = Trim(std::string_view(reply).substr(0, open));
    return out;
  }
  out.sql = StatementText(std::string_view(reply).substr(body, close - body));
  out.explanation = JoinProse(std::string_view(reply).substr(0, open),
                              std::string_view(reply).substr(close + kFence.size()));
  return out;
}

}  // namespace

std::string RenderSchema(const SchemaContext& context) {
  std::ostringstream out;
  for (const SchemaTable& table : context.tables) {
    out << "TABLE " << Quoted(table.name);
    if (!table.description.empty()) out << " -- " << OneLine(table.description);
    out << '\n';
    for (const SchemaColumn& column : table.columns) {
      out << "  " << Quoted(column.name) << ' ' << column.type;
      std::string note = OneLine(column.description);
      if (!column.samples.empty()) {
        std::string samples;
        for (const std::string& s : column.samples) {
          if (!samples.empty()) samples += ", ";
          samples += OneLine(s);
        }
        note += (note.empty() ? "e.g. " : "; e.g. ") + samples;
      }
      if (!note.empty()) out << " -- " << note;
      out << '\n';
    }
  }
  return out.str();
}

std::vector<ChatMessage> BuildSqlPrompt(const std::string& question, const SchemaContext& context,
                                        const std::vector<FailedAttempt>& failures) {
  std::string system =
      "You translate a question about data into exactly one DuckDB SQL SELECT statement.\n"
      "Rules: read only the tables and columns listed below, spelled and quoted as listed; never "
      "write, create or change anything; no other statement. Answer with the statement in one "
      "```sql code block, then one short sentence saying what it computes.\n\n"
      "Tables:\n" +
      RenderSchema(context);
  std::vector<ChatMessage> messages = {{"system", std::move(system)}, {"user", question}};
  for (const FailedAttempt& failure : failures) {
    messages.push_back({"assistant", failure.reply});
    messages.push_back({"user", "That SQL was refused by the database: " + failure.error +
                                    "\nWrite a corrected statement (one SELECT, in a ```sql "
                                    "code block) using only the tables and columns listed."});
  }
  return messages;
}

ExtractedSql ExtractSql(const std::string& reply) {
  if (size_t open = reply.find(kFence); open != std::string::npos) return FromFence(reply, open);
  ExtractedSql out;
  std::istringstream lines(reply);
  std::string line, before;
  size_t at = 0;
  while (std::getline(lines, line)) {
    if (StartsStatement(line)) {
      // The statement runs to the first blank line; prose after it is explanation.
      std::string_view rest = std::string_view(reply).substr(at);
      size_t blank = rest.find("\n\n");
      if (blank == std::string_view::npos) blank = rest.find("\n\r\n");
      out.sql = StatementText(rest.substr(0, blank));
      out.explanation =
          JoinProse(before, blank == std::string_view::npos ? "" : rest.substr(blank));
      return out;
    }
    before += line + "\n";
    at += line.size() + 1;
  }
  out.explanation = Trim(reply);
  return out;
}

}  // namespace lakehouse
