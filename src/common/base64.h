// Base64 (RFC 4648 §4, the standard alphabet with '=' padding).
//
// Base64Encode pads; Base64Decode accepts exactly what Base64Encode produces (padded, length a
// multiple of 4, no whitespace, zero bits after the last byte) and nothing else, so a value has
// one encoding. It is used for BLOB values in query results and for float32 vectors in search
// requests (OpenAI's `encoding_format: "base64"`: little-endian IEEE 754 binary32, back to back).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lakehouse {

std::string Base64Encode(std::string_view bytes);

// The decoded bytes, or nullopt when `text` is not canonical padded base64.
std::optional<std::string> Base64Decode(std::string_view text);

// A vector sent as base64 float32: the floats, or nullopt when `text` is not canonical base64 or
// its byte count is not a multiple of 4. Values are not checked (NaN and infinities pass).
std::optional<std::vector<float>> DecodeFloat32Base64(std::string_view text);
// The same, appended to *out; false (and *out unchanged) when `text` is not such base64.
bool AppendFloat32Base64(std::string_view text, std::vector<float>* out);

}  // namespace lakehouse
