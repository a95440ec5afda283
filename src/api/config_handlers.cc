#include "api/config_handlers.h"

#include "api/request_policy.h"
#include "config/config_json.h"
#include "config/config_keys.h"

namespace lakehouse {

Result<HttpResponse> ConfigHandlers::Get(HttpRequest& request) {
  if (!PolicyOf(request).IsAdmin()) {
    return PermissionDenied("the server's configuration is shown to admins only");
  }
  Json redacted = Json::array();
  for (const ConfigKey& key : ConfigKeys()) {
    if (key.secret) redacted.push_back(std::string(key.path));
  }
  return HttpResponse::JsonBody(
      {{"config", ConfigToJson(*config_, /*redact_secrets=*/true)}, {"redacted", redacted}});
}

}  // namespace lakehouse
