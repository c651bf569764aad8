// `alab rebase`: renumber local migrations that collide with another branch's.
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "base/strings.h"
#include "cli/command.h"
#include "migration/file_text.h"
#include "migration/load.h"
#include "rewrite/rebase.h"
#include "runner/lock_file.h"

namespace alab::cli {

namespace {

struct RebaseOptions {
  bool dry = false;
};

void RunRebase(Context& ctx, const RebaseOptions& opts) {
  auto cfg = ctx.LoadConfig();
  if (!cfg.ok()) return;
  migration::LoadMigrationsResult loaded =
      migration::LoadMigrations(cfg->root, cfg->migrations_dir);
  if (!loaded.diags.diagnostics().empty())
    std::fputs(loaded.diags.Render(ctx.global.color).c_str(), stderr);
  if (!loaded.ok()) {
    ctx.exit_code = ReportError(
        MakeError("migration files have errors; fix them before rebasing", ExitCode::kUserError));
    return;
  }
  std::set<std::string> local = rewrite::LocalMigrationFiles(cfg->root, loaded.migrations);
  auto plan = rewrite::PlanRebase(loaded.migrations, local);
  if (!plan.ok()) {
    ctx.exit_code = ReportError(plan.error());
    return;
  }
  if (!plan->conflict) {
    if (!ctx.global.quiet) std::puts("nothing to rebase: one head, no duplicate revisions");
    return;
  }
  if (!opts.dry) {
    if (Status st = rewrite::ApplyRebase(cfg->root, *plan); !st.ok()) {
      ctx.exit_code = ReportError(st.error());
      return;
    }
    // alab.lock lists the files by name: rewrite it when the project has one.
    if (std::filesystem::exists(cfg->root / runner::kLockFileName)) {
      if (Status st = runner::WriteLockFile(cfg->root, cfg->migrations_dir); !st.ok()) {
        ctx.exit_code = ReportError(st.error().WithContext("updating alab.lock"));
        return;
      }
      if (!ctx.global.quiet) std::printf("updated %s\n", runner::kLockFileName);
    }
  }
  if (ctx.global.quiet) return;
  for (const auto& mv : plan->moves)
    std::printf("%s %s -> %s (down_revision: %s)\n", opts.dry ? "would renumber" : "renumbered",
                mv.old_file.c_str(), mv.new_file.c_str(), Join(mv.new_parents, ", ").c_str());
}

}  // namespace

void RegisterRebase(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<RebaseOptions>();
  CLI::App* cmd = app.add_subcommand("rebase",
                                     "Renumber local migrations after those of another branch "
                                     "(duplicate revisions, several heads)");
  cmd->add_flag("--dry", opts->dry, "Show the renumbering without changing files");
  cmd->footer("Example:\n  git pull && alab rebase");
  cmd->callback([&ctx, opts] { RunRebase(ctx, *opts); });
}

}  // namespace alab::cli
