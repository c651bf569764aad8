// TypeScript: an interface per table, string-literal unions for enums, `| null` for nullable
// columns, an insert shape per table, and a `Database` map of SQL table name -> row type.
#include <fmt/format.h>

#include "base/check.h"
#include "export/export.h"
#include "export/naming.h"

namespace alab::exports {

namespace {

using schema::Column;
using schema::Table;
using schema::Type;

std::string TsType(const schema::Schema& schema, const TypeNames& names, const Table& t,
                   const Column& c) {
  auto kinds = PolymorphicTypeValues(schema, t, c);
  if (!kinds.empty()) {  // belongs_to_any: the SQL names of its tables
    std::vector<std::string> alts;
    for (const auto& k : kinds) alts.push_back(QuoteC(k));
    return fmt::format("{}", fmt::join(alts, " | "));
  }
  switch (c.type) {
    case Type::kInteger:
    case Type::kFloat:
      return "number";
    case Type::kBoolean:
      return "boolean";
    case Type::kJson:
      return "Json";
    case Type::kEnum:
      return names.Enum(t, c);
    case Type::kUuid:
    case Type::kString:
    case Type::kText:
    case Type::kNative:  // the database's text of the value (wire_json)
    case Type::kBigint:
    case Type::kDecimal:
    case Type::kDate:
    case Type::kTime:
    case Type::kDatetime:
    case Type::kBase64:
      return "string";  // uuid, text, bigint and decimal (exact), dates (ISO 8601), base64
  }
  ALAB_UNREACHABLE("a column type without a case");
}

std::string DocComment(const std::string& indent, const std::string& docs,
                       const std::optional<std::string>& deprecated,
                       const std::string& extra = "") {
  std::vector<std::string> lines;
  if (!docs.empty()) lines.push_back(CommentText(docs));
  if (!extra.empty()) lines.push_back(extra);
  if (deprecated)
    lines.push_back(deprecated->empty() ? "@deprecated"
                                        : "@deprecated " + CommentText(*deprecated));
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

// The TypeScript expression that is true when `v` (not null) is in the column's wire format.
std::string WireCheck(const schema::Schema& schema, const Table& t, const Column& c) {
  auto re = [](const std::string& pattern) {
    return "typeof v === \"string\" && /" + pattern + "/.test(v)";
  };
  std::vector<std::string> allowed = PolymorphicTypeValues(schema, t, c);
  if (c.type == Type::kEnum) allowed = c.enum_values;
  if (!allowed.empty() || c.type == Type::kEnum) {
    std::vector<std::string> quoted;
    for (const auto& a : allowed) quoted.push_back(QuoteC(a));
    return fmt::format("typeof v === \"string\" && ([{}] as readonly string[]).includes(v)",
                       fmt::join(quoted, ", "));
  }
  switch (c.type) {
    case Type::kUuid:
      return re("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    case Type::kInteger:
      return "Number.isInteger(v) && (v as number) >= -2147483648 && (v as number) <= 2147483647";
    case Type::kBigint:  // the digits, then the 64-bit range (equal-length digit strings compare as
                         // numbers)
      return re(BigintPattern()) +
             " && (v.replace(\"-\", \"\").length < 19 || v.replace(\"-\", \"\") <= "
             "(v.startsWith(\"-\") ? \"9223372036854775808\" : \"9223372036854775807\"))";
    case Type::kFloat:
      return "typeof v === \"number\" && Number.isFinite(v)";
    case Type::kDecimal:
      return re(DecimalPattern(c));
    case Type::kBoolean:
      return "typeof v === \"boolean\"";
    case Type::kDate:
      return re("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$");
    case Type::kTime:
      return re(TimePattern());
    case Type::kDatetime:
      return re(DatetimePattern());
    case Type::kBase64:
      return re(Base64Pattern());
    case Type::kJson:
      return "v !== undefined";
    case Type::kString:
    case Type::kText:
    case Type::kEnum:
    case Type::kNative:
      return "typeof v === \"string\"";  // string, text
  }
  ALAB_UNREACHABLE("a column type without a case");
}

std::string Validators(const schema::Schema& schema, const TypeNames& names,
                       const std::vector<const Table*>& tables) {
  if (tables.empty()) return "";
  std::string out =
      "\n// Runtime validators: every field checked against the wire format (`alab dump --format "
      "json`).\n"
      "function wireField(row: { [key: string]: unknown }, name: string, nullable: boolean,\n"
      "                   ok: (v: unknown) => boolean, problems: string[]): void {\n"
      "  if (!(name in row)) {\n    problems.push(`${name}: missing`);\n    return;\n  }\n"
      "  const v = row[name];\n"
      "  if (v === null ? !nullable : !ok(v)) problems.push(`${name}: ${JSON.stringify(v)} is not "
      "in the wire format`);\n"
      "}\n\n"
      "function wireRow(x: unknown, columns: readonly string[], problems: string[]): x is { [key: "
      "string]: unknown } {\n"
      "  if (typeof x !== \"object\" || x === null || Array.isArray(x)) {\n"
      "    problems.push(\"not an object\");\n    return false;\n  }\n"
      "  for (const k of Object.keys(x)) if (!columns.includes(k)) problems.push(`${k}: not a "
      "column`);\n"
      "  return true;\n}\n";
  for (const auto* t : tables) {
    const std::string& n = names.Table(*t);
    std::vector<std::string> cols;
    for (const auto& c : t->columns) cols.push_back(QuoteC(c.name));
    out += fmt::format(
        "\n/** The fields of `x` that are not a `{}` row in the wire format (empty: valid). */\n",
        t->SqlName());
    out += fmt::format(
        "export function validate{}(x: unknown): string[] {{\n  const problems: string[] = [];\n",
        n);
    out +=
        fmt::format("  if (!wireRow(x, [{}], problems)) return problems;\n", fmt::join(cols, ", "));
    for (const auto& c : t->columns)
      out += fmt::format("  wireField(x, {}, {}, (v) => {}, problems);\n", QuoteC(c.name),
                         c.nullable ? "true" : "false", WireCheck(schema, *t, c));
    out += "  return problems;\n}\n";
    out += fmt::format(
        "\nexport function is{0}(x: unknown): x is {0} {{\n  return validate{0}(x).length === "
        "0;\n}}\n",
        n);
    out += fmt::format(
        "\n/** `x` as a `{1}` row; throws naming every field not in the wire format. */\n"
        "export function parse{0}(x: unknown): {0} {{\n  const problems = validate{0}(x);\n"
        "  if (problems.length > 0) throw new TypeError(`not a {1} row: ${{problems.join(\"; "
        "\")}}`);\n"
        "  return x as {0};\n}}\n",
        n, t->SqlName());
  }
  return out;
}

std::string Render(const schema::Schema& schema, const std::vector<const Table*>& tables,
                   bool validator) {
  TypeNames names(schema);
  std::string out = CommentHeader("//", tables);
  out += "\n";
  if (UsesJson(tables))
    out +=
        "/** A JSON value, as stored in json columns. */\n"
        "export type Json = string | number | boolean | null | Json[] | { [key: string]: Json "
        "};\n\n";
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
    out += DocComment("", t->docs, t->deprecated,
                      fmt::format("A row of `{}` ({}).", t->SqlName(), t->Ref()));
    out += fmt::format("export interface {} {{\n", type);
    for (const auto& c : t->columns) {
      out += DocComment("  ", c.docs, c.deprecated);
      out += fmt::format("  {}{}: {}{};\n", c.read_only || c.computed ? "readonly " : "", c.name,
                         TsType(schema, names, *t, c), c.nullable ? " | null" : "");
    }
    out += "}\n\n";
    out += fmt::format(
        "/** The values to insert into `{}`; columns the database fills in are optional. */\n",
        t->SqlName());
    out += fmt::format("export interface {}Insert {{\n", type);
    for (const auto& c : t->columns) {
      if (c.computed) continue;
      out += fmt::format("  {}{}: {}{};\n", c.name, InsertOptional(c) ? "?" : "",
                         TsType(schema, names, *t, c), c.nullable ? " | null" : "");
    }
    out += "}\n\n";
  }
  out += "/** Every table by SQL name. */\nexport interface Database {\n";
  for (const auto* t : tables) out += fmt::format("  {}: {};\n", t->SqlName(), names.Table(*t));
  out += "}\n\n/** Insert shapes by SQL table name. */\nexport interface DatabaseInsert {\n";
  for (const auto* t : tables)
    out += fmt::format("  {}: {}Insert;\n", t->SqlName(), names.Table(*t));
  out += "}\n\nexport type TableName = keyof Database;\n";
  if (validator) out += Validators(schema, names, tables);
  return out;
}

}  // namespace

Files ExportTypeScript(const schema::Schema& schema, const Options& options) {
  if (!options.per_namespace)
    return {{"ts/types.ts", Render(schema, AllTables(schema), options.ts_validator)}};
  Files files;
  for (const auto& [stem, tables] : TablesByNamespace(schema))
    files.push_back({"ts/" + stem + ".ts", Render(schema, tables, options.ts_validator)});
  return files;
}

}  // namespace alab::exports
