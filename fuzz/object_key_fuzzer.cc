// Object keys: a key ValidateObjectKey accepts is in normal form (relative, no empty, "." or
// ".." segment, no backslash or control character, valid UTF-8, within the length caps) and is
// accepted again unchanged; the same for prefixes. IsValidUtf8 agrees with the ingest's streaming
// Utf8Validator, whole or byte by byte. Input: the key (or prefix) bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_input.h"
#include "ingest/utf8_validator.h"
#include "storage/object_key.h"

namespace {

using namespace lakehouse;

void CheckNormalKey(const std::string& key, bool prefix) {
  LH_FUZZ_CHECK(key.size() <= kMaxObjectKeyBytes);
  LH_FUZZ_CHECK(key.empty() || key.front() != '/');
  LH_FUZZ_CHECK(key.find('\\') == std::string::npos);
  LH_FUZZ_CHECK(IsValidUtf8(key));
  for (unsigned char c : key) LH_FUZZ_CHECK(c >= 0x20 && c != 0x7F);
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string::npos) end = key.size();
    const std::string_view segment = std::string_view(key).substr(start, end - start);
    const bool last = end == key.size();
    // A prefix may end with '/' (an empty last segment) or a partial name such as ".".
    if (!(prefix && last)) {
      LH_FUZZ_CHECK(!segment.empty());
      LH_FUZZ_CHECK(segment != ".");
    }
    LH_FUZZ_CHECK(segment != "..");
    LH_FUZZ_CHECK(segment.substr(0, kReservedSegmentPrefix.size()) != kReservedSegmentPrefix ||
                  (prefix && last));
    start = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  Result<std::string> key = ValidateObjectKey(bytes);
  if (key.ok()) {
    LH_FUZZ_CHECK(!key->empty());
    CheckNormalKey(*key, /*prefix=*/false);
    Result<std::string> again = ValidateObjectKey(*key);
    LH_FUZZ_CHECK(again.ok() && *again == *key);
  } else {
    LH_FUZZ_CHECK(key.status().code() == StatusCode::kInvalidArgument);
  }

  Result<std::string> prefix = ValidateKeyPrefix(bytes);
  if (prefix.ok()) {
    CheckNormalKey(*prefix, /*prefix=*/true);
    Result<std::string> again = ValidateKeyPrefix(*prefix);
    LH_FUZZ_CHECK(again.ok() && *again == *prefix);
  } else {
    LH_FUZZ_CHECK(prefix.status().code() == StatusCode::kInvalidArgument);
  }

  const bool valid = IsValidUtf8(bytes);
  Utf8Validator whole;
  LH_FUZZ_CHECK((whole.Feed(bytes) && whole.Finish()) == valid);
  Utf8Validator bytewise;
  bool ok = true;
  for (size_t i = 0; i < bytes.size() && ok; ++i) ok = bytewise.Feed(bytes.substr(i, 1));
  LH_FUZZ_CHECK((ok && bytewise.Finish()) == valid);
  return 0;
}
