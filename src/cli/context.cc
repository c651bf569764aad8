// The shared parts of the command table: config loading and error reporting.
#include <cstdio>

#include "cli/command.h"

namespace alab::cli {

int ReportError(const Error& e) {
  std::fprintf(stderr, "alab: error: %s\n", e.message.c_str());
  return static_cast<int>(e.code);
}

Expected<config::Config> Context::LoadConfig(bool require_file) {
  config::ConfigOptions options;
  options.start_dir = global.project_dir;
  options.env = global.env;
  options.database_url = global.database_url;
  options.require_file = require_file;
  auto cfg = config::LoadConfig(options);
  if (!cfg) exit_code = ReportError(cfg.error());
  return cfg;
}

}  // namespace alab::cli
