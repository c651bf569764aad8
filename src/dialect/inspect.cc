#include "dialect/inspect.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/dialect.h"
#include "dialect/inspect_expr.h"
#include "dialect/inspect_sql.h"

namespace alab::dialect {

bool IsInternalTable(const std::string& n) {
  return n == "alab_migrations" || n == "alab_migration_steps" || StartsWith(n, "alab_lock") ||
         StartsWith(n, "sqlite_");
}

bool IsUuidDefaultExpr(const std::string& expr) {
  std::string n = NormalizeExpr(expr);
  return n.find("gen_random_uuid") != std::string::npos ||
         n.find("uuid_generate_v4") != std::string::npos ||
         n.find("randomblob") != std::string::npos;
}

std::optional<schema::Value> DefaultToValue(const Dialect& dialect, const std::string& raw_expr,
                                            const schema::Column& col) {
  using schema::Type;
  using schema::Value;
  std::string expr = StripOuterParens(raw_expr);
  std::string norm = NormalizeExpr(expr);
  if (norm.empty() || norm == "null") return std::nullopt;
  bool numeric = col.type == Type::kInteger || col.type == Type::kBigint ||
                 col.type == Type::kFloat || col.type == Type::kDecimal;
  if (col.type == Type::kBoolean) {
    if (norm == "true" || norm == "1" || norm == "'t'" || norm == "'true'" || norm == "'1'")
      return Value::Bool(true);
    if (norm == "false" || norm == "0" || norm == "'f'" || norm == "'false'" || norm == "'0'")
      return Value::Bool(false);
  }
  if (auto num = NumericLiteral(expr)) {
    if (numeric || !StringLiteral(expr)) {
      try {
        return Value::Number(FormatNumber(std::stod(*num)));
      } catch (...) {
        return Value::Number(*num);
      }
    }
  }
  if (auto s = StringLiteral(expr)) {
    if (col.type == Type::kJson) {
      auto j = nlohmann::json::parse(*s, nullptr, false);
      if (!j.is_discarded()) {
        if (j.is_object() || j.is_array()) return Value::Json(j.dump());
        if (j.is_string()) return Value::String(j.get<std::string>());
        if (j.is_boolean()) return Value::Bool(j.get<bool>());
        if (j.is_number()) return Value::Number(FormatNumber(j.get<double>()));
      }
    }
    return Value::String(*s);
  }
  return dialect.SqlDefault(expr, col);
}

namespace {

struct Namer {
  std::map<std::string, std::pair<std::string, std::string>> by_sql;  // sql name -> (ns, name)
  bool by_prefix = false;

  std::pair<std::string, std::string> Split(const std::string& sql) const {
    auto it = by_sql.find(sql);
    if (it != by_sql.end()) return it->second;
    if (by_prefix) {
      auto u = sql.find('_');
      if (u != std::string::npos && u > 0 && u + 1 < sql.size())
        return {sql.substr(0, u), sql.substr(u + 1)};
    }
    return {"", sql};
  }
  std::string Ref(const std::string& sql) const {
    auto [ns, name] = Split(sql);
    return ns.empty() ? name : ns + "." + name;
  }
};

void Warn(const InspectOptions& o, std::string msg) {
  if (o.warnings) o.warnings->push_back(std::move(msg));
}

// The name alab gives a column's own .check() constraint: chk_<table>_<column>.
std::string ColumnCheckName(const std::string& table_sql, const std::string& column) {
  return schema::ShortenIdentifier("chk_" + table_sql + "_" + column);
}

// Recognises alab's implicit checks (boolean, json, enum) and folds them into the
// column's type; true when `expr` was one. Only alab's own shape under alab's own name
// (chk_<table>_<column>_enum, _bool, _json) is one: a hand-written CHECK (status IN (...))
// stays a check with its name, so nothing drops a constraint that does not exist.
bool FoldImplicitCheck(const std::string& full_expr, const std::string& name,
                       const std::string& column, schema::Table& t) {
  auto alab_name = [&](const std::string& col, const char* suffix) {
    return name == schema::ShortenIdentifier("chk_" + t.SqlName() + "_" + col + suffix);
  };
  // Nullable columns may carry `"x" IS NULL OR <check>`.
  std::string expr = full_expr;
  auto toks = TokenizeSql(full_expr);
  auto word = [&toks](size_t i, const char* w) {
    return i < toks.size() && toks[i].kind == SqlToken::Kind::kIdent && ToLower(toks[i].text) == w;
  };
  if (toks.size() > 4 &&
      (toks[0].kind == SqlToken::Kind::kIdent || toks[0].kind == SqlToken::Kind::kQuotedIdent) &&
      word(1, "is") && word(2, "null") && word(3, "or"))
    expr = StripOuterParens(full_expr.substr(toks[4].begin));
  if (auto in = ParseInList(expr)) {
    schema::Column* c = t.FindColumn(in->column);
    if (!c || (!column.empty() && column != c->name)) return false;
    bool int_type = c->type == schema::Type::kInteger || c->type == schema::Type::kBoolean;
    if (!in->all_strings && int_type && alab_name(c->name, "_bool") && in->values.size() == 2 &&
        std::set<std::string>(in->values.begin(), in->values.end()) ==
            std::set<std::string>{"0", "1"}) {
      c->type = schema::Type::kBoolean;
      return true;
    }
    if (in->all_strings && (c->type == schema::Type::kText || c->type == schema::Type::kString) &&
        c->enum_values.empty() && alab_name(c->name, "_enum")) {
      c->type = schema::Type::kEnum;
      c->length = 0;
      c->enum_values = in->values;
      return true;
    }
    return false;
  }
  if (auto jc = ParseJsonValid(expr)) {
    schema::Column* c = t.FindColumn(*jc);
    if (c && (c->type == schema::Type::kText || c->type == schema::Type::kJson) &&
        alab_name(c->name, "_json")) {
      c->type = schema::Type::kJson;
      return true;
    }
  }
  return false;
}

// Splits the table's checks into implicit ones (folded into types), column checks
// (Column::check) and table checks.
void ApplyChecks(const RawTable& rt, schema::Table& t, const Dialect& dialect) {
  int unnamed = 0;
  for (const RawCheck& rc : rt.checks) {
    std::string expr = StripOuterParens(rc.expr);
    if (dialect.IsTypeCheck(expr, t)) continue;
    std::string column = rc.column;
    bool own_name = false;
    for (const auto& c : t.columns) {
      if (!rc.name.empty() && rc.name == ColumnCheckName(t.SqlName(), c.name)) {
        column = c.name;
        own_name = true;
      }
    }
    if (!own_name && FoldImplicitCheck(expr, rc.name, column, t)) continue;
    // A column's .check() is alab's name for it; a check named otherwise keeps its name as a
    // table check (an unnamed one, which SQLite allows, becomes the column's).
    schema::Column* c = column.empty() ? nullptr : t.FindColumn(column);
    if (c && c->check.empty() && (own_name || rc.name.empty())) {
      c->check = expr;
      continue;
    }
    std::string name = rc.name;
    if (name.empty())
      name = unnamed++ == 0 ? t.SqlName() + "_check"
                            : fmt::format("{}_check{}", t.SqlName(), unnamed - 1);
    t.checks.push_back(schema::Check{name, expr, {}});
  }
}

// The expected schema declares `name` as an index of the table (a table-level .unique("c")
// has the name a unique column's index has): it is read back as that index.
bool ExpectedIndex(const InspectOptions& o, const schema::Table& t, const std::string& name) {
  if (o.expected == nullptr) return false;
  const schema::Table* et = o.expected->Find(t.Ref());
  if (et == nullptr) return false;
  return std::any_of(et->indexes.begin(), et->indexes.end(),
                     [&](const schema::Index& i) { return i.name == name; });
}

void ApplyIndexes(const RawTable& rt, schema::Table& t, const InspectOptions& o,
                  const Dialect& dialect) {
  const bool constraints = dialect.capabilities().unique_constraints;
  for (const RawIndex& ri : rt.indexes) {
    if (ri.primary) continue;
    if (!ri.native_definition.empty()) {
      schema::Index idx;
      idx.name = ri.name;
      idx.unique = ri.unique;
      idx.native = {{dialect.sql_key(), ri.native_definition}};
      t.indexes.push_back(std::move(idx));
      continue;
    }
    bool has_expr = std::any_of(ri.columns.begin(), ri.columns.end(),
                                [](const std::string& c) { return c.empty(); });
    if (has_expr || ri.columns.empty()) {
      Warn(o,
           fmt::format("index {} on {} uses expressions; it is not represented", ri.name, rt.name));
      continue;
    }
    // A UNIQUE constraint is never a column's .unique() (alab makes that an index).
    const bool constraint = constraints && ri.constraint_backed && ri.unique;
    if (ri.unique && ri.columns.size() == 1 && ri.where.empty() && !constraint) {
      schema::Column* c = t.FindColumn(ri.columns[0]);
      bool alab_name = ri.name == schema::IndexName(t.SqlName(), ri.columns, true);
      bool autoindex = StartsWith(ri.name, "sqlite_autoindex_");
      if (c && !c->unique && (alab_name || autoindex) && !ExpectedIndex(o, t, ri.name)) {
        c->unique = true;
        continue;
      }
    }
    schema::Index idx;
    idx.name = StartsWith(ri.name, "sqlite_autoindex_")
                   ? schema::IndexName(t.SqlName(), ri.columns, ri.unique)
                   : ri.name;
    idx.columns = ri.columns;
    idx.unique = ri.unique;
    idx.constraint = constraint;
    idx.where = StripOuterParens(ri.where);
    t.indexes.push_back(std::move(idx));
  }
}

// SQLite stores uuid columns as TEXT: a text column that references a uuid key is a uuid.
void InferUuidReferences(schema::Schema& s) {
  std::map<std::string, const schema::Table*> by_ref;
  for (const auto& t : s.tables) by_ref[t.Ref()] = &t;
  for (auto& t : s.tables) {
    for (const auto& fk : t.foreign_keys) {
      auto it = by_ref.find(fk.ref_table);
      if (it == by_ref.end()) continue;
      const schema::Table* target = it->second;
      for (size_t i = 0; i < fk.columns.size() && i < fk.ref_columns.size(); ++i) {
        schema::Column* c = t.FindColumn(fk.columns[i]);
        const schema::Column* rc = target->FindColumn(fk.ref_columns[i]);
        if (c && rc && c->type == schema::Type::kText && rc->type == schema::Type::kUuid)
          c->type = schema::Type::kUuid;
      }
    }
  }
}

}  // namespace

schema::Schema BuildSchema(const Dialect& dialect, const RawSchema& raw,
                           const InspectOptions& options) {
  Namer namer;
  namer.by_prefix = options.namespace_by_prefix;
  if (options.expected)
    for (const auto& t : options.expected->tables) namer.by_sql[t.SqlName()] = {t.ns, t.name};
  std::set<std::string> ignored(options.ignore_tables.begin(), options.ignore_tables.end());
  std::map<std::string, std::vector<std::string>> pk_of;  // sql name -> pk columns in order
  for (const RawTable& rt : raw.tables) {
    std::vector<std::pair<int, std::string>> pk;
    for (const auto& c : rt.columns)
      if (c.pk_position > 0) pk.emplace_back(c.pk_position, c.name);
    std::sort(pk.begin(), pk.end());
    for (auto& p : pk) pk_of[rt.name].push_back(p.second);
  }

  schema::Schema out;
  for (const RawTable& rt : raw.tables) {
    if (IsInternalTable(rt.name) || ignored.count(rt.name)) continue;
    schema::Table t;
    std::tie(t.ns, t.name) = namer.Split(rt.name);
    for (const RawColumn& rc : rt.columns) {
      schema::Column c;
      c.name = rc.name;
      c.position = static_cast<int>(t.columns.size()) + 1;  // the catalog lists them in order
      dialect.MapColumnType(rc, c);
      if (!rc.enum_labels.empty() && c.type != schema::Type::kEnum)
        Warn(options,
             fmt::format("column {}.{} has the enum type {} ({}); alab does not create database "
                         "types: on a new database, create it before the table (m.sql(\"CREATE "
                         "TYPE ... AS ENUM (...)\") first in the migration)",
                         rt.name, rc.name, rc.type, Join(rc.enum_labels, ", ")));
      if (rc.user_type)
        Warn(options, fmt::format("column {}.{} has the type {}, defined in this database (a "
                                  "domain or composite type); alab does not create database "
                                  "types: on a new database, create it before the table",
                                  rt.name, rc.name, rc.type));
      c.primary_key = rc.pk_position > 0;
      c.nullable = !rc.not_null && !c.primary_key;
      if (rc.generated_expr) {
        if (auto e = ParseGeneratedExpr(*rc.generated_expr)) {
          c.computed = schema::Computed{*e, rc.generated_stored};
        } else {
          Warn(options, fmt::format("generated column {}.{} ({}) is not representable with fn.*",
                                    rt.name, rc.name, *rc.generated_expr));
        }
      }
      t.columns.push_back(std::move(c));
    }
    {
      // A key out of column order gives each key column its place (`.primary_key(2)`).
      std::vector<std::string> in_column_order, in_key_order = pk_of[rt.name];
      for (const RawColumn& rc : rt.columns)
        if (rc.pk_position > 0) in_column_order.push_back(rc.name);
      if (in_column_order != in_key_order)
        for (size_t k = 0; k < in_key_order.size(); ++k)
          if (schema::Column* c = t.FindColumn(in_key_order[k]))
            c->key_position = static_cast<int>(k) + 1;
    }
    for (const std::string& u : rt.unmodelled)
      Warn(options, fmt::format("table {}: {}, which schema files do not say: a new database "
                                "gets the table without it",
                                rt.name, u));
    ApplyChecks(rt, t, dialect);
    for (const RawColumn& rc : rt.columns) {
      schema::Column* c = t.FindColumn(rc.name);
      if (c && rc.default_expr && !rc.generated_expr)
        c->default_value = DefaultToValue(dialect, *rc.default_expr, *c);
    }
    // An id() column: a uuid primary key whose default is the random-uuid expression.
    for (auto& c : t.columns) {
      if (c.primary_key && c.default_value && c.default_value->kind == schema::Value::Kind::kSql &&
          IsUuidDefaultExpr(c.default_value->JoinedSqlTexts("")) &&
          (c.type == schema::Type::kUuid || c.type == schema::Type::kText ||
           c.type == schema::Type::kString)) {
        c.type = schema::Type::kUuid;
        c.length = 0;
        c.default_value.reset();
      }
    }
    ApplyIndexes(rt, t, options, dialect);
    for (const RawForeignKey& rf : rt.foreign_keys) {
      schema::ForeignKey fk;
      fk.name = rf.name.empty() ? schema::ForeignKeyName(rt.name, rf.columns) : rf.name;
      fk.columns = rf.columns;
      fk.ref_table = namer.Ref(rf.ref_table);
      fk.ref_columns = rf.ref_columns;
      if (fk.ref_columns.empty() || std::all_of(fk.ref_columns.begin(), fk.ref_columns.end(),
                                                [](const std::string& s) { return s.empty(); }))
        fk.ref_columns = pk_of[rf.ref_table];
      fk.on_delete = rf.on_delete;
      fk.on_update = rf.on_update;
      fk.deferral = rf.deferral;
      t.foreign_keys.push_back(std::move(fk));
    }
    schema::Canonicalize(t);
    out.tables.push_back(std::move(t));
  }
  schema::Canonicalize(out);
  InferUuidReferences(out);
  return out;
}

Expected<schema::Schema> Inspect(Connection& conn, const InspectOptions& options) {
  Expected<RawSchema> raw = conn.dialect().ReadCatalog(conn);
  if (!raw) return raw.error().WithContext("inspecting " + conn.redacted_url());
  return BuildSchema(conn.dialect(), *raw, options);
}

}  // namespace alab::dialect
