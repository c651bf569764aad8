// `transaction: false` migrations: up() and down() as steps (dialect::GroupSteps), each
// applied whole or not at all and recorded in alab_migration_steps.
//
// A step that can run in a transaction runs in one together with its progress rows, so it is
// exactly-once by construction (a SQLite rebuild is one such step, framed by foreign keys
// OFF, BeginRebuild/EndRebuild and foreign_key_check). A step that cannot (CREATE INDEX
// CONCURRENTLY) is recorded "started" before it is sent and "done" after; a re-run that finds
// it "started" asks Connection::InspectEffect what the catalog shows (done, not done, an
// INVALID leftover to drop first) and stops, naming --step-done/--step-redo, when the catalog
// cannot tell.
#include <filesystem>

#include <fmt/format.h>

#include "dialect/dialect.h"
#include "dialect/steps.h"
#include "runner/apply_detail.h"

namespace alab::runner {
namespace {

using Effect = dialect::Connection::Effect;

struct Walk {
  dialect::Connection& conn;
  const PlannedMigration& pm;
  const std::vector<dialect::Statement>& stmts;
  bool down;
  const StepOptions& o;
  std::vector<dialect::Step> steps;
  Clock::time_point start = Clock::now();
  long long base_ms = 0;
  long long legacy_done = 0;  // statements_done of a row recorded before alab_migration_steps

  const char* direction() const { return down ? "down" : "up"; }
  const std::string& revision() const { return pm.migration->revision; }
  std::string Checksum(size_t i) const { return dialect::StepChecksum(stmts, steps[i]); }
  std::string Sql(size_t i) const {
    std::string out;
    for (size_t k = steps[i].first; k < steps[i].end; ++k)
      out += (k > steps[i].first ? ";\n" : "") + stmts[k].sql;
    return out;
  }
  std::string Command(const char* flag, size_t i) const {
    return down ? fmt::format("alab rollback --{} {}", flag, i + 1)
                : fmt::format("alab migrate --resume --{} {}", flag, i + 1);
  }
  // "migrations/002_x.js:7:5: applying 002_x.js: step 3 of 4 (CREATE INDEX ...): <msg>"
  Error StepError(size_t i, const std::string& msg, ExitCode code = ExitCode::kUserError) const {
    const auto& m = *pm.migration;
    const auto& s = stmts[steps[i].first];
    std::string where = s.loc.known() ? s.loc.ToString() : m.file;
    return MakeError(
        fmt::format("{}: {} {}: step {} of {} ({}): {}", where, down ? "rolling back" : "applying",
                    std::filesystem::path(m.file).filename().string(), i + 1, steps.size(),
                    ShortSql(s.sql), msg),
        code);
  }
};

// The rows that say step i is done, inside the caller's transaction: the step row, the
// migration's progress, and after the last step the migration's final state (applied with
// the file's checksums as it is now / removed).
Status RecordDone(Walk& w, size_t i) {
  StepRecord r{static_cast<long long>(i), "done", w.Checksum(i), w.Sql(i)};
  if (Status s = RecordStep(w.conn, w.revision(), w.direction(), r); !s.ok()) return s;
  bool last = i + 1 == w.steps.size();
  long long ms = w.base_ms + MsSince(w.start);
  if (w.down) {
    if (!last) return Status::Ok();
    if (Status s = DeleteHistory(w.conn, w.revision()); !s.ok()) return s;
    return DeleteSteps(w.conn, w.revision());
  }
  if (!last)
    return UpdateProgress(w.conn, w.revision(), static_cast<long long>(w.steps[i].end), ms);
  AppliedMigration row = RowFor(w.pm);
  row.exec_time_ms = ms;
  if (Status s = CompleteHistory(w.conn, row); !s.ok()) return s;
  return DeleteSteps(w.conn, w.revision());
}

Status CommitDone(Walk& w, size_t i) {
  if (Status s = w.conn.Begin(); !s.ok()) return s.error().WithContext("starting the transaction");
  if (Status s = RecordDone(w, i); !s.ok()) return Abort(w.conn, false, s.error());
  if (Status s = w.conn.Commit(); !s.ok())
    return Abort(w.conn, false, s.error().WithContext("committing"));
  return Status::Ok();
}

const StepRecord* Find(const std::vector<StepRecord>& recs, size_t i) {
  for (const auto& r : recs) {
    if (r.step == static_cast<long long>(i)) return &r;
  }
  return nullptr;
}

// A step that runs in a transaction with its progress rows. False: another process did it.
Expected<bool> RunInTransaction(Walk& w, size_t i) {
  const dialect::Step& step = w.steps[i];
  bool fk_off = step.foreign_keys_off && !w.conn.dialect().ForeignKeysOffFrame().empty();
  if (fk_off) {
    if (Status s = ForeignKeysOff(w.conn); !s.ok()) return s.error();
  }
  if (Status s = w.conn.Begin(); !s.ok())
    return Abort(w.conn, fk_off, s.error().WithContext("starting the transaction"));
  // Re-read under the write lock (SQLite) / inside the transaction: another migrator may have
  // done this step meanwhile, or removed the migration.
  auto row = ReadHistoryRow(w.conn, w.revision());
  if (!row.ok()) return Abort(w.conn, fk_off, row.error());
  auto recs = ReadSteps(w.conn, w.revision(), w.direction());
  if (!recs.ok()) return Abort(w.conn, fk_off, recs.error());
  const StepRecord* rec = Find(*recs, i);
  // Done: its row says so, or (up) the migration's progress is past it (the step rows of a
  // completed migration are deleted with its last step).
  bool done = rec != nullptr && rec->state == "done";
  if (!w.down && !row->empty())
    done = done || row->front().statements_done >= static_cast<long long>(step.end);
  if (row->empty() || done) {
    (void)Abort(w.conn, fk_off, Error{});
    if (row->empty() && !w.down) {
      return MakeError(w.pm.migration->file +
                           ": its alab_migrations row vanished while it was being applied "
                           "(was it rolled back meanwhile?); run `alab status`",
                       ExitCode::kIo);
    }
    return false;
  }
  for (size_t k = step.first; k < step.end; ++k) {
    if (Status s = ExecFramed(w.conn, w.stmts[k]); !s.ok()) {
      return Abort(w.conn, fk_off, StatementError(w.pm, w.down, k, w.stmts[k], s.error()));
    }
  }
  if (fk_off) {
    if (Status s = ForeignKeyCheck(w.conn, w.pm); !s.ok()) return Abort(w.conn, fk_off, s.error());
  }
  if (!w.conn.InTransaction())  // a statement ended the step's transaction (see ApplyTransactional)
    return Abort(
        w.conn, fk_off,
        MakeError(
            fmt::format(
                "{}: a statement ended step {}'s transaction before alab could record it; the "
                "step is not recorded: check the database and remove the transaction control",
                w.pm.migration->file, i + 1),
            ExitCode::kIo));
  if (Status s = RecordDone(w, i); !s.ok()) return Abort(w.conn, fk_off, s.error());
  if (Status s = w.conn.Commit(); !s.ok())
    return Abort(w.conn, fk_off, s.error().WithContext("committing"));
  if (fk_off) ForeignKeysOn(w.conn);
  return true;
}

// A statement that cannot run in a transaction: its intent is recorded before it is sent.
Status RunAlone(Walk& w, size_t i) {
  const auto& s = w.stmts[w.steps[i].first];
  StepRecord r{static_cast<long long>(i), "started", w.Checksum(i), s.sql};
  if (Status st = RecordStep(w.conn, w.revision(), w.direction(), r); !st.ok()) return st;
  if (Status st = w.conn.Exec(s.sql); !st.ok()) {
    r.state = "failed";  // the server said no: nothing of it committed (a leftover may remain)
    (void)RecordStep(w.conn, w.revision(), w.direction(), r);
    return StatementError(w.pm, w.down, w.steps[i].first, s, st.error());
  }
  return CommitDone(w, i);
}

// A step recorded "started" or "failed" by an earlier run. True: it is settled as done.
Expected<bool> Settle(Walk& w, size_t i, const StepRecord& rec) {
  if (w.o.step_done == static_cast<long long>(i + 1)) {
    if (Status s = CommitDone(w, i); !s.ok()) return s.error();
    return true;
  }
  if (w.o.step_redo == static_cast<long long>(i + 1)) return false;
  auto effect = w.conn.InspectEffect(rec.sql);
  if (!effect.ok()) return w.StepError(i, effect.error().message, ExitCode::kIo);
  std::string detail = effect->detail.empty() ? "" : " (" + effect->detail + ")";
  switch (effect->state) {
    case Effect::State::kDone:
      if (rec.sql_checksum != w.Checksum(i)) {
        return w.StepError(
            i,
            fmt::format("the statement sent before the file was edited completed{}; restore step "
                        "{} as it ran, or undo its effect by hand and run `{}`",
                        detail, i + 1, w.Command("step-redo", i)));
      }
      if (Status s = CommitDone(w, i); !s.ok()) return s.error();
      return true;
    case Effect::State::kLeftInvalid:
      if (Status s = w.conn.Exec(effect->cleanup); !s.ok()) {
        return w.StepError(
            i,
            fmt::format("removing what the interrupted statement left{} with `{}`: {}", detail,
                        effect->cleanup, s.error().message),
            ExitCode::kIo);
      }
      return false;
    case Effect::State::kNotDone:
      return false;
    case Effect::State::kUnknown:
      if (rec.state == "failed") return false;  // the database reported an error: nothing committed
      break;
  }
  return w.StepError(
      i,
      fmt::format("it was sent to the database but alab stopped before recording it as done, and "
                  "the catalog cannot tell whether it completed{}. Check the database, then run "
                  "`{}` if it completed, or `{}` to run it again",
                  detail, w.Command("step-done", i), w.Command("step-redo", i)));
}

// The recorded steps against the file as it is now: applied steps must be unchanged, and a
// --step-done/--step-redo decision must name a step that waits for one.
Status CheckRecords(Walk& w, const std::vector<StepRecord>& recs) {
  for (const auto& r : recs) {
    if (r.state != "done") continue;
    size_t i = static_cast<size_t>(r.step);
    if (i >= w.steps.size() || r.sql_checksum != w.Checksum(i)) {
      const auto& m = *w.pm.migration;
      return MakeError(
          fmt::format("{}: step {} was applied as `{}`, but the file {}; the steps already applied "
                      "must stay as they "
                      "ran (only the steps after them may be edited): restore step {}",
                      m.file, i + 1, ShortSql(r.sql),
                      i >= w.steps.size() ? fmt::format("now has only {} steps", w.steps.size())
                                          : "now says `" + ShortSql(w.Sql(i)) + "`",
                      i + 1),
          ExitCode::kUserError);
    }
  }
  for (long long n : {w.o.step_done, w.o.step_redo}) {
    if (n == 0) continue;
    const StepRecord* rec = n > 0 ? Find(recs, static_cast<size_t>(n - 1)) : nullptr;
    if (rec == nullptr || rec->state == "done") {
      return MakeError(
          fmt::format(
              "{}: step {} is not waiting for a decision ({}); --step-done/--step-redo apply "
              "only to a step that was interrupted",
              w.pm.migration->file, n, rec == nullptr ? "it has not been started" : "it is done"),
          ExitCode::kUserError);
    }
  }
  return Status::Ok();
}

Expected<ApplyOutcome> RunSteps(Walk& w) {
  w.steps = dialect::GroupSteps(w.stmts);
  if (Status s = EnsureStepsTable(w.conn); !s.ok()) return s.error();
  auto recs = ReadSteps(w.conn, w.revision(), w.direction());
  if (!recs.ok()) return recs.error();
  if (Status s = CheckRecords(w, *recs); !s.ok()) return s.error();
  if (w.steps.empty()) {  // nothing to run: only the final state
    if (Status s = w.conn.Begin(); !s.ok()) return s.error();
    Status s = w.down ? DeleteHistory(w.conn, w.revision()) : CompleteHistory(w.conn, RowFor(w.pm));
    if (!s.ok() || !(s = w.conn.Commit()).ok()) return Abort(w.conn, false, s.error());
    return ApplyOutcome::kApplied;
  }
  bool ran = false;
  for (size_t i = 0; i < w.steps.size(); ++i) {
    const StepRecord* rec = Find(*recs, i);
    if (rec != nullptr && rec->state == "done") continue;
    if (static_cast<long long>(w.steps[i].end) <= w.legacy_done)
      continue;  // recorded in alab_migrations
    if (rec != nullptr) {
      auto settled = Settle(w, i, *rec);
      if (!settled.ok()) return settled.error();
      if (*settled) {
        ran = true;
        continue;
      }
    }
    if (w.steps[i].transaction) {
      auto r = RunInTransaction(w, i);
      if (!r.ok()) return r.error();
      ran = ran || *r;
    } else {
      if (Status s = RunAlone(w, i); !s.ok()) return s.error();
      ran = true;
    }
  }
  return ran ? ApplyOutcome::kApplied : ApplyOutcome::kAlreadyDone;
}

}  // namespace

Expected<ApplyOutcome> ApplyStepwise(dialect::Connection& conn, const PlannedMigration& pm,
                                     const StepOptions& o) {
  const auto& m = *pm.migration;
  auto existing = ReadHistoryRow(conn, m.revision);
  if (!existing.ok()) return existing.error();
  if (existing->empty()) {
    if (Status s = InsertHistory(conn, RowFor(pm)); !s.ok()) {
      // Lost a race with another migrator: continue from what it recorded.
      existing = ReadHistoryRow(conn, m.revision);
      if (!existing.ok() || existing->empty()) return s.error();
    }
  } else if (existing->front().rolling_back) {
    return MakeError(
        fmt::format(
            "{}: its rollback was interrupted; finish it with `alab rollback` (it continues "
            "where it stopped), then migrate again",
            m.file),
        ExitCode::kUserError);
  } else if (existing->front().complete()) {
    return ApplyOutcome::kAlreadyDone;
  }
  Walk w{conn, pm, pm.up, false, o, {}};
  w.base_ms = existing->empty() ? 0 : existing->front().exec_time_ms;
  w.legacy_done = existing->empty() ? 0 : existing->front().statements_done;
  return RunSteps(w);
}

Expected<ApplyOutcome> RemoveStepwise(dialect::Connection& conn, const PlannedMigration& pm,
                                      const std::vector<dialect::Statement>& down,
                                      const StepOptions& o) {
  auto existing = ReadHistoryRow(conn, pm.migration->revision);
  if (!existing.ok()) return existing.error();
  if (o.only_if_last) {
    auto rows = ReadHistory(conn);
    if (!rows.ok()) return rows.error();
    if (rows->empty() || rows->back().revision != pm.migration->revision)
      return ApplyOutcome::kNotLast;
  }
  if (existing->empty()) return ApplyOutcome::kAlreadyDone;
  Walk w{conn, pm, down, true, o, {}};
  return RunSteps(w);
}

}  // namespace alab::runner
