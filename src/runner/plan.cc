#include "runner/plan.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/check.h"
#include "base/sha256.h"
#include "migration/dag.h"
#include "migration/load.h"
#include "migration/replay.h"
#include "migration/script.h"
#include "runner/checksum.h"

namespace alab::runner {
namespace {

// Hook statements of one kind (before: kBefore; after: kAfter and kBackfill, in file order).
void AddHooks(const dialect::Dialect& d, const std::vector<migration::Hook>& hooks, bool before,
              std::vector<dialect::Statement>& out) {
  using Kind = migration::Hook::Kind;
  for (const auto& h : hooks) {
    if ((h.kind == Kind::kBefore) != before) continue;
    if (h.kind == Kind::kBackfill) {
      out.push_back(dialect::MakeStatement(
          d.BackfillSql(schema::SqlNameOfRef(h.table), h.column, h.value_sql),
          fmt::format("backfill {}.{}", h.table, h.column), h.loc));
      continue;
    }
    const std::string* text = d.RawSqlText(h.sql);
    if (!text || text->empty()) continue;
    out.push_back(dialect::MakeStatement(*text, before ? "before hook" : "after hook", h.loc));
  }
}

std::string Locate(const migration::Migration& m, const Error& e) {
  return e.message.rfind(m.file, 0) == 0 ? e.message : m.file + ": " + e.message;
}

// The operations rollback runs: down() as written; when it has none and every operation of
// up() is an m.sql(up, down) with a down statement, those down statements in reverse order
// (the inverse of such a RawSql is its down text). Otherwise (nothing) rollback refuses.
std::vector<ops::Op> DownOps(const migration::Migration& m, const std::vector<ops::Op>& resolved_up,
                             bool& derived) {
  derived = false;
  if (!m.down.empty() || resolved_up.empty()) return m.down;
  std::vector<ops::Op> out;
  for (auto it = resolved_up.rbegin(); it != resolved_up.rend(); ++it) {
    const auto* raw = std::get_if<ops::RawSql>(&*it);
    if (raw == nullptr || raw->down.empty()) return {};
    auto inverse = ops::Invert(*it);
    if (!inverse) return {};
    out.push_back(std::move(*inverse));
  }
  derived = true;
  return out;
}

}  // namespace

void MarkNoTransaction(const dialect::Dialect& d, std::vector<dialect::Statement>& statements) {
  for (auto& s : statements) s.no_transaction = s.no_transaction || !d.CanRunInTransaction(s.sql);
}

bool PlannedMigration::needs_foreign_keys_off(bool for_down) const {
  for (const auto& s : for_down ? down : up) {
    if (s.needs_foreign_keys_off) return true;
  }
  return false;
}

const PlannedMigration* Plan::Find(const std::string& revision) const {
  int i = IndexOf(revision);
  return i < 0 ? nullptr : &ordered[static_cast<size_t>(i)];
}

int Plan::IndexOf(const std::string& revision) const {
  for (size_t i = 0; i < ordered.size(); ++i) {
    if (ordered[i].migration->revision == revision) return static_cast<int>(i);
  }
  return -1;
}

const PlannedMigration* Plan::BaselineReplacing(const std::string& revision) const {
  for (const auto& pm : ordered) {
    const auto& r = pm.migration->replaces;
    if (std::find(r.begin(), r.end(), revision) != r.end()) return &pm;
  }
  return nullptr;
}

Expected<std::unique_ptr<Plan>> BuildPlanFrom(std::vector<migration::Migration> migrations,
                                              const std::string& dialect_name, bool with_down,
                                              int render_version) {
  auto d = dialect::MakeDialect(dialect_name, render_version);
  auto plan = std::make_unique<Plan>();
  plan->dialect = dialect_name;
  plan->migrations = std::move(migrations);
  auto order = migration::TopoOrder(plan->migrations);
  if (!order.ok()) return order.error();
  auto chain = ChainChecksums(*order);
  plan->ordered.reserve(order->size());
  // Replays and renders in one pass, keeping only the current state: a per-migration copy of
  // the schema for each step would make memory grow with history length × schema size.
  schema::Schema state;
  for (size_t i = 0; i < order->size(); ++i) {
    const migration::Migration& m = *(*order)[i];
    PlannedMigration pm;
    pm.migration = &m;
    pm.checksum = chain[i];
    pm.file_checksum = Sha256Hex(m.content);
    // Each operation renders against the state just before it applies: no copy of the schema.
    AddHooks(*d, m.up_hooks, true, pm.up);
    // A `transaction: false` migration's steps are its operations' statements, unfolded.
    dialect::OpRenderer renderer(*d, pm.up, /*fold=*/m.transactional);
    auto render = [&](const ops::Op& op, const schema::Schema& before) -> Status {
      if (Status st = renderer.Add(op, before); !st.ok())
        return MakeError(Locate(m, st.error()), st.error().code);
      return Status::Ok();
    };
    if (Status st = migration::ApplyMigrationOps(m, m.up, state, &pm.resolved_up, render); !st.ok())
      return st.error();
    if (Status st = renderer.Flush(); !st.ok())
      return MakeError(Locate(m, st.error()), st.error().code);
    AddHooks(*d, m.up_hooks, false, pm.up);
    MarkNoTransaction(*d, pm.up);
    pm.sql_checksum = SqlChecksum(pm.up);
    if (!with_down) {
      pm.down_error = "internal: down() was not rendered for this command";
      plan->ordered.push_back(std::move(pm));
      continue;
    }
    // down() applies to the state after this migration's up().
    AddHooks(*d, m.down_hooks, true, pm.down);
    std::vector<ops::Op> down_ops = DownOps(m, pm.resolved_up, pm.down_derived);
    // fold: as up() renders (dialect::OpRenderer), off for `transaction: false` migrations.
    Status down = dialect::RenderInto(*d, std::move(down_ops), state, pm.down, &pm.resolved_down,
                                      /*fold=*/m.transactional);
    if (down.ok()) {
      AddHooks(*d, m.down_hooks, false, pm.down);
      MarkNoTransaction(*d, pm.down);
    } else {
      pm.down.clear();
      pm.resolved_down.clear();
      pm.down_error = Locate(m, down.error());
    }
    plan->ordered.push_back(std::move(pm));
  }
  schema::Canonicalize(state);
  plan->final_schema = std::move(state);
  return plan;
}

Expected<std::unique_ptr<Plan>> BuildPlan(const config::Config& cfg, diag::DiagnosticSink& diags,
                                          bool with_down, migration::Evaluation evaluation) {
  auto loaded = migration::LoadMigrations(cfg.root, cfg.migrations_dir, 5.0, evaluation);
  bool ok = loaded.ok();
  diags = std::move(loaded.diags);
  if (!ok) return MakeError("the migration files have errors", ExitCode::kUserError);
  try {
    return BuildPlanFrom(std::move(loaded.migrations), cfg.dialect, with_down);
  } catch (const std::exception& e) {  // a renderer that throws on an unsupported case
    return MakeError(std::string("rendering the migrations: ") + e.what(), ExitCode::kUserError);
  }
}

std::string RenderDry(const Plan& plan, const std::vector<const PlannedMigration*>& which,
                      bool down) {
  auto d = dialect::MakeDialect(plan.dialect);
  std::string out;
  for (const auto* pm : which) {
    const auto& m = *pm->migration;
    if (down && !pm->down_error.empty()) {
      out += migration::MigrationScriptHeader(m, down) +
             "-- cannot render down(): " + pm->down_error + "\n\n";
      continue;
    }
    out += migration::MigrationScript(m, down ? pm->down : pm->up, *d, down) + "\n";
  }
  return out;
}

}  // namespace alab::runner
