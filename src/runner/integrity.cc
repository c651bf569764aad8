// Integrity checks of the applied history and the destroy guard.
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/check.h"
#include "dialect/registry.h"
#include "runner/executor.h"
#include "schema/ir.h"

namespace alab::runner {
namespace {

std::string FileOf(const AppliedMigration& row) {
  return row.file.empty() ? fmt::format("revision {}", row.revision) : row.file;
}

// Runs a count query: the number, or "?" + why the rows could not be counted (the caller
// knows what the run creates; anything else that cannot be counted may hold rows).
std::string Count(dialect::Connection& conn, const std::string& sql) {
  auto r = conn.Query(sql);
  if (!r.ok()) return "?" + r.error().message;
  if (r->rows.empty() || r->rows[0].empty() || !r->rows[0][0]) return "?no count";
  return *r->rows[0][0];
}

// The parenthesised count the guard prints; a count that failed reads as rows that may be
// lost (LosesRows finds no "0").
std::string Rows(const std::string& n, const std::string& what) {
  if (n.empty()) return "table not created yet: 0 rows";  // or its column, by this run
  if (n[0] == '?') return "rows not counted: " + n.substr(1);
  return fmt::format("{} {}{}", n, n == "1" ? "row" : "rows", what);
}

// The rows of an AlterColumn's table whose value does not fit the new type, exactly (the
// dialect's UnfitRowsQuery), with the first one as a sample; when the dialect cannot tell,
// every row with a value.
std::string UnfitRows(dialect::Connection& conn, const dialect::Dialect& d, const Plan& plan,
                      ops::AlterColumn ac, const std::string& table_sql,
                      const std::string& column) {
  ac.from.name = column;  // as the database names them before the run
  std::vector<std::string> key;
  if (const schema::Table* t = plan.final_schema.Find(ac.table))
    for (const auto& c : t->columns)
      if (c.primary_key) key.push_back(c.name);
  std::string type = d.ColumnType(ac.to);
  if (ac.to.type == schema::Type::kEnum) {
    std::vector<std::string> vals;
    for (const auto& v : ac.to.enum_values) vals.push_back(d.QuoteString(v));
    type = fmt::format("enum ({})", fmt::join(vals, ", "));
  }
  std::string what = " that do not fit " + type;
  std::string q = d.UnfitRowsQuery(table_sql, key, ac.from, ac.to);
  if (q.empty())
    return Rows(Count(conn, fmt::format("SELECT count(*) FROM {} WHERE {} IS NOT NULL",
                                        d.QuoteIdent(table_sql), d.QuoteIdent(ac.from.name))),
                " whose value the change to " + type + " may alter");
  auto r = conn.Query(q);
  if (!r.ok() && !key.empty())
    r = conn.Query(d.UnfitRowsQuery(table_sql, {}, ac.from, ac.to));  // key renamed later
  if (!r.ok()) return Rows("?" + r.error().message, "");
  if (r->rows.empty() || r->rows[0].empty() || !r->rows[0][0]) return Rows("?no count", "");
  const std::string& n = *r->rows[0][0];
  if (n == "1") what = " that does not fit " + type;
  std::string out = Rows(n, what);
  if (r->rows[0].size() > 1 && r->rows[0][1]) out += ", e.g. " + *r->rows[0][1];
  return out;
}

}  // namespace

std::vector<std::string> VerifyApplied(const Plan& plan,
                                       const std::vector<AppliedMigration>& applied) {
  std::vector<std::string> problems;
  std::set<std::string> applied_revs;
  for (const auto& row : applied) applied_revs.insert(row.revision);
  for (const auto& row : applied) {
    const PlannedMigration* pm = plan.Find(row.revision);
    if (pm == nullptr) {
      if (const PlannedMigration* base = plan.BaselineReplacing(row.revision)) {
        // Squashed into a baseline: the file is archived. The last replaced revision's chain
        // checksum proves the database ran the history that was squashed.
        const auto& m = *base->migration;
        if (row.revision == m.replaces.back() && row.checksum != m.replaces_checksum) {
          problems.push_back(fmt::format(
              "{}: revision {} was applied with a different history than the one squashed into {} "
              "(chain checksum "
              "{} != {}); migrate this database with the archived files from .alab/archive/{}..{}/ "
              "to compare",
              FileOf(row), row.revision, m.file, row.checksum.substr(0, 12),
              m.replaces_checksum.substr(0, 12), m.replaces.front(), m.replaces.back()));
        }
        continue;
      }
      problems.push_back(fmt::format(
          "{}: applied to the database (revision {}) but the migration file is missing; restore it",
          FileOf(row), row.revision));
      continue;
    }
    const std::string& file = pm->migration->file;
    if (!row.file_checksum.empty() && row.file_checksum != pm->file_checksum) {
      problems.push_back(
          fmt::format("{}: changed after it was applied (checksum mismatch); restore the applied "
                      "version and put new changes "
                      "in a new migration",
                      file));
      continue;
    }
    if (row.checksum != pm->checksum) {
      // The file is as applied, so something before it in the chain differs.
      std::vector<std::string> inserted;
      int idx = plan.IndexOf(row.revision);
      for (int i = 0; i < idx; ++i) {
        const auto& before = plan.ordered[static_cast<size_t>(i)];
        if (!applied_revs.count(before.migration->revision))
          inserted.push_back(before.migration->file);
      }
      problems.push_back(fmt::format(
          "{}: checksum chain mismatch: the migrations before it changed since it was applied{}",
          file,
          inserted.empty() ? ""
                           : " (not applied but ordered before it: " +
                                 fmt::format("{}", fmt::join(inserted, ", ")) + ")"));
    }
  }
  return problems;
}

Expected<std::vector<std::string>> CheckDeterminism(dialect::Connection& conn, const Plan& plan) {
  auto applied = ReadHistory(conn);
  if (!applied.ok()) return applied.error();
  std::vector<std::string> out;
  // A migration applied by an older alab matches the SQL of the render version it was applied
  // with: older versions' plans are built only when the current one differs.
  std::vector<std::unique_ptr<Plan>> older;
  auto matches_older = [&](const std::string& revision, const std::string& sql_checksum) {
    if (older.empty()) {
      for (int v = dialect::kRenderVersion - 1; v >= dialect::kFirstRenderVersion; --v) {
        auto p = BuildPlanFrom(plan.migrations, plan.dialect, false, v);
        if (p.ok()) older.push_back(std::move(*p));
      }
    }
    for (const auto& p : older) {
      const PlannedMigration* old = p->Find(revision);
      if (old != nullptr && old->sql_checksum == sql_checksum) return true;
    }
    return false;
  };
  for (const auto& row : *applied) {
    const PlannedMigration* pm = plan.Find(row.revision);
    if (pm == nullptr && plan.BaselineReplacing(row.revision) != nullptr)
      continue;  // squashed, archived
    if (pm == nullptr) {
      out.push_back(fmt::format("{}: applied but the migration file is missing", FileOf(row)));
    } else if (pm->sql_checksum != row.sql_checksum &&
               !matches_older(row.revision, row.sql_checksum)) {
      out.push_back(fmt::format(
          "{}: renders different SQL now than when it was applied (sql_checksum {} != {})",
          pm->migration->file, pm->sql_checksum.substr(0, 12), row.sql_checksum.substr(0, 12)));
    }
  }
  return out;
}

BaselineFit FitBaseline(const migration::Migration& baseline,
                        const std::vector<AppliedMigration>& applied,
                        std::vector<std::string>* missing) {
  // Migrations apply in DAG order, so the last replaced revision applied means all of them
  // were (its chain checksum, checked by VerifyApplied, covers the rest). A baseline of a
  // history that held an earlier baseline lists that one's revisions too, which a database
  // that ran the earlier baseline never recorded: only the last revision decides.
  std::set<std::string> done, seen;
  for (const auto& row : applied) {
    seen.insert(row.revision);
    if (row.complete()) done.insert(row.revision);
  }
  if (done.count(baseline.replaces.back())) return BaselineFit::kRanReplaced;
  bool touched = false;
  for (const auto& rev : baseline.replaces) {
    touched = touched || seen.count(rev) > 0;
    if (!done.count(rev) && missing != nullptr) missing->push_back(rev);
  }
  return touched ? BaselineFit::kPartial : BaselineFit::kFresh;
}

namespace {

// The names tables and columns have in the database before a run, for an operation later in
// the run: renames earlier in it are followed back, and what the run creates is known as such
// (its rows are not in the database yet).
class NamesBeforeRun {
 public:
  void See(const ops::Op& op) {
    if (const auto* ct = std::get_if<ops::CreateTable>(&op)) {
      std::string t = ct->table.SqlName();
      table_[t] = {"", true};
      columns_.erase(t);
    } else if (const auto* rt = std::get_if<ops::RenameTable>(&op)) {
      std::string from = schema::SqlNameOfRef(rt->from), to = schema::SqlNameOfRef(rt->to);
      table_[to] = Table(from);
      table_.erase(from);
      columns_[to] = std::move(columns_[from]);
      columns_.erase(from);
    } else if (const auto* ac = std::get_if<ops::AddColumn>(&op)) {
      columns_[schema::SqlNameOfRef(ac->table)][ac->column.name] = {"", true};
    } else if (const auto* rc = std::get_if<ops::RenameColumn>(&op)) {
      auto& cols = columns_[schema::SqlNameOfRef(rc->table)];
      Name before = Column(schema::SqlNameOfRef(rc->table), rc->from);
      cols.erase(rc->from);
      cols[rc->to] = before;
    }
  }
  struct Name {
    std::string name;      // as the database has it before the run
    bool created = false;  // created by the run: nothing to lose yet
  };
  Name Table(const std::string& sql) const {
    auto it = table_.find(sql);
    return it == table_.end() ? Name{sql, false} : it->second;
  }
  Name Column(const std::string& table_sql, const std::string& column) const {
    Name t = Table(table_sql);
    if (t.created) return t;
    auto it = columns_.find(table_sql);
    if (it != columns_.end())
      if (auto c = it->second.find(column); c != it->second.end()) return c->second;
    return Name{column, false};
  }

 private:
  std::map<std::string, Name> table_;                           // by name in the run
  std::map<std::string, std::map<std::string, Name>> columns_;  // by table, column
};

}  // namespace

std::vector<std::string> DestructiveOps(dialect::Connection& conn, const Plan& plan,
                                        const std::vector<const PlannedMigration*>& pending) {
  std::vector<std::string> out;
  // The plan's dialect was validated when the plan was built: an unknown one is an invariant
  // failure, not "nothing destructive".
  const dialect::Dialect* d = &dialect::GetDialect(plan.dialect);
  NamesBeforeRun names;
  for (const auto* pm : pending) {
    for (const auto& op : pm->resolved_up) {
      if (!ops::IsDestructive(op)) {
        names.See(op);
        continue;
      }
      std::string rows;
      if (const auto* dt = std::get_if<ops::DropTable>(&op)) {
        auto t = names.Table(dt->table.SqlName());
        rows = t.created ? Rows("", "")
                         : Rows(Count(conn, "SELECT count(*) FROM " + d->QuoteIdent(t.name)), "");
      } else if (const auto* dc = std::get_if<ops::DropColumn>(&op)) {
        const std::string table_sql = schema::SqlNameOfRef(dc->table);
        auto t = names.Table(table_sql);
        auto c = names.Column(table_sql, dc->column.name);
        rows = c.created
                   ? Rows("", "")
                   : Rows(Count(conn, fmt::format("SELECT count(*) FROM {} WHERE {} IS NOT NULL",
                                                  d->QuoteIdent(t.name), d->QuoteIdent(c.name))),
                          " with a value");
      } else if (const auto* ac = std::get_if<ops::AlterColumn>(&op)) {
        const std::string table_sql = schema::SqlNameOfRef(ac->table);
        auto t = names.Table(table_sql);
        auto c = names.Column(table_sql, ac->from.name);
        rows = c.created ? Rows("", "") : UnfitRows(conn, *d, plan, *ac, t.name, c.name);
      } else {
        ALAB_UNREACHABLE(
            "ops::IsDestructive answers yes only for drops of tables and columns and alters");
      }
      names.See(op);
      const auto& loc = ops::LocOf(op);
      out.push_back(fmt::format("{}: {}{}", loc.known() ? loc.ToString() : pm->migration->file,
                                ops::Describe(op), rows.empty() ? "" : " (" + rows + ")"));
    }
  }
  return out;
}

}  // namespace alab::runner
