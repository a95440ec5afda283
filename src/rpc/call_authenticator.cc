#include "rpc/call_authenticator.h"

#include <grpcpp/server_context.h>

#include <optional>

namespace lakehouse {
namespace {

// Constant-time comparison, so the check leaks no prefix length through timing.
bool SecureEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::optional<std::string> Metadata(const grpc::ServerContext& context, const std::string& key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  if (it == metadata.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

KeyAuthenticator ConfiguredKeysAuthenticator(std::vector<std::string> api_keys) {
  if (api_keys.empty()) {
    return [policy = AccessPolicy::DevMode()](
               std::string_view) -> Result<std::shared_ptr<const AccessPolicy>> { return policy; };
  }
  auto principal = std::make_shared<Principal>();
  principal->name = "api-key";
  principal->roles = {"admin"};
  auto policy = std::make_shared<const AccessPolicy>(std::move(principal), /*unrestricted=*/true,
                                                     std::vector<Grant>{});
  return [keys = std::move(api_keys),
          policy](std::string_view key) -> Result<std::shared_ptr<const AccessPolicy>> {
    if (key.empty())
      return Unauthenticated("missing API key (x-api-key or authorization metadata)");
    bool accepted = false;
    for (const std::string& k : keys) accepted |= SecureEquals(key, k);
    if (!accepted) return Unauthenticated("invalid API key");
    return policy;
  };
}

std::string PresentedKey(const grpc::ServerContext& context) {
  if (std::optional<std::string> key = Metadata(context, "x-api-key")) return *key;
  if (std::optional<std::string> auth = Metadata(context, "authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth->size() > kBearer.size() && auth->compare(0, kBearer.size(), kBearer) == 0) {
      return auth->substr(kBearer.size());
    }
  }
  return "";
}

}  // namespace lakehouse
