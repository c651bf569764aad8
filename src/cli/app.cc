#include "cli/app.h"

#include <cstdio>

#include <CLI/CLI.hpp>

namespace alab::cli {

int Main(int argc, char** argv) {
  CLI::App app{"alab: schema-first migrations and type exports for SQLite and PostgreSQL"};
  app.set_version_flag("--version", std::string("alab ") + ALAB_VERSION);
  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (app.get_subcommands().empty()) {
    std::fputs(app.help().c_str(), stdout);
  }
  return 0;
}

}  // namespace alab::cli
