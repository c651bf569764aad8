// The shared parts of the command table: config loading and error reporting.
#include <cstdio>

#include "base/db_url.h"
#include "cli/command.h"

namespace alab::cli {

int ReportError(const Error& e) {
  std::fprintf(stderr, "alab: error: %s\n", RedactKnownPasswords(e.message).c_str());
  return static_cast<int>(e.code);
}

void PrintConfigWarnings(const config::Config& cfg) {
  for (const auto& w : cfg.warnings)
    std::fprintf(stderr, "alab: warning: %s\n", RedactKnownPasswords(w).c_str());
}

Expected<config::Config> Context::LoadConfig(bool require_file) {
  config::ConfigOptions options;
  options.start_dir = global.project_dir;
  options.env = global.env;
  options.database_url = global.database_url;
  options.require_file = require_file;
  auto cfg = config::LoadConfig(options);
  if (!cfg) exit_code = ReportError(cfg.error());
  if (cfg) PrintConfigWarnings(*cfg);
  return cfg;
}

}  // namespace alab::cli
