// The PostgreSQL dialect: one Render overload per operation, all native ALTERs.
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
    Sql out{CreateTableStatement(o.table)};
    for (auto& s : IndexStatements(o.table)) out.push_back(std::move(s));
    return out;
  }
  Sql operator()(const ops::DropTable& o) const {
    return {"DROP TABLE " + QuoteIdent(o.table.SqlName())};
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
    return {AlterTable(t.SqlName()) + "DROP COLUMN " + QuoteIdent(o.column.name)};
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
  if (from.computed != to.computed) {
    // A generation expression cannot be altered: drop the column and add it again.
    out.push_back(alter + "DROP COLUMN " + col);
    out.push_back(alter + "ADD COLUMN " + ColumnDefinition(table_sql, to));
    if (to.unique)
      out.push_back(CreateIndexStatement(table_sql, UniqueIndexOf(table_sql, to.name)));
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
                  fmt::format("TYPE {} USING {}::{}", new_type, col, new_type));
  if (new_default != old_default || (type_changed && !new_default.empty())) {
    if (!new_default.empty())
      out.push_back(alter_col + "SET DEFAULT " + new_default);
    else if (!type_changed)
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
  return out;
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
  return Renderer{schema::Schema{}}(ops::CreateTable{table, {}});
}
std::string PostgresDialect::QuoteIdent(const std::string& ident) const {
  return postgres::QuoteIdent(ident);
}
std::string PostgresDialect::QuoteString(const std::string& s) const {
  return postgres::QuoteString(s);
}
std::string PostgresDialect::ColumnType(const schema::Column& c) const { return SqlType(c); }
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
