// Rust: serde structs per table, Option<T> for nullable columns, chrono for dates and times,
// uuid::Uuid, serde_json::Value for json, enums with serde renames; keywords escaped (r#type).
#include <fmt/format.h>

#include <map>
#include <set>

#include "export/export.h"
#include "export/naming.h"

namespace alab::exports {

namespace {

using schema::Column;
using schema::Table;
using schema::Type;

// Keywords usable as raw identifiers (r#type) and those that are not (self, super, crate).
bool IsRustKeyword(const std::string& s) {
  static const std::set<std::string> k{
      "abstract", "as",     "async",   "await",  "become", "box",    "break",   "const", "continue",
      "do",       "dyn",    "else",    "enum",   "extern", "false",  "final",   "fn",    "for",
      "gen",      "if",     "impl",    "in",     "let",    "loop",   "macro",   "match", "mod",
      "move",     "mut",    "override", "priv",  "pub",    "ref",    "return",  "static", "struct",
      "trait",    "true",   "try",     "type",   "typeof", "unsafe", "unsized", "use",   "virtual",
      "where",    "while",  "yield"};
  return k.count(s) > 0;
}

struct FieldName {
  std::string ident;
  bool renamed = false;  // needs #[serde(rename = "...")]
};

FieldName RustField(const std::string& col) {
  if (col == "self" || col == "super" || col == "crate" || col == "_") return {col + "_", true};
  if (IsRustKeyword(col)) return {"r#" + col, false};  // serde strips r# from the JSON name
  return {col, false};
}

// Enums of belongs_to_any `_type` columns: table ref + '\n' + column -> name.
using PolyNames = std::map<std::string, std::string>;

std::string RustType(const TypeNames& names, const PolyNames& poly, const Table& t, const Column& c) {
  std::string base;
  if (auto it = poly.find(t.Ref() + '\n' + c.name); it != poly.end())
    return c.nullable ? "Option<" + it->second + ">" : it->second;
  switch (c.type) {
    case Type::kUuid: base = "uuid::Uuid"; break;
    case Type::kInteger: base = "i32"; break;  // 32-bit on every dialect
    case Type::kFloat: base = "f64"; break;
    case Type::kBoolean: base = "bool"; break;
    case Type::kDate: base = "chrono::NaiveDate"; break;
    case Type::kTime: base = "chrono::NaiveTime"; break;
    case Type::kDatetime: base = "chrono::DateTime<chrono::Utc>"; break;
    case Type::kJson: base = "serde_json::Value"; break;
    case Type::kEnum: base = names.Enum(t, c); break;
    default: base = "String";  // string, text, decimal (exact text), base64
  }
  return c.nullable ? "Option<" + base + ">" : base;
}

void Docs(std::string& out, const std::string& indent, const std::vector<std::string>& lines) {
  for (const auto& l : lines) out += fmt::format("{}/// {}\n", indent, l);
}

std::vector<std::string> DocLines(const std::string& first, const std::string& docs,
                                  const std::optional<std::string>& deprecated) {
  std::vector<std::string> lines;
  if (!first.empty()) lines.push_back(first);
  if (!docs.empty()) lines.push_back(CommentText(docs));
  if (deprecated) lines.push_back("Deprecated" + (deprecated->empty() ? "." : ": " + CommentText(*deprecated)));
  return lines;
}

std::string Render(const schema::Schema& schema, const std::vector<const Table*>& tables) {
  TypeNames names(schema);
  std::string out = CommentHeader("//", tables);
  out += "\nuse serde::{Deserialize, Serialize};\n";
  for (const auto* t : tables) {
    for (const auto& c : t->columns) {
      if (c.type != Type::kEnum) continue;
      const std::string& en = names.Enum(*t, c);
      out += fmt::format("\n/// A value of {}.{}.\n", t->Ref(), c.name);
      out += "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]\n";
      out += fmt::format("pub enum {} {{\n", en);
      std::set<std::string> used{"Self"};
      for (const auto& v : c.enum_values) {
        std::string variant = PascalWords(v);
        if (variant.empty() || std::isdigit(static_cast<unsigned char>(variant[0]))) variant = "V" + variant;
        out += fmt::format("    #[serde(rename = {})]\n    {},\n", QuoteRust(v), Unique(variant, used));
      }
      out += "}\n";
    }
  }
  // belongs_to_any: an enum of the tables (by SQL name) a `_type` column may name.
  PolyNames poly;
  std::set<std::string> used_types;
  for (const auto& t : schema.tables) {
    used_types.insert(names.Table(t));
    for (const auto& c : t.columns)
      if (c.type == Type::kEnum) used_types.insert(names.Enum(t, c));
  }
  for (const auto* t : tables)
    for (const auto& c : t->columns) {
      auto kinds = PolymorphicTypeValues(schema, *t, c);
      if (kinds.empty()) continue;
      std::string pn = Unique(names.Table(*t) + PascalWords(c.name), used_types);
      poly[t->Ref() + '\n' + c.name] = pn;
      out += fmt::format("\n/// The table {}.{} points at.\n", t->Ref(), c.name);
      out += "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]\n";
      out += fmt::format("pub enum {} {{\n", pn);
      std::set<std::string> used{"Self"};
      for (const auto& k : kinds) {
        std::string variant = PascalWords(k);
        if (variant.empty() || std::isdigit(static_cast<unsigned char>(variant[0]))) variant = "V" + variant;
        out += fmt::format("    #[serde(rename = {})]\n    {},\n", QuoteRust(k), Unique(variant, used));
      }
      out += "}\n";
    }
  for (const auto* t : tables) {
    out += "\n";
    Docs(out, "", DocLines(fmt::format("A row of `{}` ({}).", t->SqlName(), t->Ref()), t->docs, t->deprecated));
    out += "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n";
    out += fmt::format("pub struct {} {{\n", names.Table(*t));
    for (const auto& c : t->columns) {
      Docs(out, "    ", DocLines("", c.docs, c.deprecated));
      FieldName f = RustField(c.name);
      if (f.renamed) out += fmt::format("    #[serde(rename = {})]\n", QuoteRust(c.name));
      out += fmt::format("    pub {}: {},\n", f.ident, RustType(names, poly, *t, c));
    }
    out += "}\n";
    out += fmt::format("\nimpl {} {{\n    /// The SQL name of the table.\n    pub const TABLE: &str = {};\n}}\n",
                       names.Table(*t), QuoteRust(t->SqlName()));
  }
  return out;
}

}  // namespace

Files ExportRust(const schema::Schema& schema, const Options& options) {
  if (!options.per_namespace) return {{"rust/models.rs", Render(schema, AllTables(schema))}};
  Files files;
  std::string mod = CommentHeader("//", AllTables(schema)) + "\n";
  for (const auto& [stem, tables] : TablesByNamespace(schema)) {
    files.push_back({"rust/" + stem + ".rs", Render(schema, tables)});
    mod += fmt::format("pub mod {};\n", IsRustKeyword(stem) ? "r#" + stem : stem);
  }
  files.push_back({"rust/mod.rs", mod});
  return files;
}

}  // namespace alab::exports
