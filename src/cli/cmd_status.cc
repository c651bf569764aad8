// `alab status [--json]`: applied, pending and partly applied migrations.
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/runner_common.h"
#include "dialect/connection.h"

namespace alab::cli {
namespace {

int RunStatus(Context& ctx, bool json) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  auto plan = LoadRunnerPlan(*cfg, ctx.global.color);
  if (!plan) return ReportError(plan.error());
  if (cfg->url.empty()) return ReportError(MakeError("no database url configured", ExitCode::kUserError));
  auto conn = dialect::Connect(cfg->dialect, cfg->url);
  if (!conn) return ReportError(conn.error());
  auto report = runner::ReadStatus(**conn, **plan);
  if (!report) return ReportError(report.error());
  std::string text = json ? runner::FormatStatusJson(*report) : runner::FormatStatus(*report);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace

void RegisterStatus(CLI::App& app, Context& ctx) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("status", "Show applied and pending migrations");
  cmd->add_flag("--json", *json, "Machine-readable output");
  cmd->footer(
      "Examples:\n"
      "  alab status\n"
      "  alab status --json");
  cmd->callback([&ctx, json] { ctx.exit_code = RunStatus(ctx, *json); });
}

}  // namespace alab::cli
