// `alab history`: every migration in revision-DAG order, marking merges and heads.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/json_output.h"
#include "migration/dag.h"
#include "migration/history.h"

namespace alab::cli {

namespace {

struct HistoryOptions {
  bool json = false;
};

void RunHistory(Context& ctx, const HistoryOptions& opts) {
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
  std::vector<std::string> head_list = migration::Heads(h.migrations);
  std::set<std::string> heads(head_list.begin(), head_list.end());
  if (opts.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto* m : h.order)
      list.push_back({{"revision", m->revision},
                      {"down_revision", m->down_revisions},
                      {"file", m->file},
                      {"description", m->description},
                      {"merge", m->down_revisions.size() > 1},
                      {"head", heads.count(m->revision) > 0}});
    nlohmann::ordered_json out = JsonEnvelope("history");
    out["migrations"] = std::move(list);
    out["heads"] = head_list;
    PrintJson(out);
    return;
  }
  if (h.order.empty()) {
    if (!ctx.global.quiet) std::fputs("no migrations yet\n", stdout);
    return;
  }
  for (const auto* m : h.order) {
    std::string parents = m->down_revisions.empty() ? "(base)" : Join(m->down_revisions, ", ");
    std::string marks;
    if (m->down_revisions.size() > 1) marks += " (merge)";
    if (heads.count(m->revision)) marks += " (head)";
    std::string line = fmt::format("{} <- {}{}  {}", m->revision, parents, marks,
                                   std::filesystem::path(m->file).filename().string());
    if (!m->description.empty()) line += "  " + m->description;
    std::fputs((line + "\n").c_str(), stdout);
  }
  if (heads.size() > 1 && !ctx.global.quiet)
    std::fprintf(stderr, "note: %zu heads (%s): join them with `alab merge -m \"<message>\"`\n",
                 heads.size(), Join(head_list, ", ").c_str());
}

}  // namespace

void RegisterHistory(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<HistoryOptions>();
  CLI::App* cmd =
      app.add_subcommand("history", "List migrations in revision order (parents first)");
  cmd->add_flag("--json", opts->json, "Print {json_version, migrations: [...], heads} as JSON");
  cmd->footer("Examples:\n  alab history\n  alab history --json | jq -r '.migrations[].file'");
  cmd->callback([&ctx, opts] { RunHistory(ctx, *opts); });
}

}  // namespace alab::cli
