#include "access/api_key.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "common/hash.h"

namespace lakehouse {
namespace {

constexpr std::string_view kKeyPrefix = "lh_";
constexpr size_t kIdHexChars = 12;
constexpr size_t kSecretHexChars = 64;

Result<std::string> RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  size_t filled = 0;
  while (filled < bytes) {
    ssize_t got = getrandom(raw.data() + filled, bytes - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Internal("getrandom failed: ", std::strerror(errno));
    }
    filled += static_cast<size_t>(got);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

Result<NewKeyMaterial> NewApiKey() {
  NewKeyMaterial key;
  LH_ASSIGN_OR_RETURN(key.id, RandomHex(kIdHexChars / 2));
  LH_ASSIGN_OR_RETURN(std::string secret, RandomHex(kSecretHexChars / 2));
  key.prefix = std::string(kKeyPrefix) + key.id;
  key.secret = key.prefix + "_" + secret;
  key.sha256 = ApiKeyDigest(key.secret);
  return key;
}

std::string ApiKeyId(std::string_view presented) {
  if (presented.size() != kKeyPrefix.size() + kIdHexChars + 1 + kSecretHexChars) return "";
  if (!presented.starts_with(kKeyPrefix)) return "";
  std::string_view id = presented.substr(kKeyPrefix.size(), kIdHexChars);
  if (presented[kKeyPrefix.size() + kIdHexChars] != '_') return "";
  if (!IsLowerHex(id) || !IsLowerHex(presented.substr(kKeyPrefix.size() + kIdHexChars + 1))) {
    return "";
  }
  return std::string(id);
}

std::string ApiKeyDigest(std::string_view presented) { return Sha256Hex(presented); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  volatile unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff = static_cast<unsigned char>(
        diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
  }
  return diff == 0;
}

}  // namespace lakehouse
