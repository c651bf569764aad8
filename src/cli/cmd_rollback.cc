// `alab rollback [N | --to REV] [--dry]`: runs the files' own down().
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/confirm.h"
#include "cli/runner_common.h"
#include "runner/db_lock.h"

namespace alab::cli {
namespace {

struct RollbackArgs {
  runner::RollbackOptions options;
  std::string lock_timeout = "30s";
  bool yes = false;  // confirms an environment with `confirm: true`
};

int RunRollback(Context& ctx, RollbackArgs args) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  auto timeout = runner::ParseDuration(args.lock_timeout);
  if (!timeout) return ReportError(timeout.error());
  args.options.lock_timeout = *timeout;
  auto plan = LoadRunnerPlan(*cfg, ctx.global.color);
  if (!plan) return ReportError(plan.error());
  if (!args.options.dry) {
    if (Status c = ConfirmEnvironment(*cfg, args.yes, "roll back migrations of"); !c.ok())
      return ReportError(c.error());
  }
  Status s = runner::Rollback(*cfg, **plan, args.options, CliOutput(ctx, "rolling back"));
  if (!s.ok()) return ReportError(s.error());
  return 0;
}

}  // namespace

void RegisterRollback(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RollbackArgs>();
  CLI::App* cmd =
      app.add_subcommand("rollback", "Roll back applied migrations with their own down()");
  cmd->add_option("N", args->options.count,
                  "How many of the last applied migrations to roll back (default 1)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            bool digits = !v.empty() && v.size() <= 9 &&
                          v.find_first_not_of("0123456789") == std::string::npos;
            if (digits) return {};
            return "N must be a whole number of migrations such as 1 or 3 (got '" + v +
                   "'); to roll back to a revision use --to REV";
          },
          "N"));
  cmd->add_option("--to", args->options.to, "Roll back everything applied after this revision")
      ->option_text("REV");
  cmd->add_flag("--dry", args->options.dry, "Print the SQL that would run");
  cmd->add_flag("--confirm-destroy", args->options.confirm_destroy,
                "Roll back even when down() drops tables or columns that hold rows");
  cmd->add_flag("--skip-lock", args->options.skip_lock, "Do not take the migration lock");
  cmd->add_flag("-y,--yes", args->yes,
                "Confirm an environment marked `confirm: true` in alab.yaml");
  cmd->add_option("--lock-timeout", args->lock_timeout,
                  "How long to wait for the migration lock (default 30s)")
      ->option_text("DURATION");
  cmd->add_option("--step-done", args->options.step_done,
                  "An interrupted rollback's step N completed: record it without running it")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--step-redo", args->options.step_redo,
                  "Run an interrupted rollback's step N again")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  cmd->footer(
      "Examples:\n"
      "  alab rollback\n"
      "  alab rollback 3\n"
      "  alab rollback --to 001");
  cmd->callback([&ctx, args] { ctx.exit_code = RunRollback(ctx, *args); });
}

}  // namespace alab::cli
