// The PostgreSQL dialect: one Render overload per operation, all native ALTERs.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/postgres/effect.h"
#include "dialect/postgres/render.h"
#include "dialect/postgres/types.h"
#include "dialect/postgres/value_codec.h"

namespace alab::dialect::postgres {
namespace {

using Sql = std::vector<std::string>;

// The table an operation changes: ops::Resolve checked that it exists.
const schema::Table& TableIn(const schema::Schema& s, const std::string& ref) {
  const schema::Table* t = s.Find(ref);
  ALAB_CHECK(t != nullptr);
  return *t;
}

std::string AlterTable(const std::string& table_sql) {
  return "ALTER TABLE " + QuoteIdent(table_sql) + " ";
}

schema::Index UniqueIndexOf(const std::string& table_sql, const std::string& col) {
  return schema::Index{UniqueColumnIndexName(table_sql, col), {col}, true, "", {}, false, {}};
}

bool HasCheck(const std::vector<ImplicitCheck>& checks, const ImplicitCheck& c) {
  for (const auto& x : checks)
    if (x.name == c.name && x.expr == c.expr) return true;
  return false;
}

// ---- database enum types (Column::enum_type): created with the first column that uses one,
// dropped with the last, changed in place when values are only added.

const std::string& EnumTypeOf(const schema::Column& c) {
  static const std::string kNone;
  return c.type == schema::Type::kEnum ? c.enum_type : kNone;
}

// The columns of `s` that use enum type `name`, except those of table `skip_table` (SQL name)
// named `skip_column` ("" skips the whole table).
std::vector<std::pair<const schema::Table*, const schema::Column*>> EnumTypeUsers(
    const schema::Schema& s, const std::string& name, const std::string& skip_table = {},
    const std::string& skip_column = {}) {
  std::vector<std::pair<const schema::Table*, const schema::Column*>> out;
  for (const auto& t : s.tables) {
    bool skipped_table = !skip_table.empty() && t.SqlName() == skip_table;
    if (skipped_table && skip_column.empty()) continue;
    for (const auto& c : t.columns)
      if (EnumTypeOf(c) == name && !(skipped_table && c.name == skip_column))
        out.emplace_back(&t, &c);
  }
  return out;
}

std::string EnumValuesList(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const auto& v : values) quoted.push_back(QuoteString(v));
  return Join(quoted, ", ");
}

std::string CreateEnumType(const std::string& name, const std::vector<std::string>& values) {
  return fmt::format("CREATE TYPE {} AS ENUM ({})", QuoteIdent(name), EnumValuesList(values));
}

// CREATE TYPE for each enum type of `columns` that no column of `before` (outside the skipped
// table / column) uses yet.
void CreateMissingEnumTypes(const schema::Schema& before,
                            const std::vector<const schema::Column*>& columns, Sql& out) {
  std::set<std::string> made;
  for (const schema::Column* c : columns) {
    const std::string& name = EnumTypeOf(*c);
    if (name.empty() || !made.insert(name).second) continue;
    if (EnumTypeUsers(before, name).empty()) out.push_back(CreateEnumType(name, c->enum_values));
  }
}

// DROP TYPE for each enum type of `gone` (columns leaving table `table_sql`; the whole table
// when `column` is "") that no other column of `before` uses.
void DropUnusedEnumTypes(const schema::Schema& before,
                         const std::vector<const schema::Column*>& gone,
                         const std::string& table_sql, const std::string& column, Sql& out) {
  std::set<std::string> dropped;
  for (const schema::Column* c : gone) {
    const std::string& name = EnumTypeOf(*c);
    if (name.empty() || !dropped.insert(name).second) continue;
    if (EnumTypeUsers(before, name, table_sql, column).empty())
      out.push_back("DROP TYPE " + QuoteIdent(name));
  }
}

// Whether `to` holds `from`'s values in the same order with others among them (so the type
// changes with ALTER TYPE ... ADD VALUE, no rewrite).
bool OnlyAddsValues(const std::vector<std::string>& from, const std::vector<std::string>& to) {
  size_t i = 0;
  for (const auto& v : to)
    if (i < from.size() && v == from[i]) ++i;
  return i == from.size() && to.size() > from.size();
}

// Renames the implicit checks and the unique index of a column whose table or name changed.
void RenameColumnObjects(const std::string& new_table_sql, const std::string& old_table_sql,
                         const schema::Column& old_col, const std::string& new_col_name, Sql& out) {
  schema::Column renamed = old_col;
  renamed.name = new_col_name;
  auto olds = ColumnChecks(old_table_sql, old_col);
  auto news = ColumnChecks(new_table_sql, renamed);
  for (size_t i = 0; i < olds.size() && i < news.size(); ++i)
    if (olds[i].name != news[i].name)
      out.push_back(AlterTable(new_table_sql) + fmt::format("RENAME CONSTRAINT {} TO {}",
                                                            QuoteIdent(olds[i].name),
                                                            QuoteIdent(news[i].name)));
  if (old_col.unique) {
    std::string from = UniqueColumnIndexName(old_table_sql, old_col.name);
    std::string to = UniqueColumnIndexName(new_table_sql, new_col_name);
    if (from != to)
      out.push_back(fmt::format("ALTER INDEX {} RENAME TO {}", QuoteIdent(from), QuoteIdent(to)));
  }
}

struct Renderer {
  const schema::Schema& before;

  Sql operator()(const ops::CreateTable& o) const {
    Sql out;
    CreateMissingEnumTypes(before, ColumnsInTableOrder(o.table), out);
    out.push_back(CreateTableStatement(o.table));
    for (auto& s : IndexStatements(o.table)) out.push_back(std::move(s));
    return out;
  }
  Sql operator()(const ops::DropTable& o) const {
    Sql out{"DROP TABLE " + QuoteIdent(o.table.SqlName())};
    DropUnusedEnumTypes(before, ColumnsInTableOrder(o.table), o.table.SqlName(), "", out);
    return out;
  }
  Sql operator()(const ops::RenameTable& o) const {
    const schema::Table& t = TableIn(before, o.from);
    std::string from = t.SqlName(), to = schema::SqlNameOfRef(o.to);
    Sql out{AlterTable(from) + "RENAME TO " + QuoteIdent(to)};
    for (const auto& c : t.columns) RenameColumnObjects(to, from, c, c.name, out);
    return out;
  }
  Sql operator()(const ops::AddColumn& o) const {
    const schema::Table& t = TableIn(before, o.table);
    std::string table_sql = t.SqlName();
    const schema::Column& c = o.column;
    Sql out;
    bool backfill = c.backfill && !c.nullable;
    schema::Column added = c;
    if (backfill) added.nullable = true;
    CreateMissingEnumTypes(before, {&c}, out);
    out.push_back(AlterTable(table_sql) + "ADD COLUMN " + ColumnDefinition(table_sql, added));
    if (backfill) {
      out.push_back(fmt::format("UPDATE {} SET {} = {} WHERE {} IS NULL", QuoteIdent(table_sql),
                                QuoteIdent(c.name), Literal(*c.backfill, c), QuoteIdent(c.name)));
      out.push_back(AlterTable(table_sql) +
                    fmt::format("ALTER COLUMN {} SET NOT NULL", QuoteIdent(c.name)));
    }
    if (c.unique) out.push_back(CreateIndexStatement(table_sql, UniqueIndexOf(table_sql, c.name)));
    // A key column added to a table without a key (CheckRenderable refuses one with a key).
    if (c.primary_key)
      out.push_back(AlterTable(table_sql) +
                    fmt::format("ADD PRIMARY KEY ({})", QuoteIdent(c.name)));
    return out;
  }
  Sql operator()(const ops::DropColumn& o) const {
    const schema::Table& t = TableIn(before, o.table);
    Sql out{AlterTable(t.SqlName()) + "DROP COLUMN " + QuoteIdent(o.column.name)};
    // PostgreSQL drops the whole key with one of its columns: the rest of it is the key again
    // (render version 5), in its order.
    if (RenderVersion() >= 5 && o.column.primary_key) {
      std::vector<std::string> rest;
      for (const std::string& k : t.PrimaryKey())
        if (k != o.column.name) rest.push_back(QuoteIdent(k));
      if (!rest.empty())
        out.push_back(AlterTable(t.SqlName()) +
                      fmt::format("ADD PRIMARY KEY ({})", Join(rest, ", ")));
    }
    DropUnusedEnumTypes(before, {&o.column}, t.SqlName(), o.column.name, out);
    return out;
  }
  Sql operator()(const ops::RenameColumn& o) const {
    const schema::Table& t = TableIn(before, o.table);
    std::string table_sql = t.SqlName();
    Sql out{AlterTable(table_sql) +
            fmt::format("RENAME COLUMN {} TO {}", QuoteIdent(o.from), QuoteIdent(o.to))};
    if (const schema::Column* c = t.FindColumn(o.from))
      RenameColumnObjects(table_sql, table_sql, *c, o.to, out);
    return out;
  }
  Sql operator()(const ops::AlterColumn& o) const;
  bool ChangeEnumValues(const ops::AlterColumn& o, const std::string& table_sql,
                        const std::string& old_default, Sql& out) const;
  Sql operator()(const ops::CreateIndex& o) const {
    return {CreateIndexStatement(TableIn(before, o.table).SqlName(), o.index)};
  }
  Sql operator()(const ops::DropIndex& o) const {
    // A constraint's index cannot be dropped on its own (PostgreSQL: "constraint ... requires it").
    if (o.index.constraint)
      return {AlterTable(TableIn(before, o.table).SqlName()) + "DROP CONSTRAINT " +
              QuoteIdent(o.index.name)};
    return {"DROP INDEX " + QuoteIdent(o.index.name)};
  }
  Sql operator()(const ops::AddForeignKey& o) const {
    return {AlterTable(TableIn(before, o.table).SqlName()) + "ADD " + ForeignKeyClause(o.fk)};
  }
  Sql operator()(const ops::DropForeignKey& o) const {
    return {AlterTable(TableIn(before, o.table).SqlName()) + "DROP CONSTRAINT " +
            QuoteIdent(o.fk.name)};
  }
  Sql operator()(const ops::AddCheck& o) const {
    return {AlterTable(TableIn(before, o.table).SqlName()) +
            fmt::format("ADD CONSTRAINT {} CHECK ({})", QuoteIdent(o.check.name), o.check.expr)};
  }
  Sql operator()(const ops::DropCheck& o) const {
    return {AlterTable(TableIn(before, o.table).SqlName()) + "DROP CONSTRAINT " +
            QuoteIdent(o.check.name)};
  }
  Sql operator()(const ops::RawSql& o) const {
    auto it = o.up.find(kName);
    if (it == o.up.end() || Trim(it->second).empty()) return {};
    return {it->second};
  }
};

// Order: drop old checks and unique index, drop a default that may not cast, change the
// type, set the default, (backfill and) set/drop NOT NULL, add new checks and unique index.
Sql Renderer::operator()(const ops::AlterColumn& o) const {
  const schema::Table& t = TableIn(before, o.table);
  std::string table_sql = t.SqlName();
  const schema::Column& from = o.from;
  const schema::Column& to = o.to;
  std::string col = QuoteIdent(to.name);
  std::string alter = AlterTable(table_sql);
  std::string alter_col = alter + "ALTER COLUMN " + col + " ";
  ALAB_CHECK(from.primary_key == to.primary_key);  // refused by CheckRenderable
  Sql out;
  const std::string& old_enum = EnumTypeOf(from);
  const std::string& new_enum = EnumTypeOf(to);
  // A column moving to an enum type that does not exist yet creates it; the last column
  // leaving one drops it.
  if (!new_enum.empty() && new_enum != old_enum &&
      EnumTypeUsers(before, new_enum, table_sql, from.name).empty())
    out.push_back(CreateEnumType(new_enum, to.enum_values));
  auto drop_old_enum = [&] {
    if (!old_enum.empty() && old_enum != new_enum &&
        EnumTypeUsers(before, old_enum, table_sql, from.name).empty())
      out.push_back("DROP TYPE " + QuoteIdent(old_enum));
  };
  if (from.computed != to.computed) {
    // A generation expression cannot be altered: drop the column and add it again.
    out.push_back(alter + "DROP COLUMN " + col);
    out.push_back(alter + "ADD COLUMN " + ColumnDefinition(table_sql, to));
    if (to.unique)
      out.push_back(CreateIndexStatement(table_sql, UniqueIndexOf(table_sql, to.name)));
    drop_old_enum();
    return out;
  }
  auto old_checks = ColumnChecks(table_sql, from);
  auto new_checks = ColumnChecks(table_sql, to);
  for (const auto& c : old_checks)
    if (!HasCheck(new_checks, c)) out.push_back(alter + "DROP CONSTRAINT " + QuoteIdent(c.name));
  if (from.unique && !to.unique)
    out.push_back("DROP INDEX " + QuoteIdent(UniqueColumnIndexName(table_sql, from.name)));
  std::string old_type = SqlType(from), new_type = SqlType(to);
  bool type_changed = old_type != new_type;
  std::string old_default = DefaultExpr(from), new_default = DefaultExpr(to);
  bool enum_swapped = false;
  if (!new_enum.empty() && new_enum == old_enum && from.enum_values != to.enum_values)
    enum_swapped = ChangeEnumValues(o, table_sql, old_default, out);
  if (type_changed && !old_default.empty()) out.push_back(alter_col + "DROP DEFAULT");
  // A narrowing change never truncates or rounds (render version 2): a temporary CHECK that
  // every value fits comes first (it fails naming itself, and holds the table's lock so no row
  // that does not fit can arrive before the cast), then the explicit cast, which can no longer
  // lose anything. The enum check is the narrowing check of an enum change.
  std::string fit_check;
  if (type_changed && RenderVersion() >= 2 && ops::IsDestructive(o)) {
    if (std::string fits = FitsExpr(col, from, to); !fits.empty()) {
      fit_check = QuoteIdent(schema::ShortenIdentifier(
          fmt::format("{}_{}_must_fit_{}", table_sql, from.name, TypeTag(to))));
      out.push_back(alter + fmt::format("ADD CONSTRAINT {} CHECK ({})", fit_check, fits));
    }
  }
  // The CHECK goes in the same statement as the cast (PostgreSQL drops before it alters), so
  // it guards until the type has changed and is never re-checked against the new type.
  if (type_changed)
    out.push_back((fit_check.empty() ? alter : alter + "DROP CONSTRAINT " + fit_check + ", ") +
                  "ALTER COLUMN " + col + " " +
                  fmt::format("TYPE {} USING {}{}::{}", new_type, col,
                              old_enum.empty() && new_enum.empty() ? "" : "::text", new_type));
  if (new_default != old_default || ((type_changed || enum_swapped) && !new_default.empty())) {
    if (!new_default.empty())
      out.push_back(alter_col + "SET DEFAULT " + new_default);
    else if (!type_changed && !enum_swapped)
      out.push_back(alter_col + "DROP DEFAULT");
  }
  if (from.nullable && !to.nullable) {
    if (to.backfill && to.backfill->kind != schema::Value::Kind::kNull)
      out.push_back(fmt::format("UPDATE {} SET {} = {} WHERE {} IS NULL", QuoteIdent(table_sql),
                                col, Literal(*to.backfill, to), col));
    out.push_back(alter_col + "SET NOT NULL");
  } else if (!from.nullable && to.nullable) {
    out.push_back(alter_col + "DROP NOT NULL");
  }
  for (const auto& c : new_checks)
    if (!HasCheck(old_checks, c))
      out.push_back(alter +
                    fmt::format("ADD CONSTRAINT {} CHECK ({})", QuoteIdent(c.name), c.expr));
  if (to.unique && !from.unique)
    out.push_back(CreateIndexStatement(table_sql, UniqueIndexOf(table_sql, to.name)));
  drop_old_enum();
  return out;
}

// The values of the enum type of o's column change (the type itself stays). Values only added,
// and the column's new default not among them: ALTER TYPE ... ADD VALUE (no rewrite; IF NOT
// EXISTS makes a re-run after an interruption harmless). Values removed or reordered, or a
// default that uses a new value (PostgreSQL refuses a value added in the same transaction): the
// type is replaced, with every column that uses it converted through text; when values go,
// a CHECK on each such column first proves that no row holds one (it fails naming itself,
// before anything changes). Nothing when an earlier column of the same migration already
// changed the type (its other columns hold the new values in `before`), unless this column's
// new default uses an added value: the type is then made anew. Returns whether the
// type was replaced, which dropped this column's default (`old_default`).
bool Renderer::ChangeEnumValues(const ops::AlterColumn& o, const std::string& table_sql,
                                const std::string& old_default, Sql& out) const {
  const schema::Column& from = o.from;
  const schema::Column& to = o.to;
  const std::string& name = to.enum_type;
  auto others = EnumTypeUsers(before, name, table_sql, from.name);
  bool done = false;
  for (const auto& [t, c] : others)
    if (c->enum_values == to.enum_values) done = true;
  bool default_is_new = false;
  if (to.default_value && to.default_value->kind == schema::Value::Kind::kString)
    default_is_new = std::find(from.enum_values.begin(), from.enum_values.end(),
                               to.default_value->text) == from.enum_values.end();
  // Changed already, by ADD VALUE: a default that uses an added value needs the type made
  // anew in this transaction (its values are usable at once).
  if (done && !default_is_new) return false;
  if (!done && OnlyAddsValues(from.enum_values, to.enum_values) && !default_is_new) {
    std::set<std::string> present(from.enum_values.begin(), from.enum_values.end());
    for (size_t i = 0; i < to.enum_values.size(); ++i) {
      const std::string& v = to.enum_values[i];
      if (present.count(v)) continue;
      std::string where = i > 0 ? " AFTER " + QuoteString(to.enum_values[i - 1])
                                : " BEFORE " + QuoteString(from.enum_values.front());
      out.push_back(fmt::format("ALTER TYPE {} ADD VALUE IF NOT EXISTS {}{}", QuoteIdent(name),
                                QuoteString(v), where));
      present.insert(v);
    }
    return false;
  }
  // This column first, then the others in schema order.
  struct User {
    std::string table_sql;
    std::string column;
    std::string default_expr;  // set again after the conversion ("" for this column)
    std::string fit_check;
    bool has_default = false;  // dropped before the conversion
  };
  std::vector<User> users{{table_sql, from.name, "", "", !old_default.empty()}};
  // Another column's default is set again after the conversion unless it names a value that
  // goes (that column's own operation, later in the migration, gives it its new default).
  for (const auto& [t, c] : others) {
    bool default_goes =
        c->default_value && c->default_value->kind == schema::Value::Kind::kString &&
        std::find(to.enum_values.begin(), to.enum_values.end(), c->default_value->text) ==
            to.enum_values.end();
    std::string d = DefaultExpr(*c);
    users.push_back({t->SqlName(), c->name, default_goes ? "" : d, "", !d.empty()});
  }
  bool removes = false;
  for (const auto& v : from.enum_values)
    if (std::find(to.enum_values.begin(), to.enum_values.end(), v) == to.enum_values.end())
      removes = true;
  for (const auto& [t, c] : others)
    for (const auto& v : c->enum_values)
      if (std::find(to.enum_values.begin(), to.enum_values.end(), v) == to.enum_values.end())
        removes = true;
  if (removes) {
    for (User& u : users) {
      u.fit_check = QuoteIdent(
          schema::ShortenIdentifier(fmt::format("{}_{}_must_fit_{}", u.table_sql, u.column, name)));
      out.push_back(AlterTable(u.table_sql) +
                    fmt::format("ADD CONSTRAINT {} CHECK ({} IS NULL OR ({})::text IN ({}))",
                                u.fit_check, QuoteIdent(u.column), QuoteIdent(u.column),
                                EnumValuesList(to.enum_values)));
    }
  }
  std::string old_name = schema::ShortenIdentifier(name + "__alab_old");
  out.push_back(fmt::format("ALTER TYPE {} RENAME TO {}", QuoteIdent(name), QuoteIdent(old_name)));
  out.push_back(CreateEnumType(name, to.enum_values));
  for (size_t i = 0; i < users.size(); ++i) {
    const User& u = users[i];
    std::string alter = AlterTable(u.table_sql);
    std::string c = QuoteIdent(u.column);
    if (u.has_default) out.push_back(alter + "ALTER COLUMN " + c + " DROP DEFAULT");
    out.push_back((u.fit_check.empty() ? alter : alter + "DROP CONSTRAINT " + u.fit_check + ", ") +
                  fmt::format("ALTER COLUMN {} TYPE {} USING {}::text::{}", c, QuoteIdent(name), c,
                              QuoteIdent(name)));
    if (i > 0 && !u.default_expr.empty())
      out.push_back(alter + "ALTER COLUMN " + c + " SET DEFAULT " + u.default_expr);
  }
  out.push_back("DROP TYPE " + QuoteIdent(old_name));
  return true;
}

}  // namespace

std::string PostgresDialect::name() const { return kName; }
std::string PostgresDialect::sql_key() const { return kName; }
const ValueCodec& PostgresDialect::value_codec() const { return PostgresValueCodec(); }
ScriptSyntax PostgresDialect::script_syntax() const { return PostgresScriptSyntax(); }
Capabilities PostgresDialect::capabilities() const {
  Capabilities c;
  c.add_foreign_key_in_place = true;
  c.migration_lock = true;
  c.unique_constraints = true;
  return c;
}
Status PostgresDialect::CheckRenderable(const ops::Op& op, const schema::Schema& before) const {
  if (Status st = Dialect::CheckRenderable(op, before); !st.ok()) return st;
  const auto* a = std::get_if<ops::AlterColumn>(&op);
  if (a != nullptr && a->from.primary_key != a->to.primary_key) {
    const schema::Table* t = before.Find(a->table);
    return MakeError(fmt::format("changing the primary key of {} is not supported",
                                 t != nullptr ? t->Ref() : a->table),
                     ExitCode::kUserError);
  }
  if (a != nullptr && a->from.key_position != a->to.key_position &&
      (before.Find(a->table) == nullptr ||
       schema::ChangesKeyOrder(*before.Find(a->table), a->to.name, a->to.key_position))) {
    const schema::Table* t = before.Find(a->table);
    auto place = [](int p) { return p == 0 ? std::string("none") : std::to_string(p); };
    return MakeError(
        fmt::format("changing the column order of the primary key of {} (column {}: place {} -> "
                    "{}) is not supported; keep the key's order as the database has it",
                    t != nullptr ? t->Ref() : a->table, a->to.name, place(a->from.key_position),
                    place(a->to.key_position)),
        ExitCode::kUserError);
  }
  // A key column added to a table that has a key would change that key.
  const auto* add = std::get_if<ops::AddColumn>(&op);
  if (add != nullptr && add->column.primary_key) {
    const schema::Table* t = before.Find(add->table);
    if (t != nullptr && !t->PrimaryKey().empty())
      return MakeError(fmt::format("adding {} to the primary key of {} is not supported",
                                   add->column.name, t->Ref()),
                       ExitCode::kUserError);
  }
  return Status::Ok();
}
Expected<std::vector<Statement>> PostgresDialect::RenderChecked(
    const ops::Op& op, const schema::Schema& before) const {
  std::vector<Statement> out;
  std::string why = ops::Describe(op);
  for (auto& sql : std::visit(Renderer{before}, op))
    out.push_back(MakeStatement(std::move(sql), why, ops::LocOf(op)));
  return out;
}
std::vector<std::string> PostgresDialect::CreateTableChecked(const schema::Table& table) const {
  // The types it uses come from TypeDefinitions, once for all tables.
  std::vector<std::string> out{CreateTableStatement(table)};
  for (auto& s : IndexStatements(table)) out.push_back(std::move(s));
  return out;
}
std::string PostgresDialect::QuoteIdent(const std::string& ident) const {
  return postgres::QuoteIdent(ident);
}
std::string PostgresDialect::QuoteString(const std::string& s) const {
  return postgres::QuoteString(s);
}
std::string PostgresDialect::ColumnType(const schema::Column& c) const { return SqlType(c); }
std::vector<std::string> PostgresDialect::TypeDefinitions(
    const std::vector<const schema::Table*>& tables) const {
  std::vector<std::string> out;
  std::set<std::string> made;
  for (const schema::Table* t : tables)
    for (const schema::Column* c : ColumnsInTableOrder(*t))
      if (!EnumTypeOf(*c).empty() && made.insert(c->enum_type).second)
        out.push_back(CreateEnumType(c->enum_type, c->enum_values));
  return out;
}
bool PostgresDialect::CanRunInTransaction(const std::string& sql) const {
  return postgres::CanRunInTransaction(sql);
}
std::string PostgresDialect::UnfitRowsQuery(const std::string& table_sql,
                                            const std::vector<std::string>& key,
                                            const schema::Column& from,
                                            const schema::Column& to) const {
  std::string v = postgres::QuoteIdent(from.name);
  std::string fits = FitsExpr(v, from, to);
  if (fits.empty()) return "";
  static const dialect::SampleSpelling kSpelling{"{0}::text", "quote_literal({0})", "left({0}, 40)",
                                                 "char_length({0})", "1"};
  return dialect::UnfitRowsSelect(table_sql, key, v,
                                  fmt::format("{} IS NOT NULL AND NOT ({})", v, fits), kSpelling);
}

std::unique_ptr<Dialect> MakePostgresDialect() { return std::make_unique<PostgresDialect>(); }

}  // namespace alab::dialect::postgres
