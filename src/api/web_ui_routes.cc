#include "api/web_ui_routes.h"

#include <string>

#include "web/web_assets.h"

namespace lakehouse {
namespace {

// The page may load only its own files and talk only to its own origin; no framing (clickjacking).
// CodeMirror and uPlot set element styles, hence 'unsafe-inline' for styles only.
constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

// No max-age: the URLs carry no hash, so the browser revalidates each time and gets a 304.
Result<HttpResponse> Serve(const WebAsset& asset, const HttpRequest& request) {
  HttpResponse response;
  response.content_type = std::string(asset.content_type);
  response.headers.emplace("ETag", std::string(asset.etag));
  response.headers.emplace("Cache-Control", "no-cache");
  response.headers.emplace("X-Content-Type-Options", "nosniff");
  if (asset.content_type.starts_with("text/html")) {
    response.headers.emplace("Content-Security-Policy", kContentSecurityPolicy);
    response.headers.emplace("X-Frame-Options", "DENY");
    response.headers.emplace("Referrer-Policy", "no-referrer");
  }
  if (auto tags = request.Header("If-None-Match"); tags && IfNoneMatchHits(*tags, asset.etag)) {
    response.status = 304;
    return response;
  }
  response.body = std::string(asset.bytes);
  return response;
}

Result<HttpResponse> Page(HttpRequest& request) {
  const WebAsset* index = FindWebAsset("index.html");
  if (index == nullptr) return Internal("the web UI was built without index.html");
  return Serve(*index, request);
}

Result<HttpResponse> File(HttpRequest& request) {
  const std::string& path = request.PathParam("path");
  const WebAsset* asset = FindWebAsset(path);
  if (asset == nullptr) return NotFound("no web UI file " + path);
  return Serve(*asset, request);
}

}  // namespace

Status RegisterWebUiRoutes(RouteTable* t) {
  constexpr HttpMethod GET = HttpMethod::kGet;
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/", "getWebUi", "The web UI (ETag; 304 on If-None-Match)", "ui",
              /*public_route=*/true},
             RouteContract()
                 .Returns(200, "the page", nullptr, "text/html")
                 .Returns(304, "not modified since the ETag given in If-None-Match", nullptr, ""),
             Page));
  return t->Add(
      {GET, "/ui/{path...}", "getWebUiFile",
       "A script, style or vendored library of the web UI (ETag; 304 on If-None-Match)", "ui",
       /*public_route=*/true},
      RouteContract()
          .Returns(200, "the file (text/javascript, text/css, ...)", nullptr, "text/javascript")
          .Returns(200, "a style sheet", nullptr, "text/css")
          .Returns(304, "not modified since the ETag given in If-None-Match", nullptr, ""),
      File);
}

}  // namespace lakehouse
