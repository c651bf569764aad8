#pragma once
// Shared by the commands that apply migrations (migrate, rollback, status, lock).
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "base/db_url.h"
#include "cli/command.h"
#include "runner/executor.h"
#include "runner/plan.h"

namespace alab::cli {

// Loads and plans the project's migrations, printing diagnostics to stderr.
// Fresh evaluation unless a read-only command (status) asks for the cache.
inline Expected<std::unique_ptr<runner::Plan>> LoadRunnerPlan(
    const config::Config& cfg, bool color, bool with_down = true,
    migration::Evaluation evaluation = migration::Evaluation::kFresh) {
  diag::DiagnosticSink diags;
  auto plan = runner::BuildPlan(cfg, diags, with_down, evaluation);
  if (!diags.diagnostics().empty()) std::fputs(diags.Render(color).c_str(), stderr);
  return plan;
}

// The progress line: "[3/120] applying migrations/003_x.js" at the bottom of a terminal
// (stderr), redrawn before each migration, erased before any other output and at the end.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  ~ProgressLine() { Clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  void Show(size_t index, size_t count, const std::string& file, const char* verb) {
    if (!enabled_ || count < 2) return;
    if (index >= count) return Clear();
    std::fprintf(stderr, "\r\033[K[%zu/%zu] %s %s", index + 1, count, verb, file.c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  void Clear() {
    if (!shown_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
};

inline runner::Output CliOutput(const Context& ctx, const char* verb = "applying") {
  runner::Output out;
  bool quiet = ctx.global.quiet;
  auto line = std::make_shared<ProgressLine>(!quiet && ::isatty(2) != 0);
  out.progress = [line, verb](size_t index, size_t count, const std::string& file) {
    line->Show(index, count, file, verb);
  };
  out.info = [quiet, line](const std::string& s) {
    if (quiet) return;
    line->Clear();
    std::fputs(s.c_str(), stdout);  // SQL of --dry as it runs: never rewritten
    if (!s.empty() && s.back() != '\n') std::fputc('\n', stdout);
    std::fflush(stdout);
  };
  out.warn = [line](const std::string& s) {
    line->Clear();
    std::fprintf(stderr, "alab: %s\n", RedactKnownPasswords(s).c_str());
  };
  return out;
}

}  // namespace alab::cli
