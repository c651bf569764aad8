// `alab merge -m <msg>`: a migration whose parents are all current heads.
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "base/files.h"
#include "base/strings.h"
#include "cli/command.h"
#include "codegen/migration_writer.h"
#include "migration/dag.h"
#include "migration/file_text.h"
#include "migration/history.h"

namespace alab::cli {

namespace {

struct MergeOptions {
  std::string message;
};

void RunMerge(Context& ctx, const MergeOptions& opts) {
  auto cfg = ctx.LoadConfig();
  if (!cfg.ok()) return;
  diag::DiagnosticSink diags;
  auto history = migration::LoadHistory(cfg->root, cfg->migrations_dir, diags);
  if (!diags.diagnostics().empty()) std::fputs(diags.Render(ctx.global.color).c_str(), stderr);
  if (!history.ok()) {
    ctx.exit_code = ReportError(history.error());
    return;
  }
  const auto& h = **history;
  std::vector<std::string> heads = migration::Heads(h.migrations);
  if (heads.size() < 2) {
    ctx.exit_code =
        ReportError(MakeError(fmt::format("nothing to merge: the migration graph has {} head{}",
                                          heads.size(), heads.size() == 1 ? "" : "s"),
                              ExitCode::kUserError));
    return;
  }
  std::string revision = migration::NextRevision(h.migrations);
  std::string file = migration::MigrationFileName(revision, opts.message);
  std::filesystem::path path = cfg->migrations_dir / file;
  if (std::filesystem::exists(path)) {
    ctx.exit_code = ReportError(MakeError(
        fmt::format("{} already exists", DisplayPath(path, cfg->root)), ExitCode::kUserError));
    return;
  }
  codegen::MigrationSpec spec;
  spec.revision = revision;
  spec.down_revisions = heads;
  spec.description = opts.message;
  std::string text = codegen::WriteMigration(spec);
  if (Status st = WriteFileAtomic(path, text); !st.ok()) {
    ctx.exit_code = ReportError(st.error());
    return;
  }
  if (!ctx.global.quiet)
    std::printf("created %s (merges %s)\n", DisplayPath(path, cfg->root).c_str(),
                Join(heads, ", ").c_str());
}

}  // namespace

void RegisterMerge(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<MergeOptions>();
  CLI::App* cmd =
      app.add_subcommand("merge", "Create a merge migration joining every current head");
  cmd->add_option("-m,--message", opts->message, "Description of the merge")->required();
  cmd->footer("Example:\n  alab merge -m \"merge feature branches\"");
  cmd->callback([&ctx, opts] { RunMerge(ctx, *opts); });
}

}  // namespace alab::cli
