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
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "diag/diagnostic.h"
#include "schema/ir.h"
#include "schema/project.h"

namespace alab::cli {

namespace {

struct CheckArgs {
  bool json = false;
};

// The state one `alab check` run shares between its gates.
struct CheckRun {
  const config::Config& cfg;
  Context& ctx;
  std::vector<diag::DiagnosticSink> sinks;  // each gate's diagnostics, in gate order
  std::optional<schema::Schema> schema;      // set by the schema gate
  nlohmann::ordered_json report = nlohmann::ordered_json::object();  // extra JSON fields
  std::vector<std::string> summary;          // parts of the "ok: ..." line
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
  run.schema = std::move(loaded.schema);
  return GateStatus::kPassed;
}

const std::vector<Gate>& Gates() {
  static const std::vector<Gate> gates = {
      {"schema", SchemaGate},
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
  CheckRun run{*cfg, ctx, {}, std::nullopt, nlohmann::ordered_json::object(), {}};
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

  if (args.json) {
    nlohmann::ordered_json out;
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
    out["config"] = {{"root", cfg->root.string()},
                     {"env", cfg->env_name},
                     {"dialect", cfg->dialect},
                     {"url", cfg->RedactedUrl()}};
    for (const auto& [key, value] : run.report.items()) out[key] = value;
    std::printf("%s\n", out.dump(2).c_str());
    return failed ? static_cast<int>(ExitCode::kUserError) : 0;
  }

  for (const auto& sink : run.sinks) std::fputs(sink.Render(ctx.global.color).c_str(), stderr);
  if (failed) {
    std::fprintf(stderr, "alab: check failed: %s, %s\n", Plural(errors, "error").c_str(),
                 Plural(warnings, "warning").c_str());
    return static_cast<int>(ExitCode::kUserError);
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
      "check", "Validate the project: evaluate and check every schema file (exit 1 on problems)");
  cmd->add_flag("--json", args->json, "Print {ok, diagnostics, ...} as JSON on stdout");
  cmd->footer(
      "Examples:\n"
      "  alab check\n"
      "  alab check --json | jq '.diagnostics[] | .message'\n"
      "\nExit codes: 0 ok, 1 problems found, 2 usage, 3 I/O.");
  cmd->callback([&ctx, args] { ctx.exit_code = RunCheck(ctx, *args); });
}

}  // namespace alab::cli
