// `alab new <name>`: generate the next migration from the schema files, offline.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "base/files.h"
#include "base/strings.h"
#include "cli/command.h"
#include "cli/editor_typings.h"
#include "migration/generate.h"
#include "migration/history.h"
#include "migration/replay.h"
#include "schema/project.h"

namespace alab::cli {

namespace {

struct NewOptions {
  std::string name;
  bool empty = false;
  bool yes = false;
  bool no_renames = false;
  bool timestamp = false;
};

// --timestamp names the file after the current UTC time; SOURCE_DATE_EPOCH (the reproducible-
// builds convention) fixes the clock, so the same inputs can still give the same bytes.
long long TimestampSeconds() {
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e != nullptr && *e != '\0') {
    char* end = nullptr;
    long long v = std::strtoll(e, &end, 10);
    if (end != nullptr && *end == '\0' && v >= 0) return v;
  }
  return static_cast<long long>(std::time(nullptr));
}

std::string Question(const diff::RenameCandidate& c) {
  if (c.kind == diff::RenameCandidate::Kind::kTable)
    return fmt::format("Did you rename table {} to {}? [y/N] ", c.from, c.to);
  return fmt::format("Did you rename column {}.{} to {}? [y/N] ", c.table, c.from, c.to);
}

// --yes accepts, --no-renames refuses; otherwise ask on a terminal. Without one (CI), a
// likely rename is never guessed: the candidates are collected in `unanswered` and the run
// stops before writing anything (a drop + add would destroy the column's data).
diff::RenameDecider MakeDecider(const NewOptions& opts,
                                std::vector<diff::RenameCandidate>* unanswered) {
  if (opts.yes) return [](const diff::RenameCandidate&) { return true; };
  if (opts.no_renames) return [](const diff::RenameCandidate&) { return false; };
  if (::isatty(0) == 0) {
    return [unanswered](const diff::RenameCandidate& c) {
      unanswered->push_back(c);
      return false;
    };
  }
  return [](const diff::RenameCandidate& c) {
    std::fputs(Question(c).c_str(), stderr);
    std::fflush(stderr);
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    answer = ToLower(Trim(answer));
    return answer == "y" || answer == "yes";
  };
}

void RunNew(Context& ctx, const NewOptions& opts) {
  auto cfg = ctx.LoadConfig();
  if (!cfg.ok()) return;
  // The migration history (evaluated and replayed) and the schema files are two independent
  // inputs: the history loads on its own thread while the schema files evaluate.
  struct HistoryLoad {
    diag::DiagnosticSink diags;
    std::optional<Expected<std::unique_ptr<migration::History>>> history;
    std::optional<Expected<migration::ReplayResult>> current;
  };
  auto history_job = std::async(std::launch::async, [&cfg] {
    HistoryLoad out;
    out.history.emplace(migration::LoadHistory(cfg->root, cfg->migrations_dir, out.diags,
                                               migration::Evaluation::kCachedForReadOnly));
    if (out.history->ok())
      out.current.emplace(migration::Replay((**out.history)->order, "", /*record_steps=*/false));
    return out;
  });
  schema::LoadResult target = schema::LoadSchemas(cfg->root, cfg->schemas_dir);
  HistoryLoad loaded = history_job.get();
  if (!target.diags.diagnostics().empty())
    std::fputs(target.diags.Render(ctx.global.color).c_str(), stderr);
  if (!target.ok()) {
    ctx.exit_code = ReportError(
        MakeError("the schema files have errors; no migration written", ExitCode::kUserError));
    return;
  }
  if (std::string warning = UpdateTablesDts(cfg->root, target.schema); !warning.empty())
    std::fprintf(stderr, "%s\n", warning.c_str());
  if (!loaded.diags.diagnostics().empty())
    std::fputs(loaded.diags.Render(ctx.global.color).c_str(), stderr);
  auto& history = *loaded.history;
  if (!history.ok()) {
    ctx.exit_code = ReportError(history.error().WithContext("no migration written"));
    return;
  }
  auto& current = *loaded.current;
  if (!current.ok()) {
    ctx.exit_code =
        ReportError(current.error().WithContext("replaying the migrations (no migration written)"));
    return;
  }
  migration::GenerateRequest request;
  request.name = opts.name;
  request.empty = opts.empty;
  if (opts.timestamp) request.timestamp = TimestampSeconds();
  std::vector<diff::RenameCandidate> unanswered;
  request.diff.decide = MakeDecider(opts, &unanswered);
  request.migrations_prefix = DisplayPath(cfg->migrations_dir, cfg->root);
  auto generated =
      migration::GenerateMigration((*history)->migrations, current->schema, target.schema, request);
  if (!generated.ok()) {
    ctx.exit_code = ReportError(generated.error());
    return;
  }
  if (!unanswered.empty()) {
    std::string msg = "likely rename" + std::string(unanswered.size() == 1 ? "" : "s") +
                      " found and no terminal to ask (stdin is not a TTY); no migration written:";
    for (const auto& c : unanswered) {
      msg += c.kind == diff::RenameCandidate::Kind::kTable
                 ? fmt::format("\n    table {} -> {}", c.from, c.to)
                 : fmt::format("\n    column {}.{} -> {}", c.table, c.from, c.to);
    }
    msg +=
        "\n  re-run with --yes to write them as renames (data kept), or --no-renames to drop and "
        "add "
        "(the old data is lost)";
    ctx.exit_code = ReportError(MakeError(msg, ExitCode::kUserError));
    return;
  }
  if (generated->no_changes) {
    if (!ctx.global.quiet)
      std::puts("no changes: the schema files match the migrations; nothing written");
    return;
  }
  std::filesystem::path path = cfg->migrations_dir / generated->file_name;
  std::string shown = DisplayPath(path, cfg->root);
  if (std::filesystem::exists(path)) {
    ctx.exit_code =
        ReportError(MakeError(shown + " already exists; nothing written", ExitCode::kUserError));
    return;
  }
  if (Status st = WriteFileAtomic(path, generated->content); !st.ok()) {
    ctx.exit_code = ReportError(st.error());
    return;
  }
  for (const auto& op : generated->up) {
    const auto* alter = std::get_if<ops::AlterColumn>(&op);
    if (alter == nullptr || !alter->from.nullable || alter->to.nullable || alter->to.backfill)
      continue;
    std::fprintf(
        stderr,
        "warning: %s: %s.%s becomes required without a backfill; on a table with NULLs in it the "
        "migration fails. Add .backfill(value) to the column in its schema file and regenerate, or "
        "append .backfill(value) after .set_not_null() in %s\n",
        shown.c_str(), alter->table.c_str(), alter->from.name.c_str(), shown.c_str());
  }
  if (ctx.global.quiet) return;
  std::string out = fmt::format("created {} ({} operation{})\n", shown, generated->up.size(),
                                generated->up.size() == 1 ? "" : "s");
  for (const auto& op : generated->up) out += "  " + ops::Describe(op) + "\n";
  std::fputs(out.c_str(), stdout);
}

}  // namespace

void RegisterNew(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<NewOptions>();
  CLI::App* cmd =
      app.add_subcommand("new", "Generate the next migration from the schema files (offline)");
  cmd->add_option("name", opts->name, "Migration name (becomes NNN_<name>.js)")->required();
  cmd->add_flag("--empty", opts->empty, "Write a blank migration without comparing schemas");
  auto* yes = cmd->add_flag("--yes,-y", opts->yes, "Accept every suggested rename");
  auto* no = cmd->add_flag("--no-renames", opts->no_renames, "Refuse renames (drop + add instead)");
  yes->excludes(no);
  cmd->add_flag(
      "--timestamp", opts->timestamp,
      "Number the file YYYYMMDDHHMMSS_<name>.js by the UTC time (SOURCE_DATE_EPOCH fixes it)");
  cmd->footer(
      "Examples:\n  alab new add_user_email\n  alab new rename_title --yes\n  alab new backfill "
      "--empty");
  cmd->callback([&ctx, opts] { RunNew(ctx, *opts); });
}

}  // namespace alab::cli
