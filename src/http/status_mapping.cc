#include "http/status_mapping.h"

#include "common/status_detail.h"

namespace lakehouse {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 412;
    case StatusCode::kPayloadTooLarge:
      return 413;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kInsufficientStorage:
      return 507;
    case StatusCode::kCancelled:
      return 499;
    case StatusCode::kDataLoss:
      return 500;
    case StatusCode::kInternal:
      return 500;
    case StatusCode::kUpstreamError:
      return 502;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDeadlineExceeded:
      return 504;
  }
  return 500;
}

Json ErrorJson(std::string_view code_name, const std::string& message,
               const std::string& request_id) {
  return Json{
      {"error",
       {{"code", std::string(code_name)}, {"message", message}, {"request_id", request_id}}}};
}

HttpResponse ErrorResponse(const Status& status, const std::string& request_id) {
  Json body = ErrorJson(StatusCodeName(status.code()), status.message(), request_id);
  if (const StatusDetail* detail = status.detail(); detail != nullptr && detail->name != "error") {
    body[detail->name] = detail->value;
  }
  return HttpResponse::JsonBody(body, HttpStatusFor(status.code()));
}

HttpResponse MethodNotAllowedResponse(const std::string& message, const std::string& allow,
                                      const std::string& request_id) {
  HttpResponse r =
      HttpResponse::JsonBody(ErrorJson("METHOD_NOT_ALLOWED", message, request_id), 405);
  r.headers["Allow"] = allow;
  return r;
}

}  // namespace lakehouse
