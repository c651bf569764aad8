// TypeScript: an interface per table, string-literal unions for enums, `| null` for nullable
// columns, an insert shape per table, and a `Database` map of SQL table name -> row type.
#include <fmt/format.h>

#include "export/export.h"
#include "export/naming.h"

namespace alab::exports {

namespace {

using schema::Column;
using schema::Table;
using schema::Type;

std::string TsType(const schema::Schema& schema, const TypeNames& names, const Table& t, const Column& c) {
  auto kinds = PolymorphicTypeValues(schema, t, c);
  if (!kinds.empty()) {  // belongs_to_any: the SQL names of its tables
    std::vector<std::string> alts;
    for (const auto& k : kinds) alts.push_back(QuoteC(k));
    return fmt::format("{}", fmt::join(alts, " | "));
  }
  switch (c.type) {
    case Type::kInteger:
    case Type::kFloat: return "number";
    case Type::kBoolean: return "boolean";
    case Type::kJson: return "Json";
    case Type::kEnum: return names.Enum(t, c);
    default: return "string";  // uuid, text, decimal (exact), dates (ISO 8601), base64
  }
}

std::string DocComment(const std::string& indent, const std::string& docs,
                       const std::optional<std::string>& deprecated, const std::string& extra = "") {
  std::vector<std::string> lines;
  if (!docs.empty()) lines.push_back(CommentText(docs));
  if (!extra.empty()) lines.push_back(extra);
  if (deprecated) lines.push_back(deprecated->empty() ? "@deprecated" : "@deprecated " + CommentText(*deprecated));
  if (lines.empty()) return "";
  if (lines.size() == 1) return fmt::format("{}/** {} */\n", indent, lines[0]);
  std::string out = indent + "/**\n";
  for (const auto& l : lines) out += fmt::format("{} * {}\n", indent, l);
  return out + indent + " */\n";
}

bool UsesJson(const std::vector<const Table*>& tables) {
  for (const auto* t : tables)
    for (const auto& c : t->columns)
      if (c.type == Type::kJson) return true;
  return false;
}

std::string Render(const schema::Schema& schema, const std::vector<const Table*>& tables) {
  TypeNames names(schema);
  std::string out = CommentHeader("//", tables);
  out += "\n";
  if (UsesJson(tables))
    out += "/** A JSON value, as stored in json columns. */\n"
           "export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };\n\n";
  for (const auto* t : tables) {
    for (const auto& c : t->columns) {
      if (c.type != Type::kEnum) continue;
      std::vector<std::string> alts;
      for (const auto& v : c.enum_values) alts.push_back(QuoteC(v));
      if (alts.empty()) alts.push_back("never");
      out += fmt::format("/** Values of {}.{}. */\nexport type {} = {};\n\n", t->Ref(), c.name,
                         names.Enum(*t, c), fmt::join(alts, " | "));
    }
  }
  for (const auto* t : tables) {
    const std::string& type = names.Table(*t);
    out += DocComment("", t->docs, t->deprecated, fmt::format("A row of `{}` ({}).", t->SqlName(), t->Ref()));
    out += fmt::format("export interface {} {{\n", type);
    for (const auto& c : t->columns) {
      out += DocComment("  ", c.docs, c.deprecated);
      out += fmt::format("  {}{}: {}{};\n", c.read_only || c.computed ? "readonly " : "", c.name,
                         TsType(schema, names, *t, c), c.nullable ? " | null" : "");
    }
    out += "}\n\n";
    out += fmt::format("/** The values to insert into `{}`; columns the database fills in are optional. */\n",
                       t->SqlName());
    out += fmt::format("export interface {}Insert {{\n", type);
    for (const auto& c : t->columns) {
      if (c.computed) continue;
      out += fmt::format("  {}{}: {}{};\n", c.name, InsertOptional(c) ? "?" : "", TsType(schema, names, *t, c),
                         c.nullable ? " | null" : "");
    }
    out += "}\n\n";
  }
  out += "/** Every table by SQL name. */\nexport interface Database {\n";
  for (const auto* t : tables) out += fmt::format("  {}: {};\n", t->SqlName(), names.Table(*t));
  out += "}\n\n/** Insert shapes by SQL table name. */\nexport interface DatabaseInsert {\n";
  for (const auto* t : tables) out += fmt::format("  {}: {}Insert;\n", t->SqlName(), names.Table(*t));
  out += "}\n\nexport type TableName = keyof Database;\n";
  return out;
}

}  // namespace

Files ExportTypeScript(const schema::Schema& schema, const Options& options) {
  if (!options.per_namespace) return {{"ts/types.ts", Render(schema, AllTables(schema))}};
  Files files;
  for (const auto& [stem, tables] : TablesByNamespace(schema))
    files.push_back({"ts/" + stem + ".ts", Render(schema, tables)});
  return files;
}

}  // namespace alab::exports
