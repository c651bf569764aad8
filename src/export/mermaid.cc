// Mermaid erDiagram: an entity per table with its columns (PK/FK/UK markers, comments from
// docs) and relationships whose cardinality follows from the foreign keys: a required or
// optional FK is one-to-many, a unique FK one-to-one, a junction table many-to-many.
#include <fmt/format.h>

#include <set>

#include "base/check.h"
#include "base/strings.h"
#include "export/export.h"
#include "export/naming.h"

namespace alab::exports {

namespace {

using schema::Column;
using schema::Table;
using schema::Type;

std::string AttrType(const Column& c) {
  switch (c.type) {
    case Type::kString:
      return c.length > 0 ? fmt::format("string_{}", c.length) : "string";
    case Type::kDecimal:
      return fmt::format("decimal_{}_{}", c.precision, c.scale);
    case Type::kNative:
      return "native";
    case Type::kUuid:
    case Type::kText:
    case Type::kInteger:
    case Type::kBigint:
    case Type::kFloat:
    case Type::kBoolean:
    case Type::kDate:
    case Type::kTime:
    case Type::kDatetime:
    case Type::kJson:
    case Type::kBase64:
    case Type::kEnum:
      return schema::TypeName(c.type);
  }
  ALAB_UNREACHABLE("a column type without a case");
}

bool IsUniqueSet(const Table& t, const std::vector<std::string>& cols) {
  if (cols.size() == 1)
    if (const Column* c = t.FindColumn(cols[0]);
        c && (c->unique || (c->primary_key && t.PrimaryKey().size() == 1)))
      return true;
  for (const auto& i : t.indexes)
    if (i.unique && i.where.empty() &&
        std::set<std::string>(i.columns.begin(), i.columns.end()) ==
            std::set<std::string>(cols.begin(), cols.end()))
      return true;
  return false;
}

std::string Label(const std::string& s) { return "\"" + ReplaceAll(s, "\"", "'") + "\""; }

}  // namespace

Files ExportMermaid(const schema::Schema& schema, const Options&) {
  auto tables = AllTables(schema);
  std::string out = CommentHeader("%%", tables);
  out += "erDiagram\n";
  for (const auto* t : tables) {
    std::set<std::string> fk_cols;
    for (const auto& fk : t->foreign_keys) fk_cols.insert(fk.columns.begin(), fk.columns.end());
    out += fmt::format("  {} {{\n", t->SqlName());
    for (const auto& c : t->columns) {
      std::vector<std::string> keys;
      if (c.primary_key) keys.push_back("PK");
      if (fk_cols.count(c.name)) keys.push_back("FK");
      if (c.unique) keys.push_back("UK");
      std::string comment = c.nullable ? "nullable" : "";
      if (!c.docs.empty()) comment += (comment.empty() ? "" : ", ") + CommentText(c.docs);
      out += fmt::format("    {} {}{}{}\n", AttrType(c), c.name,
                         keys.empty() ? "" : " " + Join(keys, ", "),
                         comment.empty() ? "" : " " + Label(comment));
    }
    out += "  }\n";
  }
  for (const auto* t : tables) {
    // A junction table of exactly two foreign keys reads as many-to-many between its ends.
    if (t->junction && t->foreign_keys.size() == 2) {
      const auto& a = t->foreign_keys[0];
      const auto& b = t->foreign_keys[1];
      out +=
          fmt::format("  {} }}o--o{{ {} : {}\n", schema::SqlNameOfRef(a.ref_table),
                      schema::SqlNameOfRef(b.ref_table), Label("many to many via " + t->SqlName()));
    }
    for (const auto& p : t->polymorphic)
      for (const auto& ref : p.refs) {
        auto [ns, name] = schema::SplitRef(ref, t->ns);
        out += fmt::format("  {} |o..o{{ {} : {}\n", ns.empty() ? name : ns + "_" + name,
                           t->SqlName(), Label(p.as + " (polymorphic)"));
      }
    for (const auto& fk : t->foreign_keys) {
      bool optional = false;
      for (const auto& col : fk.columns)
        if (const Column* c = t->FindColumn(col); !c || c->nullable) optional = true;
      bool one = IsUniqueSet(*t, fk.columns);
      std::string parent_end = optional ? "|o" : "||";
      std::string child_end = one ? "o|" : "o{";
      out += fmt::format("  {} {}--{} {} : {}\n", schema::SqlNameOfRef(fk.ref_table), parent_end,
                         child_end, t->SqlName(), Label(Join(fk.columns, ", ")));
    }
  }
  return {{"mermaid/schema.mmd", out}};
}

}  // namespace alab::exports
