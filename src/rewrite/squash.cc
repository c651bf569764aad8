// `alab squash`: the checks, the baseline migration, and the file moves (see squash.h).
#include "rewrite/squash.h"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "base/files.h"
#include "base/strings.h"
#include "codegen/migration_writer.h"
#include "diag/diagnostic.h"
#include "dialect/dialect.h"
#include "diff/diff.h"
#include "migration/dag.h"
#include "migration/file_text.h"
#include "migration/generate.h"
#include "migration/load.h"
#include "runner/apply.h"
#include "runner/apply_detail.h"
#include "runner/db_lock.h"
#include "runner/lock_file.h"
#include "runner/tracking.h"

namespace alab::rewrite {

// The runner's pieces squash is built from: the plan, the tracking table, the migration lock
// and the lock file.
using migration::Migration;
using runner::AppliedMigration;
using runner::BaselineFit;
using runner::BuildPlan;
using runner::FitBaseline;
using runner::HeldDatabase;
using runner::InsertHistory;
using runner::kLockFileName;
using runner::Output;
using runner::Plan;
using runner::PlannedMigration;
using runner::ReadHistory;
using runner::VerifyApplied;
using runner::VerifyLockFile;
using runner::WriteLockFile;
namespace {

namespace fs = std::filesystem;

constexpr std::chrono::milliseconds kLockTimeout{30000};

Error Refuse(const std::string& headline, const std::vector<std::string>& lines) {
  std::string msg = headline;
  for (const auto& l : lines) msg += "\n  " + l;
  return MakeError(msg, ExitCode::kUserError);
}

// Offline refusals: several heads, alab.lock out of date, schema files ahead of the history.
Status CheckFiles(const config::Config& cfg, const Plan& plan, const schema::Schema& target) {
  std::vector<std::string> heads = migration::Heads(plan.migrations);
  if (heads.size() > 1) {
    return MakeError(
        fmt::format("cannot squash: the migrations have {} heads ({}); join them first with "
                    "`alab merge -m \"<message>\"`",
                    heads.size(), Join(heads, ", ")),
        ExitCode::kUserError);
  }
  std::vector<std::string> lock;
  for (const auto& p : VerifyLockFile(cfg.root, cfg.migrations_dir)) lock.push_back(p.message);
  if (!lock.empty()) {
    return Refuse(
        "cannot squash: alab.lock does not match the migration files (check them, then `alab lock "
        "repair`, or run `alab migrate`, which rewrites it):",
        lock);
  }
  schema::Schema replayed = plan.final_schema;
  schema::Canonicalize(replayed);
  std::vector<ops::Op> needed = diff::Diff(replayed, target, diff::DiffOptions{});
  if (!needed.empty()) {
    std::vector<std::string> lines;
    for (const auto& op : needed) lines.push_back("~ " + ops::Describe(op));
    return Refuse(
        fmt::format(
            "cannot squash: the schema files differ from what the migrations build ({} change{}); "
            "run `alab new <name>` (and `alab migrate`) first:",
            needed.size(), needed.size() == 1 ? "" : "s"),
        lines);
  }
  return Status::Ok();
}

// The configured database: every migration applied (a baseline it stands for counts), the
// applied files unchanged, no drift.
Status CheckDatabase(const config::Config& cfg, const Plan& plan, const SquashOptions& o,
                     SquashResult& result, std::vector<AppliedMigration>& checked) {
  result.database = cfg.RedactedUrl();
  if (dialect::GetDialect(cfg.dialect).DatabaseMissing(cfg.url)) {
    return MakeError(
        fmt::format("cannot squash: database {} does not exist yet, so every migration is pending; "
                    "run `alab migrate` first",
                    result.database),
        ExitCode::kUserError);
  }
  auto conn = dialect::GetDialect(cfg.dialect).Connect(cfg.url);
  if (!conn) return conn.error();
  auto applied = ReadHistory(**conn);
  if (!applied) return applied.error();
  if (auto problems = VerifyApplied(plan, *applied); !problems.empty()) {
    return Refuse("cannot squash: the applied migrations do not match the files:", problems);
  }
  std::set<std::string> done;
  for (const auto& row : *applied)
    if (row.complete()) done.insert(row.revision);
  std::vector<std::string> pending;
  for (const auto& pm : plan.ordered) {
    const auto& m = *pm.migration;
    if (done.count(m.revision)) continue;
    if (m.is_baseline() && FitBaseline(m, *applied) == BaselineFit::kRanReplaced) continue;
    pending.push_back(m.file);
  }
  if (!pending.empty()) {
    return Refuse(
        fmt::format(
            "cannot squash: {} migration{} pending in {}; run `alab migrate` first (a squash "
            "replaces applied history only):",
            pending.size(), pending.size() == 1 ? " is" : "s are", result.database),
        pending);
  }
  if (o.drift) {
    auto drift = o.drift(**conn);
    if (!drift) return drift.error();
    if (!drift->empty()) {
      return Refuse(
          fmt::format(
              "cannot squash: {} differs from its applied migrations (drift); fix the drift "
              "first (`alab check` explains each difference):",
              result.database),
          *drift);
    }
  }
  result.database_checked = true;
  checked = *applied;
  return Status::Ok();
}

// The same rows (revision, chain checksum, progress) in the same order?
bool SameHistory(const std::vector<AppliedMigration>& a, const std::vector<AppliedMigration>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].revision != b[i].revision || a[i].checksum != b[i].checksum ||
        a[i].complete() != b[i].complete())
      return false;
  }
  return true;
}

// The configured database under the migration lock, in a transaction (on SQLite its write
// lock) from before the files move until the baseline is recorded: a migrate or rollback of
// another process waits for it, so the baseline is recorded only on the history it replaces.
Status HoldAndRecheck(const config::Config& cfg, const std::vector<AppliedMigration>& checked,
                      HeldDatabase& held) {
  if (Status s = runner::HoldDatabase(cfg, kLockTimeout, held); !s.ok()) return s;
  auto now = ReadHistory(*held.conn);
  if (!now) return now.error();
  if (!SameHistory(checked, *now)) {
    return MakeError(
        fmt::format(
            "cannot squash: the applied migrations of {} changed while it was checked (another "
            "`alab migrate` or `alab rollback` ran); nothing was changed, run `alab squash` again",
            cfg.RedactedUrl()),
        ExitCode::kUserError);
  }
  return Status::Ok();
}

// What the baseline (schema only) leaves out of the history it replaces.
std::vector<std::string> NotCarried(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& pm : plan.ordered) {
    const auto& m = *pm.migration;
    bool raw = false;
    for (const auto& op : m.up) raw = raw || std::holds_alternative<ops::RawSql>(op);
    if (!raw && m.up_hooks.empty()) continue;
    out.push_back(fmt::format(
        "{} runs {}; the baseline holds the schema only, so a fresh database will not run it "
        "(add it to the baseline by hand if it is needed)",
        m.file,
        raw && !m.up_hooks.empty() ? "raw SQL and hooks"
        : raw                      ? "raw SQL"
                                   : "hooks"));
  }
  return out;
}

Status BuildBaseline(const config::Config& cfg, const Plan& plan, SquashResult& result) {
  for (const auto& pm : plan.ordered) {
    const auto& m = *pm.migration;
    result.replaces.insert(result.replaces.end(), m.replaces.begin(), m.replaces.end());
    result.replaces.push_back(m.revision);
  }
  result.baseline_revision = migration::NextRevision(plan.migrations);
  std::string prefix = DisplayPath(cfg.migrations_dir, cfg.root);
  result.baseline_file =
      prefix + "/" + migration::MigrationFileName(result.baseline_revision, "baseline");
  result.archive_dir =
      fmt::format(".alab/archive/{}..{}", result.replaces.front(), result.replaces.back());
  for (const auto& pm : plan.ordered) {
    std::string name = fs::path(pm.migration->file).filename().string();
    result.moves.emplace_back(pm.migration->file, result.archive_dir + "/" + name);
  }

  schema::Schema final_schema = plan.final_schema;
  schema::Canonicalize(final_schema);
  codegen::MigrationSpec spec;
  spec.revision = result.baseline_revision;
  spec.description =
      fmt::format("baseline: squash of {}..{}", result.replaces.front(), result.replaces.back());
  spec.up = diff::Diff(schema::Schema{}, final_schema, diff::DiffOptions{});
  spec.down = codegen::InverseOps(spec.up);
  std::string text = codegen::WriteMigration(spec);
  std::vector<std::string> quoted;
  for (const auto& r : result.replaces) quoted.push_back(codegen::JsString(r));
  const std::string anchor = "  down_revision: null,\n";
  size_t at = text.find(anchor);
  if (at == std::string::npos)
    return MakeError("the baseline text has no down_revision line", ExitCode::kInternal);
  text.insert(at + anchor.size(),
              fmt::format("  replaces: [{}],\n  replaces_checksum: {},\n", Join(quoted, ", "),
                          codegen::JsString(plan.ordered.back().checksum)));
  // The text must evaluate, name what it replaces, and rebuild the schema from empty.
  if (Status st =
          migration::CheckGeneratedText(result.baseline_file, text, schema::Schema{}, final_schema);
      !st.ok())
    return st.error().WithContext(result.baseline_file);
  diag::DiagnosticSink diags;
  migration::Migration back = migration::LoadMigrationText(result.baseline_file, text, diags);
  if (diags.has_errors() || back.replaces != result.replaces ||
      back.replaces_checksum != plan.ordered.back().checksum) {
    return MakeError(
        result.baseline_file + ": the baseline does not read back as written\n" + diags.Render(),
        ExitCode::kInternal);
  }
  result.content = std::move(text);
  return Status::Ok();
}

// The file changes, in the crash-safe order described in squash.h.
Status MoveFiles(const config::Config& cfg, const SquashResult& result, const Output& out) {
  fs::path archive = cfg.root / result.archive_dir;
  fs::path baseline = cfg.root / result.baseline_file;
  std::error_code ec;
  if (fs::exists(archive, ec)) {
    return MakeError(
        fmt::format("cannot squash: {} already exists; move it away first", result.archive_dir),
        ExitCode::kUserError);
  }
  if (fs::exists(baseline, ec)) {
    return MakeError(fmt::format("cannot squash: {} already exists", result.baseline_file),
                     ExitCode::kUserError);
  }
  fs::create_directories(archive, ec);
  if (ec)
    return MakeError(fmt::format("creating {}: {}", result.archive_dir, ec.message()),
                     ExitCode::kIo);
  if (Status s = WriteFileAtomic(baseline, result.content); !s.ok())
    return s.error().WithContext("writing the baseline");
  out.info(fmt::format("wrote {} (baseline of {}..{})", result.baseline_file,
                       result.replaces.front(), result.replaces.back()));
  for (const auto& [from, to] : result.moves) {
    fs::rename(cfg.root / from, cfg.root / to, ec);
    if (ec) {
      return MakeError(
          fmt::format("moving {} to {}: {} (the squash is half done: `alab migrate` names what to "
                      "move to finish it)",
                      from, to, ec.message()),
          ExitCode::kIo);
    }
    out.info(fmt::format("moved {} -> {}", from, to));
  }
  if (Status s = WriteLockFile(cfg.root, cfg.migrations_dir); !s.ok())
    return s.error().WithContext("writing alab.lock");
  out.info(fmt::format("wrote {}", kLockFileName));
  return Status::Ok();
}

// The configured database (checked and held since) records the baseline, through the new
// files, and commits.
Status RecordOnDatabase(const config::Config& cfg, const SquashResult& result, HeldDatabase& held) {
  diag::DiagnosticSink diags;
  auto plan = BuildPlan(cfg, diags);
  if (!plan) return plan.error().WithContext("loading the squashed history\n" + diags.Render());
  const PlannedMigration* pm = (*plan)->Find(result.baseline_revision);
  if (pm == nullptr)
    return MakeError(result.baseline_file + ": not found after writing it", ExitCode::kInternal);
  dialect::Connection& conn = *held.conn;
  auto applied = ReadHistory(conn);
  if (!applied) return applied.error();
  if (FitBaseline(*pm->migration, *applied) != BaselineFit::kRanReplaced) {
    return MakeError(
        fmt::format("{} no longer has every squashed revision applied; run `alab migrate`",
                    cfg.RedactedUrl()),
        ExitCode::kUserError);
  }
  bool recorded = false;
  for (const auto& row : *applied) recorded = recorded || row.revision == pm->migration->revision;
  if (!recorded) {
    AppliedMigration row = RowFor(*pm);
    row.statements_done = row.statements_total;
    if (Status s = InsertHistory(conn, row); !s.ok()) return s;
  }
  held.open = false;
  if (Status s = conn.Commit(); !s.ok()) {
    (void)conn.Rollback();
    return s.error().WithContext("committing");
  }
  return Status::Ok();
}

}  // namespace

Expected<SquashResult> Squash(const config::Config& cfg, const Plan& plan,
                              const schema::Schema& target, const SquashOptions& o,
                              const Output& out) {
  SquashResult result;
  if (plan.ordered.size() < 2) {
    result.nothing_to_do = true;
    return result;
  }
  if (Status s = CheckFiles(cfg, plan, target); !s.ok()) return s.error();
  std::vector<AppliedMigration> checked;
  if (!cfg.url.empty()) {
    if (Status s = CheckDatabase(cfg, plan, o, result, checked); !s.ok()) return s.error();
  } else {
    out.warn(
        "warning: no database configured: squashing offline (pending migrations and drift are not "
        "checked "
        "here; each database is checked when it next runs `alab migrate`)");
  }
  if (Status s = BuildBaseline(cfg, plan, result); !s.ok()) return s.error();
  result.warnings = NotCarried(plan);
  for (const auto& w : result.warnings) out.warn("warning: " + w);
  if (o.dry_run) return result;
  HeldDatabase held;
  if (result.database_checked) {
    if (Status s = HoldAndRecheck(cfg, checked, held); !s.ok()) return s.error();
  }
  if (Status s = MoveFiles(cfg, result, out); !s.ok()) return s.error();
  if (result.database_checked) {
    if (Status s = RecordOnDatabase(cfg, result, held); !s.ok()) {
      return s.error().WithContext(
          "the files are squashed, but recording the baseline failed (`alab migrate` "
          "records it)");
    }
    result.recorded = true;
    out.info(fmt::format("recorded {} as applied in {}", result.baseline_file, result.database));
  }
  return result;
}

std::string DescribeSquash(const SquashResult& r) {
  if (r.nothing_to_do) return "nothing to squash: the history has fewer than two migrations\n";
  std::string out = fmt::format("would write {} (baseline of {}..{})\n", r.baseline_file,
                                r.replaces.front(), r.replaces.back());
  for (const auto& [from, to] : r.moves) out += fmt::format("would move {} -> {}\n", from, to);
  out += fmt::format("would rewrite {}\n", kLockFileName);
  if (r.database_checked)
    out += fmt::format("would record the baseline as applied in {}\n", r.database);
  out += fmt::format("\n--- {} ---\n{}", r.baseline_file, r.content);
  return out;
}

}  // namespace alab::rewrite
