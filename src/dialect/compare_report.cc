// CompareSchemas: the list of differences between an expected and an introspected schema.
#include <set>

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/compare.h"
#include "schema/type_text.h"

namespace alab::dialect {

namespace {

using Kind = Difference::Kind;

std::string OnOff(bool b, const char* yes, const char* no) { return b ? yes : no; }

void Changed(std::vector<Difference>& out, std::string object, std::string what,
             const std::string& e, const std::string& a) {
  out.push_back(Difference{Kind::kChanged, std::move(object), what, e, a});
}

void CompareColumn(const Dialect& dialect, const std::string& table, const schema::Column& e,
                   const schema::Column& a, std::vector<Difference>& out) {
  std::string obj = "column " + table + "." + e.name;
  if (!SameColumnType(dialect, e, a))
    Changed(out, obj, "type", schema::TypeText(e), schema::TypeText(a));
  if (e.nullable != a.nullable)
    Changed(out, obj, "nullability", OnOff(e.nullable, "NULL", "NOT NULL"),
            OnOff(a.nullable, "NULL", "NOT NULL"));
  if (e.primary_key != a.primary_key)
    Changed(out, obj, "primary key", OnOff(e.primary_key, "yes", "no"),
            OnOff(a.primary_key, "yes", "no"));
  if (e.unique != a.unique)
    Changed(out, obj, "unique", OnOff(e.unique, "yes", "no"), OnOff(a.unique, "yes", "no"));
  if (!SameDefault(dialect, e, e.default_value, a.default_value))
    Changed(out, obj, "default", DescribeValue(e.default_value), DescribeValue(a.default_value));
  if (!SameSqlExpr(e.check, a.check))
    Changed(out, obj, "check", e.check.empty() ? "none" : e.check,
            a.check.empty() ? "none" : a.check);
  if (e.computed.has_value() != a.computed.has_value() ||
      (e.computed && a.computed && !(*e.computed == *a.computed)))
    Changed(out, obj, "generated", OnOff(e.computed.has_value(), "generated", "not generated"),
            OnOff(a.computed.has_value(), "generated", "not generated"));
}

std::string IndexShape(const schema::Index& i) {
  return fmt::format("{}({}){}", i.unique ? "unique " : "", Join(i.columns, ", "),
                     i.where.empty() ? "" : " where " + i.where);
}

std::string FkShape(const schema::ForeignKey& f) {
  return fmt::format("({}) -> {}({}) on delete {} on update {}{}", Join(f.columns, ", "),
                     schema::SqlNameOfRef(f.ref_table), Join(f.ref_columns, ", "),
                     schema::FkActionSql(f.on_delete), schema::FkActionSql(f.on_update),
                     f.deferral == schema::FkDeferral::kNot
                         ? ""
                         : std::string(" ") + ToLower(schema::FkDeferralSql(f.deferral)));
}

template <typename T, typename Same, typename Shape>
void CompareNamed(const std::vector<T>& es, const std::vector<T>& as, const std::string& what,
                  const std::string& table, Same same, Shape shape, std::vector<Difference>& out) {
  for (const T& e : es) {
    const T* match = nullptr;
    for (const T& a : as)
      if (a.name == e.name) match = &a;
    std::string obj = what + " " + e.name + " on " + table;
    if (!match) {
      out.push_back(Difference{Kind::kMissing, obj, "", "", ""});
    } else if (!same(e, *match)) {
      Changed(out, obj, "definition", shape(e), shape(*match));
    }
  }
  for (const T& a : as) {
    bool found = false;
    for (const T& e : es)
      if (e.name == a.name) found = true;
    if (!found)
      out.push_back(Difference{Kind::kExtra, what + " " + a.name + " on " + table, "", "", ""});
  }
}

}  // namespace

std::vector<Difference> CompareSchemas(const Dialect& dialect, const schema::Schema& expected,
                                       const schema::Schema& actual_in) {
  schema::Schema actual = Reconcile(dialect, expected, actual_in);
  std::vector<Difference> out;
  for (const schema::Table& e : expected.tables) {
    const schema::Table* a = nullptr;
    for (const auto& t : actual.tables)
      if (t.SqlName() == e.SqlName()) a = &t;
    std::string tname = e.SqlName();
    if (!a) {
      out.push_back(Difference{Kind::kMissing, "table " + tname, "", "", ""});
      continue;
    }
    for (const schema::Column& ec : e.columns) {
      const schema::Column* ac = a->FindColumn(ec.name);
      if (!ac)
        out.push_back(Difference{Kind::kMissing, "column " + tname + "." + ec.name, "", "", ""});
      else
        CompareColumn(dialect, tname, ec, *ac, out);
    }
    for (const schema::Column& ac : a->columns)
      if (!e.FindColumn(ac.name))
        out.push_back(Difference{Kind::kExtra, "column " + tname + "." + ac.name, "", "", ""});
    {
      // The same key columns in another order (a column in or out of the key is named above).
      std::vector<std::string> ek = e.PrimaryKey(), ak = a->PrimaryKey();
      if (ek != ak && std::set<std::string>(ek.begin(), ek.end()) ==
                          std::set<std::string>(ak.begin(), ak.end()))
        Changed(out, "table " + tname, "primary key order", "(" + Join(ek, ", ") + ")",
                "(" + Join(ak, ", ") + ")");
    }
    CompareNamed(
        e.indexes, a->indexes, "index", tname,
        [](const schema::Index& x, const schema::Index& y) {
          return x.columns == y.columns && x.unique == y.unique && SameSqlExpr(x.where, y.where);
        },
        IndexShape, out);
    CompareNamed(
        e.foreign_keys, a->foreign_keys, "foreign key", tname,
        [](const schema::ForeignKey& x, const schema::ForeignKey& y) {
          return x.columns == y.columns &&
                 schema::SqlNameOfRef(x.ref_table) == schema::SqlNameOfRef(y.ref_table) &&
                 x.ref_columns == y.ref_columns && x.on_delete == y.on_delete &&
                 x.on_update == y.on_update && x.deferral == y.deferral;
        },
        FkShape, out);
    CompareNamed(
        e.checks, a->checks, "check", tname,
        [](const schema::Check& x, const schema::Check& y) { return SameSqlExpr(x.expr, y.expr); },
        [](const schema::Check& c) { return c.expr; }, out);
  }
  for (const schema::Table& a : actual.tables) {
    bool found = false;
    for (const auto& e : expected.tables)
      if (e.SqlName() == a.SqlName()) found = true;
    if (!found) out.push_back(Difference{Kind::kExtra, "table " + a.SqlName(), "", "", ""});
  }
  return out;
}

std::string DescribeDifference(const Difference& d, const CompareLabels& labels) {
  switch (d.kind) {
    case Kind::kExtra:
      return fmt::format("{} exists in {} but not in {}", d.object, labels.actual, labels.expected);
    case Kind::kMissing:
      return fmt::format("{} exists in {} but not in {}", d.object, labels.expected, labels.actual);
    case Kind::kChanged:
      return fmt::format("{} differs in {}: {} in {}, {} in {}", d.object, d.aspect, d.expected,
                         labels.expected, d.actual, labels.actual);
  }
  return d.object;
}

}  // namespace alab::dialect
