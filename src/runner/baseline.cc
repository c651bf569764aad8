// `alab baseline`: record migrations as applied on a database that already matches them.
#include "runner/baseline.h"

#include <set>

#include <fmt/format.h>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/dialect.h"
#include "migration/replay.h"
#include "runner/apply_detail.h"
#include "runner/db_lock.h"
#include "runner/git.h"
#include "runner/lock_file.h"
#include "runner/tracking.h"

namespace alab::runner {
namespace {

// What a catalog comparison cannot see in a migration: SQL alab did not generate (m.sql and
// hooks that this dialect runs) may have written data or objects the schema model does not
// hold.
std::string Unverifiable(const dialect::Dialect& d, const PlannedMigration& pm) {
  const auto& m = *pm.migration;
  auto runs = [&d](const ops::RawSql& raw) {
    const std::string* text = d.RawSqlText(raw);
    return text != nullptr && !Trim(*text).empty();
  };
  size_t raw = 0, hooks = 0;
  for (const auto& op : m.up)
    if (const auto* r = std::get_if<ops::RawSql>(&op); r != nullptr && runs(*r)) ++raw;
  for (const auto& h : m.up_hooks)
    if (h.kind == migration::Hook::Kind::kBackfill || runs(h.sql)) ++hooks;
  if (raw == 0 && hooks == 0) return "";
  return fmt::format(
      "{}: its {} cannot be compared with the database (alab compares the schema); check that "
      "what it does is already there",
      m.file,
      raw > 0 && hooks > 0 ? "m.sql statements and hooks"
      : raw > 0            ? (raw == 1 ? "m.sql statement" : "m.sql statements")
                           : (hooks == 1 ? "hook" : "hooks"));
}

}  // namespace

Expected<BaselineResult> Baseline(const config::Config& cfg, const Plan& plan,
                                  const BaselineOptions& o, const Output& out) {
  BaselineResult result;
  result.database = cfg.RedactedUrl();
  size_t end = plan.ordered.size();
  if (!o.to.empty()) {
    int idx = plan.IndexOf(o.to);
    if (idx < 0) return MakeError(fmt::format("unknown revision '{}'", o.to), ExitCode::kUserError);
    end = static_cast<size_t>(idx) + 1;
  }
  if (end == 0)
    return MakeError(
        "there are no migrations to record; write them first (`alab pull`, then "
        "`alab new <name>`)",
        ExitCode::kUserError);
  if (!cfg.url.empty() && dialect::GetDialect(cfg.dialect).DatabaseMissing(cfg.url)) {
    return MakeError(fmt::format("cannot baseline: database {} does not exist; a new database "
                                 "runs its migrations (`alab migrate`)",
                                 result.database),
                     ExitCode::kUserError);
  }
  // What is recorded as applied must be what the team has: as migrate, an edited tracked file
  // blocks (new, untracked files do not: `alab new initial` writes one).
  GitState git = ReadGitState(cfg.root, cfg.migrations_dir, cfg.schemas_dir);
  if (!git.modified_migrations.empty()) {
    if (!o.force)
      return Problems("migration files have uncommitted changes (commit them, or pass --force):",
                      git.modified_migrations, ExitCode::kUserError);
    out.warn("warning: recording migration files with uncommitted changes (--force): " +
             Join(git.modified_migrations, ", "));
  }
  HeldDatabase held;
  if (Status s = HoldDatabase(cfg, o.lock_timeout, held); !s.ok()) return s.error();
  dialect::Connection& db = *held.conn;
  // Created in the transaction: a refused baseline leaves the database as it found it.
  auto exists = HistoryTableExists(db);
  if (!exists) return exists.error();
  if (!*exists && !o.dry_run)
    if (Status s = EnsureHistoryTable(db); !s.ok()) return s.error();

  std::vector<AppliedMigration> applied;
  if (*exists || !o.dry_run) {
    auto rows = ReadHistory(db);
    if (!rows) return rows.error();
    applied = std::move(*rows);
  }
  if (auto problems = VerifyApplied(plan, applied); !problems.empty())
    return Problems("cannot baseline: the applied migrations do not match the files:", problems,
                    ExitCode::kUserError);
  std::set<std::string> revisions;
  for (const auto& row : applied) {
    if (!row.complete())
      return MakeError(
          fmt::format("cannot baseline: {} is unfinished on {}; finish it first (`alab migrate` "
                      "or `alab rollback`)",
                      row.file.empty() ? "revision " + row.revision : row.file, result.database),
          ExitCode::kUserError);
    revisions.insert(row.revision);
  }

  std::vector<const PlannedMigration*> targets;
  for (size_t i = 0; i < end; ++i) {
    const PlannedMigration& pm = plan.ordered[i];
    if (revisions.insert(pm.migration->revision).second) targets.push_back(&pm);
  }
  // alab.lock is checked as if the targets were applied: a file edited since the lock file
  // recorded it (what another database ran) is not recorded as applied.
  std::vector<AppliedMigration> as_recorded = applied;
  for (const auto* pm : targets) as_recorded.push_back(RowFor(*pm));
  if (Status s = CheckLockFile(cfg, as_recorded, out); !s.ok()) return s.error();
  if (targets.empty()) {  // everything up to the target is recorded already
    held.open = false;
    (void)db.Rollback();
    held.lock.Release();
    if (!o.dry_run)
      if (Status s = WriteLockFile(cfg.root, cfg.migrations_dir); !s.ok())
        return s.error().WithContext("writing alab.lock");
    return result;
  }
  std::vector<const migration::Migration*> replayed;
  for (const auto& pm : plan.ordered) {
    if (!revisions.count(pm.migration->revision)) continue;
    replayed.push_back(pm.migration);
  }
  for (const auto* pm : targets) {
    const auto& m = *pm->migration;
    // Steps left of an earlier, unrecorded run: the migration may be partly applied.
    for (const char* direction : {"up", "down"}) {
      auto steps = ReadSteps(db, m.revision, direction);
      if (!steps) return steps.error();
      if (!steps->empty())
        return MakeError(
            fmt::format("cannot baseline: alab_migration_steps holds {} step(s) of {} ({}) from "
                        "an earlier run that was not recorded, so it may be partly applied; "
                        "finish or undo it by hand, delete those rows, then run `alab baseline` "
                        "again",
                        steps->size(), m.file, direction),
            ExitCode::kUserError);
    }
    // A squash baseline stands for the revisions it replaces: recorded only when the database
    // ran all of them (migrate's rule) or none of them.
    if (m.is_baseline()) {
      std::vector<std::string> missing;
      if (FitBaseline(m, applied, &missing) == BaselineFit::kPartial)
        return MakeError(
            fmt::format("cannot baseline: {} replaces revisions {}..{}, but this database has "
                        "applied only some of them (not {}); finish the old history first with "
                        "the archived files in .alab/archive/{}..{}/, then run `alab migrate`",
                        m.file, m.replaces.front(), m.replaces.back(), Join(missing, ", "),
                        m.replaces.front(), m.replaces.back()),
            ExitCode::kUserError);
    }
  }

  auto expected = migration::Replay(replayed, "", false);
  if (!expected) return expected.error();
  ALAB_CHECK(o.compare != nullptr);
  auto differences = o.compare(db, expected->schema);
  if (!differences) return differences.error();
  if (!differences->empty()) {
    std::vector<std::string> lines = *differences;
    lines.push_back(
        "(nothing was recorded; fix the migrations or the database, then run `alab baseline` "
        "again; `alab diff --from migrations --to db` shows the differences of the whole "
        "history as operations)");
    return Problems(fmt::format("cannot baseline: {} does not match the migrations up to {} ({} "
                                "difference{}):",
                                result.database, targets.back()->migration->revision,
                                differences->size(), differences->size() == 1 ? "" : "s"),
                    lines, ExitCode::kUserError);
  }
  for (const auto* pm : targets) {
    result.recorded.push_back(pm->migration->file);
    if (std::string w = Unverifiable(db.dialect(), *pm); !w.empty()) result.warnings.push_back(w);
  }
  for (const auto& w : result.warnings) out.warn("warning: " + w);
  if (o.dry_run) return result;

  for (const auto* pm : targets) {
    AppliedMigration row = RowFor(*pm);
    row.statements_done = row.statements_total;
    row.exec_time_ms = 0;
    if (Status s = InsertHistory(db, row); !s.ok()) return s.error();
  }
  if (Status s = db.Commit(); !s.ok()) return s.error().WithContext("committing");
  held.open = false;
  held.lock.Release();
  if (Status s = WriteLockFile(cfg.root, cfg.migrations_dir); !s.ok())
    return s.error().WithContext(
        "the migrations were recorded, but writing alab.lock failed (run `alab baseline` again, "
        "which writes it)");
  return result;
}

}  // namespace alab::runner
