#pragma once
// Shared by the commands that apply migrations (migrate, rollback, status, lock).
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "runner/executor.h"
#include "runner/plan.h"

namespace alab::cli {

// Loads and plans the project's migrations, printing diagnostics to stderr.
inline Expected<std::unique_ptr<runner::Plan>> LoadRunnerPlan(const config::Config& cfg, bool color) {
  diag::DiagnosticSink diags;
  auto plan = runner::BuildPlan(cfg, diags);
  if (!diags.diagnostics().empty()) std::fputs(diags.Render(color).c_str(), stderr);
  return plan;
}

inline runner::Output CliOutput(const Context& ctx) {
  runner::Output out;
  bool quiet = ctx.global.quiet;
  out.info = [quiet](const std::string& s) {
    if (quiet) return;
    std::fputs(s.c_str(), stdout);
    if (!s.empty() && s.back() != '\n') std::fputc('\n', stdout);
    std::fflush(stdout);
  };
  out.warn = [](const std::string& s) {
    std::fprintf(stderr, "alab: %s\n", s.c_str());
  };
  return out;
}

}  // namespace alab::cli
