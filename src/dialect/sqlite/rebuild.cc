// The SQLite table rebuild (see rebuild.h). The only place that decides what SQLite can
// and cannot do in place.
#include "dialect/sqlite/rebuild.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/sqlite/render.h"
#include "dialect/sqlite/types.h"

namespace alab::dialect::sqlite {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// ALTER TABLE ... ADD COLUMN accepts: no primary key, a constant default, NOT NULL only
// with a non-null default, generated columns only when virtual.
bool AddColumnInPlace(const schema::Column& c) {
  if (c.primary_key || c.backfill) return false;
  if (c.computed) return !c.computed->stored;
  if (c.default_value && c.default_value->kind == schema::Value::Kind::kSql) return false;
  bool has_default = c.default_value && c.default_value->kind != schema::Value::Kind::kNull;
  return c.nullable || has_default;
}

// DROP COLUMN refuses columns that are part of a key, an index, a constraint.
bool DropColumnInPlace(const schema::Table& t, const std::string& name) {
  const schema::Column* c = t.FindColumn(name);
  if (!c) return true;
  if (c->primary_key || c->unique || !c->check.empty() || c->computed) return false;
  if (c->type == schema::Type::kEnum || c->type == schema::Type::kBoolean ||
      c->type == schema::Type::kJson)
    return false;
  for (const auto& i : t.indexes)
    if (Contains(i.columns, name)) return false;
  for (const auto& fk : t.foreign_keys)
    if (Contains(fk.columns, name)) return false;
  for (const auto& other : t.columns)
    if (other.computed) return false;  // a generated column may read it
  return true;
}

bool OnlyUniqueDiffers(const schema::Column& from, const schema::Column& to) {
  schema::Column a = from;
  a.unique = to.unique;
  return a.SameDatabaseShape(to) && from.key_position == to.key_position;
}

bool IsTextType(schema::Type t) {
  return t == schema::Type::kText || t == schema::Type::kString || t == schema::Type::kEnum ||
         t == schema::Type::kUuid || t == schema::Type::kJson;
}

// Values converted the way PostgreSQL casts them to boolean (anything else fails the check).
std::string ToBoolean(const std::string& col, schema::Type from) {
  if (!IsTextType(from))
    return fmt::format("CASE WHEN {0} IS NULL THEN NULL WHEN {0} <> 0 THEN 1 ELSE 0 END", col);
  return fmt::format(
      "CASE WHEN lower({0}) IN ('true', 't', 'yes', 'y', 'on', '1') THEN 1 "
      "WHEN lower({0}) IN ('false', 'f', 'no', 'n', 'off', '0') THEN 0 ELSE {0} END",
      col);
}

}  // namespace

namespace {
// Each operation names the table it changes ("" for raw SQL, which names none).
struct TableOfOp {
  std::string operator()(const ops::CreateTable& o) const { return o.table.Ref(); }
  std::string operator()(const ops::DropTable& o) const { return o.table.Ref(); }
  std::string operator()(const ops::RenameTable& o) const { return o.from; }
  std::string operator()(const ops::AddColumn& o) const { return o.table; }
  std::string operator()(const ops::DropColumn& o) const { return o.table; }
  std::string operator()(const ops::RenameColumn& o) const { return o.table; }
  std::string operator()(const ops::AlterColumn& o) const { return o.table; }
  std::string operator()(const ops::CreateIndex& o) const { return o.table; }
  std::string operator()(const ops::DropIndex& o) const { return o.table; }
  std::string operator()(const ops::AddForeignKey& o) const { return o.table; }
  std::string operator()(const ops::DropForeignKey& o) const { return o.table; }
  std::string operator()(const ops::AddCheck& o) const { return o.table; }
  std::string operator()(const ops::DropCheck& o) const { return o.table; }
  std::string operator()(const ops::RawSql&) const { return ""; }
};
}  // namespace

std::string TableOf(const ops::Op& op) { return std::visit(TableOfOp{}, op); }

bool NeedsRebuild(const ops::Op& op, const schema::Schema& before) {
  if (const auto* a = std::get_if<ops::AlterColumn>(&op)) {
    if (OnlyUniqueDiffers(a->from, a->to)) return false;
    // uuid -> text and the like: the same declaration on SQLite, nothing to rebuild.
    const schema::Table* t = before.Find(a->table);
    std::string table_sql = t ? t->SqlName() : schema::SqlNameOfRef(a->table);
    schema::Column from = a->from;
    from.unique = a->to.unique;
    bool backfill = a->to.backfill && from.nullable && !a->to.nullable;
    return backfill || ColumnDefinition(table_sql, from) != ColumnDefinition(table_sql, a->to) ||
           from.primary_key != a->to.primary_key ||
           (from.key_position != a->to.key_position &&
            (t == nullptr || schema::ChangesKeyOrder(*t, a->to.name, a->to.key_position)));
  }
  if (std::holds_alternative<ops::AddForeignKey>(op) ||
      std::holds_alternative<ops::DropForeignKey>(op) ||
      std::holds_alternative<ops::AddCheck>(op) || std::holds_alternative<ops::DropCheck>(op))
    return true;
  if (const auto* a = std::get_if<ops::AddColumn>(&op)) return !AddColumnInPlace(a->column);
  if (const auto* d = std::get_if<ops::DropColumn>(&op)) {
    const schema::Table* t = before.Find(d->table);
    return t && !DropColumnInPlace(*t, d->column.name);
  }
  return false;
}

std::vector<std::string> RebuildTable(const schema::Table& before, const schema::Table& after,
                                      const CopyPlan& copy, const std::string& from) {
  std::string name = before.SqlName();
  std::string tmp = "_alab_new_" + name;
  std::vector<std::string> out;
  out.push_back(CreateTableStatement(after, tmp));
  if (!copy.empty()) {
    std::vector<std::string> cols, exprs;
    for (const auto& [col, expr] : copy) {
      cols.push_back(QuoteIdent(col));
      exprs.push_back(expr);
    }
    out.push_back(fmt::format("INSERT INTO {} ({})\nSELECT {} FROM {}", QuoteIdent(tmp),
                              Join(cols, ", "), Join(exprs, ", "),
                              from.empty() ? QuoteIdent(name) : from));
  }
  out.push_back("DROP TABLE " + QuoteIdent(name));
  out.push_back(fmt::format("ALTER TABLE {} RENAME TO {}", QuoteIdent(tmp), QuoteIdent(name)));
  // The IR records no triggers; every index of the target shape is recreated.
  for (auto& s : IndexStatements(after)) out.push_back(std::move(s));
  return out;
}

namespace {

// One operation's rebuild: the table before and after it, and how each copied column is
// computed from the row before it.
struct RebuildStep {
  schema::Table old;
  schema::Table after;
  CopyPlan copy;
  // The narrowing checks of the copied rows: column, the SQL test over NEW, the message.
  struct Fit {
    std::string column, expr, message;
  };
  std::vector<Fit> fits;
};

Expected<RebuildStep> PlanRebuild(const ops::Op& op, const schema::Schema& before) {
  std::string ref = TableOf(op);
  const schema::Table* old = before.Find(ref);
  ALAB_CHECK(old != nullptr);  // ops::Resolve: the table exists
  schema::Schema mini;
  mini.tables.push_back(*old);
  if (const auto* fk = std::get_if<ops::AddForeignKey>(&op)) {
    const schema::Table* parent = before.Find(fk->fk.ref_table);
    if (parent && parent->Ref() != old->Ref()) mini.tables.push_back(*parent);
  }
  if (Status st = ops::Apply(op, mini); !st.ok()) return st.error();
  RebuildStep step{*old, *mini.Find(old->Ref()), {}, {}};
  const schema::Table& after = step.after;

  const auto* add = std::get_if<ops::AddColumn>(&op);
  const auto* alter = std::get_if<ops::AlterColumn>(&op);
  CopyPlan& copy = step.copy;
  for (const auto& c : after.columns) {
    if (c.computed) continue;
    std::string src = QuoteIdent(c.name);
    if (add && add->column.name == c.name) {
      if (add->column.backfill && add->column.backfill->kind != schema::Value::Kind::kNull)
        copy.emplace_back(c.name, Literal(*add->column.backfill, c));
      else if (!c.default_value && c.primary_key && c.type == schema::Type::kUuid)
        copy.emplace_back(c.name, "(" + UuidV4Expr() + ")");
      continue;
    }
    const schema::Column* prev = old->FindColumn(c.name);
    if (!prev) continue;
    // A decimal of an older table may hold REALs (NUMERIC affinity): printed with the
    // column's scale they become the text DECIMAL_TEXT keeps and its check accepts.
    // With the old column's scale, so a narrower scale still refuses what does not fit.
    if (RenderVersion() >= 2 && c.type == schema::Type::kDecimal &&
        prev->type == schema::Type::kDecimal && prev->precision > 0)
      src = fmt::format("CASE WHEN typeof({0}) = 'real' THEN printf('%.{1}f', {0}) ELSE {0} END",
                        src, prev->scale);
    if (alter && alter->to.name == c.name) {
      if (!IsTextType(alter->from.type) && IsTextType(c.type)) src = "CAST(" + src + " AS TEXT)";
      if (c.type == schema::Type::kBoolean && alter->from.type != schema::Type::kBoolean)
        src = ToBoolean(src, alter->from.type);
      if (alter->to.backfill && !c.nullable)
        src = "coalesce(" + src + ", " + Literal(*alter->to.backfill, c) + ")";
    }
    copy.emplace_back(c.name, src);
  }
  // A narrowing change never truncates (render version 2): the new table's own checks refuse
  // a value of the wrong type, too many digits or a removed enum value; a temporary trigger
  // on the copy refuses what SQLite's types do not (a string too long, an integer outside
  // INTEGER's range on PostgreSQL), so the rebuild fails as PostgreSQL's ALTER does.
  if (alter && RenderVersion() >= 2 && ops::IsDestructive(*alter) && !copy.empty()) {
    const schema::Column& to = alter->to;
    if (std::string fits = StoredFitsExpr("NEW." + QuoteIdent(to.name), to); !fits.empty()) {
      step.fits.push_back(
          {to.name, fits,
           fmt::format("{}.{}: a value does not fit {} and alab never truncates; migrate without "
                       "--confirm-destroy to see the rows, change them, then migrate again",
                       old->Ref(), to.name, SqlType(to))});
    }
  }
  return step;
}

// Every column of the step's table after it is computed by its copy (none left to a
// DEFAULT or omitted): a later step can read the copy as a row.
bool CopiesEveryColumn(const RebuildStep& step) {
  return step.copy.size() == step.after.columns.size();
}

// The statements of one rebuild from steps[0].old to steps.back().after: the rows are read
// through each earlier step's copy as a nested SELECT, so the table is copied once.
std::vector<Statement> EmitRebuild(const std::vector<RebuildStep>& steps) {
  const schema::Table& old = steps.front().old;
  const schema::Table& after = steps.back().after;
  std::string from;
  for (size_t i = 0; i + 1 < steps.size(); ++i) {
    // A step that copies every column as it is (a constraint changed) adds no SELECT.
    bool identity = true;
    for (const auto& [col, expr] : steps[i].copy) identity = identity && expr == QuoteIdent(col);
    if (identity) continue;
    std::vector<std::string> cols;
    for (const auto& [col, expr] : steps[i].copy) cols.push_back(expr + " AS " + QuoteIdent(col));
    from = fmt::format("(SELECT {} FROM {})", Join(cols, ", "),
                       from.empty() ? QuoteIdent(old.SqlName()) : from);
  }
  std::vector<std::string> sql_list = RebuildTable(old, after, steps.back().copy, from);
  if (!steps.back().copy.empty()) {
    // The fit triggers of the steps' narrowing changes, on the copy (a column a later step
    // drops needs none); the first keeps the name a single rebuild gives it.
    std::vector<std::string> creates, drops;
    for (const auto& step : steps) {
      for (const auto& fit : step.fits) {
        if (after.FindColumn(fit.column) == nullptr) continue;
        std::string name = "_alab_fit_" + old.SqlName();
        if (!creates.empty()) name += fmt::format("_{}", creates.size() + 1);
        creates.push_back(
            fmt::format("CREATE TEMP TRIGGER {} AFTER INSERT ON {} WHEN NOT ({}) BEGIN SELECT "
                        "RAISE(ABORT, {}); END",
                        QuoteIdent(name), QuoteIdent("_alab_new_" + old.SqlName()), fit.expr,
                        QuoteString(fit.message)));
        drops.push_back("DROP TRIGGER temp." + QuoteIdent(name));
      }
    }
    // CREATE TABLE, the triggers, INSERT ... SELECT, their drops, the rest.
    sql_list.insert(sql_list.begin() + 2, drops.begin(), drops.end());
    sql_list.insert(sql_list.begin() + 1, creates.begin(), creates.end());
  }
  std::vector<Statement> out;
  for (auto& sql : sql_list) {
    Statement s;
    s.sql = std::move(sql);
    s.needs_foreign_keys_off = true;
    out.push_back(std::move(s));
  }
  out.front().rebuild_table = old.SqlName();
  out.front().rebuild_ref = old.Ref();
  for (const auto& c : old.columns) out.front().rebuild_columns.push_back(c.name);
  std::vector<const schema::Table*> shapes{&old};
  for (const auto& step : steps) shapes.push_back(&step.after);
  for (const schema::Table* t : shapes) {  // alab's indexes, before, between and after
    for (const auto& i : t->indexes)
      if (!Contains(out.front().rebuild_index_names, i.name))
        out.front().rebuild_index_names.push_back(i.name);
    for (const auto& c : t->columns) {
      std::string name = UniqueColumnIndexName(t->SqlName(), c.name);
      if (c.unique && !Contains(out.front().rebuild_index_names, name))
        out.front().rebuild_index_names.push_back(name);
    }
  }
  out.back().rebuild_last = true;
  return out;
}

}  // namespace

Expected<std::vector<Statement>> RenderRebuild(const ops::Op& op, const schema::Schema& before) {
  auto step = PlanRebuild(op, before);
  if (!step) return step.error();
  return EmitRebuild({std::move(*step)});
}

std::string FoldableRebuildTable(const ops::Op& op, const schema::Schema& before) {
  const schema::Table* t = before.Find(TableOf(op));
  if (t == nullptr) return "";
  // A generated column is not part of a copy; tables with one rebuild one change at a time.
  for (const auto& c : t->columns)
    if (c.computed) return "";
  if (const auto* add = std::get_if<ops::AddColumn>(&op); add && add->column.computed) return "";
  return t->Ref();
}

Expected<std::vector<Statement>> RenderFoldedRebuild(const std::vector<ops::Op>& run,
                                                     const schema::Schema& before) {
  schema::Schema state = before;
  std::vector<Statement> out;
  std::vector<RebuildStep> steps;
  for (size_t i = 0; i < run.size(); ++i) {
    auto step = PlanRebuild(run[i], state);
    if (!step) return step.error();
    steps.push_back(std::move(*step));
    schema::Table* t = state.Find(steps.back().old.Ref());
    *t = steps.back().after;
    // A column left to its DEFAULT cannot be read by the next step: the group ends here.
    if (i + 1 == run.size() || !CopiesEveryColumn(steps.back())) {
      for (auto& s : EmitRebuild(steps)) out.push_back(std::move(s));
      steps.clear();
    }
  }
  return out;
}

}  // namespace alab::dialect::sqlite
