#include "cli/app.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

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
ALAB_WEAK_COMMAND(Export)
ALAB_WEAK_COMMAND(Types)
ALAB_WEAK_COMMAND(New)
ALAB_WEAK_COMMAND(History)
ALAB_WEAK_COMMAND(Heads)
ALAB_WEAK_COMMAND(Merge)
ALAB_WEAK_COMMAND(Rebase)
ALAB_WEAK_COMMAND(Sql)
ALAB_WEAK_COMMAND(Diff)
ALAB_WEAK_COMMAND(Pull)
ALAB_WEAK_COMMAND(Seed)
ALAB_WEAK_COMMAND(Dump)
ALAB_WEAK_COMMAND(Squash)
ALAB_WEAK_COMMAND(Baseline)
ALAB_WEAK_COMMAND(Docs)
ALAB_WEAK_COMMAND(Completion)
ALAB_WEAK_COMMAND(Manual)
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
  // Applied from the option's own callback: CLI11 runs the subcommand callbacks inside
  // parse(), after the parent's option callbacks, so commands already see the final value.
  if (std::getenv("NO_COLOR") != nullptr) ctx.global.color = false;
  app.add_flag_callback(
      "--no-color", [&ctx] { ctx.global.color = false; }, "Never use colours");
  // Global options may also follow the command name: `alab check --no-color`.
  app.fallthrough();
  app.footer(
      "Example:\n  alab init --demo && alab new initial && alab migrate && alab check\n"
      "  alab <command> --help");

  RegisterInit(app, ctx);
  RegisterTable(app, ctx);
  RegisterCheck(app, ctx);
  RegisterSchema(app, ctx);
  RegisterMigrate(app, ctx);
  RegisterRollback(app, ctx);
  RegisterStatus(app, ctx);
  RegisterLock(app, ctx);
  RegisterExport(app, ctx);
  RegisterTypes(app, ctx);
  RegisterNew(app, ctx);
  RegisterHistory(app, ctx);
  RegisterHeads(app, ctx);
  RegisterMerge(app, ctx);
  RegisterRebase(app, ctx);
  RegisterSql(app, ctx);
  RegisterDiff(app, ctx);
  RegisterPull(app, ctx);
  RegisterSeed(app, ctx);
  RegisterDump(app, ctx);
  RegisterSquash(app, ctx);
  RegisterBaseline(app, ctx);
  RegisterDocs(app, ctx);
  RegisterCompletion(app, ctx);
  RegisterManual(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "alab: internal error: %s\n", e.what());
    return static_cast<int>(ExitCode::kInternal);
  }
  if (app.get_subcommands().empty()) std::fputs(app.help().c_str(), stdout);
  return ctx.exit_code;
}

}  // namespace alab::cli
