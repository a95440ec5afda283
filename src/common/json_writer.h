// JsonWriter: appends JSON text to a string directly, for responses on hot paths (vector search
// hits) where building an nlohmann::json tree and dumping it costs more than the work behind it.
// Everywhere else, build a Json and use DumpJson (common/json.h).
//
// Output matches DumpJson's for valid UTF-8 strings: the same escapes ("\"", "\\", \b \f \n \r
// \t, other control characters as \u00xx) and no other; invalid UTF-8 is replaced by U+FFFD so
// the document is always valid. Numbers: floats and doubles in their shortest round-trip form
// (a float as a float, so 0.1f is written 0.1), non-finite values as null, as nlohmann does.
//
// The writer checks nothing about structure: callers pair Begin/End and give every object member
// a Key (tests compare with ParseJson).
//
// Thread-safety: one writer per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace lakehouse {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // An object member's name; its value is the next call.
  JsonWriter& Key(std::string_view name);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Float(float value);
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Any Json value, dumped in place (DumpJson's form).
  JsonWriter& Value(const Json& value);

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  // Before a value or key: a comma unless it is the first in its container or follows a key.
  void Separate();
  void Escaped(std::string_view value);

  std::string* out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace lakehouse
