// ChunkTemplate: the optional "context template" that decides what text is fed to the embedder
// for each chunk, e.g. "{title}\n{chunk}" so every chunk of a document carries its title.
//
// Syntax: `{name}` is replaced by the value of dataset column `name`; `{chunk}` by the chunk text;
// `{{` and `}}` are literal braces. A template is validated once, at parse time, against the
// dataset's column names: an unknown placeholder, an empty or unterminated placeholder, a stray
// `}` or a template without `{chunk}` is INVALID_ARGUMENT. A column literally named "chunk" is
// shadowed by the chunk text.
//
// At expansion a column that is absent from the value map (e.g. NULL in that row) expands to the
// empty string. Column values are sanitised to valid UTF-8 (invalid bytes become U+FFFD).
//
// Thread-safety: immutable after Parse; Expand is const and safe from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace lakehouse {

// Column name → value for one row. std::less<> allows lookup by string_view.
using ColumnValues = std::map<std::string, std::string, std::less<>>;

class ChunkTemplate {
 public:
  static Result<ChunkTemplate> Parse(std::string_view text,
                                     const std::vector<std::string>& column_names);

  // The text to embed for one chunk of a row.
  std::string Expand(std::string_view chunk_text, const ColumnValues& columns) const;

  // Columns the template refers to, in order of first appearance (without "chunk").
  const std::vector<std::string>& referenced_columns() const { return referenced_columns_; }
  const std::string& source() const { return source_; }

 private:
  enum class SegmentKind { kLiteral, kColumn, kChunk };
  struct Segment {
    SegmentKind kind;
    std::string text;  // literal text, or the column name
  };

  ChunkTemplate() = default;

  std::string source_;
  std::vector<Segment> segments_;
  std::vector<std::string> referenced_columns_;
};

}  // namespace lakehouse
