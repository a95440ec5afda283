// The prompt that asks a generator for SQL, and the reading of its reply (issue 21: natural
// language to SQL). Pure functions over typed values; no generator, catalog or DuckDB here.
//
// The schema part lists, per table, its columns with type, description and a few sample values —
// only what the caller may see unmasked (SchemaContext is built that way, nl_sql_service.h).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "embed/generator.h"

namespace lakehouse {

struct SchemaColumn {
  std::string name;
  std::string type;
  std::string description;
  // A few distinct values as SQL literals ('Chicago', 42), each shortened; shown as written.
  std::vector<std::string> samples;
};

struct SchemaTable {
  std::string name;
  std::string description;
  std::vector<SchemaColumn> columns;
};

// What the generator is told about the data.
struct SchemaContext {
  std::vector<SchemaTable> tables;
};

// The schema as the prompt shows it:
//   TABLE "candidates" -- People looking for work
//     "city" VARCHAR -- Where they live; e.g. 'Chicago', 'Denver'
std::string RenderSchema(const SchemaContext& context);

// One attempt that failed validation, fed back to the generator for its retry.
struct FailedAttempt {
  std::string reply;  // what the generator answered
  std::string error;  // why its SQL was refused (the database's message)
};

// The chat: a system message (the rules and the schema), the question, and — on a retry — the
// failed reply and its error with a request to correct it.
std::vector<ChatMessage> BuildSqlPrompt(const std::string& question, const SchemaContext& context,
                                        const std::vector<FailedAttempt>& failures);

struct ExtractedSql {
  std::string sql;          // one statement, trailing ';' and whitespace removed; "" = none
  std::string explanation;  // the prose around it, trimmed ("" when none)
};

// Reads a reply: the first fenced code block (```sql … ``` or ``` … ```) when there is one, the
// prose around it the explanation; otherwise the text from the first line that starts with a
// SQL keyword (the lines before it the explanation). Nothing is judged here: whether the text
// is one read-only statement is the sandbox's decision.
ExtractedSql ExtractSql(const std::string& reply);

}  // namespace lakehouse
