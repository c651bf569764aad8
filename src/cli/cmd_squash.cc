// `alab squash [--dry-run]`: replace the applied history with one baseline migration.
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/runner_common.h"
#include "drift/drift.h"
#include "rewrite/squash.h"
#include "schema/project.h"

namespace alab::cli {
namespace {

int RunSquash(Context& ctx, bool dry_run) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  auto plan = LoadRunnerPlan(*cfg, ctx.global.color);
  if (!plan) return ReportError(plan.error());
  schema::LoadResult target = schema::LoadSchemas(cfg->root, cfg->schemas_dir);
  if (!target.diags.diagnostics().empty())
    std::fputs(target.diags.Render(ctx.global.color).c_str(), stderr);
  if (!target.ok()) {
    return ReportError(
        MakeError("the schema files have errors; nothing squashed", ExitCode::kUserError));
  }
  rewrite::SquashOptions options;
  options.dry_run = dry_run;
  const config::Config& c = *cfg;
  options.drift = [&c](dialect::Connection& conn) -> Expected<std::vector<std::string>> {
    auto report = drift::CheckDrift(c, conn);
    if (!report) return report.error();
    return report->lines;
  };
  runner::Output out = CliOutput(ctx);
  auto result = rewrite::Squash(*cfg, **plan, target.schema, options, out);
  if (!result) return ReportError(result.error());
  if (result->nothing_to_do || dry_run) {
    out.info(rewrite::DescribeSquash(*result));
    return 0;
  }
  if (!result->recorded) {
    out.info(
        "databases that ran the squashed history accept the baseline on their next `alab migrate`");
  }
  return 0;
}

}  // namespace

void RegisterSquash(CLI::App& app, Context& ctx) {
  auto dry_run = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("squash",
                                     "Replace the applied migration history with one baseline "
                                     "migration equal to the current schema");
  cmd->add_flag("--dry-run", *dry_run,
                "Print the baseline and the files that would move; change nothing");
  cmd->footer(
      "The old files move to .alab/archive/<first>..<last>/ (never deleted) and alab.lock is "
      "rewritten.\n"
      "A database that ran the old history records the baseline without running it (the configured "
      "one\n"
      "at once, others on their next `alab migrate`); a fresh database runs it. Refused (exit 1) "
      "when\n"
      "the configured database has pending migrations or drift, when there are several heads, "
      "when\n"
      "alab.lock does not match the files, or when the schema files need a new migration. Without "
      "a\n"
      "database configured, squash runs offline and each database is checked when it next "
      "migrates.\n"
      "The baseline cannot be rolled back.\n"
      "\nExamples:\n"
      "  alab squash --dry-run\n"
      "  alab squash --env staging");
  cmd->callback([&ctx, dry_run] { ctx.exit_code = RunSquash(ctx, *dry_run); });
}

}  // namespace alab::cli
