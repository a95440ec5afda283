// The web UI's static files (ADR 015), compiled into the binary by src/web/CMakeLists.txt: our own
// plain ES modules and CSS (src/web/ui/) and the pinned vendored ones. Served at / and /ui/<path>
// by api/web_ui_routes.cc.
//
// Thread-safety: immutable data; safe from any thread.
#pragma once

#include <span>
#include <string_view>

namespace lakehouse {

struct WebAsset {
  std::string_view path;          // under /ui/, e.g. "app.js", "vendor/uPlot.esm.js"
  std::string_view content_type;  // from the extension, e.g. "text/javascript; charset=utf-8"
  std::string_view etag;          // a strong validator, quoted: the first 20 hex digits of sha256
  std::string_view bytes;
};

// Every embedded file (generated source).
std::span<const WebAsset> WebAssets();

// The file at `path` (no leading slash), or null.
const WebAsset* FindWebAsset(std::string_view path);

// Whether an If-None-Match header value names `etag` ("*", or a comma-separated list of
// entity tags, weak ones compared weakly as RFC 9110 says for If-None-Match).
bool IfNoneMatchHits(std::string_view if_none_match, std::string_view etag);

}  // namespace lakehouse
