#include "embed/chunker.h"

#include <algorithm>

#include "common/hash.h"
#include "embed/utf8.h"

namespace lakehouse {
namespace {

// Strength of a cut placed before code point i (the chunk's content ends at i).
enum BreakLevel : uint8_t { kNoBreak = 0, kWordBreak = 1, kSentenceBreak = 2, kParagraphBreak = 3 };

bool IsCjk(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

// CJK punctuation that must stay attached to the preceding character.
bool IsCjkTrailingPunctuation(char32_t cp) {
  return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || cp == 0xFF3D || cp == 0xFF5D;
}

bool IsSentenceEnd(char32_t cp) { return cp == '.' || cp == '!' || cp == '?'; }
bool IsCjkSentenceEnd(char32_t cp) { return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F; }

// The decoded document: code points, their byte offsets and the break level before each one.
struct Document {
  std::vector<char32_t> cps;
  std::vector<size_t> byte_offsets;  // size n + 1
  std::vector<uint8_t> levels;       // size n + 1; levels[i] = strength of a cut before cps[i]
  std::vector<bool> space;           // IsUnicodeWhitespace per code point

  int64_t size() const { return static_cast<int64_t>(cps.size()); }
};

Document Decode(std::string_view text) {
  Document doc;
  doc.cps.reserve(text.size());
  doc.byte_offsets.reserve(text.size() + 1);
  for (size_t pos = 0; pos < text.size();) {
    const DecodedCodePoint d = DecodeUtf8(text, pos);
    doc.cps.push_back(d.code_point);
    doc.byte_offsets.push_back(pos);
    pos += static_cast<size_t>(d.length);
  }
  doc.byte_offsets.push_back(text.size());
  const int64_t n = doc.size();
  doc.space.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) doc.space[i] = IsUnicodeWhitespace(doc.cps[i]);
  doc.levels.assign(static_cast<size_t>(n) + 1, kNoBreak);
  for (int64_t i = 1; i < n; ++i) {
    const char32_t prev = doc.cps[i - 1];
    const char32_t cur = doc.cps[i];
    if (doc.space[i - 1]) continue;  // cuts sit at the end of content, never inside white space
    if (doc.space[i]) {
      int newlines = 0;
      bool paragraph_separator = false;
      for (int64_t j = i; j < n && doc.space[j] && newlines < 2; ++j) {
        newlines += doc.cps[j] == '\n';
        paragraph_separator |= doc.cps[j] == 0x2029;
      }
      if (newlines >= 2 || paragraph_separator) {
        doc.levels[i] = kParagraphBreak;
      } else if (newlines == 1 || IsSentenceEnd(prev) || IsCjkSentenceEnd(prev)) {
        doc.levels[i] = kSentenceBreak;
      } else {
        doc.levels[i] = kWordBreak;
      }
    } else if (IsCjkSentenceEnd(prev)) {
      doc.levels[i] = kSentenceBreak;
    } else if ((IsCjk(prev) || IsCjk(cur)) && !IsCjkTrailingPunctuation(cur)) {
      doc.levels[i] = kWordBreak;
    }
  }
  return doc;
}

// The cut for a chunk starting at `start` that may end no later than `limit` (< n) and must end
// after `floor` (the previous cut, so every chunk covers new text).
int64_t FindCut(const Document& doc, int64_t start, int64_t limit, int64_t floor) {
  const int64_t half = std::max(start + (limit - start) / 2, floor + 1);
  int64_t sentence = -1;
  int64_t word = -1;
  for (int64_t i = limit; i > start && i > floor; --i) {
    const uint8_t level = doc.levels[i];
    if (level == kNoBreak) continue;
    if (i >= half) {
      if (level == kParagraphBreak) return i;
      if (level == kSentenceBreak && sentence < 0) sentence = i;
    }
    if (word < 0) word = i;
  }
  if (sentence >= 0) return sentence;
  if (word >= 0) return word;
  return limit;  // a single word longer than the chunk: hard split
}

bool IsWordStart(const Document& doc, int64_t p) {
  return !doc.space[p] && (p == 0 || doc.space[p - 1] || doc.levels[p] != kNoBreak);
}

}  // namespace

Result<Chunker> Chunker::Create(const ChunkerOptions& options,
                                std::optional<ChunkTemplate> context_template) {
  if (options.size_chars < 1) return InvalidArgument("chunk size must be at least 1 character");
  if (options.overlap_chars < 0 || options.overlap_chars >= options.size_chars) {
    return InvalidArgument("chunk overlap must be in [0, size): got ",
                           std::to_string(options.overlap_chars), " for size ",
                           std::to_string(options.size_chars));
  }
  return Chunker(options, std::move(context_template));
}

std::vector<TextChunk> Chunker::Split(std::string_view raw_text,
                                      const ColumnValues& columns) const {
  const std::string text = SanitizeUtf8(raw_text);
  const Document doc = Decode(text);
  const int64_t n = doc.size();
  const int64_t size = options_.size_chars;
  auto skip_space = [&](int64_t p) {
    while (p < n && doc.space[p]) ++p;
    return p;
  };

  std::vector<TextChunk> chunks;
  int64_t start = skip_space(0);
  int64_t prev_cut = -1;
  while (start < n) {
    const int64_t cut = n - start <= size ? n : FindCut(doc, start, start + size, prev_cut);
    int64_t end = cut;
    while (end > start && doc.space[end - 1]) --end;

    TextChunk chunk;
    chunk.index = static_cast<int32_t>(chunks.size());
    chunk.char_begin = start;
    chunk.char_end = end;
    chunk.text =
        text.substr(doc.byte_offsets[start], doc.byte_offsets[end] - doc.byte_offsets[start]);
    chunk.embed_text = template_ ? template_->Expand(chunk.text, columns) : chunk.text;
    chunk.content_hash = Sha256Hex(chunk.embed_text);
    chunks.push_back(std::move(chunk));

    int64_t next = cut;
    if (options_.overlap_chars > 0 && cut < n) {
      for (int64_t p = std::max(start + 1, end - options_.overlap_chars); p < end; ++p) {
        if (IsWordStart(doc, p)) {
          next = p;
          break;
        }
      }
    }
    prev_cut = cut;
    start = skip_space(next);
  }
  if (chunks.empty() && template_) {
    // No text, but the template still says something about the row (its title, its subject):
    // that is the document's one chunk.
    TextChunk chunk;
    chunk.embed_text = template_->Expand("", columns);
    if (chunk.embed_text.find_first_not_of(" \t\r\n") != std::string::npos) {
      chunk.content_hash = Sha256Hex(chunk.embed_text);
      chunks.push_back(std::move(chunk));
    }
  }
  return chunks;
}

}  // namespace lakehouse
