// Logging goes through spdlog's default logger, configured once by the composition root.
// This header is the only place that names spdlog, so a backend change is local.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string_view>

namespace lakehouse {

// level: "trace" | "debug" | "info" | "warn" | "error" | "off". Unknown names fall back to info.
// format "json" emits one JSON object per line — {"ts","level","msg"} plus "trace_id" and
// "span_id" when the logging thread does traced work (common/trace_context.h); anything else
// emits plain text.
void InitLogging(std::string_view level, std::string_view format);

// The formatter InitLogging installs for `format` (exposed for tests).
std::unique_ptr<spdlog::formatter> MakeLogFormatter(std::string_view format);

}  // namespace lakehouse

#define LH_LOG_DEBUG(...) ::spdlog::debug(__VA_ARGS__)
#define LH_LOG_INFO(...) ::spdlog::info(__VA_ARGS__)
#define LH_LOG_WARN(...) ::spdlog::warn(__VA_ARGS__)
#define LH_LOG_ERROR(...) ::spdlog::error(__VA_ARGS__)
