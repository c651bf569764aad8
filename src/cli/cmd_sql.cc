// `alab sql [REV]`: the SQL of one migration, or of all of them, offline.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "base/check.h"
#include "cli/command.h"
#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "migration/history.h"
#include "migration/script.h"
#include "runner/plan.h"

namespace alab::cli {

namespace {

struct SqlOptions {
  std::string revision;
  std::string dialect;
  bool down = false;
};

void RunSql(Context& ctx, const SqlOptions& opts) {
  auto cfg = ctx.LoadConfig(/*require_file=*/opts.dialect.empty());
  if (!cfg.ok()) return;
  std::string dialect_name = !opts.dialect.empty()  ? opts.dialect
                             : cfg->dialect.empty() ? dialect::DefaultDialect().name()
                                                    : cfg->dialect;
  diag::DiagnosticSink diags;
  auto history = migration::LoadHistory(cfg->root, cfg->migrations_dir, diags,
                                        migration::Evaluation::kCachedForReadOnly);
  if (!diags.diagnostics().empty()) std::fputs(diags.Render(ctx.global.color).c_str(), stderr);
  if (!history.ok()) {
    ctx.exit_code = ReportError(history.error());
    return;
  }
  std::string only;
  if (!opts.revision.empty()) {
    const migration::Migration* m = (*history)->FindByRevisionOrFile(opts.revision);
    if (!m) {
      ctx.exit_code = ReportError(MakeError(
          fmt::format("no migration with revision '{}'", opts.revision), ExitCode::kUserError));
      return;
    }
    only = m->revision;
  }
  auto plan = runner::BuildPlanFrom(std::move((*history)->migrations), dialect_name);
  if (!plan.ok()) {
    ctx.exit_code = ReportError(plan.error());
    return;
  }
  auto sql_dialect = dialect::MakeDialect(dialect_name);
  std::string out;
  for (const auto& pm : (*plan)->ordered) {
    if (!only.empty() && pm.migration->revision != only) continue;
    if (opts.down && !pm.down_error.empty()) {
      ctx.exit_code = ReportError(
          MakeError(fmt::format("{}: cannot render down(): {}", pm.migration->file, pm.down_error),
                    ExitCode::kUserError));
      return;
    }
    if (!out.empty()) out += "\n";
    out += migration::MigrationScript(*pm.migration, opts.down ? pm.down : pm.up, *sql_dialect,
                                      opts.down);
  }
  // The text is printed whole or not at all (fputs would stop at a NUL byte, and the reviewer
  // would read something else than what runs); check refuses NUL bytes before this.
  if (Status s = dialect::RefuseNul(out); !s.ok()) {
    ctx.exit_code = ReportError(s.error());
    return;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

void RegisterSql(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<SqlOptions>();
  CLI::App* cmd =
      app.add_subcommand("sql", "Print the SQL of a migration (or of all), without a database");
  cmd->add_option("revision", opts->revision,
                  "Revision (\"002\") or file name; default: every migration");
  cmd->add_option("--dialect", opts->dialect,
                  dialect::DialectNamesText() + " (default: alab.yaml's dialect)")
      ->check(CLI::IsMember(dialect::DialectNames()));
  cmd->add_flag("--down", opts->down, "Print the down() SQL instead");
  cmd->footer("Examples:\n  alab sql\n  alab sql 002 --dialect postgres");
  cmd->callback([&ctx, opts] { RunSql(ctx, *opts); });
}

}  // namespace alab::cli
