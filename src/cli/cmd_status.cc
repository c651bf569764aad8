// `alab status [--json]`: applied, pending and partly applied migrations.
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/json_output.h"
#include "cli/runner_common.h"
#include "dialect/connection.h"
#include "drift/drift.h"
#include "drift/sources.h"

namespace alab::cli {
namespace {

int RunStatus(Context& ctx, bool json) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  auto plan = LoadRunnerPlan(*cfg, ctx.global.color, /*with_down=*/true,
                             migration::Evaluation::kCachedForReadOnly);  // reads only
  if (!plan) return ReportError(plan.error());
  if (cfg->url.empty())
    return ReportError(MakeError("no database url configured", ExitCode::kUserError));
  // A missing SQLite file is a database with nothing applied: read an empty one in memory
  // rather than create the file (a typo'd url must not leave an empty database behind).
  std::string url = cfg->url;
  if (Status st = dialect::GetDialect(cfg->dialect).RequireExistingDatabase(cfg->url); !st) {
    if (st.error().code != ExitCode::kUserError) return ReportError(st.error());
    std::fprintf(stderr, "alab: note: %s does not exist yet (not created): nothing is applied\n",
                 cfg->url.c_str());
    url = ":memory:";
  }
  auto conn = dialect::GetDialect(cfg->dialect).Connect(url);
  if (!conn) return ReportError(conn.error());
  auto report = runner::ReadStatus(**conn, **plan);
  if (!report) return ReportError(report.error());
  // Drift: the live schema against the replay of the applied migrations.
  auto drift = drift::CheckDrift(*cfg, **conn);
  if (json) {
    nlohmann::ordered_json out = JsonEnvelope("status");
    out["env"] = cfg->env_name;
    out["dialect"] = cfg->dialect;
    out["url"] = cfg->RedactedUrl();
    const nlohmann::ordered_json fields =
        nlohmann::ordered_json::parse(runner::FormatStatusJson(*report));
    for (const auto& [key, value] : fields.items()) out[key] = value;
    if (drift) {
      out["drift_checked"] = drift->checked;
      out["drift"] = drift->lines;
      if (!drift->unfinished.empty()) out["unfinished"] = drift->unfinished;
    } else {
      out["drift_error"] = drift.error().message;
    }
    PrintJson(out);
    return 0;
  }
  std::fputs(runner::FormatStatus(*report).c_str(), stdout);
  if (!drift) {
    std::printf("\ndrift: not checked (%s)\n", drift.error().message.c_str());
  } else if (!drift->unfinished.empty()) {
    std::printf("\ndrift: not checked, the database is in the middle of a migration:\n");
    for (const auto& line : drift->unfinished) std::printf("  - %s\n", line.c_str());
  } else if (drift->drifted()) {
    std::printf("\ndrift: the database differs from the applied migrations:\n");
    for (const auto& line : drift->lines) std::printf("  - %s\n", line.c_str());
  } else if (drift->checked) {
    std::printf("drift: none (the database matches the applied migrations)\n");
  }
  return 0;
}

}  // namespace

void RegisterStatus(CLI::App& app, Context& ctx) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "status", "Show applied and pending migrations, and drift of the database");
  cmd->add_flag("--json", *json, "Machine-readable output");
  cmd->footer(
      "Examples:\n"
      "  alab status\n"
      "  alab status --json");
  cmd->callback([&ctx, json] { ctx.exit_code = RunStatus(ctx, *json); });
}

}  // namespace alab::cli
