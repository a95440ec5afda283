// LoadConfig: builds the effective Config from four layers, each overriding the one before:
//
//   1. defaults      the member initialisers of Config and the option structs it aggregates;
//   2. TOML file     named by --config, else by $LAKEHOUSE_CONFIG; no file is read when neither
//                    is set (there is no implicit search path, so what runs is what was named);
//   3. environment   LAKEHOUSE_* variables (config/env_config_reader.h for the list and syntax);
//   4. flags         the few options the CLI exposes directly (ConfigOverrides).
//
// Each layer's values are type- and range-checked as they are applied, so an error names where the
// bad value came from ("config file x.toml, line 7: ...", "environment variable LAKEHOUSE_PORT:
// ...", "flag --port: ..."); the merged result is then checked as a whole by ValidateConfig.
// Every failure is INVALID_ARGUMENT with a message meant to be printed to the user as is.
//
// Typical use in the CLI:
//   LH_ASSIGN_OR_RETURN(Config config, LoadConfig(overrides, EnvironmentMap()));
//   LH_LOG_INFO("config: {}", DumpJson(ConfigToJson(config, /*redact_secrets=*/true)));
//
// Thread-safety: LoadConfig is stateless; EnvironmentMap reads environ and must not race with
// setenv/putenv (call it at start-up).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/result.h"
#include "config/config.h"

namespace lakehouse {

// Command-line overrides, filled by the CLI (CLI11). Unset members leave lower layers in charge.
// Error messages refer to them by the flag names below.
struct ConfigOverrides {
  std::optional<std::string> config_file{};  // --config: TOML file; beats $LAKEHOUSE_CONFIG
  std::optional<std::string> data_dir{};     // --data-dir: data_dir
  std::optional<std::string> host{};         // --host: server.host
  std::optional<int> port{};                 // --port: server.port
};

// Loads, merges and validates. `env` is the process environment (EnvironmentMap()), injected so
// tests need not touch the real one. A config file that is named but missing is an error.
Result<Config> LoadConfig(const ConfigOverrides& flags,
                          const std::map<std::string, std::string>& env);

// The LAKEHOUSE_* variables of this process's environment (other variables are not copied).
std::map<std::string, std::string> EnvironmentMap();

}  // namespace lakehouse
