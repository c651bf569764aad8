// `alab check`: the CI gate. A list of gates run in order (schema files first); a failed gate
// skips the ones after it. Later gates (migrations replay to the schema, database drift) are
// one entry each in Gates().
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/editor_typings.h"
#include "cli/json_output.h"
#include "diag/diagnostic.h"
#include "dialect/dialect.h"
#include "diff/diff.h"
#include "drift/drift.h"
#include "drift/sources.h"
#include "migration/dag.h"
#include "migration/history.h"
#include "migration/replay.h"
#include "runner/executor.h"
#include "runner/plan.h"
#include "schema/ir.h"
#include "schema/project.h"

namespace alab::cli {

namespace {

struct CheckArgs {
  bool json = false;
  bool determinism = false;
};

// The state one `alab check` run shares between its gates.
struct CheckRun {
  const config::Config& cfg;
  Context& ctx;
  std::vector<diag::DiagnosticSink> sinks;  // each gate's diagnostics, in gate order
  std::optional<schema::Schema> schema;     // set by the schema gate
  nlohmann::ordered_json report = nlohmann::ordered_json::object();  // extra JSON fields
  std::vector<std::string> summary;                                  // parts of the "ok: ..." line
  std::vector<std::string> problems;            // failures that are not diagnostics, with their fix
  std::vector<std::string> notes;               // information that does not fail the check
  bool io_failure = false;                      // a database/I/O failure: exit 3
  bool determinism = false;                     // --determinism
  std::unique_ptr<migration::History> history;  // set by the migrations gate
};

enum class GateStatus { kPassed, kFailed, kSkipped };

struct Gate {
  const char* name;
  GateStatus (*run)(CheckRun& run);
};

// Gate 1: every schema file evaluates and the whole schema validates.
GateStatus SchemaGate(CheckRun& run) {
  schema::LoadResult loaded = schema::LoadSchemas(run.cfg.root, run.cfg.schemas_dir);
  const bool ok = loaded.ok();
  run.sinks.push_back(std::move(loaded.diags));
  if (!ok) return GateStatus::kFailed;
  // A sql({postgres: ...}) default must also say what the project's dialect runs.
  bool uncovered = false;
  for (const auto& t : loaded.schema.tables)
    for (const auto& c : t.columns) {
      if (!c.default_value || c.default_value->kind != schema::Value::Kind::kSql) continue;
      const schema::Value& v = *c.default_value;
      if (dialect::GetDialect(run.cfg.dialect).SqlText(v).empty()) {
        diag::DiagnosticSink& sink = run.sinks.back();
        sink.Error(
            c.loc.known() ? c.loc : diag::SourceLoc{t.file, 1, 1, 0},
            fmt::format("the sql() default of column '{}' has no {} expression, but the project's "
                        "dialect is {}",
                        c.name, run.cfg.dialect, run.cfg.dialect),
            {fmt::format("hint: add {}: \"...\" to the sql({{...}}) default", run.cfg.dialect)});
        uncovered = true;
      }
    }
  if (uncovered) return GateStatus::kFailed;
  std::set<std::string> namespaces;
  int junctions = 0;
  for (const auto& t : loaded.schema.tables) {
    if (!t.ns.empty()) namespaces.insert(t.ns);
    if (t.junction) ++junctions;
  }
  const int tables = static_cast<int>(loaded.schema.tables.size());
  run.report["tables"] = tables;
  run.report["junction_tables"] = junctions;
  run.report["namespaces"] = namespaces.size();
  std::string part = fmt::format("{} table{}", tables, tables == 1 ? "" : "s");
  if (junctions > 0) part += fmt::format(" ({} junction)", junctions);
  part += fmt::format(" in {} namespace{}", namespaces.size(), namespaces.size() == 1 ? "" : "s");
  run.summary.push_back(part);
  if (std::string warning = UpdateTablesDts(run.cfg.root, loaded.schema); !warning.empty())
    run.notes.push_back(warning);
  run.schema = std::move(loaded.schema);
  return GateStatus::kPassed;
}

// `--determinism` judges what ran against the database: it never trusts the cache.
migration::Evaluation CheckEvaluation(const CheckRun& run) {
  return run.determinism ? migration::Evaluation::kFresh
                         : migration::Evaluation::kCachedForReadOnly;
}

// Gate 2: the migration files evaluate, form a DAG, replay, and reach exactly the schema
// files (no new migration needed).
GateStatus MigrationsGate(CheckRun& run) {
  diag::DiagnosticSink diags;
  auto history =
      migration::LoadHistory(run.cfg.root, run.cfg.migrations_dir, diags, CheckEvaluation(run));
  const bool file_errors = diags.has_errors();
  run.sinks.push_back(std::move(diags));
  if (!history) {
    if (!file_errors) run.problems.push_back(history.error().message);
    return GateStatus::kFailed;
  }
  // Several heads: two branches' migrations, in an order no one reviewed (each database
  // applies them in the order it meets them); they are joined before they ship.
  if (auto heads = migration::Heads((*history)->migrations); heads.size() > 1) {
    run.problems.push_back(
        fmt::format("the migrations have {} heads ({}): join them with `alab merge -m "
                    "\"<message>\"`, or renumber the local "
                    "ones after the others with `alab rebase`",
                    heads.size(), fmt::join(heads, ", ")));
    return GateStatus::kFailed;
  }
  auto replayed = migration::Replay((*history)->order, "", /*record_steps=*/false);
  if (!replayed) {
    run.problems.push_back(replayed.error().message);
    return GateStatus::kFailed;
  }
  std::vector<ops::Op> needed = diff::Diff(replayed->schema, *run.schema, diff::DiffOptions{});
  const int count = static_cast<int>((*history)->migrations.size());
  run.report["migrations"] = count;
  run.history = std::move(*history);
  if (!needed.empty()) {
    std::string msg = fmt::format(
        "the schema files differ from what the migrations build ({} change{}); run `alab new "
        "<name>` "
        "to generate the migration:",
        needed.size(), needed.size() == 1 ? "" : "s");
    for (const auto& op : needed) msg += "\n    ~ " + ops::Describe(op);
    run.problems.push_back(msg);
    run.report["changes_needed"] = needed.size();
    return GateStatus::kFailed;
  }
  if (run.cfg.url.empty()) {
    // Without a database, the alab.lock problems that block migrate everywhere (the
    // DatabaseGate checks the rest against the applied rows).
    if (auto lock = runner::LockFileBlockers(run.cfg, {}, nullptr); !lock.empty()) {
      std::string msg =
          "alab.lock does not match the migration files (check the files, then `alab lock "
          "repair`):";
      for (const auto& line : lock) msg += "\n    - " + line;
      run.problems.push_back(msg);
      return GateStatus::kFailed;
    }
  }
  run.summary.push_back(fmt::format("{} migration{} in sync", count, count == 1 ? "" : "s"));
  return GateStatus::kPassed;
}

// Gate 3 (only with a database configured): nothing blocks `alab migrate` on the database
// (the same checks migrate makes before it runs anything), it is not in the middle of a
// migration, and it matches the replay of the migrations it has applied (no drift); pending
// migrations are reported, not failed.
GateStatus DatabaseGate(CheckRun& run) {
  if (run.cfg.url.empty()) return GateStatus::kPassed;
  auto report = drift::CheckDrift(run.cfg);
  if (!report) {
    run.problems.push_back(report.error().message);
    run.io_failure = true;
    return GateStatus::kFailed;
  }
  if (!report->checked) {
    run.notes.push_back(
        fmt::format("database {} does not exist yet: drift not checked", run.cfg.RedactedUrl()));
    return GateStatus::kPassed;
  }
  auto conn = drift::OpenDatabase(run.cfg);
  if (!conn) {
    run.problems.push_back(conn.error().message);
    run.io_failure = true;
    return GateStatus::kFailed;
  }
  auto rows = runner::ReadHistory(**conn);
  if (!rows) {
    run.problems.push_back(rows.error().message);
    run.io_failure = true;
    return GateStatus::kFailed;
  }
  diag::DiagnosticSink plan_diags;
  auto plan = runner::BuildPlan(run.cfg, plan_diags, /*with_down=*/true, CheckEvaluation(run));
  run.sinks.push_back(std::move(plan_diags));
  if (!plan) {
    run.problems.push_back(plan.error().message);
    return GateStatus::kFailed;
  }
  bool failed = false;
  if (auto blockers = runner::MigrateBlockers(run.cfg, **plan, *rows); !blockers.empty()) {
    std::string msg = fmt::format("`alab migrate` is blocked on {}:", run.cfg.RedactedUrl());
    for (const auto& line : blockers) msg += "\n    - " + line;
    run.problems.push_back(msg);
    run.report["blocked"] = blockers;
    failed = true;
  }
  run.report["drift"] = report->lines;
  if (!report->unfinished.empty()) {
    run.report["unfinished"] = report->unfinished;
    std::string msg = fmt::format("{} is in the middle of a migration (drift not checked):",
                                  run.cfg.RedactedUrl());
    for (const auto& line : report->unfinished) msg += "\n    - " + line;
    run.problems.push_back(msg);
    return GateStatus::kFailed;
  }
  if (report->drifted()) {
    std::string msg =
        fmt::format("database drift in {}: the database differs from the applied migrations:",
                    run.cfg.RedactedUrl());
    for (const auto& line : report->lines) msg += "\n    - " + line;
    run.problems.push_back(msg);
    return GateStatus::kFailed;
  }
  if (failed) return GateStatus::kFailed;
  int pending = 0;
  for (const auto& pm : (*plan)->ordered) {
    bool done = false;
    for (const auto& r : *rows)
      done = done || (r.revision == pm.migration->revision && r.complete());
    if (!done) ++pending;
  }
  run.report["pending"] = pending;
  if (pending > 0)
    run.notes.push_back(fmt::format("{} migration{} pending in {} (run `alab migrate`)", pending,
                                    pending == 1 ? "" : "s", run.cfg.RedactedUrl()));
  run.summary.push_back(pending > 0 ? "database: no drift" : "database in sync");
  if (!run.determinism) return GateStatus::kPassed;
  auto mismatches = runner::CheckDeterminism(**conn, **plan);
  if (!mismatches) {
    run.problems.push_back(mismatches.error().message);
    run.io_failure = true;
    return GateStatus::kFailed;
  }
  if (!mismatches->empty()) {
    std::string msg =
        "applied migrations no longer render the SQL that was applied (non-deterministic "
        "migration, or a changed alab version):";
    for (const auto& line : *mismatches) msg += "\n    - " + line;
    run.problems.push_back(msg);
    return GateStatus::kFailed;
  }
  run.summary.push_back("applied SQL deterministic");
  return GateStatus::kPassed;
}

const std::vector<Gate>& Gates() {
  static const std::vector<Gate> gates = {
      {"schema", SchemaGate},
      {"migrations", MigrationsGate},
      {"database", DatabaseGate},
  };
  return gates;
}

const char* StatusName(GateStatus s) {
  switch (s) {
    case GateStatus::kPassed:
      return "passed";
    case GateStatus::kFailed:
      return "failed";
    case GateStatus::kSkipped:
      return "skipped";
  }
  return "skipped";
}

const char* SeverityName(diag::Severity s) {
  switch (s) {
    case diag::Severity::kError:
      return "error";
    case diag::Severity::kWarning:
      return "warning";
    case diag::Severity::kNote:
      return "note";
  }
  return "note";
}

std::string Plural(int n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

int RunCheck(Context& ctx, const CheckArgs& args) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  CheckRun run{*cfg,   ctx, {}, std::nullopt, nlohmann::ordered_json::object(),
               {},     {},  {}, false,        args.determinism,
               nullptr};
  nlohmann::ordered_json gates = nlohmann::ordered_json::array();
  bool failed = false;
  for (const Gate& gate : Gates()) {
    GateStatus status = failed ? GateStatus::kSkipped : gate.run(run);
    if (status == GateStatus::kFailed) failed = true;
    gates.push_back({{"name", gate.name}, {"status", StatusName(status)}});
  }
  int errors = 0;
  int warnings = 0;
  for (const auto& sink : run.sinks) {
    errors += sink.error_count();
    warnings += sink.warning_count();
  }
  failed = failed || errors > 0;
  const int fail_code =
      run.io_failure ? static_cast<int>(ExitCode::kIo) : static_cast<int>(ExitCode::kUserError);

  if (args.json) {
    nlohmann::ordered_json out = JsonEnvelope("check");
    out["ok"] = !failed;
    nlohmann::ordered_json diags = nlohmann::ordered_json::array();
    for (const auto& sink : run.sinks) {
      for (const auto& d : sink.diagnostics()) {
        diags.push_back({{"file", d.loc.file},
                         {"line", d.loc.line},
                         {"col", d.loc.col},
                         {"severity", SeverityName(d.severity)},
                         {"message", d.message},
                         {"notes", d.notes}});
      }
    }
    out["diagnostics"] = diags;
    out["errors"] = errors;
    out["warnings"] = warnings;
    out["gates"] = gates;
    out["problems"] = run.problems;
    out["notes"] = run.notes;
    out["config"] = {{"root", cfg->root.string()},
                     {"env", cfg->env_name},
                     {"dialect", cfg->dialect},
                     {"url", cfg->RedactedUrl()}};
    for (const auto& [key, value] : run.report.items()) out[key] = value;
    PrintJson(out);
    return failed ? fail_code : 0;
  }

  for (const auto& sink : run.sinks) std::fputs(sink.Render(ctx.global.color).c_str(), stderr);
  for (const auto& p : run.problems) std::fprintf(stderr, "alab: error: %s\n", p.c_str());
  if (!ctx.global.quiet)
    for (const auto& n : run.notes) std::fprintf(stderr, "alab: note: %s\n", n.c_str());
  if (failed) {
    const int problems = errors + static_cast<int>(run.problems.size());
    std::fprintf(stderr, "alab: check failed: %s, %s\n", Plural(problems, "error").c_str(),
                 Plural(warnings, "warning").c_str());
    return fail_code;
  }
  if (!ctx.global.quiet) {
    std::string line = "ok: ";
    for (size_t i = 0; i < run.summary.size(); ++i) line += (i ? "; " : "") + run.summary[i];
    if (warnings > 0) line += " (" + Plural(warnings, "warning") + ")";
    std::printf("%s\n", line.c_str());
  }
  return 0;
}

}  // namespace

void RegisterCheck(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "The CI gate: schema files valid, migrations replay to exactly the schema files, and the "
      "configured database matches its applied migrations (exit 1 on any problem)");
  cmd->add_flag("--json", args->json, "Print {ok, diagnostics, problems, ...} as JSON on stdout");
  cmd->add_flag("--determinism", args->determinism,
                "Also re-render every applied migration and compare with its stored sql_checksum");
  cmd->footer(
      "Examples:\n"
      "  alab check\n"
      "  alab check --database-url postgres://ci@db/app --determinism\n"
      "  alab check --json | jq '.diagnostics[] | .message'\n"
      "\nExit codes: 0 ok, 1 problems found (invalid schema, migration needed, drift), 2 usage,\n"
      "3 database or I/O failure.");
  cmd->callback([&ctx, args] { ctx.exit_code = RunCheck(ctx, *args); });
}

}  // namespace alab::cli
