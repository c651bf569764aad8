#include "dialect/postgres/inspect.h"

#include <cctype>
#include <map>

#include <fmt/format.h>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/inspect_sql.h"
#include "dialect/postgres/render.h"
#include "dialect/postgres/types.h"
#include "schema/validate.h"

namespace alab::dialect::postgres {

namespace {

// Lists come back as text joined with the unit separator (no array parsing needed).
constexpr char kSep = '\x1f';

constexpr const char* kColumnsSql = R"sql(
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), a.attgenerated::text,
       CASE WHEN t.typtype = 'e' THEN
         (SELECT string_agg(e.enumlabel, E'\x1f' ORDER BY e.enumsortorder) FROM pg_enum e
           WHERE e.enumtypid = t.oid) END,
       COALESCE(array_position(pk.conkey, a.attnum), 0),
       a.attidentity::text,
       a.attidentity = '' AND pg_get_serial_sequence(format('%I', c.relname), a.attname) IS NOT NULL
         AND pg_get_expr(d.adbin, d.adrelid) = format('nextval(%L::regclass)',
               pg_get_serial_sequence(format('%I', c.relname), a.attname)::regclass::text),
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
         (SELECT quote_ident(co.collname) FROM pg_collation co WHERE co.oid = a.attcollation) END,
       t.typnamespace <> 'pg_catalog'::regnamespace AND t.typtype <> 'e'
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
LEFT JOIN pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p'
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY a.attrelid, a.attnum)sql";

constexpr const char* kConstraintsSql = R"sql(
SELECT c.relname, con.conname, con.contype::text, pg_get_expr(con.conbin, con.conrelid, true),
       (SELECT string_agg(a.attname, E'\x1f' ORDER BY k.ord)
          FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
       fc.relname,
       (SELECT string_agg(a.attname, E'\x1f' ORDER BY k.ord)
          FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
       con.confupdtype::text, con.confdeltype::text, con.condeferrable,
       con.condeferred
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
WHERE n.nspname = current_schema() AND con.contype IN ('c', 'f') AND c.relkind IN ('r', 'p')
ORDER BY con.conrelid, con.oid)sql";

constexpr const char* kIndexesSql = R"sql(
SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary,
       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = ix.indexrelid AND k.conrelid = ix.indrelid
                 AND k.contype IN ('u', 'p', 'x')),
       pg_get_expr(ix.indpred, ix.indrelid, true),
       (SELECT string_agg(COALESCE(a.attname, ''), E'\x1f' ORDER BY k.ord)
          FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
          LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0
         WHERE k.ord <= ix.indnkeyatts),
       ix.indnkeyatts,
       pg_get_indexdef(ix.indexrelid),
       format('CREATE %sINDEX %s ON %s USING btree (%s)', CASE WHEN ix.indisunique THEN 'UNIQUE ' END,
              quote_ident(i.relname), quote_ident(n.nspname) || '.' || quote_ident(t.relname),
              (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
                 FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                WHERE k.ord <= ix.indnkeyatts)),
       ix.indnatts
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p')
ORDER BY ix.indrelid, ix.indexrelid)sql";

std::string Str(const Row& r, size_t i) { return i < r.size() && r[i] ? *r[i] : std::string(); }
bool Bool(const Row& r, size_t i) { return Str(r, i) == "t" || Str(r, i) == "true"; }

std::vector<std::string> SplitList(const std::optional<std::string>& s) {
  std::vector<std::string> out;
  if (!s) return out;
  size_t start = 0;
  for (size_t i = 0; i <= s->size(); ++i) {
    if (i == s->size() || (*s)[i] == kSep) {
      out.push_back(s->substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

schema::FkAction Action(const std::string& code) {
  if (code == "r") return schema::FkAction::kRestrict;
  if (code == "c") return schema::FkAction::kCascade;
  if (code == "n") return schema::FkAction::kSetNull;
  if (code == "d") return schema::FkAction::kSetDefault;
  return schema::FkAction::kNoAction;
}

}  // namespace

void MapPostgresType(const RawColumn& raw, schema::Column& col) {
  using schema::Type;
  // raw.type is format_type()'s spelling. A type becomes one of alab's only when alab renders
  // exactly it (so a recreated column is the same column); any other is kept as written, a
  // native type, never replaced by a nearest one (smallint is not integer(), timestamp
  // without time zone is not datetime(), a user-defined enum is not TEXT + CHECK).
  std::string t = ToLower(Trim(raw.type));
  auto keep = [&] {
    col.type = Type::kNative;
    col.native = {{"postgres", Trim(raw.type)}};
  };
  // A database enum type under a plain name (one in the search path, which format_type writes
  // unqualified and unquoted): col.enum(values, { type }). Another stays native.
  if (!raw.enum_labels.empty()) {
    if (t != Trim(raw.type) || !schema::IdentifierProblem(t).empty()) return keep();
    col.type = Type::kEnum;
    col.enum_values = raw.enum_labels;
    col.enum_type = t;
    return;
  }
  std::vector<int> args;
  std::string base = t;
  auto open = t.find('(');
  if (open != std::string::npos) {
    auto close = t.find(')', open);
    if (close == std::string::npos || t.find('[') != std::string::npos) return keep();
    for (const auto& a : Split(t.substr(open + 1, close - open - 1), ','))
      args.push_back(std::atoi(Trim(a).c_str()));
    base = Trim(t.substr(0, open) + (close + 1 < t.size() ? t.substr(close + 1) : ""));
  }
  if (base == "character varying" && args.size() == 1 && args[0] > 0) {
    col.type = Type::kString;
    col.length = args[0];
  } else if (base == "numeric" && args.size() == 2 && args[0] > 0) {
    col.type = Type::kDecimal;
    col.precision = args[0];
    col.scale = args[1];
  } else if (!args.empty()) {
    keep();
  } else if (base == "uuid") {
    col.type = Type::kUuid;
  } else if (base == "text") {
    col.type = Type::kText;
  } else if (base == "integer") {
    col.type = Type::kInteger;
  } else if (base == "bigint") {
    col.type = Type::kBigint;
  } else if (base == "double precision") {
    col.type = Type::kFloat;
  } else if (base == "boolean") {
    col.type = Type::kBoolean;
  } else if (base == "date") {
    col.type = Type::kDate;
  } else if (base == "time without time zone") {
    col.type = Type::kTime;
  } else if (base == "timestamp with time zone") {
    col.type = Type::kDatetime;
  } else if (base == "jsonb") {
    col.type = Type::kJson;
  } else if (base == "bytea") {
    col.type = Type::kBase64;
  } else {
    keep();
  }
}

Expected<RawSchema> ReadPostgresCatalog(Connection& conn) {
  RawSchema raw;
  std::map<std::string, size_t> pos;
  auto cols = conn.Query(kColumnsSql);
  if (!cols) return cols.error().WithContext("reading columns");
  for (const Row& r : cols->rows) {
    std::string table = Str(r, 0);
    auto it = pos.find(table);
    if (it == pos.end()) {
      it = pos.emplace(table, raw.tables.size()).first;
      raw.tables.push_back(RawTable{table, {}, {}, {}, {}, {}});
    }
    RawColumn c;
    c.name = Str(r, 1);
    c.type = Str(r, 2);
    c.not_null = Bool(r, 3);
    std::string generated = Str(r, 5);
    if (r.size() > 4 && r[4]) {
      if (generated == "s") {
        c.generated_expr = *r[4];
        c.generated_stored = true;
      } else {
        c.default_expr = *r[4];
      }
    }
    c.enum_labels = SplitList(r.size() > 6 ? r[6] : std::nullopt);
    c.pk_position = std::atoi(Str(r, 7).c_str());
    // A serial column (an integer whose default takes the next value of the sequence it owns)
    // and an identity column are written as PostgreSQL declares them, so a new database gets
    // its own sequence: `bigserial`, `bigint GENERATED BY DEFAULT AS IDENTITY`.
    static const std::map<std::string, std::string> kSerial = {
        {"smallint", "smallserial"}, {"integer", "serial"}, {"bigint", "bigserial"}};
    if (Bool(r, 9) && kSerial.count(c.type)) {
      c.type = kSerial.at(c.type);
      c.default_expr.reset();
    }
    // A column's own collation is part of its type as PostgreSQL reads DDL (text COLLATE "C").
    if (!Str(r, 10).empty()) c.type += " COLLATE " + Str(r, 10);
    c.user_type = Bool(r, 11);
    const std::string identity = Str(r, 8);
    if (identity == "a" || identity == "d")
      c.type +=
          identity == "a" ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY";
    raw.tables[it->second].columns.push_back(std::move(c));
  }

  auto cons = conn.Query(kConstraintsSql);
  if (!cons) return cons.error().WithContext("reading constraints");
  for (const Row& r : cons->rows) {
    auto it = pos.find(Str(r, 0));
    if (it == pos.end()) continue;
    RawTable& t = raw.tables[it->second];
    std::vector<std::string> cols_of = SplitList(r.size() > 4 ? r[4] : std::nullopt);
    if (Str(r, 2) == "c") {
      RawCheck ck;
      ck.name = Str(r, 1);
      ck.expr = Str(r, 3);
      // Only alab's own name (chk_<table>_<column>) makes a column check: a check under
      // another name stays a table check, so that dropping it uses its real name.
      t.checks.push_back(std::move(ck));
    } else {
      RawForeignKey fk;
      fk.name = Str(r, 1);
      fk.columns = cols_of;
      fk.ref_table = Str(r, 5);
      fk.ref_columns = SplitList(r.size() > 6 ? r[6] : std::nullopt);
      fk.on_update = Action(Str(r, 7));
      fk.on_delete = Action(Str(r, 8));
      if (Bool(r, 9))
        fk.deferral = Bool(r, 10) ? schema::FkDeferral::kDeferred : schema::FkDeferral::kImmediate;
      t.foreign_keys.push_back(std::move(fk));
    }
  }

  auto idx = conn.Query(kIndexesSql);
  if (!idx) return idx.error().WithContext("reading indexes");
  for (const Row& r : idx->rows) {
    auto it = pos.find(Str(r, 0));
    if (it == pos.end()) continue;
    RawIndex ri;
    ri.name = Str(r, 1);
    ri.unique = Bool(r, 2);
    ri.primary = Bool(r, 3);
    ri.constraint_backed = Bool(r, 4);
    ri.where = Str(r, 5);
    ri.columns = SplitList(r.size() > 6 ? r[6] : std::nullopt);
    // An index is alab's plain kind only when PostgreSQL's own definition of it is a btree over
    // those columns, ascending, with default operator classes and nothing INCLUDEd (then the
    // text is the plain one, with a WHERE after it for a partial index); any other is kept as
    // PostgreSQL writes it after `ON <table>`.
    const std::string def = Str(r, 8), plain = Str(r, 9);
    const bool included = std::atoi(Str(r, 10).c_str()) != std::atoi(Str(r, 7).c_str());
    const bool is_plain = !plain.empty() && !included && def.compare(0, plain.size(), plain) == 0 &&
                          (def.size() == plain.size() ||
                           (def.compare(plain.size(), 7, " WHERE ") == 0 && !ri.where.empty()));
    if (!is_plain && !ri.primary) {
      auto on = def.find(" USING ");
      ri.native_definition = on == std::string::npos ? def : def.substr(on + 1);
    }
    raw.tables[it->second].indexes.push_back(std::move(ri));
  }
  return raw;
}

namespace {

using schema::Column;
using schema::Type;

// Types that the same PostgreSQL column type stores (TEXT for text, enum, base64).
std::string PostgresBase(const Column& c) {
  switch (c.type) {
    case Type::kText:
    case Type::kBase64:
    case Type::kEnum:
      return "text";
    case Type::kString:
      return fmt::format("varchar({})", c.length);
    case Type::kDecimal:
      return fmt::format("numeric({},{})", c.precision, c.scale);
    case Type::kUuid:
    case Type::kInteger:
    case Type::kBigint:
    case Type::kFloat:
    case Type::kBoolean:
    case Type::kDate:
    case Type::kTime:
    case Type::kDatetime:
    case Type::kJson:
      return schema::TypeName(c.type);
    case Type::kNative:
      ALAB_UNREACHABLE("SamePostgresStoredType compares native types by their catalog spelling");
  }
  ALAB_UNREACHABLE("a column type without a case");
}

}  // namespace

Expected<RawSchema> PostgresDialect::ReadCatalog(Connection& conn) const {
  return ReadPostgresCatalog(conn);
}
void PostgresDialect::MapColumnType(const RawColumn& raw, schema::Column& col) const {
  MapPostgresType(raw, col);
}
bool PostgresDialect::SameStoredType(const Column& e, const Column& a) const {
  return SamePostgresStoredType(e, a);
}

namespace {

// format_type()'s spelling of a type as written in DDL: the aliases PostgreSQL accepts are
// spelled out ("int" -> "integer", "varchar(20)" -> "character varying(20)", "int[]" ->
// "integer[]"), case and spaces folded; a name it does not know stays as written.
std::string CatalogSpelling(const std::string& written) {
  static const std::map<std::string, std::string> kAliases = {
      {"int", "integer"},
      {"int4", "integer"},
      {"int2", "smallint"},
      {"int8", "bigint"},
      {"float8", "double precision"},
      {"float4", "real"},
      {"float", "double precision"},
      {"bool", "boolean"},
      {"varchar", "character varying"},
      {"char", "character"},
      {"decimal", "numeric"},
      {"varbit", "bit varying"},
  };
  std::string t;
  for (char ch : ToLower(Trim(written))) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      if (!t.empty() && t.back() != ' ') t += ' ';
    } else {
      t += ch;
    }
  }
  std::string dims;
  while (t.size() >= 2 && t.compare(t.size() - 2, 2, "[]") == 0) {
    dims += "[]";
    t = Trim(t.substr(0, t.size() - 2));
  }
  std::string args;
  if (auto open = t.find('('); open != std::string::npos) {
    auto close = t.find(')', open);
    if (close != std::string::npos) {
      args = t.substr(open, close - open + 1);
      std::string clean;
      for (char ch : args)
        if (ch != ' ') clean += ch;
      args = clean;
      t = Trim(t.substr(0, open) + t.substr(close + 1));
    }
  }
  std::string zone;
  auto split_zone = [&t, &zone] {
    for (const std::string z : {" with time zone", " without time zone"})
      if (zone.empty() && t.size() > z.size() && t.compare(t.size() - z.size(), z.size(), z) == 0) {
        zone = z;
        t = t.substr(0, t.size() - z.size());
      }
  };
  split_zone();
  if (auto it = kAliases.find(t); it != kAliases.end()) t = it->second;
  if (t == "timestamptz" || t == "timetz") {
    t.pop_back();
    t.pop_back();
    zone = " with time zone";
  }
  if (t == "time" || t == "timestamp")
    return t + args + (zone.empty() ? " without time zone" : zone) + dims;
  return t + args + zone + dims;
}

// format_type()'s spelling of the type alab renders for `c`.
std::string CatalogType(const Column& c) {
  if (c.type == Type::kNative) {
    auto it = c.native.find("postgres");
    return it == c.native.end() ? "" : CatalogSpelling(it->second);
  }
  return CatalogSpelling(SqlType(c));
}

}  // namespace

bool SamePostgresStoredType(const Column& e, const Column& a) {
  if (e.type == Type::kNative || a.type == Type::kNative) return CatalogType(e) == CatalogType(a);
  if (e.type == Type::kEnum || a.type == Type::kEnum)
    return e.type == a.type && e.enum_values == a.enum_values && e.enum_type == a.enum_type;
  return PostgresBase(e) == PostgresBase(a);
}

}  // namespace alab::dialect::postgres
