// GraphQL SDL: a type per table, an enum per enum column, custom scalars, non-null for
// required columns, relation fields from foreign keys (both directions), and a Query root
// with one list field per table so the document is a complete, valid schema.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"
#include "export/export.h"
#include "export/naming.h"

namespace alab::exports {

namespace {

using schema::Column;
using schema::Table;
using schema::Type;

std::string GqlType(const TypeNames& names, const Table& t, const Column& c) {
  std::string base;
  switch (c.type) {
    case Type::kUuid:
      base = c.primary_key ? "ID" : "UUID";
      break;
    case Type::kInteger:
      base = "Int";
      break;  // 32-bit, as GraphQL's Int
    case Type::kBigint:
      base = "BigInt";
      break;
    case Type::kFloat:
      base = "Float";
      break;
    case Type::kDecimal:
      base = "Decimal";
      break;
    case Type::kBoolean:
      base = "Boolean";
      break;
    case Type::kDate:
      base = "Date";
      break;
    case Type::kTime:
      base = "Time";
      break;
    case Type::kDatetime:
      base = "DateTime";
      break;
    case Type::kJson:
      base = "JSON";
      break;
    case Type::kEnum:
      base = names.Enum(t, c);
      break;
    case Type::kString:
    case Type::kText:
    case Type::kBase64:
    case Type::kNative:  // the database's text of the value (wire_json)
      base = "String";
  }
  return c.nullable ? base : base + "!";
}

std::string Description(const std::string& indent, const std::string& text) {
  if (text.empty()) return "";
  // In a block string only \""" is an escape: a backslash at the end would escape the
  // closing quotes, and control characters are not source characters at all.
  if (text.back() == '\\' || FindControlChar(text) != std::string::npos ||
      text.find('\r') != std::string::npos)
    return fmt::format("{}{}\n", indent, QuoteC(text));  // \" \\ \n \u00XX: GraphQL's escapes too
  std::string body = ReplaceAll(text, "\"\"\"", "\\\"\"\"");
  if (body.back() == '"') body += ' ';
  return fmt::format("{}\"\"\"{}\"\"\"\n", indent, body);
}

std::string Deprecated(const std::optional<std::string>& d) {
  if (!d) return "";
  if (d->empty()) return " @deprecated";
  return fmt::format(" @deprecated(reason: {})", QuoteC(*d));
}

// GraphQL enum value names: [_A-Za-z][_0-9A-Za-z]*, not true/false/null.
std::string EnumValueName(const std::string& v) {
  std::string n = ToUpperSnake(v);
  return n;
}

// "author_id" -> "author"; otherwise the column name + "_ref".
std::string RelationName(const std::string& col) {
  if (EndsWith(col, "_id") && col.size() > 3) return col.substr(0, col.size() - 3);
  return col + "_ref";
}

struct Relation {
  std::string field;
  std::string type;
};

}  // namespace

Files ExportGraphQl(const schema::Schema& schema, const Options&) {
  TypeNames names(schema);
  auto tables = AllTables(schema);
  std::map<std::string, const Table*>
      by_ref;  // Schema::Find is linear; exports see 1,000s of tables
  for (const auto& t : schema.tables) {
    by_ref.emplace(t.Ref(), &t);
    by_ref.emplace(t.SqlName(), &t);
  }
  auto find = [&by_ref](const std::string& ref) -> const Table* {
    auto it = by_ref.find(ref);
    return it == by_ref.end() ? nullptr : it->second;
  };
  // Field names per table start with the columns; relation fields avoid them.
  std::map<std::string, std::set<std::string>> used;
  for (const auto* t : tables)
    for (const auto& c : t->columns) used[t->Ref()].insert(c.name);
  std::map<std::string, std::vector<Relation>> relations, back_relations;
  for (const auto* t : tables) {
    for (const auto& fk : t->foreign_keys) {
      const Table* parent = find(fk.ref_table);
      if (!parent || fk.columns.empty()) continue;
      bool nullable = false;
      for (const auto& col : fk.columns)
        if (const Column* c = t->FindColumn(col); !c || c->nullable) nullable = true;
      std::string forward =
          Unique(RelationName(fk.columns.size() == 1 ? fk.columns[0] : Join(fk.columns, "_")),
                 used[t->Ref()]);
      relations[t->Ref()].push_back({forward, names.Table(*parent) + (nullable ? "" : "!")});
      std::string back = Unique(t->SqlName() + "_by_" + forward, used[parent->Ref()]);
      back_relations[parent->Ref()].push_back({back, "[" + names.Table(*t) + "!]!"});
    }
  }
  // belongs_to_any: a union of the referenced types and a field resolving to one of them.
  std::set<std::string> type_names{"DateTime", "Date",    "Time",   "UUID",
                                   "JSON",     "Decimal", "BigInt", "Query"};
  for (const auto* t : tables) {
    type_names.insert(names.Table(*t));
    for (const auto& c : t->columns)
      if (c.type == Type::kEnum) type_names.insert(names.Enum(*t, c));
  }
  std::string unions;
  for (const auto* t : tables) {
    for (const auto& p : t->polymorphic) {
      std::set<std::string> members;
      for (const auto& ref : p.refs) {
        auto [ns, name] = schema::SplitRef(ref, t->ns);
        if (const Table* target = find(ns.empty() ? name : ns + "." + name))
          members.insert(names.Table(*target));
      }
      if (members.empty()) continue;
      std::string union_name = Unique(names.Table(*t) + PascalWords(p.as), type_names);
      unions += fmt::format("\n\"\"\"What {}.{} points at (belongs_to_any).\"\"\"\nunion {} = {}\n",
                            t->Ref(), p.as, union_name,
                            Join(std::vector<std::string>(members.begin(), members.end()), " | "));
      const Column* id = t->FindColumn(p.as + "_id");
      relations[t->Ref()].push_back(
          {Unique(p.as, used[t->Ref()]), union_name + (id && !id->nullable ? "!" : "")});
    }
  }
  std::string out = CommentHeader("#", tables);
  out +=
      "\n\"\"\"An instant in time, as an ISO 8601 date-time string with a time zone.\"\"\"\nscalar "
      "DateTime\n";
  out += "\n\"\"\"A calendar date, as an ISO 8601 string (YYYY-MM-DD).\"\"\"\nscalar Date\n";
  out +=
      "\n\"\"\"A time of day without a time zone, as an ISO 8601 string (hh:mm:ss).\"\"\"\nscalar "
      "Time\n";
  out += "\n\"\"\"A UUID in its canonical string form.\"\"\"\nscalar UUID\n";
  out += "\n\"\"\"Any JSON value.\"\"\"\nscalar JSON\n";
  out += "\n\"\"\"An exact decimal number, as a string.\"\"\"\nscalar Decimal\n";
  bool uses_bigint = false;
  for (const auto* t : tables)
    for (const auto& c : t->columns) uses_bigint |= c.type == Type::kBigint;
  if (uses_bigint)
    out += "\n\"\"\"A 64-bit signed integer, as a string of decimal digits.\"\"\"\nscalar BigInt\n";
  for (const auto* t : tables) {
    for (const auto& c : t->columns) {
      if (c.type != Type::kEnum || c.enum_values.empty()) continue;
      out += fmt::format("\n\"\"\"Values of {}.{}.\"\"\"\nenum {} {{\n", t->Ref(), c.name,
                         names.Enum(*t, c));
      std::set<std::string> seen{"TRUE", "FALSE", "NULL"};
      for (const auto& v : c.enum_values)
        out += fmt::format("  {}\n", Unique(EnumValueName(v), seen));
      out += "}\n";
    }
  }
  out += unions;
  for (const auto* t : tables) {
    std::string desc = fmt::format("A row of {} ({}).", t->SqlName(), t->Ref());
    if (!t->docs.empty()) desc += " " + t->docs;
    if (t->deprecated)
      desc += " Deprecated" + (t->deprecated->empty() ? std::string(".") : ": " + *t->deprecated);
    out += "\n" + Description("", desc);
    out += fmt::format("type {} {{\n", names.Table(*t));
    for (const auto& c : t->columns) {
      if (c.write_only) continue;  // an output type never returns write-only columns
      // An enum column without values has no GraphQL enum (empty enums are invalid).
      std::string type = c.type == Type::kEnum && c.enum_values.empty()
                             ? (c.nullable ? "String" : "String!")
                             : GqlType(names, *t, c);
      out += Description("  ", c.docs);
      out += fmt::format("  {}: {}{}\n", c.name, type, Deprecated(c.deprecated));
    }
    for (const auto& r : relations[t->Ref()]) out += fmt::format("  {}: {}\n", r.field, r.type);
    auto& back = back_relations[t->Ref()];
    std::sort(back.begin(), back.end(),
              [](const Relation& a, const Relation& b) { return a.field < b.field; });
    for (const auto& r : back) out += fmt::format("  {}: {}\n", r.field, r.type);
    out += "}\n";
  }
  out += "\n\"\"\"Every table as a list of rows.\"\"\"\ntype Query {\n";
  if (tables.empty()) out += "  _empty: Boolean\n";
  for (const auto* t : tables) out += fmt::format("  {}: [{}!]!\n", t->SqlName(), names.Table(*t));
  out += "}\n";
  return {{"graphql/schema.graphql", out}};
}

}  // namespace alab::exports
