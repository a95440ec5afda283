#include "storage/object_key.h"

#include <cstdint>
#include <vector>

namespace lakehouse {
namespace {

// Length of the UTF-8 sequence starting at bytes[i] and its code point, or 0 when malformed.
size_t DecodeUtf8(std::string_view bytes, size_t i, uint32_t* code_point) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(bytes[k]); };
  uint8_t lead = byte(i);
  size_t length;
  uint32_t cp;
  uint32_t min;
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > bytes.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *code_point = cp;
  return length;
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

std::string Describe(uint32_t cp) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out = "U+00";
  out += kHex[(cp >> 4) & 0xF];
  out += kHex[cp & 0xF];
  return out;
}

// Checks the characters of the whole key; segment rules are applied by Normalise.
Status CheckCharacters(std::string_view key) {
  for (size_t i = 0; i < key.size();) {
    uint32_t cp = 0;
    size_t length = DecodeUtf8(key, i, &cp);
    if (length == 0) {
      return InvalidArgument("key is not valid UTF-8 (byte offset ", std::to_string(i), ")");
    }
    if (cp == 0) return InvalidArgument("key contains a NUL character");
    if (IsControl(cp)) return InvalidArgument("key contains control character ", Describe(cp));
    if (cp == '\\') return InvalidArgument("key contains a backslash; use '/' as the separator");
    i += length;
  }
  return Status::Ok();
}

Result<std::string> Normalise(std::string_view key, std::string_view what) {
  if (key.empty()) return InvalidArgument(what, " is empty");
  if (key.size() > kMaxObjectKeyBytes) {
    return InvalidArgument(what, " is ", std::to_string(key.size()), " bytes; the limit is ",
                           std::to_string(kMaxObjectKeyBytes));
  }
  if (key.front() == '/') return InvalidArgument(what, " must be relative (it starts with '/')");
  LH_RETURN_IF_ERROR(CheckCharacters(key));

  std::string out;
  out.reserve(key.size());
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view segment = key.substr(start, end - start);
    start = end + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return InvalidArgument(what, " contains a '..' segment");
    if (segment.size() > kMaxKeySegmentBytes) {
      return InvalidArgument(what, " has a segment of ", std::to_string(segment.size()),
                             " bytes; the limit is ", std::to_string(kMaxKeySegmentBytes));
    }
    if (segment.substr(0, kReservedSegmentPrefix.size()) == kReservedSegmentPrefix) {
      return InvalidArgument(what, " uses the reserved segment prefix '", kReservedSegmentPrefix,
                             "'");
    }
    if (!out.empty()) out += '/';
    out += segment;
  }
  if (out.empty()) return InvalidArgument(what, " names no object (only '/' and '.' segments)");
  return out;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    uint32_t cp = 0;
    size_t length = DecodeUtf8(bytes, i, &cp);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

Result<std::string> ValidateObjectKey(std::string_view key) {
  LH_ASSIGN_OR_RETURN(std::string normal, Normalise(key, "key"));
  if (key.back() == '/') {
    return InvalidArgument("key ends with '/', which names a directory, not an object");
  }
  return normal;
}

Result<std::string> ValidateKeyPrefix(std::string_view prefix) {
  if (prefix.empty()) return std::string();
  // A final "." without a slash is the start of a name (".hidden"), not a "current directory".
  if (prefix == ".") return std::string(".");
  if (prefix.size() >= 2 && prefix.substr(prefix.size() - 2) == "/.") {
    LH_ASSIGN_OR_RETURN(std::string head, ValidateKeyPrefix(prefix.substr(0, prefix.size() - 1)));
    // head is at most the input less its final "."; checked again with that "." put back.
    if (head.size() + 1 > kMaxObjectKeyBytes) {
      return InvalidArgument("prefix is ", std::to_string(head.size() + 1), " bytes; the limit is ",
                             std::to_string(kMaxObjectKeyBytes));
    }
    return head + ".";
  }
  bool trailing_slash = prefix.back() == '/';
  LH_ASSIGN_OR_RETURN(std::string normal, Normalise(prefix, "prefix"));
  if (trailing_slash) normal += '/';
  return normal;
}

}  // namespace lakehouse
