#include "cli/app.h"

#include <unistd.h>

#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace alab::cli {

// Weak defaults so the binary links while commands are being written; each command file
// provides the strong definition.
#define ALAB_WEAK_COMMAND(Name) \
  __attribute__((weak)) void Register##Name(CLI::App&, Context&) {}
ALAB_WEAK_COMMAND(Init)
ALAB_WEAK_COMMAND(Table)
ALAB_WEAK_COMMAND(Check)
ALAB_WEAK_COMMAND(Schema)
ALAB_WEAK_COMMAND(Migrate)
ALAB_WEAK_COMMAND(Rollback)
ALAB_WEAK_COMMAND(Status)
ALAB_WEAK_COMMAND(Lock)
#undef ALAB_WEAK_COMMAND

int Main(int argc, char** argv) {
  Context ctx;
  ctx.global.color = ::isatty(2) != 0;
  CLI::App app{"alab: schema-first migrations and type exports for SQLite and PostgreSQL"};
  app.set_version_flag("--version", std::string("alab ") + ALAB_VERSION);
  app.require_subcommand(0, 1);
  app.add_option("--env", ctx.global.env, "Environment from alab.yaml (environments.<name>)");
  app.add_option("--database-url", ctx.global.database_url, "Database URL (overrides alab.yaml)");
  app.add_option("-C,--project", ctx.global.project_dir, "Project folder (default: .)");
  app.add_flag("-q,--quiet", ctx.global.quiet, "Print only errors");
  app.add_flag("-v,--verbose", ctx.global.verbose, "Print more detail");
  bool no_color = false;
  app.add_flag("--no-color", no_color, "Never use colours");

  RegisterInit(app, ctx);
  RegisterTable(app, ctx);
  RegisterCheck(app, ctx);
  RegisterSchema(app, ctx);
  RegisterMigrate(app, ctx);
  RegisterRollback(app, ctx);
  RegisterStatus(app, ctx);
  RegisterLock(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (no_color) ctx.global.color = false;
  if (app.get_subcommands().empty()) std::fputs(app.help().c_str(), stdout);
  return ctx.exit_code;
}

}  // namespace alab::cli
