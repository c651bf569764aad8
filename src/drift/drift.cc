#include "drift/drift.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "dialect/dialect.h"
#include "dialect/inspect.h"
#include "drift/sources.h"
#include "runner/tracking.h"

namespace alab::drift {

std::string FixHint(const dialect::Difference& d) {
  switch (d.kind) {
    case dialect::Difference::Kind::kExtra:
      return "run `alab pull` or revert it";
    case dialect::Difference::Kind::kMissing:
      return "restore it, or record its removal with `alab new`";
    case dialect::Difference::Kind::kChanged:
      return "revert it, or run `alab pull` and `alab new` to record it";
  }
  return "";
}

std::string DriftReport::Render() const {
  if (!checked) return "drift: not checked (no database configured)\n";
  if (!unfinished.empty()) {
    std::string out =
        fmt::format("drift: not checked, {} is in the middle of a migration:\n", database);
    for (const auto& l : unfinished) out += "  - " + l + "\n";
    return out;
  }
  if (!drifted()) return fmt::format("no drift: {} matches the applied migrations\n", database);
  std::string out =
      fmt::format("drift: {} differs from the applied migrations ({} difference{}):\n", database,
                  lines.size(), lines.size() == 1 ? "" : "s");
  for (const auto& l : lines) out += "  - " + l + "\n";
  return out;
}

Expected<std::vector<dialect::Difference>> DifferencesFrom(const config::Config& cfg,
                                                           dialect::Connection& conn,
                                                           const std::set<std::string>& revisions) {
  auto expected = SchemaFromMigrations(cfg, &revisions);
  if (!expected) return expected.error();
  return DifferencesFrom(cfg, conn, *expected);
}

Expected<std::vector<dialect::Difference>> DifferencesFrom(const config::Config& cfg,
                                                           dialect::Connection& conn,
                                                           const schema::Schema& expected) {
  dialect::InspectOptions o;
  o.ignore_tables = cfg.ignore_tables;
  o.expected = &expected;
  auto actual = dialect::Inspect(conn, o);
  if (!actual) return actual.error();
  return dialect::CompareSchemas(conn.dialect(), expected, *actual);
}

namespace {

Expected<DriftReport> CheckDriftInSnapshot(const config::Config& cfg, dialect::Connection& conn) {
  DriftReport report;
  report.checked = true;
  report.database = conn.redacted_url();
  auto rows = runner::ReadHistory(conn);
  if (!rows) return rows.error().WithContext("reading alab_migrations");
  for (const auto& r : *rows) {
    std::string file = r.file.empty() ? "revision " + r.revision : r.file;
    if (r.rolling_back) {
      report.unfinished.push_back(
          fmt::format("{}: a rollback of it stopped partway ({} of {} statements still applied); "
                      "run `alab rollback` again to "
                      "finish it",
                      file, r.statements_done, r.statements_total));
    } else if (!r.complete()) {
      report.unfinished.push_back(
          fmt::format("{} is partly applied ({} of {} statements); run `alab migrate` to finish it "
                      "(if a step failed, fix that "
                      "step in the file and run `alab migrate --resume`), or `alab rollback` to "
                      "undo the applied steps",
                      file, r.statements_done, r.statements_total));
    }
  }
  if (!report.unfinished.empty()) return report;
  std::set<std::string> applied_set;
  for (const auto& r : *rows) applied_set.insert(r.revision);
  auto differences = DifferencesFrom(cfg, conn, applied_set);
  if (!differences) return differences.error();
  report.differences = std::move(*differences);
  for (const auto& d : report.differences)
    report.lines.push_back(dialect::DescribeDifference(d) + " (" + FixHint(d) + ")");
  return report;
}

}  // namespace

Expected<DriftReport> CheckDrift(const config::Config& cfg, dialect::Connection& conn) {
  // The applied revisions and the catalog are read in one snapshot: a migration that commits
  // in between (another process) must not look like drift.
  if (Status s = conn.BeginSnapshot(); !s.ok())
    return s.error().WithContext("reading the database");
  auto report = CheckDriftInSnapshot(cfg, conn);
  (void)conn.Rollback();  // read-only: nothing to keep
  return report;
}

Expected<DriftReport> CheckDrift(const config::Config& cfg) {
  if (cfg.url.empty()) return DriftReport{};
  // A SQLite file that does not exist yet has not drifted (and is not created here).
  if (dialect::GetDialect(cfg.dialect).DatabaseMissing(cfg.url)) return DriftReport{};
  auto conn = OpenDatabase(cfg);
  if (!conn) return conn.error();
  return CheckDrift(cfg, **conn);
}

}  // namespace alab::drift
