#include "cli/serve_command.h"

#include <signal.h>

#include <cstdio>
#include <iostream>
#include <limits>
#include <optional>

#include "common/logging.h"
#include "config/config_json.h"
#include "server/lakehouse_server.h"

namespace lakehouse {
namespace {

// Blocks SIGINT/SIGTERM in every thread (threads inherit the mask), so the main thread can take
// them synchronously with sigwait. SIGPIPE is ignored: a client that goes away is not fatal.
sigset_t BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return set;
}

constexpr auto kShutdownGrace = std::chrono::milliseconds(1500);

}  // namespace

int RunServeCommand(const Invocation& in) {
  ConfigOverrides overrides;
  if (in.Has("--config")) overrides.config_file = in.Get("--config");
  if (in.Has("--data-dir")) overrides.data_dir = in.Get("--data-dir");
  if (in.Has("--host")) overrides.host = in.Get("--host");
  if (std::optional<int64_t> port = in.Int("--port")) {
    if (*port < std::numeric_limits<int>::min() || *port > std::numeric_limits<int>::max()) {
      return UsageError("--port: " + in.Get("--port") + " is out of range");
    }
    overrides.port = static_cast<int>(*port);
  }
  return RunServe(overrides);
}

int RunServe(const ConfigOverrides& overrides) {
  Result<Config> config = LoadConfig(overrides, EnvironmentMap());
  if (!config.ok()) {
    std::cerr << "lakehouse: invalid configuration: " << config.status().message() << "\n";
    return 2;
  }
  InitLogging(config->log.level, config->log.format);
  LH_LOG_INFO("effective config: {}", DumpJson(ConfigToJson(*config, /*redact_secrets=*/true)));

  sigset_t signals = BlockShutdownSignals();
  Result<std::unique_ptr<LakehouseServer>> server = LakehouseServer::Create(*config);
  if (!server.ok()) {
    LH_LOG_ERROR("cannot start: {}", server.status().ToString());
    std::cerr << "lakehouse: cannot start: " << server.status().message() << "\n";
    // A bad configuration (a bucket root outside storage.allowed_roots included) or a data
    // directory another server holds: the operator must act.
    const StatusCode code = server.status().code();
    const bool operator_error = code == StatusCode::kInvalidArgument ||
                                code == StatusCode::kFailedPrecondition ||
                                code == StatusCode::kPermissionDenied;
    return operator_error ? 2 : 1;
  }
  Status started = (*server)->Start();
  if (!started.ok()) {
    // A start-up error like a bad configuration (e.g. the port is taken): exit 2.
    std::cerr << "lakehouse: cannot start: " << started.message() << "\n";
    return 2;
  }
  // The gRPC line comes first: tests read stdout up to the HTTP line.
  if ((*server)->grpc_port() >= 0) {
    std::cout << "grpc listening on " << config->grpc.host << ":" << (*server)->grpc_port()
              << std::endl;
  }
  std::cout << "listening on http://" << config->server.host << ":" << (*server)->port()
            << std::endl;

  int sig = 0;
  sigwait(&signals, &sig);
  LH_LOG_INFO("received {}, shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  if (!(*server)->Stop(kShutdownGrace)) {
    // Only idle keep-alive connections (or a stuck request) remain; in-flight work that could
    // finish has finished. Exit without waiting for their timeouts.
    LH_LOG_WARN("shutdown deadline reached; exiting");
    spdlog::default_logger()->flush();
    std::_Exit(0);
  }
  LH_LOG_INFO("stopped");
  return 0;
}

}  // namespace lakehouse
