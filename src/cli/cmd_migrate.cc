// `alab migrate [--to REV] [--dry] [--confirm-destroy] [--force] [--commit] [--skip-lock]
// [--lock-timeout 30s] [--resume [--step-done N | --step-redo N]]`.
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/confirm.h"
#include "cli/runner_common.h"
#include "runner/db_lock.h"
#include "runner/lock_file.h"

namespace alab::cli {
namespace {

struct MigrateArgs {
  runner::MigrateOptions options;
  std::string lock_timeout = "30s";
  bool yes = false;  // confirms an environment with `confirm: true`
};

int RunMigrate(Context& ctx, MigrateArgs args) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  auto timeout = runner::ParseDuration(args.lock_timeout);
  if (!timeout) return ReportError(timeout.error());
  args.options.lock_timeout = *timeout;
  if (args.options.step_done != 0 || args.options.step_redo != 0) args.options.resume = true;
  auto plan =
      LoadRunnerPlan(*cfg, ctx.global.color, /*with_down=*/false);  // migrate never runs down()
  if (!plan) return ReportError(plan.error());
  if (!args.options.dry) {
    if (Status c = ConfirmEnvironment(*cfg, args.yes, "apply pending migrations to"); !c.ok())
      return ReportError(c.error());
  }
  if (!args.options.dry) {
    if (Status w = runner::ProbeLockFileWritable(cfg->root); !w.ok()) return ReportError(w.error());
  }
  Status s = runner::Migrate(*cfg, **plan, args.options, CliOutput(ctx));
  if (!s.ok()) return ReportError(s.error());
  return 0;
}

}  // namespace

void RegisterMigrate(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<MigrateArgs>();
  CLI::App* cmd = app.add_subcommand("migrate", "Apply pending migrations to the database");
  cmd->add_option("--to", args->options.to, "Apply up to and including this revision")
      ->option_text("REV");
  cmd->add_flag("--dry", args->options.dry, "Print the SQL per migration; do not connect");
  cmd->add_flag("--confirm-destroy", args->options.confirm_destroy,
                "Allow pending migrations that drop tables or columns or narrow types");
  cmd->add_flag("--force", args->options.force,
                "Apply even if migration files have uncommitted git changes");
  cmd->add_flag("--commit", args->options.commit,
                "git commit the applied migration files and alab.lock");
  cmd->add_flag("--skip-lock", args->options.skip_lock,
                "Do not take the migration lock (single-writer setups)");
  cmd->add_flag("-y,--yes", args->yes,
                "Confirm an environment marked `confirm: true` in alab.yaml");
  cmd->add_option("--lock-timeout", args->lock_timeout,
                  "How long to wait for the migration lock (default 30s)")
      ->option_text("DURATION");
  cmd->add_flag("--resume", args->options.resume,
                "Continue a partly applied `transaction: false` migration whose steps not yet "
                "applied were edited");
  cmd->add_option("--step-done", args->options.step_done,
                  "With --resume: record interrupted step N as completed without running it")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--step-redo", args->options.step_redo,
                  "With --resume: run interrupted step N again")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  cmd->footer(
      "Examples:\n"
      "  alab migrate\n"
      "  alab migrate --dry\n"
      "  alab migrate --to 003 --confirm-destroy\n"
      "  alab migrate --lock-timeout 2m --commit\n"
      "  alab migrate --resume                 # after fixing a failed step of a transaction: "
      "false migration\n"
      "  alab migrate --resume --step-done 3   # step 3 was interrupted and did complete");
  cmd->callback([&ctx, args] { ctx.exit_code = RunMigrate(ctx, *args); });
}

}  // namespace alab::cli
