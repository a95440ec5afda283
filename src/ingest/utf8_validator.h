// Utf8Validator: checks that a byte stream, fed in arbitrary chunks, is well-formed UTF-8 (no
// overlong forms, no surrogates, nothing above U+10FFFF), and remembers where it first was not.
//
//   Utf8Validator utf8;
//   while (read chunk) if (!utf8.Feed(chunk)) break;
//   if (!utf8.Finish()) report(utf8.error_line(), utf8.error_offset());
//
// Thread-safety: externally synchronised.
#pragma once

#include <cstdint>
#include <string_view>

namespace lakehouse {

class Utf8Validator {
 public:
  // False once an invalid byte has been seen (in this or an earlier chunk).
  bool Feed(std::string_view bytes);
  // False when the input was invalid or ended inside a multi-byte sequence.
  bool Finish();

  bool ok() const { return !failed_; }
  // Position of the first invalid byte: 0-based byte offset and 1-based line.
  int64_t error_offset() const { return error_offset_; }
  int64_t error_line() const { return error_line_; }

 private:
  void Fail();

  int pending_ = 0;       // continuation bytes still expected
  uint8_t lower_ = 0x80;  // allowed range of the next continuation byte
  uint8_t upper_ = 0xBF;
  int64_t offset_ = 0;
  int64_t line_ = 1;
  bool failed_ = false;
  int64_t error_offset_ = -1;
  int64_t error_line_ = -1;
};

}  // namespace lakehouse
