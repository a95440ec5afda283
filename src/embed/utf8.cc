#include "embed/utf8.h"

namespace lakehouse {

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string SanitizeUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {  // fast path: scan until the first invalid byte
    const DecodedCodePoint d = DecodeUtf8(text, pos);
    if (!d.valid) break;
    pos += static_cast<size_t>(d.length);
  }
  std::string out(text.substr(0, pos));
  if (pos == text.size()) return out;
  out.reserve(text.size() + 16);
  while (pos < text.size()) {
    const DecodedCodePoint d = DecodeUtf8(text, pos);
    if (d.valid) {
      out.append(text.substr(pos, static_cast<size_t>(d.length)));
    } else {
      AppendUtf8(kReplacementCharacter, &out);
    }
    pos += static_cast<size_t>(d.length);
  }
  return out;
}

int64_t CountCodePoints(std::string_view text) {
  int64_t n = 0;
  for (size_t pos = 0; pos < text.size(); ++n) {
    pos += static_cast<size_t>(DecodeUtf8(text, pos).length);
  }
  return n;
}

bool IsUnicodeWhitespace(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

}  // namespace lakehouse
