#include "catalog/pg_dialect.h"

#include <algorithm>
#include <cctype>

namespace lakehouse {
namespace {

enum class TokenKind { kSpace, kWord, kParam, kPunct, kQuoted };

struct Token {
  TokenKind kind;
  std::string text;
};

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Splits SQL into tokens; string literals, quoted identifiers and comments are single tokens
// (comments as spaces).
std::vector<Token> Tokenize(std::string_view sql) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    size_t start = i;
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i])) != 0) ++i;
      out.push_back({TokenKind::kSpace, std::string(sql.substr(start, i - start))});
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
      out.push_back({TokenKind::kSpace, " "});
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
      out.push_back({TokenKind::kSpace, " "});
    } else if (c == '\'' || c == '"' || c == '`') {
      ++i;
      while (i < sql.size()) {
        if (sql[i] == c) {
          if (i + 1 < sql.size() && sql[i + 1] == c) {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      std::string text(sql.substr(start, i - start));
      if (c == '`') text = "\"" + text.substr(1, text.size() - 2) + "\"";
      out.push_back({TokenKind::kQuoted, text});
    } else if (c == '?') {
      ++i;
      while (i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i])) != 0) ++i;
      out.push_back({TokenKind::kParam, std::string(sql.substr(start, i - start))});
    } else if (IsWordChar(c)) {
      while (i < sql.size() && IsWordChar(sql[i])) ++i;
      out.push_back({TokenKind::kWord, std::string(sql.substr(start, i - start))});
    } else {
      ++i;
      out.push_back({TokenKind::kPunct, std::string(1, c)});
    }
  }
  return out;
}

bool IsWord(const Token& t, std::string_view upper) {
  return t.kind == TokenKind::kWord && Upper(t.text) == upper;
}

// Index of the next non-space token at or after i (tokens.size() when none).
size_t NextSignificant(const std::vector<Token>& tokens, size_t i) {
  while (i < tokens.size() && tokens[i].kind == TokenKind::kSpace) ++i;
  return i;
}

std::string Unquote(const std::string& identifier) {
  if (identifier.size() >= 2 && identifier.front() == '"') {
    return identifier.substr(1, identifier.size() - 2);
  }
  return identifier;
}

// Translates one statement (no top-level semicolons).
Result<std::string> TranslateStatement(std::vector<Token> tokens, int& max_param,
                                       bool& has_null_test, const PrimaryKeyLookup& primary_key) {
  enum class Conflict { kNone, kIgnore, kReplace } conflict = Conflict::kNone;
  std::string replace_table;
  std::vector<std::string> replace_columns;
  std::vector<Token> out;
  size_t returning_at = std::string::npos;  // index into `out`
  int depth = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kParam) {
      int number = t.text.size() > 1 ? std::stoi(t.text.substr(1)) : max_param + 1;
      max_param = std::max(max_param, number);
      size_t next = NextSignificant(tokens, i + 1);
      if (next < tokens.size() && IsWord(tokens[next], "IS")) has_null_test = true;
      out.push_back({TokenKind::kParam, "$" + std::to_string(number)});
      continue;
    }
    if (t.kind == TokenKind::kPunct) {
      if (t.text == "(") ++depth;
      if (t.text == ")") --depth;
      out.push_back(t);
      continue;
    }
    if (t.kind != TokenKind::kWord) {
      out.push_back(t);
      continue;
    }
    const std::string word = Upper(t.text);
    if (word == "INSERT") {
      size_t or_at = NextSignificant(tokens, i + 1);
      if (or_at < tokens.size() && IsWord(tokens[or_at], "OR")) {
        size_t what = NextSignificant(tokens, or_at + 1);
        if (what < tokens.size() &&
            (IsWord(tokens[what], "IGNORE") || IsWord(tokens[what], "REPLACE"))) {
          conflict = IsWord(tokens[what], "IGNORE") ? Conflict::kIgnore : Conflict::kReplace;
          out.push_back({TokenKind::kWord, "INSERT"});
          i = what;
          if (conflict == Conflict::kReplace) {
            size_t into = NextSignificant(tokens, what + 1);
            size_t table = NextSignificant(tokens, into + 1);
            size_t open = NextSignificant(tokens, table + 1);
            if (table >= tokens.size() || open >= tokens.size() || tokens[open].text != "(") {
              return InvalidArgument("INSERT OR REPLACE needs a column list on PostgreSQL");
            }
            replace_table = Unquote(tokens[table].text);
            for (size_t k = open + 1; k < tokens.size() && tokens[k].text != ")"; ++k) {
              if (tokens[k].kind == TokenKind::kWord || tokens[k].kind == TokenKind::kQuoted) {
                replace_columns.push_back(Unquote(tokens[k].text));
              }
            }
          }
          continue;
        }
      }
    }
    if (word == "RETURNING" && depth == 0) returning_at = out.size();
    if (word == "INTEGER") {
      size_t primary = NextSignificant(tokens, i + 1);
      size_t key = NextSignificant(tokens, primary + 1);
      if (key < tokens.size() && IsWord(tokens[primary], "PRIMARY") && IsWord(tokens[key], "KEY")) {
        out.push_back({TokenKind::kWord, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"});
        i = key;
        size_t autoinc = NextSignificant(tokens, key + 1);
        if (autoinc < tokens.size() && IsWord(tokens[autoinc], "AUTOINCREMENT")) i = autoinc;
        continue;
      }
      out.push_back({TokenKind::kWord, "BIGINT"});
      continue;
    }
    if (word == "REAL") {
      out.push_back({TokenKind::kWord, "DOUBLE PRECISION"});
      continue;
    }
    if (word == "BLOB") {
      out.push_back({TokenKind::kWord, "BYTEA"});
      continue;
    }
    if (word == "STRICT") {
      size_t back = out.size();
      while (back > 0 && out[back - 1].kind == TokenKind::kSpace) --back;
      if (back > 0 && out[back - 1].text == ")") continue;
    }
    out.push_back(t);
  }
  std::string clause;
  if (conflict == Conflict::kIgnore) clause = " ON CONFLICT DO NOTHING ";
  if (conflict == Conflict::kReplace) {
    LH_ASSIGN_OR_RETURN(std::vector<std::string> key, primary_key(replace_table));
    if (key.empty()) {
      return InvalidArgument("INSERT OR REPLACE into '", replace_table,
                             "', which has no primary key");
    }
    std::string target;
    for (const std::string& column : key) target += (target.empty() ? "" : ", ") + column;
    std::string sets;
    for (const std::string& column : replace_columns) {
      if (std::find(key.begin(), key.end(), column) != key.end()) continue;
      sets += (sets.empty() ? "" : ", ") + column + " = EXCLUDED." + column;
    }
    clause = " ON CONFLICT (" + target + ") " +
             (sets.empty() ? std::string("DO NOTHING ") : "DO UPDATE SET " + sets + " ");
  }
  std::string sql;
  for (size_t k = 0; k < out.size(); ++k) {
    if (k == returning_at) sql += clause;
    sql += out[k].text;
  }
  if (!clause.empty() && returning_at == std::string::npos) {
    while (!sql.empty() && std::isspace(static_cast<unsigned char>(sql.back())) != 0) {
      sql.pop_back();
    }
    sql += clause;
  }
  return sql;
}

}  // namespace

Result<PgTranslation> TranslateToPostgres(std::string_view sqlite_sql,
                                          const PrimaryKeyLookup& primary_key) {
  std::vector<Token> tokens = Tokenize(sqlite_sql);
  PgTranslation translation;
  std::vector<Token> statement;
  int depth = 0;
  auto flush = [&]() -> Status {
    bool empty = std::all_of(statement.begin(), statement.end(),
                             [](const Token& t) { return t.kind == TokenKind::kSpace; });
    if (!empty) {
      LH_ASSIGN_OR_RETURN(std::string sql,
                          TranslateStatement(std::move(statement), translation.parameter_count,
                                             translation.has_null_test, primary_key));
      translation.sql += sql;
    } else {
      for (const Token& t : statement) translation.sql += t.text;
    }
    statement.clear();
    return Status::Ok();
  };
  for (Token& t : tokens) {
    if (t.kind == TokenKind::kPunct && t.text == "(") ++depth;
    if (t.kind == TokenKind::kPunct && t.text == ")") --depth;
    if (t.kind == TokenKind::kPunct && t.text == ";" && depth == 0) {
      LH_RETURN_IF_ERROR(flush());
      translation.sql += ";";
      continue;
    }
    statement.push_back(std::move(t));
  }
  LH_RETURN_IF_ERROR(flush());
  return translation;
}

}  // namespace lakehouse
