#include "runner/executor.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "base/files.h"
#include "base/strings.h"
#include "runner/apply.h"
#include "runner/apply_detail.h"
#include "runner/db_lock.h"
#include "runner/git.h"
#include "runner/lock_file.h"
#include "runner/partial_down.h"
#include "runner/rollback_guard.h"

namespace alab::runner {

// ---- shared with baseline.cc and rewrite/squash.cc (apply_detail.h)
Error Problems(const std::string& headline, const std::vector<std::string>& lines, ExitCode code) {
  std::string msg = headline;
  for (const auto& l : lines) msg += "\n  " + l;
  return MakeError(msg, code);
}

// Connects and sets the SQLite busy timeout to the lock timeout.
Expected<std::unique_ptr<dialect::Connection>> Open(const config::Config& cfg,
                                                    std::chrono::milliseconds lock_timeout) {
  if (cfg.url.empty()) {
    return MakeError(
        "no database url: set database.url in alab.yaml, DATABASE_URL or --database-url",
        ExitCode::kUserError);
  }
  auto conn = dialect::GetDialect(cfg.dialect).Connect(cfg.url);
  if (!conn.ok()) return conn.error();
  if (Status s = (*conn)->dialect().SetLockWait(**conn, lock_timeout); !s.ok()) return s.error();
  return conn;
}

// alab.lock problems that concern applied files (or the lock file itself) block migrate;
// others (a new or edited pending file) are warnings, and the lock file is rewritten after.
Status CheckLockFile(const config::Config& cfg, const std::vector<AppliedMigration>& applied,
                     const Output& out) {
  std::vector<std::string> warnings;
  std::vector<std::string> blocking = LockFileBlockers(cfg, applied, &warnings);
  for (const auto& w : warnings) out.warn("warning: " + w + " (alab.lock will be updated)");
  if (blocking.empty()) return Status::Ok();
  return Problems(
      "alab.lock does not match the applied migrations (check the files, then `alab lock repair`):",
      blocking, ExitCode::kUserError);
}

Status HoldDatabase(const config::Config& cfg, std::chrono::milliseconds lock_timeout,
                    HeldDatabase& held) {
  auto conn = Open(cfg, lock_timeout);
  if (!conn) return conn.error();
  held.conn = std::move(*conn);
  if (Status s = held.lock.Acquire(*held.conn, lock_timeout); !s.ok()) return s;
  if (Status s = held.conn->Begin(); !s.ok())
    return s.error().WithContext("starting the transaction");
  held.open = true;
  return Status::Ok();
}

// ---- end shared with baseline.cc and rewrite/squash.cc

namespace {

// CREATE TABLE IF NOT EXISTS can race on PostgreSQL without the lock; one retry settles it.
Status EnsureHistory(dialect::Connection& conn) {
  Status s = EnsureHistoryTable(conn);
  if (!s.ok()) s = EnsureHistoryTable(conn);
  return s;
}

// `migrate --resume`: the partly applied migration it continues (nullptr without --resume).
// Without --resume, a partly applied migration whose file changed is refused with the fix.
Expected<const PlannedMigration*> ResumeTarget(const Plan& plan,
                                               const std::vector<AppliedMigration>& applied,
                                               const MigrateOptions& o) {
  const PlannedMigration* partial = nullptr;
  const AppliedMigration* row = nullptr;
  for (const auto& r : applied) {
    if (r.complete() || r.rolling_back) continue;
    const PlannedMigration* pm = plan.Find(r.revision);
    if (pm == nullptr || pm->migration->transactional) continue;
    partial = pm;
    row = &r;
  }
  bool edited = partial != nullptr && !row->file_checksum.empty() &&
                row->file_checksum != partial->file_checksum;
  if (!o.resume && (o.step_done != 0 || o.step_redo != 0)) {  // the CLI sets resume with them
    return MakeError("--step-done and --step-redo go with --resume", ExitCode::kUsage);
  }
  if (!o.resume) {
    if (!edited) return static_cast<const PlannedMigration*>(nullptr);
    return MakeError(PartialEditedProblem(*partial, *row), ExitCode::kUserError);
  }
  if (partial == nullptr) {
    return MakeError(
        "nothing to resume: no `transaction: false` migration is partly applied (`alab status` "
        "shows "
        "the state); run `alab migrate`",
        ExitCode::kUserError);
  }
  return partial;
}

// `migrate --dry` prints what migrate would run: the migrations the database has not applied.
// It reads the database when it is there (never creating one); when it cannot, it says so and
// prints every migration up to the target. Returns the note that heads the output.
std::string DryNote(const config::Config& cfg, const Plan& plan,
                    std::vector<const PlannedMigration*>& targets,
                    std::chrono::milliseconds lock_timeout) {
  (void)plan;
  std::string why;
  if (cfg.url.empty()) {
    why = "no database url is configured";
  } else if (dialect::GetDialect(cfg.dialect).DatabaseMissing(cfg.url)) {
    return "-- the database file does not exist yet: every migration is pending\n";
  } else if (auto conn = Open(cfg, lock_timeout); !conn.ok()) {
    why = conn.error().message;
  } else if (auto exists = HistoryTableExists(**conn); !exists.ok()) {
    why = exists.error().message;
  } else if (!*exists) {
    return "-- no migration is applied to " + cfg.RedactedUrl() + " yet\n";
  } else if (auto applied = ReadHistory(**conn); !applied.ok()) {
    why = applied.error().message;
  } else {
    std::set<std::string> done;
    for (const auto& row : *applied)
      if (row.complete()) done.insert(row.revision);
    size_t before = targets.size();
    std::erase_if(targets, [&](const PlannedMigration* pm) {
      return done.count(pm->migration->revision) > 0;
    });
    size_t skipped = before - targets.size();
    std::string note = skipped == 0
                           ? ""
                           : fmt::format("-- {} migration{} already applied to {} left out\n",
                                         skipped, skipped == 1 ? "" : "s", cfg.RedactedUrl());
    if (targets.empty()) note += "-- nothing to migrate: the database is up to date\n";
    return note;
  }
  return "-- the database could not be read (" + why +
         "); printing every migration up to the target\n";
}

}  // namespace

Status Migrate(const config::Config& cfg, const Plan& plan, const MigrateOptions& o,
               const Output& out) {
  size_t end = plan.ordered.size();
  if (!o.to.empty()) {
    int idx = plan.IndexOf(o.to);
    if (idx < 0) return MakeError(fmt::format("unknown revision '{}'", o.to), ExitCode::kUserError);
    end = static_cast<size_t>(idx) + 1;
  }
  std::vector<const PlannedMigration*> targets;
  for (size_t i = 0; i < end; ++i) targets.push_back(&plan.ordered[i]);
  if (o.dry) {
    std::string note = DryNote(cfg, plan, targets, o.lock_timeout);  // leaves out applied ones
    out.info(note + RenderDry(plan, targets));
    return Status::Ok();
  }

  GitState git = ReadGitState(cfg.root, cfg.migrations_dir, cfg.schemas_dir);
  if (!git.modified_migrations.empty()) {
    if (!o.force) {
      return Problems("migration files have uncommitted changes (commit them, or pass --force):",
                      git.modified_migrations, ExitCode::kUserError);
    }
    out.warn("warning: applying migration files with uncommitted changes (--force): " +
             Join(git.modified_migrations, ", "));
  }
  if (!git.changed_schemas.empty()) {
    out.warn("warning: schema files have uncommitted changes: " + Join(git.changed_schemas, ", "));
  }

  auto conn = Open(cfg, o.lock_timeout);
  if (!conn.ok()) return conn.error();
  dialect::Connection& db = **conn;
  MigrationLock lock;  // declared after the connection: released before it closes
  if (!o.skip_lock) {
    if (Status s = lock.Acquire(db, o.lock_timeout); !s.ok()) return s.error();
  }
  if (Status s = EnsureHistory(db); !s.ok()) return s.error();
  auto applied = ReadHistory(db);
  if (!applied.ok()) return applied.error();
  auto resumed = ResumeTarget(plan, *applied, o);
  if (!resumed.ok()) return resumed.error();
  // A resumed migration's applied steps are checked step by step (alab_migration_steps), not
  // by the file's checksum: its steps after them may have been edited.
  std::vector<AppliedMigration> verified;
  for (const auto& row : *applied) {
    if (*resumed == nullptr || row.revision != (*resumed)->migration->revision)
      verified.push_back(row);
  }
  if (auto problems = VerifyApplied(plan, verified); !problems.empty()) {
    return Problems("the applied migrations do not match the files; migrate is blocked:", problems,
                    ExitCode::kUserError);
  }
  if (Status s = CheckLockFile(cfg, verified, out); !s.ok()) return s.error();

  std::set<std::string> done;
  for (const auto& row : *applied) {
    if (row.complete()) done.insert(row.revision);
  }
  std::vector<const PlannedMigration*> pending;
  for (const auto* pm : targets) {
    if (!done.count(pm->migration->revision)) pending.push_back(pm);
  }
  if (!o.confirm_destroy) {
    if (auto destructive = DestructiveOps(db, plan, pending); !destructive.empty()) {
      return Problems(
          "pending migrations destroy data; re-run with --confirm-destroy to apply them:",
          destructive, ExitCode::kUserError);
    }
  }

  // A squash baseline on a database that ran the history it replaces is recorded, not run.
  std::set<const PlannedMigration*> record_only;
  for (const auto* pm : pending) {
    if (!pm->migration->is_baseline()) continue;
    std::vector<std::string> missing;
    BaselineFit fit = FitBaseline(*pm->migration, *applied, &missing);
    if (fit == BaselineFit::kRanReplaced) record_only.insert(pm);
    if (fit != BaselineFit::kPartial) continue;
    const auto& m = *pm->migration;
    return MakeError(fmt::format("{} replaces revisions {}..{}, but this database has not applied "
                                 "{} of them; finish the old "
                                 "history first with the archived files in .alab/archive/{}..{}/ "
                                 "(from a checkout before the "
                                 "squash), then run `alab migrate` again",
                                 m.file, m.replaces.front(), m.replaces.back(), Join(missing, ", "),
                                 m.replaces.front(), m.replaces.back()),
                     ExitCode::kUserError);
  }

  std::vector<std::string> applied_files;
  int rechosen = 0;
  for (size_t i = 0; i < pending.size(); ++i) {
    const auto* pm = pending[i];
    out.progress(i, pending.size(), pm->migration->file);
    auto t0 = std::chrono::steady_clock::now();
    if (record_only.count(pm)) {
      auto r = RecordBaseline(db, *pm);
      if (!r.ok()) return r.error();
      const auto& m = *pm->migration;
      if (*r == ApplyOutcome::kApplied) {
        applied_files.push_back(m.file);
        out.info(
            fmt::format("recorded {} as applied without running it (this database ran {}..{}, "
                        "which it replaces)",
                        m.file, m.replaces.front(), m.replaces.back()));
      }
      continue;
    }
    StepOptions steps;
    if (pm == *resumed) {
      steps.resume = true;
      steps.step_done = o.step_done;
      steps.step_redo = o.step_redo;
    }
    auto r = ApplyMigration(db, *pm, false, steps);
    if (!r.ok()) return r.error();
    if (*r == ApplyOutcome::kNotLast) {  // a parent was rolled back meanwhile: choose again
      if (++rechosen > 1000) {
        return MakeError(
            "the migration history keeps changing under this migrate (other processes); try again",
            ExitCode::kIo);
      }
      auto now = ReadHistory(db);
      if (!now.ok()) return now.error();
      std::set<std::string> now_done;
      for (const auto& row : *now)
        if (row.complete()) now_done.insert(row.revision);
      pending.clear();
      for (const auto* t : targets)
        if (!now_done.count(t->migration->revision)) pending.push_back(t);
      i = static_cast<size_t>(-1);
      continue;
    }
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    if (*r == ApplyOutcome::kAlreadyDone) {
      out.info(fmt::format("skipped {} (applied by another process)", pm->migration->file));
      continue;
    }
    applied_files.push_back(pm->migration->file);
    out.info(fmt::format("applied {} ({} statement{}, {} ms{})", pm->migration->file, pm->up.size(),
                         pm->up.size() == 1 ? "" : "s", ms,
                         pm->migration->transactional ? "" : ", no transaction"));
  }
  out.progress(pending.size(), pending.size(), "");
  lock.Release();
  if (pending.empty()) out.info("already up to date");

  if (Status s = WriteLockFile(cfg.root, cfg.migrations_dir); !s.ok()) {
    return s.error().WithContext("writing alab.lock");
  }
  if (o.commit && git.in_repo && !applied_files.empty()) {
    std::vector<std::string> files = applied_files;
    files.push_back(kLockFileName);
    std::vector<std::string> revs;
    for (const auto* pm : pending) revs.push_back(pm->migration->revision);
    if (Status s = GitCommit(cfg.root, files, "alab migrate: apply " + Join(revs, ", ")); !s.ok())
      return s;
    out.info("committed " + Join(files, ", "));
  }
  return Status::Ok();
}

namespace {

// What a rollback runs: the migrations (last applied first) and, for a partly applied
// `transaction: false` one, the down statements that undo only its applied steps.
struct RollbackTargets {
  std::vector<const PlannedMigration*> which;
  std::map<const PlannedMigration*, std::vector<dialect::Statement>> partial_downs;
};

// Chooses from `applied` the last `count` migrations (or those after o.to) and checks that
// each can be rolled back, before anything is touched.
Expected<RollbackTargets> ChooseRollback(const Plan& plan,
                                         const std::vector<AppliedMigration>& applied,
                                         const RollbackOptions& o, int count) {
  std::vector<AppliedMigration> chosen;
  if (!o.to.empty()) {
    bool found = false;
    for (const auto& row : applied) {
      if (found) chosen.push_back(row);
      if (row.revision == o.to) found = true;
    }
    if (!found)
      return MakeError(fmt::format("revision '{}' is not applied", o.to), ExitCode::kUserError);
  } else {
    size_t n = std::min(static_cast<size_t>(std::max(count, 0)), applied.size());
    chosen.assign(applied.end() - static_cast<long>(n), applied.end());
  }
  std::reverse(chosen.begin(), chosen.end());
  RollbackTargets t;
  for (const auto& row : chosen) {
    const PlannedMigration* pm = plan.Find(row.revision);
    if (pm == nullptr) {
      return MakeError(
          fmt::format("{}: cannot roll back revision {}: the migration file is missing",
                      row.file.empty() ? "revision " + row.revision : row.file, row.revision),
          ExitCode::kUserError);
    }
    // Partly applied (`transaction: false`): only the applied steps are undone (PartialDown).
    if (!row.complete() && row.statements_done < row.statements_total &&
        !pm->migration->transactional) {
      auto part = PartialDown(plan, *pm, row.statements_done);
      if (!part.ok()) return part.error();
      t.partial_downs[pm] = std::move(*part);
    }
    if (pm->migration->is_baseline()) {
      const auto& m = *pm->migration;
      return MakeError(
          fmt::format(
              "{}: cannot roll back the squash baseline (it stands for revisions {}..{}; its "
              "down() would drop the whole schema); only migrations applied after it roll "
              "back (`alab rollback --to {}`)",
              m.file, m.replaces.front(), m.replaces.back(), m.revision),
          ExitCode::kUserError);
    }
    if (!pm->down_error.empty() && !t.partial_downs.count(pm))
      return MakeError(pm->down_error, ExitCode::kUserError);
    if (!t.partial_downs.count(pm)) {
      if (Status s = CheckDownWritten(plan, *pm); !s.ok()) return s.error();
    }
    t.which.push_back(pm);
  }
  return t;
}

Status GuardRollback(dialect::Connection& db, const Plan& plan, const RollbackTargets& t,
                     const RollbackOptions& o, int rolled_back) {
  if (o.confirm_destroy) return Status::Ok();
  auto destroys = RollbackDestroys(db, plan, t.which);
  if (destroys.empty()) return Status::Ok();
  return Problems(
      fmt::format("rolling back destroys data; re-run with --confirm-destroy to roll back ({}):",
                  rolled_back == 0
                      ? "nothing was rolled back"
                      : fmt::format("the {} rolled back before stay rolled back", rolled_back)),
      destroys, ExitCode::kUserError);
}

}  // namespace

Status Rollback(const config::Config& cfg, const Plan& plan, const RollbackOptions& o,
                const Output& out) {
  if (o.count < 0)
    return MakeError("the number of migrations to roll back must be positive", ExitCode::kUsage);
  auto conn = Open(cfg, o.lock_timeout);
  if (!conn.ok()) return conn.error();
  dialect::Connection& db = **conn;
  MigrationLock lock;
  if (!o.skip_lock && !o.dry) {
    if (Status s = lock.Acquire(db, o.lock_timeout); !s.ok()) return s.error();
  }
  auto applied = ReadHistory(db);
  if (!applied.ok()) return applied.error();
  auto targets = ChooseRollback(plan, *applied, o, o.count);
  if (!targets.ok()) return targets.error();
  if (targets->which.empty()) {
    out.info("nothing to roll back");
    return Status::Ok();
  }
  if (o.dry) {
    out.info(RenderDry(plan, targets->which, true));
    return Status::Ok();
  }
  if (Status s = GuardRollback(db, plan, *targets, o, 0); !s.ok()) return s;
  // SQLite has no lock around the whole command: each migration's transaction takes the write
  // lock, and inside it the migration must still be the last applied one. When another
  // process changed the history since the targets were read, they are chosen again (and
  // checked again) from what it left.
  int rolled_back = 0;
  int rechosen = 0;
  for (size_t i = 0; i < targets->which.size();) {
    const auto* pm = targets->which[i];
    out.progress(i, targets->which.size(), pm->migration->file);
    auto t0 = std::chrono::steady_clock::now();
    StepOptions steps;
    steps.only_if_last = true;
    if (auto it = targets->partial_downs.find(pm); it != targets->partial_downs.end())
      steps.down = &it->second;
    if (rolled_back == 0 && rechosen == 0 &&
        i == 0) {  // the migration whose rollback may have been interrupted
      steps.step_done = o.step_done;
      steps.step_redo = o.step_redo;
    }
    auto r = ApplyMigration(db, *pm, true, steps);
    if (!r.ok()) return r.error();
    if (*r == ApplyOutcome::kNotLast || *r == ApplyOutcome::kAlreadyDone) {
      if (++rechosen > 1000) {
        return MakeError(
            "the migration history keeps changing under this rollback (other processes); try again",
            ExitCode::kIo);
      }
      applied = ReadHistory(db);
      if (!applied.ok()) return applied.error();
      targets = ChooseRollback(plan, *applied, o, o.count - rolled_back);
      if (!targets.ok()) return targets.error();
      if (Status s = GuardRollback(db, plan, *targets, o, rolled_back); !s.ok()) return s;
      i = 0;
      continue;
    }
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    const auto& stmts = steps.down ? *steps.down : pm->down;
    out.info(fmt::format("rolled back {} ({} statement{}, {} ms)", pm->migration->file,
                         stmts.size(), stmts.size() == 1 ? "" : "s", ms));
    ++rolled_back;
    ++i;
  }
  out.progress(targets->which.size(), targets->which.size(), "");
  if (rolled_back == 0) out.info("nothing to roll back");
  return Status::Ok();
}

}  // namespace alab::runner
