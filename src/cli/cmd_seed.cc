// `alab seed <file.sql|folder>`: loads seed SQL into the configured database in one
// transaction; the first failing statement is reported as file:line and nothing stays loaded.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/confirm.h"
#include "data/seed.h"
#include "drift/sources.h"

namespace alab::cli {
namespace {

int RunSeed(Context& ctx, const std::string& target, bool yes) {
  auto cfg = ctx.LoadConfig(/*require_file=*/false);
  if (!cfg) return ctx.exit_code;
  auto files = data::SeedFiles(target, target);
  if (!files) return ReportError(files.error());
  if (Status c = ConfirmEnvironment(*cfg, yes, "load seed data into"); !c.ok())
    return ReportError(c.error());
  auto conn = drift::OpenDatabase(*cfg);
  if (!conn) return ReportError(conn.error());
  bool show_progress = !ctx.global.quiet && ::isatty(2) != 0;
  bool drew = false;
  auto progress = [&](int done, int total) {
    if (!show_progress || total < 200 || (done % 100 != 0 && done != total)) return;
    std::fprintf(stderr, "\rseeding: %d/%d statements", done, total);
    drew = true;
  };
  auto result = data::Seed(**conn, *files, progress);
  if (drew) std::fputs("\r\033[K", stderr);
  if (!result) return ReportError(result.error());
  if (!ctx.global.quiet) {
    std::printf("seeded %d statement%s from %d file%s into %s\n", result->statements,
                result->statements == 1 ? "" : "s", result->files, result->files == 1 ? "" : "s",
                (*conn)->redacted_url().c_str());
  }
  if (ctx.global.verbose)
    for (const auto& f : *files) std::printf("  %s\n", f.shown.c_str());
  return 0;
}

}  // namespace

void RegisterSeed(CLI::App& app, Context& ctx) {
  auto target = std::make_shared<std::string>();
  auto yes = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "seed", "Load seed SQL (a file, or a folder's *.sql files in name order) in one transaction");
  cmd->add_option("path", *target, "A .sql file, or a folder of .sql files")->required();
  cmd->add_flag("-y,--yes", *yes, "Confirm an environment marked `confirm: true` in alab.yaml");
  cmd->footer(
      "The whole seed is one transaction: the first failing statement is reported as\n"
      "file:line with the database's message, and nothing is loaded (exit 3).\n"
      "Seed files must not contain BEGIN/COMMIT. `alab dump` writes files this command loads.\n"
      "Examples:\n"
      "  alab seed seeds/dev.sql\n"
      "  alab --env staging seed seeds/");
  cmd->callback([&ctx, target, yes] { ctx.exit_code = RunSeed(ctx, *target, *yes); });
}

}  // namespace alab::cli
