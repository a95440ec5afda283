#include "ingest/utf8_validator.h"

#include "ingest/byte_scan.h"

namespace lakehouse {

void Utf8Validator::Fail() {
  failed_ = true;
  error_offset_ = offset_;
  error_line_ = line_;
}

// Table 3-7 of the Unicode standard ("Well-Formed UTF-8 Byte Sequences").
bool Utf8Validator::Feed(std::string_view bytes) {
  if (failed_) return false;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (pending_ == 0) {
      // Runs of ASCII, the bulk of most text, are checked a word at a time.
      const size_t ascii = AsciiWordPrefix(bytes.substr(i));
      if (ascii > 0) {
        line_ += CountLineFeeds(bytes.substr(i, ascii));
        offset_ += static_cast<int64_t>(ascii);
        i += ascii;
        if (i == bytes.size()) break;
      }
    }
    const auto byte = static_cast<uint8_t>(bytes[i]);
    if (pending_ > 0) {
      if (byte < lower_ || byte > upper_) {
        Fail();
        return false;
      }
      --pending_;
      lower_ = 0x80;
      upper_ = 0xBF;
    } else if (byte < 0x80) {
      if (byte == '\n') ++line_;
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      pending_ = 1;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      pending_ = 2;
      if (byte == 0xE0) lower_ = 0xA0;  // no overlong 3-byte forms
      if (byte == 0xED) upper_ = 0x9F;  // no UTF-16 surrogates
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      pending_ = 3;
      if (byte == 0xF0) lower_ = 0x90;  // no overlong 4-byte forms
      if (byte == 0xF4) upper_ = 0x8F;  // nothing above U+10FFFF
    } else {
      Fail();
      return false;
    }
    ++offset_;
  }
  return true;
}

bool Utf8Validator::Finish() {
  if (!failed_ && pending_ > 0) Fail();
  return !failed_;
}

}  // namespace lakehouse
