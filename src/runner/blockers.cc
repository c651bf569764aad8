// What stops `alab migrate` before it runs anything on a database, as messages that name the
// file and the fix. Migrate refuses on these; `alab check` fails on the same list, so the CI
// gate is never green while migrate is blocked.
#include <set>

#include <fmt/format.h>

#include "base/strings.h"
#include "runner/executor.h"
#include "runner/lock_file.h"

namespace alab::runner {

std::vector<std::string> LockFileBlockers(const config::Config& cfg,
                                          const std::vector<AppliedMigration>& applied,
                                          std::vector<std::string>* warnings) {
  std::set<std::string> applied_files;
  for (const auto& row : applied) applied_files.insert(row.file);
  std::vector<std::string> blocking;
  for (const auto& p : VerifyLockFile(cfg.root, cfg.migrations_dir)) {
    using Kind = LockProblem::Kind;
    if (p.kind == Kind::kNoLockFile) continue;
    bool block =
        p.kind == Kind::kAggregate || p.kind == Kind::kMalformed || applied_files.count(p.file);
    if (block) {
      blocking.push_back(p.message);
    } else if (warnings != nullptr) {
      warnings->push_back(p.message);
    }
  }
  return blocking;
}

std::string PartialEditedProblem(const PlannedMigration& pm, const AppliedMigration& row) {
  return fmt::format(
      "{}: partly applied ({} of {} statements) and edited since; if you fixed a step that has not "
      "been applied yet, run `alab migrate --resume` (the applied steps must stay as they ran); "
      "otherwise restore the file",
      pm.migration->file, row.statements_done, row.statements_total);
}

std::vector<std::string> MigrateBlockers(const config::Config& cfg, const Plan& plan,
                                         const std::vector<AppliedMigration>& applied) {
  std::vector<std::string> out;
  // A partly applied migration edited since: migrate refuses without --resume, whose own
  // check covers its applied steps; its file checksum is not compared here.
  std::vector<AppliedMigration> verified;
  for (const auto& row : applied) {
    const PlannedMigration* pm = plan.Find(row.revision);
    bool partial =
        !row.complete() && !row.rolling_back && pm != nullptr && !pm->migration->transactional;
    if (partial && !row.file_checksum.empty() && row.file_checksum != pm->file_checksum) {
      out.push_back(PartialEditedProblem(*pm, row));
      continue;
    }
    verified.push_back(row);
  }
  for (auto& p : VerifyApplied(plan, verified)) out.push_back(std::move(p));
  for (auto& p : LockFileBlockers(cfg, verified, nullptr))
    out.push_back(fmt::format("alab.lock: {} (check the files, then `alab lock repair`)", p));
  for (const auto& pm : plan.ordered) {
    const auto& m = *pm.migration;
    if (!m.is_baseline()) continue;
    bool applied_already = false;
    for (const auto& row : applied) applied_already = applied_already || row.revision == m.revision;
    std::vector<std::string> missing;
    if (applied_already || FitBaseline(m, applied, &missing) != BaselineFit::kPartial) continue;
    out.push_back(
        fmt::format("{} replaces revisions {}..{}, but this database has not applied {} of them; "
                    "finish the old history first "
                    "with the archived files in .alab/archive/{}..{}/ (from a checkout before the "
                    "squash), then run `alab "
                    "migrate` again",
                    m.file, m.replaces.front(), m.replaces.back(), Join(missing, ", "),
                    m.replaces.front(), m.replaces.back()));
  }
  return out;
}

}  // namespace alab::runner
