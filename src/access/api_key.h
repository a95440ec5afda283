// ApiKey: the API keys that identify principals (issue 20). A key is
// "lh_<id>_<secret>": a public id (12 hex characters, shown in listings and audit records) and a
// secret of 256 random bits (64 hex characters) from the kernel's CSPRNG. Only the key's SHA-256
// is stored; the secret is shown once, when the key is created, and is never retrievable.
//
// Thread-safety: pure functions (NewApiKey reads getrandom(2)).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

struct NewKeyMaterial {
  std::string id;      // public, 12 hex characters
  std::string secret;  // the whole key "lh_<id>_<secret>", shown once
  std::string sha256;  // hex SHA-256 of `secret`, what is stored
  std::string prefix;  // "lh_<id>", shown in listings
};

// A fresh key. INTERNAL when the kernel's random source fails.
Result<NewKeyMaterial> NewApiKey();

// The public id of a key in the "lh_<id>_<secret>" form; "" for any other string (for instance a
// key from server.api_keys, which may be any string).
std::string ApiKeyId(std::string_view presented);

// Hex SHA-256 of a presented key.
std::string ApiKeyDigest(std::string_view presented);

// Compares two strings in time that depends only on their lengths (for digests, equal lengths).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace lakehouse
