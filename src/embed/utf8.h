// UTF-8 helpers shared by the chunker, the chunk template and the hash embedder.
//
// Decoding is strict (RFC 3629): overlong forms, surrogates (U+D800..U+DFFF), code points above
// U+10FFFF and truncated sequences are invalid. Callers that accept arbitrary bytes either call
// SanitizeUtf8 first (every invalid byte becomes one U+FFFD) or treat an invalid byte as a
// separator.
//
// Thread-safety: stateless free functions, safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lakehouse {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// One decoded code point. For an invalid byte, valid is false, length is 1 and code_point is
// kReplacementCharacter, so a decoding loop always makes progress.
struct DecodedCodePoint {
  char32_t code_point;
  int32_t length;
  bool valid;
};

// Decodes the code point starting at text[pos]. Precondition: pos < text.size().
inline DecodedCodePoint DecodeUtf8(std::string_view text, size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const size_t left = text.size() - pos;
  const unsigned char b0 = s[0];
  if (b0 < 0x80) return {b0, 1, true};
  constexpr DecodedCodePoint kInvalid{kReplacementCharacter, 1, false};
  auto cont = [&](size_t i) { return i < left && (s[i] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (!cont(1)) return kInvalid;
    return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (s[1] & 0x3F)), 2, true};
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return kInvalid;
    const char32_t cp = ((b0 & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return kInvalid;
    return {cp, 3, true};
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return kInvalid;
    const char32_t cp =
        ((b0 & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    if (cp < 0x10000 || cp > 0x10FFFF) return kInvalid;
    return {cp, 4, true};
  }
  return kInvalid;
}

// Appends the UTF-8 encoding of a valid code point.
void AppendUtf8(char32_t code_point, std::string* out);

// Returns text with every byte that is not part of a valid sequence replaced by U+FFFD (so the
// code point count never shrinks). Valid input is returned unchanged.
std::string SanitizeUtf8(std::string_view text);

// Number of code points in valid UTF-8 (an invalid byte counts as one).
int64_t CountCodePoints(std::string_view text);

// White space as the chunker and the tokeniser see it: ASCII space and controls \t\n\v\f\r,
// NBSP, the U+2000..U+200A spaces, line/paragraph separators, narrow/medium math spaces and the
// ideographic space U+3000.
bool IsUnicodeWhitespace(char32_t code_point);

}  // namespace lakehouse
