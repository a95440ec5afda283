// The one place that maps a Status to an HTTP status code and the one JSON error shape:
//   {"error": {"code": "NOT_FOUND", "message": "...", "request_id": "..."}}
// Services never know HTTP numbers; handlers return Status and this file decides.
#pragma once

#include <string>

#include "common/json.h"
#include "common/status.h"
#include "http/http_types.h"

namespace lakehouse {

int HttpStatusFor(StatusCode code);

Json ErrorJson(std::string_view code_name, const std::string& message,
               const std::string& request_id);

// The response for a failed Status; a StatusDetail it carries (common/status_detail.h) becomes a
// member beside "error", e.g. {"error": {...}, "schema_diff": {...}}.
HttpResponse ErrorResponse(const Status& status, const std::string& request_id);

// Responses the HTTP layer itself produces (no Status behind them).
HttpResponse MethodNotAllowedResponse(const std::string& message, const std::string& allow,
                                      const std::string& request_id);

}  // namespace lakehouse
