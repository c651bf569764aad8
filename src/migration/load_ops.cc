// Decoding recorded m.* calls into unresolved operations, and h.* calls into hooks.
#include "migration/load_ops.h"

#include <cctype>

#include <fmt/format.h>

#include "base/strings.h"
#include "data/sql_script.h"
#include "dialect/dialect.h"
#include "schema/dsl_names.h"
#include "schema/validate.h"

namespace alab::migration {

namespace {

using schema::dsl::Json;
namespace dsl = schema::dsl;

std::optional<std::string> Str(const Json& a, size_t i, const dsl::Context& ctx,
                               const diag::SourceLoc& loc, const std::string& what) {
  if (i < a.size() && a[i].is_string() && !a[i].get<std::string>().empty()) {
    if (!dsl::CheckText(ctx, loc, what, a[i].get<std::string>())) return std::nullopt;
    return a[i].get<std::string>();
  }
  ctx.Error(loc, fmt::format("{} must be a non-empty string, got {}", what,
                             i < a.size() ? dsl::DescribeArg(a[i]) : std::string("nothing")));
  return std::nullopt;
}

std::vector<std::string> Names(const Json& a, size_t i, const dsl::Context& ctx,
                               const diag::SourceLoc& loc, const std::string& what) {
  std::vector<std::string> out;
  if (i < a.size() && a[i].is_string()) return {a[i].get<std::string>()};
  if (i < a.size() && a[i].is_array()) {
    for (const auto& e : a[i]) {
      if (e.is_string())
        out.push_back(e.get<std::string>());
      else
        ctx.Error(loc, fmt::format("{} must be column names, got {}", what, dsl::DescribeArg(e)));
    }
  }
  if (out.empty())
    ctx.Error(loc, fmt::format("{} needs a column name or an array of column names, got {}", what,
                               i < a.size() ? dsl::DescribeArg(a[i]) : std::string("nothing")));
  return out;
}

const Json* Options(const Json& a, size_t i, const dsl::Context& ctx, const diag::SourceLoc& loc,
                    const std::string& what) {
  if (i >= a.size() || dsl::IsMarker(a[i], "undefined") || a[i].is_null()) return nullptr;
  if (a[i].is_object() && !a[i].contains("$alab")) return &a[i];
  ctx.Error(loc, fmt::format("{} options must be an object, got {}", what, dsl::DescribeArg(a[i])));
  return nullptr;
}

std::string NsOf(const std::string& ref) { return schema::SplitRef(ref).first; }

schema::Table JunctionTable(const std::string& from, const std::string& to,
                            const diag::SourceLoc& loc) {
  auto [ans, aname] = schema::SplitRef(from);
  auto [bns, bname] = schema::SplitRef(to);
  std::string asql = schema::SqlNameOfRef(from), bsql = schema::SqlNameOfRef(to);
  std::string aref = from, bref = to;
  if (bsql < asql) {
    std::swap(asql, bsql);
    std::swap(aname, bname);
    std::swap(aref, bref);
  }
  std::string name = asql + "_" + bsql;
  std::string ca = aname + "_id", cb = bname + "_id";
  if (aref == bref)
    cb = "related_" + cb;
  else if (ca == cb)
    ca = asql + "_id", cb = bsql + "_id";
  schema::Table j;
  j.name = name;
  j.junction = true;
  j.loc = loc;
  for (const auto& [col, target] : {std::pair{ca, aref}, std::pair{cb, bref}}) {
    schema::Column c;
    c.name = col;
    c.type = schema::Type::kUuid;
    c.loc = loc;
    j.columns.push_back(c);
    j.foreign_keys.push_back(schema::ForeignKey{schema::ForeignKeyName(name, {col}),
                                                {col},
                                                target,
                                                {"id"},
                                                schema::FkAction::kCascade,
                                                schema::FkAction::kNoAction,
                                                schema::FkDeferral::kNot,
                                                loc});
    j.indexes.push_back(
        schema::Index{schema::IndexName(name, {col}, false), {col}, false, "", loc, false, {}});
  }
  j.indexes.push_back(
      schema::Index{schema::IndexName(name, {ca, cb}, true), {ca, cb}, true, "", loc, false, {}});
  return j;
}

// The columns recorded in a create_table/add_column callback.
dsl::ColumnParts BodyParts(const Json& entry, const dsl::Context& ctx, const diag::SourceLoc& loc,
                           const std::string& what) {
  dsl::ColumnParts parts;
  if (!entry.contains("body") || !entry["body"].contains("cols")) {
    ctx.Error(loc,
              fmt::format("{} needs a callback: {}(\"ns.table\", (t) => {{ ... }})", what, what));
    return parts;
  }
  for (const auto& rec : entry["body"]["cols"]) {
    dsl::ColumnParts one;
    dsl::DecodeColumn(rec, "", ctx, one);
    for (auto& c : one.columns) parts.columns.push_back(std::move(c));
    for (auto& f : one.foreign_keys) parts.foreign_keys.push_back(std::move(f));
    for (auto& i : one.indexes) parts.indexes.push_back(std::move(i));
    for (auto& p : one.polymorphic) parts.polymorphic.push_back(std::move(p));
    for (auto& m : one.many_to_many) parts.many_to_many.push_back(std::move(m));
  }
  return parts;
}

void AlterChange(const Json& entry, const dsl::Context& ctx, ops::ColumnChange& change) {
  if (!entry.contains("body")) return;
  diag::SourceLoc backfill_loc;
  for (const auto& mod : entry["body"]["mods"]) {
    std::string n = mod.value("n", "");
    const Json& a = mod["a"];
    diag::SourceLoc loc = dsl::Loc(mod["loc"], ctx.file);
    if (n == "set_type") {
      if (a.empty() || !a[0].is_string()) {
        ctx.Error(loc, "set_type() needs a type name first, e.g. set_type(\"string\", 100)");
        continue;
      }
      schema::Column c;
      Json rest = a;
      rest.erase(rest.begin());
      if (schema::dsl::ApplyColumnType(c, a[0].get<std::string>(), rest, ctx, loc)) change.type = c;
    } else if (n == "set_nullable") {
      change.nullable = true;
    } else if (n == "set_not_null") {
      change.nullable = false;
    } else if (n == "set_default") {
      Json v = a.empty() ? Json{{"$alab", "undefined"}} : a[0];
      if (auto val = dsl::DecodeValue(v, ctx, loc, "set_default()")) change.set_default = *val;
    } else if (n == "drop_default") {
      change.drop_default = true;
    } else if (n == "set_check") {
      if (auto s = Str(a, 0, ctx, loc, "set_check() expression")) change.check = *s;
    } else if (n == "drop_check") {
      change.check = "";
    } else if (n == "set_unique") {
      change.unique = true;
    } else if (n == "drop_unique") {
      change.unique = false;
    } else if (n == "set_key_place") {
      if (a.size() != 1 || !a[0].is_number_integer() || a[0].get<long long>() < 1 ||
          a[0].get<long long>() > 1000) {
        ctx.Error(loc,
                  "set_key_place() takes the column's place in its composite primary key, a "
                  "whole number from 1, e.g. set_key_place(2); drop_key_place() puts the "
                  "key back in column order");
        continue;
      }
      change.key_position = static_cast<int>(a[0].get<long long>());
    } else if (n == "drop_key_place") {
      change.key_position = 0;
    } else if (n == "backfill") {
      Json v = a.empty() ? Json{{"$alab", "undefined"}} : a[0];
      if (auto val = dsl::DecodeValue(v, ctx, loc, "backfill()")) {
        if (val->kind == schema::Value::Kind::kNull) {
          ctx.Error(loc,
                    "backfill(null) fills nothing; give the value existing rows get, e.g. "
                    "backfill(\"\")");
        } else {
          change.backfill = *val;
          backfill_loc = loc;
        }
      }
    }
  }
  if (change.backfill && change.nullable != false) {
    ctx.Error(backfill_loc,
              "backfill() goes with set_not_null(): it fills the NULLs of existing rows before the "
              "column becomes required; add .set_not_null() or remove .backfill()");
  }
}

}  // namespace

namespace {

// The words of a statement after leading blanks and comments, upper-cased (at most `n`).
std::vector<std::string> LeadingWords(std::string_view sql, size_t n) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < sql.size() && words.size() < n) {
    char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      size_t b = i;
      while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_'))
        ++i;
      if (i == b) break;
      std::string word(sql.substr(b, i - b));
      for (char& ch : word) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      words.push_back(std::move(word));
    }
  }
  return words;
}

// The transaction-control statement in `text` ("COMMIT", "START TRANSACTION"), or "": such a
// statement would end or split the transaction alab runs a migration in (and record it as
// applied when it was not), and with transaction: false alab already runs each statement on
// its own. Text that does not split (an unterminated quote) is left to the database.
// `key`: the sql({...}) key whose text this is; it is split as a dialect reading that key
// splits its scripts.
std::string TransactionControl(const std::string& text, const std::string& key, int* line) {
  const dialect::Dialect* d = dialect::FindDialectReadingSqlKey(key);
  if (d == nullptr) return "";
  auto statements = data::SplitSqlScript(text, d->script_syntax());
  if (!statements.ok()) return "";
  for (const auto& st : *statements) {
    auto w = LeadingWords(st.sql, 2);
    if (w.empty()) continue;
    const std::string& k = w[0];
    const std::string next = w.size() > 1 ? w[1] : "";
    std::string found;
    if (k == "BEGIN" || k == "COMMIT" || k == "END" || k == "ROLLBACK" || k == "SAVEPOINT" ||
        k == "RELEASE" || k == "ABORT")
      found = k;
    else if ((k == "START" || k == "PREPARE") && next == "TRANSACTION")
      found = k + " TRANSACTION";
    if (found.empty()) continue;
    *line = st.line;
    return found;
  }
  return "";
}

// One text for every key (a plain string) is refused when it holds such a statement read
// every key's way: a SQLite trigger's END or a PostgreSQL dollar-quoted BEGIN is not one (the
// statement and line named are those of the last key's reading). Texts per key: the first key
// (in SqlTextKeys() order) whose text holds one.
bool RefuseTransactionControl(const ops::RawSql& raw, bool shared, const dsl::Context& ctx,
                              const diag::SourceLoc& loc, const std::string& what) {
  int line = 0;
  std::string found;
  for (const std::string& key : schema::SqlTextKeys()) {
    auto it = raw.up.find(key);
    if (it == raw.up.end()) continue;
    found = TransactionControl(it->second, key, &line);
    if (shared ? found.empty() : !found.empty()) break;
  }
  if (found.empty()) return false;
  ctx.Error(
      loc,
      fmt::format("{}: {} is a transaction-control statement{}: alab runs each migration in one "
                  "transaction of its own, and this would end or split it",
                  what, found, line > 1 ? fmt::format(" (line {} of the SQL text)", line) : ""),
      {"hint: remove it; for statements that cannot run in a transaction, set transaction: false "
       "and "
       "let alab run each statement on its own"});
  return true;
}

}  // namespace

std::optional<ops::RawSql> DecodeRawSql(const Json& v, const dsl::Context& ctx,
                                        const diag::SourceLoc& loc, const std::string& what) {
  ops::RawSql raw;
  raw.loc = loc;
  Json value = dsl::IsMarker(v, "sql") ? v.value("value", Json()) : v;
  if (value.is_string()) {
    if (!dsl::CheckText(ctx, loc, what + " text", value.get<std::string>())) return std::nullopt;
    for (const std::string& key : schema::SqlTextKeys()) raw.up[key] = value.get<std::string>();
    if (RefuseTransactionControl(raw, /*shared=*/true, ctx, loc, what)) return std::nullopt;
    return raw;
  }
  if (value.is_object() && !value.contains("$alab") && !value.empty()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!schema::IsSqlTextKey(it.key()) || !it->is_string()) {
        ctx.Error(loc, schema::UnknownSqlTextKey(what, it.key(), ""));
        return std::nullopt;
      }
      if (!dsl::CheckText(ctx, loc, fmt::format("{} {} text", what, it.key()),
                          it->get<std::string>()))
        return std::nullopt;
      raw.up[it.key()] = it->get<std::string>();
    }
    if (RefuseTransactionControl(raw, /*shared=*/false, ctx, loc, what)) return std::nullopt;
    return raw;
  }
  std::string forms;
  for (const std::string& key : schema::SqlTextKeys()) forms += ", " + key + "(\"...\")";
  ctx.Error(loc, fmt::format("{} needs SQL text{} or sql({{{}}}), got {}", what, forms,
                             schema::SqlTextKeysText(", "), dsl::DescribeArg(value)));
  return std::nullopt;
}

void DecodeOp(const Json& entry, const std::string& file, diag::DiagnosticSink& diags,
              std::vector<ops::Op>& out) {
  std::string n = entry.value("n", "");
  const Json& a = entry["a"];
  diag::SourceLoc loc = dsl::Loc(entry["loc"], file);
  dsl::Context ctx{file, "", "", true, &diags};
  std::optional<std::string> ref;
  if (n != "sql" && n != "drop_index") {
    ref = Str(a, 0, ctx, loc, fmt::format("{}() table reference", n));
    if (!ref) return;
    ctx.ns = NsOf(*ref);
    ctx.table_sql = schema::SqlNameOfRef(*ref);
  }
  if (n == "create_table") {
    schema::Table t;
    std::tie(t.ns, t.name) = schema::SplitRef(*ref);
    t.loc = loc;
    dsl::ColumnParts parts = BodyParts(entry, ctx, loc, "create_table");
    std::vector<schema::Index> indexes = std::move(parts.indexes);
    std::vector<dsl::ManyToMany> m2m = std::move(parts.many_to_many);
    parts.indexes.clear();
    schema::AddColumnParts(t, parts, file, diags);
    schema::CheckKeyPositions(t, diags);
    schema::NormalizeKeyPlaces(t);
    out.push_back(ops::CreateTable{std::move(t), loc});
    for (auto& i : indexes) out.push_back(ops::CreateIndex{*ref, i, i.loc});
    for (const auto& m : m2m) {
      schema::Table j = JunctionTable(*ref, m.ref, m.loc);
      std::vector<schema::Index> jidx = std::move(j.indexes);
      j.indexes.clear();
      std::string jname = j.name;
      out.push_back(ops::CreateTable{std::move(j), m.loc});
      for (auto& i : jidx) out.push_back(ops::CreateIndex{jname, i, m.loc});
    }
  } else if (n == "drop_table") {
    ops::DropTable d;
    std::tie(d.table.ns, d.table.name) = schema::SplitRef(*ref);
    d.loc = loc;
    out.push_back(std::move(d));
  } else if (n == "rename_table") {
    auto to = Str(a, 1, ctx, loc, "rename_table() new name");
    if (!to) return;
    std::string full =
        to->find('.') != std::string::npos || ctx.ns.empty() ? *to : ctx.ns + "." + *to;
    out.push_back(ops::RenameTable{*ref, full, loc});
  } else if (n == "add_column") {
    dsl::ColumnParts parts = BodyParts(entry, ctx, loc, "add_column");
    for (auto& c : parts.columns) {
      diag::SourceLoc cl = c.loc;
      out.push_back(ops::AddColumn{*ref, std::move(c), cl});
    }
    for (auto& f : parts.foreign_keys) out.push_back(ops::AddForeignKey{*ref, f, f.loc});
    for (auto& i : parts.indexes) out.push_back(ops::CreateIndex{*ref, i, i.loc});
    if (!parts.polymorphic.empty() || !parts.many_to_many.empty())
      ctx.Error(loc,
                "add_column() cannot add belongs_to_any() or many_to_many(); use create_table");
  } else if (n == "drop_column") {
    auto col = Str(a, 1, ctx, loc, "drop_column() column name");
    if (!col) return;
    ops::DropColumn d{*ref, {}, loc};
    d.column.name = *col;
    out.push_back(std::move(d));
  } else if (n == "rename_column") {
    auto from = Str(a, 1, ctx, loc, "rename_column() old name");
    auto to = Str(a, 2, ctx, loc, "rename_column() new name");
    if (from && to) out.push_back(ops::RenameColumn{*ref, *from, *to, loc});
  } else if (n == "alter_column") {
    auto col = Str(a, 1, ctx, loc, "alter_column() column name");
    if (!col) return;
    if (!entry.contains("body")) {
      ctx.Error(loc,
                "alter_column() needs a callback: alter_column(\"ns.table\", \"col\", (c) => "
                "c.set_not_null())");
      return;
    }
    ops::AlterColumn alt;
    alt.table = *ref;
    alt.from.name = alt.to.name = *col;
    alt.change = ops::ColumnChange{};
    AlterChange(entry, ctx, *alt.change);
    alt.loc = loc;
    out.push_back(std::move(alt));
  } else if (n == "create_index") {
    schema::Index idx;
    // A native index (its definition in `native`) may list no columns: [].
    const bool no_columns = a.size() > 2 && a[1].is_array() && a[1].empty() && a[2].is_object() &&
                            a[2].contains("native");
    if (!no_columns) idx.columns = Names(a, 1, ctx, loc, "create_index() columns");
    idx.loc = loc;
    if (const Json* o = Options(a, 2, ctx, loc, "create_index()")) {
      if (o->contains("unique"))
        idx.unique = (*o)["unique"].is_boolean() && (*o)["unique"].get<bool>();
      if (o->contains("where") && (*o)["where"].is_string())
        idx.where = (*o)["where"].get<std::string>();
      if (o->contains("native") && !dsl::DecodeNativeIndex((*o)["native"], ctx, loc, idx.native))
        return;
      if (o->contains("constraint")) {
        if (!(*o)["constraint"].is_boolean() || !idx.unique || !idx.where.empty()) {
          ctx.Error(loc, "create_index() constraint: true needs unique: true and no where");
          return;
        }
        idx.constraint = (*o)["constraint"].get<bool>();
      }
      if (!dsl::CheckText(ctx, loc, "create_index() where", idx.where)) return;
      if (o->contains("name") && (*o)["name"].is_string()) {
        idx.name = (*o)["name"].get<std::string>();
        if (std::string problem = schema::IdentifierProblem(idx.name); !problem.empty()) {
          ctx.Error(loc, "create_index() name: " + problem);
          return;
        }
      }
    }
    if (!idx.native.empty() && idx.name.empty()) {
      ctx.Error(loc, "create_index() with a native definition needs a name");
      return;
    }
    if (idx.name.empty()) idx.name = schema::IndexName(ctx.table_sql, idx.columns, idx.unique);
    if (!idx.columns.empty() || !idx.native.empty())
      out.push_back(ops::CreateIndex{*ref, idx, loc});
  } else if (n == "drop_index") {
    ops::DropIndex d;
    d.loc = loc;
    auto name = Str(a, a.size() >= 2 ? 1 : 0, ctx, loc, "drop_index() index name");
    if (!name) return;
    if (a.size() >= 2 && a[0].is_string()) d.table = a[0].get<std::string>();
    d.index.name = *name;
    out.push_back(std::move(d));
  } else if (n == "add_foreign_key") {
    schema::ForeignKey fk;
    fk.columns = Names(a, 1, ctx, loc, "add_foreign_key() columns");
    auto target = Str(a, 2, ctx, loc, "add_foreign_key() referenced table");
    if (!target || fk.columns.empty()) return;
    fk.ref_table = dsl::ResolveRef(*target, ctx.ns);
    fk.ref_columns = a.size() > 3 && !a[3].is_object()
                         ? Names(a, 3, ctx, loc, "add_foreign_key() referenced columns")
                         : std::vector<std::string>{"id"};
    fk.loc = loc;
    if (const Json* o = Options(a, 4, ctx, loc, "add_foreign_key()")) {
      if (o->contains("name") && (*o)["name"].is_string())
        fk.name = (*o)["name"].get<std::string>();
      for (const char* key : {"on_delete", "on_update"}) {
        if (!o->contains(key)) continue;
        std::optional<schema::FkAction> act;
        if ((*o)[key].is_string()) act = schema::FkActionFromString((*o)[key].get<std::string>());
        if (!act)
          ctx.Error(
              loc,
              fmt::format("{} must be one of CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION",
                          key));
        else
          (std::string(key) == "on_delete" ? fk.on_delete : fk.on_update) = *act;
      }
      if (o->contains("deferrable")) {
        std::optional<schema::FkDeferral> d;
        if ((*o)["deferrable"].is_string())
          d = schema::FkDeferralFromString((*o)["deferrable"].get<std::string>());
        if (!d)
          ctx.Error(loc, "add_foreign_key() deferrable must be \"immediate\" or \"deferred\"");
        else
          fk.deferral = *d;
      }
    }
    if (fk.name.empty()) fk.name = schema::ForeignKeyName(ctx.table_sql, fk.columns);
    out.push_back(ops::AddForeignKey{*ref, fk, loc});
  } else if (n == "drop_foreign_key") {
    auto name = Str(a, 1, ctx, loc, "drop_foreign_key() constraint name");
    if (!name) return;
    ops::DropForeignKey d{*ref, {}, loc};
    d.fk.name = *name;
    out.push_back(std::move(d));
  } else if (n == "add_check") {
    auto name = Str(a, 1, ctx, loc, "add_check() name");
    auto expr = Str(a, 2, ctx, loc, "add_check() expression");
    if (name && expr) out.push_back(ops::AddCheck{*ref, schema::Check{*name, *expr, loc}, loc});
  } else if (n == "drop_check") {
    auto name = Str(a, 1, ctx, loc, "drop_check() name");
    if (!name) return;
    ops::DropCheck d{*ref, {}, loc};
    d.check.name = *name;
    out.push_back(std::move(d));
  } else if (n == "sql") {
    if (a.empty()) {
      ctx.Error(loc, "sql() needs a statement");
      return;
    }
    auto raw = DecodeRawSql(a[0], ctx, loc, "sql()");
    if (!raw) return;
    if (a.size() > 1 && !dsl::IsMarker(a[1], "undefined") && !a[1].is_null()) {
      auto down = DecodeRawSql(a[1], ctx, loc, "sql() down statement");
      if (!down) return;
      raw->down = std::move(down->up);
    }
    out.push_back(std::move(*raw));
  } else {
    ctx.Error(loc, fmt::format("unknown migration operation '{}'", n));
  }
}

void DecodeHook(const Json& entry, const std::string& file, diag::DiagnosticSink& diags,
                std::vector<Hook>& out) {
  std::string n = entry.value("n", "");
  const Json& a = entry["a"];
  diag::SourceLoc loc = dsl::Loc(entry["loc"], file);
  dsl::Context ctx{file, "", "", true, &diags};
  Hook h;
  h.loc = loc;
  if (n == "before" || n == "after") {
    h.kind = n == "before" ? Hook::Kind::kBefore : Hook::Kind::kAfter;
    auto raw = a.empty() ? std::nullopt : DecodeRawSql(a[0], ctx, loc, n + "()");
    if (a.empty()) ctx.Error(loc, n + "() needs an SQL statement");
    if (!raw) return;
    h.sql = *raw;
  } else if (n == "backfill") {
    h.kind = Hook::Kind::kBackfill;
    auto table = Str(a, 0, ctx, loc, "backfill() table");
    auto column = Str(a, 1, ctx, loc, "backfill() column");
    auto value = Str(a, 2, ctx, loc, "backfill() SQL value");
    if (!table || !column || !value) return;
    h.table = *table;
    h.column = *column;
    h.value_sql = *value;
  } else {
    ctx.Error(loc, fmt::format("unknown hook method '{}'", n));
    return;
  }
  out.push_back(std::move(h));
}

}  // namespace alab::migration
