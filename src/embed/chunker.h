// Chunker: splits a document's text into overlapping chunks for embedding.
//
// Sizes count Unicode code points, not bytes. A chunk ends, in order of preference, at
//   1. a paragraph boundary (a blank line, or U+2029),
//   2. a sentence boundary (. ! ? followed by white space, a line break, or CJK 。！？),
//   3. a word boundary (white space, or between two CJK characters),
// choosing the last such boundary that leaves the chunk at least half full (any word boundary
// will do when there is none), and hard-splits only a single word longer than the size. Splits
// always fall between code points, so a multi-byte sequence (CJK, a 4-byte emoji) is never cut;
// grapheme clusters (ZWJ emoji, combining marks) may be cut by a hard split.
//
// Invalid UTF-8 is not an error: each invalid byte is replaced by U+FFFD before chunking, and all
// offsets refer to that sanitised text (for valid input, the text itself). Chunk text is an exact
// substring of it: text == code points [char_begin, char_end); white space between chunks is
// dropped. Overlap: a chunk after the first starts at the first word start at or after
// (previous char_end - overlap_chars), so chunks share at most overlap_chars code points and never
// start mid-word; a chunk whose tail has no word start in that window (a hard-split word) is
// followed without overlap.
//
// Thread-safety: immutable after Create; Split is const and safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "embed/chunk_template.h"

namespace lakehouse {

struct ChunkerOptions {
  // Maximum chunk length in code points; ≥ 1. Around 1000 suits most embedding models.
  int64_t size_chars = 1000;
  // Upper bound on the code points shared by consecutive chunks; 0 ≤ overlap_chars < size_chars.
  int64_t overlap_chars = 100;
};

struct TextChunk {
  int32_t index = 0;       // 0-based position within the document
  std::string text;        // the chunk itself
  int64_t char_begin = 0;  // code-point offsets into the (sanitised) input, [begin, end)
  int64_t char_end = 0;
  std::string embed_text;    // what to feed the embedder: the template expansion, or text
  std::string content_hash;  // lower-case hex SHA-256 of embed_text
};

class Chunker {
 public:
  // INVALID_ARGUMENT for out-of-range sizes. The template, when given, is already validated
  // against the dataset's columns (ChunkTemplate::Parse).
  static Result<Chunker> Create(const ChunkerOptions& options,
                                std::optional<ChunkTemplate> context_template = std::nullopt);

  // Chunks one document. `columns` supplies the row's values for the template's placeholders.
  // Empty or all-white-space text yields no chunks — unless a template expands, for this row, to
  // more than white space: then one chunk with empty text and that expansion as embed_text.
  std::vector<TextChunk> Split(std::string_view text, const ColumnValues& columns = {}) const;

  const ChunkerOptions& options() const { return options_; }

 private:
  Chunker(const ChunkerOptions& options, std::optional<ChunkTemplate> context_template)
      : options_(options), template_(std::move(context_template)) {}

  ChunkerOptions options_;
  std::optional<ChunkTemplate> template_;
};

}  // namespace lakehouse
