#include "embed/chunk_template.h"

#include <algorithm>

#include "embed/utf8.h"

namespace lakehouse {

Result<ChunkTemplate> ChunkTemplate::Parse(std::string_view text,
                                           const std::vector<std::string>& column_names) {
  ChunkTemplate tmpl;
  tmpl.source_ = std::string(text);
  std::string literal;
  bool has_chunk = false;
  auto flush_literal = [&] {
    if (!literal.empty()) tmpl.segments_.push_back({SegmentKind::kLiteral, std::move(literal)});
    literal.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      literal.push_back('{');
      i += 2;
    } else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      literal.push_back('}');
      i += 2;
    } else if (c == '}') {
      return InvalidArgument("template: unmatched '}' at byte ", std::to_string(i),
                             " (write '}}' for a literal brace)");
    } else if (c == '{') {
      const size_t close = text.find_first_of("{}", i + 1);
      if (close == std::string_view::npos || text[close] != '}') {
        return InvalidArgument("template: unterminated placeholder at byte ", std::to_string(i));
      }
      const std::string name(text.substr(i + 1, close - i - 1));
      if (name.empty()) return InvalidArgument("template: empty placeholder '{}'");
      flush_literal();
      if (name == "chunk") {
        has_chunk = true;
        tmpl.segments_.push_back({SegmentKind::kChunk, {}});
      } else {
        if (std::find(column_names.begin(), column_names.end(), name) == column_names.end()) {
          return InvalidArgument("template: unknown placeholder '{", name,
                                 "}': not a column of the dataset and not {chunk}");
        }
        if (std::find(tmpl.referenced_columns_.begin(), tmpl.referenced_columns_.end(), name) ==
            tmpl.referenced_columns_.end()) {
          tmpl.referenced_columns_.push_back(name);
        }
        tmpl.segments_.push_back({SegmentKind::kColumn, name});
      }
      i = close + 1;
    } else {
      literal.push_back(c);
      ++i;
    }
  }
  flush_literal();
  if (!has_chunk) return InvalidArgument("template: must contain the {chunk} placeholder");
  for (Segment& s : tmpl.segments_) {
    if (s.kind == SegmentKind::kLiteral) s.text = SanitizeUtf8(s.text);
  }
  return tmpl;
}

std::string ChunkTemplate::Expand(std::string_view chunk_text, const ColumnValues& columns) const {
  std::string out;
  out.reserve(chunk_text.size() + 64);
  for (const Segment& s : segments_) {
    switch (s.kind) {
      case SegmentKind::kLiteral:
        out += s.text;
        break;
      case SegmentKind::kChunk:
        out += chunk_text;
        break;
      case SegmentKind::kColumn: {
        const auto it = columns.find(s.text);
        if (it != columns.end()) out += SanitizeUtf8(it->second);
        break;
      }
    }
  }
  return out;
}

}  // namespace lakehouse
