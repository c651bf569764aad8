// `alab baseline [--to REV] [--dry-run] [--lock-timeout 30s] [--yes]`: record the migrations as
// applied on a live database that already matches them (adopting alab on an existing database).
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/confirm.h"
#include "cli/runner_common.h"
#include "dialect/compare.h"
#include "drift/drift.h"
#include "runner/baseline.h"
#include "runner/db_lock.h"
#include "runner/lock_file.h"

namespace alab::cli {
namespace {

struct BaselineArgs {
  runner::BaselineOptions options;
  std::string lock_timeout = "30s";
  bool yes = false;  // confirms an environment with `confirm: true`
};

int RunBaseline(Context& ctx, BaselineArgs args) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  auto timeout = runner::ParseDuration(args.lock_timeout);
  if (!timeout) return ReportError(timeout.error());
  args.options.lock_timeout = *timeout;
  auto plan = LoadRunnerPlan(*cfg, ctx.global.color, /*with_down=*/false);
  if (!plan) return ReportError(plan.error());
  if (!args.options.dry_run) {
    if (Status c = ConfirmEnvironment(*cfg, args.yes, "record migrations as applied on"); !c.ok())
      return ReportError(c.error());
    if (Status w = runner::ProbeLockFileWritable(cfg->root); !w.ok()) return ReportError(w.error());
  }
  const config::Config& c = *cfg;
  args.options.compare = [&c](
                             dialect::Connection& conn,
                             const schema::Schema& expected) -> Expected<std::vector<std::string>> {
    auto differences = drift::DifferencesFrom(c, conn, expected);
    if (!differences) return differences.error();
    std::vector<std::string> lines;
    for (const auto& d : *differences) lines.push_back(dialect::DescribeDifference(d));
    return lines;
  };
  runner::Output out = CliOutput(ctx);
  auto result = runner::Baseline(*cfg, **plan, args.options, out);
  if (!result) return ReportError(result.error());
  if (result->recorded.empty()) {
    out.info(fmt::format("nothing to record: {} has every migration up to the target recorded",
                         result->database));
    return 0;
  }
  const char* verb = args.options.dry_run ? "would record" : "recorded";
  for (const auto& f : result->recorded)
    out.info(fmt::format("{} {} as applied (not run)", verb, f));
  out.info(fmt::format("{} matches the migrations it {}", result->database,
                       args.options.dry_run ? "would record" : "now records"));
  return 0;
}

}  // namespace

void RegisterBaseline(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<BaselineArgs>();
  CLI::App* cmd = app.add_subcommand(
      "baseline",
      "Record the migrations as applied on a database that already matches them, without running "
      "them");
  cmd->add_option("--to", args->options.to, "Record up to and including this revision")
      ->option_text("REV");
  cmd->add_flag("--dry-run", args->options.dry_run,
                "Check the database and report; record nothing");
  cmd->add_flag("--force", args->options.force,
                "Record even if migration files have uncommitted git changes");
  cmd->add_flag("-y,--yes", args->yes,
                "Confirm an environment marked `confirm: true` in alab.yaml");
  cmd->add_option("--lock-timeout", args->lock_timeout,
                  "How long to wait for the migration lock (default 30s)")
      ->option_text("DURATION");
  cmd->footer(
      "For adopting alab on an existing database: `alab pull`, `alab new initial`, then `alab "
      "baseline`.\n"
      "The database is compared with the replay of the migrations (as `alab check` compares it); "
      "any\n"
      "difference is listed and nothing is recorded (exit 1). m.sql statements and hooks cannot "
      "be\n"
      "compared: a warning names each migration that has them.\n"
      "\nExamples:\n"
      "  alab baseline --dry-run\n"
      "  alab baseline\n"
      "  alab baseline --to 001 --env production --yes");
  cmd->callback([&ctx, args] { ctx.exit_code = RunBaseline(ctx, *args); });
}

}  // namespace alab::cli
