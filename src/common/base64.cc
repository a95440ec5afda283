#include "common/base64.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

namespace lakehouse {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr uint8_t kInvalid = 0xFF;

constexpr std::array<uint8_t, 256> MakeDecodeTable() {
  std::array<uint8_t, 256> table{};
  for (uint8_t& v : table) v = kInvalid;
  for (uint8_t i = 0; i < 64; ++i) table[static_cast<uint8_t>(kAlphabet[i])] = i;
  return table;
}
constexpr std::array<uint8_t, 256> kDecode = MakeDecodeTable();

// Decodes canonical padded base64 into `out` (DecodedSize(text) bytes); false when malformed.
bool DecodeInto(std::string_view text, uint8_t* out) {
  const size_t n = text.size();
  const auto* in = reinterpret_cast<const uint8_t*>(text.data());
  const size_t full = n == 0 ? 0 : n / 4 - 1;  // quads before the last one (never padded)
  for (size_t q = 0; q < full; ++q, in += 4, out += 3) {
    const uint32_t a = kDecode[in[0]], b = kDecode[in[1]], c = kDecode[in[2]], d = kDecode[in[3]];
    if (((a | b | c | d) & 0xC0) != 0) return false;  // kInvalid has the top bits set
    const uint32_t v = a << 18 | b << 12 | c << 6 | d;
    out[0] = static_cast<uint8_t>(v >> 16);
    out[1] = static_cast<uint8_t>(v >> 8);
    out[2] = static_cast<uint8_t>(v);
  }
  if (n == 0) return true;
  // The last quad: "xxxx", "xxx=" or "xx==".
  const int pad = (in[3] == '=') + (in[2] == '=' && in[3] == '=');
  const uint32_t a = kDecode[in[0]], b = kDecode[in[1]];
  const uint32_t c = pad >= 2 ? 0 : kDecode[in[2]];
  const uint32_t d = pad >= 1 ? 0 : kDecode[in[3]];
  if (((a | b | c | d) & 0xC0) != 0) return false;
  const uint32_t v = a << 18 | b << 12 | c << 6 | d;
  // Canonical: the bits below the last decoded byte are zero.
  if ((pad == 1 && (v & 0xFF) != 0) || (pad == 2 && (v & 0xFFFF) != 0)) return false;
  out[0] = static_cast<uint8_t>(v >> 16);
  if (pad < 2) out[1] = static_cast<uint8_t>(v >> 8);
  if (pad < 1) out[2] = static_cast<uint8_t>(v);
  return true;
}

// The decoded byte count of well-shaped input, or nullopt when the length or padding is wrong.
std::optional<size_t> DecodedSize(std::string_view text) {
  const size_t n = text.size();
  if (n % 4 != 0) return std::nullopt;
  if (n == 0) return 0;
  size_t pad = 0;
  if (text[n - 1] == '=') pad = text[n - 2] == '=' ? 2 : 1;
  return n / 4 * 3 - pad;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= uint8_t(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += (i + 1 < bytes.size()) ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::optional<size_t> size = DecodedSize(text);
  if (!size) return std::nullopt;
  std::string out(*size, '\0');
  if (!DecodeInto(text, reinterpret_cast<uint8_t*>(out.data()))) return std::nullopt;
  return out;
}

bool AppendFloat32Base64(std::string_view text, std::vector<float>* out) {
  static_assert(std::endian::native == std::endian::little,
                "float32 base64 vectors are little-endian; add a byte swap for this target");
  std::optional<size_t> size = DecodedSize(text);
  if (!size || *size % sizeof(float) != 0) return false;
  const size_t old_size = out->size();
  out->resize(old_size + *size / sizeof(float));  // DecodeInto writes exactly *size bytes
  if (!DecodeInto(text, reinterpret_cast<uint8_t*>(out->data() + old_size))) {
    out->resize(old_size);
    return false;
  }
  return true;
}

std::optional<std::vector<float>> DecodeFloat32Base64(std::string_view text) {
  std::vector<float> out;
  if (!AppendFloat32Base64(text, &out)) return std::nullopt;
  return out;
}

}  // namespace lakehouse
