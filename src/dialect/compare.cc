#include "dialect/compare.h"

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/dialect.h"
#include "dialect/inspect.h"
#include "dialect/inspect_sql.h"

namespace alab::dialect {

namespace {

using schema::Column;
using schema::Type;
using schema::Value;

// A comparable spelling of a default value in the dialect.
std::string DefaultKey(const Dialect& dialect, const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kString:
      return "s:" + v.text;
    case Value::Kind::kBool:
      return v.text == "true" ? "b:1" : "b:0";
    case Value::Kind::kNumber: {
      try {
        return fmt::format("n:{}", std::stod(v.text));
      } catch (...) {
        return "n:" + v.text;
      }
    }
    case Value::Kind::kJson: {
      auto j = nlohmann::json::parse(v.text, nullptr, false);
      return "j:" + (j.is_discarded() ? v.text : j.dump());
    }
    case Value::Kind::kSql: {
      const std::string& text = dialect.SqlText(v);
      std::string expr = text.empty() ? v.FirstSqlText() : text;
      // A literal written as sql() is the literal.
      if (auto s = StringLiteral(expr)) return "s:" + *s;
      if (auto n = NumericLiteral(expr)) {
        try {
          return fmt::format("n:{}", std::stod(*n));
        } catch (...) {
        }
      }
      std::string n = NormalizeExpr(expr);
      if (n == "true") return "b:1";
      if (n == "false") return "b:0";
      if (n == "current_timestamp" || n == "localtimestamp" || n == "transaction_timestamp")
        return "x:current_timestamp";
      return "x:" + dialect.CanonicalDefaultExpr(n);
    }
  }
  return "";
}

bool IsSyntheticCheckName(const std::string& name, const std::string& table_sql) {
  std::string base = table_sql + "_check";
  if (!StartsWith(name, base)) return false;
  for (size_t i = base.size(); i < name.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return false;
  return true;
}

void CopyMetadata(const Column& from, Column& to) {
  to.semantic = from.semantic;
  to.min = from.min;
  to.max = from.max;
  to.pattern = from.pattern;
  to.format = from.format;
  to.docs = from.docs;
  to.deprecated = from.deprecated;
  to.read_only = from.read_only;
  to.write_only = from.write_only;
  to.backfill = from.backfill;
  to.loc = from.loc;
}

void ReconcileTable(const Dialect& dialect, const schema::Table& e, schema::Table& a) {
  a.ns = e.ns;
  a.name = e.name;
  a.junction = e.junction;
  a.polymorphic = e.polymorphic;
  a.docs = e.docs;
  a.deprecated = e.deprecated;
  a.sort_by = e.sort_by;
  a.searchable = e.searchable;
  a.filterable = e.filterable;
  a.meta = e.meta;
  a.file = e.file;
  a.loc = e.loc;
  for (Column& ac : a.columns) {
    const Column* ec = e.FindColumn(ac.name);
    if (!ec) continue;
    if (SameColumnType(dialect, *ec, ac)) schema::CopyType(*ec, ac);
    if (SameDefault(dialect, *ec, ec->default_value, ac.default_value))
      ac.default_value = ec->default_value;
    if (SameSqlExpr(ec->check, ac.check)) ac.check = ec->check;
    // A catalog that does not tell stored from virtual (PostgreSQL before 18 stores every
    // generated column) keeps the declared storage.
    if (ec->computed && ac.computed && ec->computed->expr == ac.computed->expr &&
        (ec->computed->stored == ac.computed->stored || !dialect.ReadsGeneratedStorage()))
      ac.computed = ec->computed;
    CopyMetadata(*ec, ac);
  }
  for (schema::Index& ai : a.indexes) {
    for (const schema::Index& ei : e.indexes) {
      if (ei.name != ai.name) continue;
      if (SameSqlExpr(ei.where, ai.where)) ai.where = ei.where;
      if (!dialect.capabilities().unique_constraints) ai.constraint = ei.constraint;
      // A native definition is this dialect's text; the others' texts are not in the catalog.
      const std::string key = dialect.sql_key();
      if (!ei.native.empty() && ei.native.count(key) && ai.native.count(key) &&
          SameSqlExpr(ei.native.at(key), ai.native.at(key)))
        ai.native = ei.native;
      ai.loc = ei.loc;
    }
  }
  for (schema::ForeignKey& af : a.foreign_keys) {
    for (const schema::ForeignKey& ef : e.foreign_keys) {
      if (ef.name != af.name) continue;
      if (schema::SqlNameOfRef(ef.ref_table) == schema::SqlNameOfRef(af.ref_table))
        af.ref_table = ef.ref_table;
      af.loc = ef.loc;
    }
  }
  // A column check that the database reports under another name (after a rename).
  for (auto it = a.checks.begin(); it != a.checks.end();) {
    bool moved = false;
    bool named = false;
    for (const auto& ec : e.checks) named = named || ec.name == it->name;
    if (!named) {
      for (Column& ac : a.columns) {
        const Column* ec = e.FindColumn(ac.name);
        if (ec && ac.check.empty() && !ec->check.empty() && SameSqlExpr(ec->check, it->expr)) {
          ac.check = ec->check;
          moved = true;
          break;
        }
      }
    }
    it = moved ? a.checks.erase(it) : it + 1;
  }
  std::vector<bool> used(e.checks.size(), false);
  for (schema::Check& ac : a.checks) {
    for (size_t i = 0; i < e.checks.size(); ++i) {
      if (used[i] || e.checks[i].name != ac.name) continue;
      used[i] = true;
      if (SameSqlExpr(e.checks[i].expr, ac.expr)) ac.expr = e.checks[i].expr;
      ac.loc = e.checks[i].loc;
    }
  }
  // Checks the database does not name (SQLite) pair with the expected ones by expression.
  for (schema::Check& ac : a.checks) {
    if (!IsSyntheticCheckName(ac.name, a.SqlName())) continue;
    bool named = false;
    for (size_t i = 0; i < e.checks.size(); ++i)
      if (e.checks[i].name == ac.name) named = true;
    if (named) continue;
    for (size_t i = 0; i < e.checks.size(); ++i) {
      if (used[i] || !SameSqlExpr(e.checks[i].expr, ac.expr)) continue;
      used[i] = true;
      ac = e.checks[i];
      break;
    }
  }
  schema::Canonicalize(a);
}

}  // namespace

bool SameSqlExpr(const std::string& a, const std::string& b) {
  if (a == b) return true;
  return NormalizeExpr(a) == NormalizeExpr(b);
}

bool SameColumnType(const Dialect& dialect, const Column& e, const Column& a) {
  if (schema::SameType(e, a)) return true;
  return dialect.SameStoredType(e, a);
}

bool SameDefault(const Dialect& dialect, const Column& col, const std::optional<Value>& a,
                 const std::optional<Value>& b) {
  auto none = [](const std::optional<Value>& v) { return !v || v->kind == Value::Kind::kNull; };
  if (none(a) && none(b)) return true;
  auto uuid_default = [](const std::optional<Value>& v) {
    return v && v->kind == Value::Kind::kSql && IsUuidDefaultExpr(v->JoinedSqlTexts(" "));
  };
  if (col.primary_key && col.type == Type::kUuid) {
    if ((none(a) || uuid_default(a)) && (none(b) || uuid_default(b))) return true;
  }
  if (none(a) || none(b)) return false;
  if (*a == *b) return true;
  std::string ka = DefaultKey(dialect, *a), kb = DefaultKey(dialect, *b);
  if (ka == kb) return true;
  // Booleans are 1/0 on SQLite; a JSON default may be stored as its text.
  auto as_bool = [](const std::string& k) {
    if (k == "n:1" || k == "s:1" || k == "s:t" || k == "s:true") return std::string("b:1");
    if (k == "n:0" || k == "s:0" || k == "s:f" || k == "s:false") return std::string("b:0");
    return k;
  };
  if (col.type == Type::kBoolean && as_bool(ka) == as_bool(kb)) return true;
  auto as_json = [](const std::string& k) {
    if (!StartsWith(k, "s:")) return k;
    auto j = nlohmann::json::parse(k.substr(2), nullptr, false);
    return j.is_discarded() ? k : "j:" + j.dump();
  };
  if (col.type == Type::kJson && as_json(ka) == as_json(kb)) return true;
  // A number default on a text column is stored as its text.
  return false;
}

schema::Schema Reconcile(const Dialect& dialect, const schema::Schema& expected,
                         schema::Schema actual) {
  for (schema::Table& a : actual.tables) {
    for (const schema::Table& e : expected.tables)
      if (e.SqlName() == a.SqlName()) ReconcileTable(dialect, e, a);
  }
  schema::Canonicalize(actual);
  return actual;
}

std::string DescribeValue(const std::optional<Value>& v) {
  if (!v) return "none";
  switch (v->kind) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kString:
      return "'" + v->text + "'";
    case Value::Kind::kNumber:
    case Value::Kind::kBool:
    case Value::Kind::kJson:
      return v->text;
    case Value::Kind::kSql: {
      std::vector<std::string> parts;  // key: text, when two keys give different texts
      for (const auto& [key, text] : v->sql) parts.push_back(key + ": " + text);
      if (v->sql.size() > 1 && !v->SameSqlForEveryKey()) return "sql(" + Join(parts, ", ") + ")";
      return "sql(" + v->FirstSqlText() + ")";
    }
  }
  return "?";
}

}  // namespace alab::dialect
