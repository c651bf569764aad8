#include "dialect/sqlite/inspect.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/inspect_sql.h"
#include "dialect/sqlite/render.h"
#include "dialect/sqlite/types.h"

namespace alab::dialect::sqlite {

namespace {

constexpr const char* kUserTables =
    "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.sql NOT LIKE 'CREATE "
    "VIRTUAL%'";

std::string Str(const Row& r, size_t i) { return i < r.size() && r[i] ? *r[i] : std::string(); }
int Int(const Row& r, size_t i) { return i < r.size() && r[i] ? std::atoi(r[i]->c_str()) : 0; }

// "VARCHAR(255)" -> {"VARCHAR", {255}}
std::pair<std::string, std::vector<int>> SplitType(const std::string& type) {
  std::string t = Trim(type);
  std::vector<int> args;
  auto open = t.find('(');
  if (open != std::string::npos) {
    auto close = t.find(')', open);
    for (const auto& a : Split(
             t.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1),
             ','))
      args.push_back(std::atoi(Trim(a).c_str()));
    t = Trim(t.substr(0, open));
  }
  std::string upper;
  for (char c : t) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return {upper, args};
}

schema::FkAction Action(const std::string& s) {
  return schema::FkActionFromString(s).value_or(schema::FkAction::kNoAction);
}

}  // namespace

void MapSqliteType(const RawColumn& raw, schema::Column& col) {
  using schema::Type;
  // The declared type decides what a recreated table declares, and SQLite keeps it as
  // written: it becomes one of alab's types only when alab declares exactly it; any other
  // (INT, VARCHAR without a length, DOUBLE, a column without a type) is kept as written, a
  // native type. Affinity, not the text, then decides drift (SameSqliteStoredType).
  auto [type_name, args] = SplitType(raw.type);
  const auto& t = type_name;  // a plain variable: clang 14 cannot capture structured bindings
  const size_t nargs = args.size();
  auto is = [&t, nargs](const char* name, size_t want_args = 0) {
    return t == name && nargs == want_args;
  };
  if (is("VARCHAR", 1) && args[0] > 0) {
    col.type = Type::kString;
    col.length = args[0];
  } else if (is("DECIMAL_TEXT", 2) && args[0] > 0) {
    // DECIMAL_TEXT: render version >= 2. NUMERIC(p,s), which render version 1 declared, has
    // NUMERIC affinity (1.50 is stored as the real 1.5): kept as written, and drift still
    // finds it the same as a decimal() (SameSqliteStoredType).
    col.type = Type::kDecimal;
    col.precision = args[0];
    col.scale = args[1];
  } else if (is("TEXT")) {
    col.type = Type::kText;
  } else if (is("INTEGER")) {
    col.type = Type::kInteger;
  } else if (is("BIGINT")) {
    col.type = Type::kBigint;
  } else if (is("REAL")) {
    col.type = Type::kFloat;
  } else if (is("BOOLEAN")) {
    col.type = Type::kBoolean;
  } else if (is("DATE")) {
    col.type = Type::kDate;
  } else if (is("TIME")) {
    col.type = Type::kTime;
  } else if (is("DATETIME")) {
    col.type = Type::kDatetime;
  } else if (is("BLOB")) {
    col.type = Type::kBase64;
  } else {
    col.type = Type::kNative;
    col.native = {{"sqlite", Trim(raw.type)}};
  }
}

Expected<RawSchema> ReadSqliteCatalog(Connection& conn) {
  RawSchema raw;
  std::map<std::string, size_t> pos;
  std::map<std::string, std::string> index_sql;
  auto objects = conn.Query(
      std::string("SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_schema m WHERE (") +
      kUserTables + ") OR (m.type = 'index' AND m.sql IS NOT NULL) ORDER BY m.type DESC, m.name");
  if (!objects) return objects.error();
  std::map<std::string, ParsedCreateTable> parsed;
  for (const Row& r : objects->rows) {
    if (Str(r, 0) == "table") {
      pos[Str(r, 1)] = raw.tables.size();
      parsed[Str(r, 1)] = ParseCreateTable(Str(r, 3));
      raw.tables.push_back(RawTable{Str(r, 1), {}, {}, {}, {}, parsed[Str(r, 1)].unmodelled});
    } else {
      index_sql[Str(r, 1)] = Str(r, 3);
    }
  }

  auto cols = conn.Query(
      std::string("SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
                  "FROM sqlite_schema m, pragma_table_xinfo(m.name) p WHERE ") +
      kUserTables + " ORDER BY m.name, p.cid");
  if (!cols) return cols.error();
  for (const Row& r : cols->rows) {
    auto it = pos.find(Str(r, 0));
    if (it == pos.end()) continue;
    RawColumn c;
    c.name = Str(r, 1);
    c.type = Str(r, 2);
    // A column's collation is part of its type as SQLite reads a definition (TEXT COLLATE
    // NOCASE): it decides comparisons, sorting and uniqueness, so a recreated table keeps it.
    const auto& colls = parsed[Str(r, 0)].collations;
    auto coll = colls.find(ToLower(c.name));
    if (coll == colls.end()) coll = colls.find(c.name);
    if (coll != colls.end()) c.type = Trim(c.type + " COLLATE " + coll->second);
    c.not_null = Int(r, 3) != 0;
    if (r.size() > 4 && r[4]) c.default_expr = *r[4];
    c.pk_position = Int(r, 5);
    int hidden = Int(r, 6);
    if (hidden == 2 || hidden == 3) {
      for (const auto& g : parsed[Str(r, 0)].generated)
        if (g.column == ToLower(c.name) || g.column == c.name) c.generated_expr = g.expr;
      if (!c.generated_expr) c.generated_expr = "";
      c.generated_stored = hidden == 3;
    }
    raw.tables[it->second].columns.push_back(std::move(c));
  }

  auto idx = conn.Query(
      std::string("SELECT m.name, il.name, il.\"unique\", il.origin, ii.seqno, ii.cid, ii.name, "
                  "ii.\"desc\", ii.coll FROM sqlite_schema m, pragma_index_list(m.name) il, "
                  "pragma_index_xinfo(il.name) ii WHERE ii.key AND (") +
      kUserTables + ") ORDER BY m.name, il.name, ii.seqno");
  if (!idx) return idx.error();
  for (const Row& r : idx->rows) {
    auto it = pos.find(Str(r, 0));
    if (it == pos.end()) continue;
    RawTable& t = raw.tables[it->second];
    std::string name = Str(r, 1);
    if (t.indexes.empty() || t.indexes.back().name != name) {
      RawIndex ri;
      ri.name = name;
      ri.unique = Int(r, 2) != 0;
      ri.primary = Str(r, 3) == "pk";
      ri.constraint_backed = Str(r, 3) == "u";
      auto s = index_sql.find(name);
      if (s != index_sql.end()) ri.where = IndexWhereClause(s->second);
      t.indexes.push_back(std::move(ri));
    }
    t.indexes.back().columns.push_back(Int(r, 5) >= 0 ? Str(r, 6) : "");
    // An expression, DESC or another collation: the index is kept as its SQL writes it after
    // the table's name ("(title DESC) WHERE ..."), which is what CREATE INDEX takes.
    const bool plain = Int(r, 5) >= 0 && Int(r, 7) == 0 && ToLower(Str(r, 8)) == "binary";
    auto s = index_sql.find(name);
    if (!plain && s != index_sql.end() && t.indexes.back().native_definition.empty()) {
      auto open = s->second.find('(');
      if (open != std::string::npos) {
        t.indexes.back().native_definition = Trim(s->second.substr(open));
        t.indexes.back().where.clear();
      }
    }
  }

  auto fks = conn.Query(
      std::string("SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, "
                  "f.on_delete FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE ") +
      kUserTables + " ORDER BY m.name, f.id DESC, f.seq");
  if (!fks) return fks.error();
  int last_id = -1;
  std::string last_table;
  for (const Row& r : fks->rows) {
    auto it = pos.find(Str(r, 0));
    if (it == pos.end()) continue;
    RawTable& t = raw.tables[it->second];
    if (Str(r, 0) != last_table || Int(r, 1) != last_id) {
      RawForeignKey fk;
      fk.ref_table = Str(r, 2);
      fk.on_update = Action(Str(r, 5));
      fk.on_delete = Action(Str(r, 6));
      t.foreign_keys.push_back(std::move(fk));
      last_table = Str(r, 0);
      last_id = Int(r, 1);
    }
    t.foreign_keys.back().columns.push_back(Str(r, 3));
    t.foreign_keys.back().ref_columns.push_back(Str(r, 4));
  }

  for (RawTable& t : raw.tables) {
    const ParsedCreateTable& p = parsed[t.name];
    // Names of foreign keys: match the parsed declarations by their columns.
    std::vector<bool> used(p.foreign_keys.size(), false);
    for (RawForeignKey& fk : t.foreign_keys) {
      std::vector<std::string> lower;
      for (const auto& c : fk.columns) lower.push_back(ToLower(c));
      for (size_t i = 0; i < p.foreign_keys.size(); ++i) {
        if (used[i] || p.foreign_keys[i].columns != lower) continue;
        used[i] = true;
        fk.name = p.foreign_keys[i].name;
        fk.deferral = p.foreign_keys[i].deferral;
        break;
      }
    }
    for (const ParsedCheck& pc : p.checks) {
      std::string column;
      if (!pc.column.empty())
        for (const auto& c : t.columns)
          if (ToLower(c.name) == pc.column || c.name == pc.column) column = c.name;
      t.checks.push_back(RawCheck{pc.name, pc.expr, column});
    }
  }
  return raw;
}

namespace {

using schema::Column;
using schema::Type;

// How alab stores a type's values in SQLite (not the declared type's affinity: a boolean is
// stored as an integer 0/1, a datetime as ISO 8601 text). SQLite does not enforce a declared
// length or precision, so two types stored alike are the same column there; the constraints
// alab adds (boolean, json, enum checks) still tell them apart.
std::string SqliteStoredAs(Type t) {
  switch (t) {
    case Type::kInteger:
    case Type::kBigint:
    case Type::kBoolean:
      return "integer";
    case Type::kFloat:
      return "real";
    case Type::kDecimal:
      return "numeric";
    case Type::kUuid:
    case Type::kString:
    case Type::kText:
    case Type::kDate:
    case Type::kTime:
    case Type::kDatetime:
    case Type::kJson:
    case Type::kBase64:
    case Type::kEnum:
      return "text";
    case Type::kNative:
      ALAB_UNREACHABLE("SameSqliteStoredType compares native types by affinity");
  }
  ALAB_UNREACHABLE("a type without SQLite storage");
}

// SQLite's affinity of a declared type (https://sqlite.org/datatype3.html, 3.1).
// A declared type's text before and after its COLLATE clause, upper-cased ("TEXT", "NOCASE").
std::pair<std::string, std::string> SplitCollate(const std::string& declared) {
  std::string t;
  for (char ch : declared)
    t.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  size_t at = (" " + t).find(" COLLATE ");
  if (at == std::string::npos) return {Trim(t), ""};
  return {Trim(t.substr(0, at)), Trim(t.substr(std::min(t.size(), at + 8)))};
}

std::string Affinity(const std::string& declared) {
  const std::string t = SplitCollate(declared).first;
  if (t.find("INT") != std::string::npos) return "integer";
  if (t.find("CHAR") != std::string::npos || t.find("CLOB") != std::string::npos ||
      t.find("TEXT") != std::string::npos)
    return "text";
  if (t.find("BLOB") != std::string::npos || Trim(t).empty()) return "blob";
  if (t.find("REAL") != std::string::npos || t.find("FLOA") != std::string::npos ||
      t.find("DOUB") != std::string::npos)
    return "real";
  return "numeric";
}

// The affinities a column of `c`'s type may have: its native text's, or that of the type alab
// declares for it (a decimal is NUMERIC(p,s) before render version 2, DECIMAL_TEXT after).
std::set<std::string> Affinities(const Column& c) {
  if (c.type == Type::kNative) {
    auto it = c.native.find("sqlite");
    return {it == c.native.end() ? "" : Affinity(it->second)};
  }
  if (c.type == Type::kDecimal) return {"numeric", "text"};
  return {Affinity(SqlType(c))};
}

// The kind of implicit constraint a type carries on SQLite.
int ImplicitCheckKind(Type t) {
  if (t == Type::kBoolean) return 1;
  if (t == Type::kJson) return 2;
  if (t == Type::kEnum) return 3;
  return 0;
}

}  // namespace

bool SameSqliteStoredType(const Column& e, const Column& a) {
  if (e.type == Type::kNative || a.type == Type::kNative) {
    // Affinity decides how SQLite stores a value, so it decides drift; alab's own checks
    // (boolean, json, enum) tell its types apart beyond that.
    if (ImplicitCheckKind(e.type) != ImplicitCheckKind(a.type)) return false;
    // The collation decides comparisons and uniqueness: another one is drift.
    auto collation = [](const Column& c) {
      auto it = c.native.find("sqlite");
      return c.type == Type::kNative && it != c.native.end() ? SplitCollate(it->second).second
                                                             : std::string();
    };
    if (collation(e) != collation(a)) return false;
    std::set<std::string> ea = Affinities(e), aa = Affinities(a);
    return std::any_of(ea.begin(), ea.end(), [&aa](const std::string& x) { return aa.count(x); });
  }
  if (SqliteStoredAs(e.type) != SqliteStoredAs(a.type)) return false;
  if (ImplicitCheckKind(e.type) != ImplicitCheckKind(a.type)) return false;
  // The same storage, but integer() promises 32 bits: a BIGINT column is not one.
  if ((e.type == Type::kBigint) != (a.type == Type::kBigint)) return false;
  return e.type != Type::kEnum || e.enum_values == a.enum_values;
}

std::string SqliteCanonicalDefault(const std::string& n) {
  if (n == "datetime 'now'" || n == "datetime 'now' , 'utc'") return "current_timestamp";
  if (n == "date 'now'") return "current_date";
  if (n == "time 'now'") return "current_time";
  return n;
}

schema::Value SqliteSqlDefault(const std::string& expr, const Column& col) {
  // A datetime's CURRENT_TIMESTAMP as SQLite spells it from render version 3.
  if (col.type == Type::kDatetime && IsIsoNowSql(expr))
    return schema::Value::Sql({{kName, "CURRENT_TIMESTAMP"}});
  return schema::Value::Sql({{kName, expr}});
}

bool IsSqliteTypeCheck(const std::string& expr, const schema::Table& t) {
  for (const auto& c : t.columns)
    if (auto tc = TypeCheck(t.SqlName(), c); tc && NormalizeExpr(expr) == NormalizeExpr(tc->expr))
      return true;
  return false;
}

void GuessSqliteUuids(schema::Schema& s) {
  for (auto& t : s.tables)
    for (auto& c : t.columns)
      if (c.type == Type::kText && EndsWith(c.name, "_id") && !c.default_value && !c.computed)
        c.type = Type::kUuid;
}

}  // namespace alab::dialect::sqlite
