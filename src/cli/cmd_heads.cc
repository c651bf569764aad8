// `alab heads`: the revisions no migration builds on.
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/json_output.h"
#include "migration/dag.h"
#include "migration/history.h"

namespace alab::cli {

namespace {

struct HeadsOptions {
  bool json = false;
};

void RunHeads(Context& ctx, const HeadsOptions& opts) {
  auto cfg = ctx.LoadConfig();
  if (!cfg.ok()) return;
  diag::DiagnosticSink diags;
  auto history = migration::LoadHistory(cfg->root, cfg->migrations_dir, diags,
                                        migration::Evaluation::kCachedForReadOnly);
  if (!diags.diagnostics().empty()) std::fputs(diags.Render(ctx.global.color).c_str(), stderr);
  if (!history.ok()) {
    ctx.exit_code = ReportError(history.error());
    return;
  }
  const auto& h = **history;
  std::vector<std::string> heads = migration::Heads(h.migrations);
  if (opts.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& rev : heads) {
      const migration::Migration* m = h.Find(rev);
      list.push_back({{"revision", rev}, {"file", m->file}, {"description", m->description}});
    }
    nlohmann::ordered_json out = JsonEnvelope("heads");
    out["heads"] = std::move(list);
    PrintJson(out);
    return;
  }
  if (heads.empty()) {
    if (!ctx.global.quiet) std::fputs("no migrations yet\n", stdout);
    return;
  }
  for (const auto& rev : heads) {
    const migration::Migration* m = h.Find(rev);
    std::string line =
        fmt::format("{} (head)  {}", rev, std::filesystem::path(m->file).filename().string());
    if (!m->description.empty()) line += "  " + m->description;
    std::fputs((line + "\n").c_str(), stdout);
  }
  if (heads.size() > 1 && !ctx.global.quiet)
    std::fprintf(
        stderr,
        "note: %zu heads: join them with `alab merge -m \"<message>\"` (or `alab rebase`)\n",
        heads.size());
}

}  // namespace

void RegisterHeads(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<HeadsOptions>();
  CLI::App* cmd = app.add_subcommand("heads", "Show the head revisions of the migration graph");
  cmd->add_flag("--json", opts->json, "Print {json_version, heads: [...]} as JSON");
  cmd->footer("Examples:\n  alab heads\n  alab heads --json");
  cmd->callback([&ctx, opts] { RunHeads(ctx, *opts); });
}

}  // namespace alab::cli
