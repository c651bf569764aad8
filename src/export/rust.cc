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
      "abstract", "as",     "async",   "await",  "become",  "box",      "break", "const",
      "continue", "do",     "dyn",     "else",   "enum",    "extern",   "false", "final",
      "fn",       "for",    "gen",     "if",     "impl",    "in",       "let",   "loop",
      "macro",    "match",  "mod",     "move",   "mut",     "override", "priv",  "pub",
      "ref",      "return", "static",  "struct", "trait",   "true",     "try",   "type",
      "typeof",   "unsafe", "unsized", "use",    "virtual", "where",    "while", "yield"};
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

std::string RustType(const TypeNames& names, const PolyNames& poly, const Table& t,
                     const Column& c) {
  std::string base;
  if (auto it = poly.find(t.Ref() + '\n' + c.name); it != poly.end())
    return c.nullable ? "Option<" + it->second + ">" : it->second;
  switch (c.type) {
    case Type::kUuid:
      base = "uuid::Uuid";
      break;
    case Type::kInteger:
      base = "i32";
      break;  // 32-bit on every dialect
    case Type::kBigint:
      base = "i64";
      break;  // a JSON string on the wire, through wire_i64
    case Type::kFloat:
      base = "f64";
      break;
    case Type::kBoolean:
      base = "bool";
      break;
    case Type::kDate:
      base = "chrono::NaiveDate";
      break;
    case Type::kTime:
      base = "chrono::NaiveTime";
      break;
    case Type::kDatetime:
      base = "chrono::DateTime<chrono::Utc>";
      break;
    case Type::kJson:
      base = "serde_json::Value";
      break;
    case Type::kEnum:
      base = names.Enum(t, c);
      break;
    case Type::kBase64:
      base = "Vec<u8>";
      break;  // padded base64 through wire_base64
    case Type::kString:
    case Type::kText:
    case Type::kNative:  // the database's text of the value (wire_json)
    case Type::kDecimal:
      base = "String";  // string, text, decimal (exact text)
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
  if (deprecated)
    lines.push_back("Deprecated" + (deprecated->empty() ? "." : ": " + CommentText(*deprecated)));
  return lines;
}

// A private module with serde (de)serializers for base64 columns (Vec<u8> <-> padded base64).
const char* kWireBase64Module = R"rs(
/// Standard base64 with padding (RFC 4648 section 4): the wire format of base64 columns.
#[allow(dead_code)]
mod wire_base64 {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity((bytes.len() + 2) / 3 * 4);
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    pub fn decode(text: &str) -> Result<Vec<u8>, String> {
        let s = text.as_bytes();
        let bad = || format!("not standard padded base64: {:?}", text);
        if s.len() % 4 != 0 {
            return Err(bad());
        }
        let mut out = Vec::with_capacity(s.len() / 4 * 3);
        let chunks = s.len() / 4;
        for (ci, chunk) in s.chunks(4).enumerate() {
            let mut n: u32 = 0;
            let mut pad = 0;
            for (i, &c) in chunk.iter().enumerate() {
                let v = match c {
                    b'A'..=b'Z' if pad == 0 => c - b'A',
                    b'a'..=b'z' if pad == 0 => c - b'a' + 26,
                    b'0'..=b'9' if pad == 0 => c - b'0' + 52,
                    b'+' if pad == 0 => 62,
                    b'/' if pad == 0 => 63,
                    b'=' if ci + 1 == chunks && i >= 2 => {
                        pad += 1;
                        0
                    }
                    _ => return Err(bad()),
                };
                n = (n << 6) | u32::from(v);
            }
            out.push((n >> 16) as u8);
            if pad < 2 {
                out.push((n >> 8) as u8);
            }
            if pad < 1 {
                out.push(n as u8);
            }
        }
        Ok(out)
    }

    pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&encode(v))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        decode(&text).map_err(serde::de::Error::custom)
    }

    pub mod option {
        pub fn serialize<S: serde::Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(b) => s.serialize_some(&super::encode(b)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
            let text = <Option<String> as serde::Deserialize>::deserialize(d)?;
            text.map(|t| super::decode(&t)).transpose().map_err(serde::de::Error::custom)
        }
    }
}
)rs";

// A private module with serde (de)serializers for bigint columns (i64 <-> a JSON string of
// decimal digits, no leading zeros or '+').
const char* kWireI64Module = R"rs(
/// A 64-bit integer as a JSON string of decimal digits: the wire format of bigint columns.
#[allow(dead_code)]
mod wire_i64 {
    pub fn decode(t: &str) -> Result<i64, String> {
        let digits = t.strip_prefix('-').unwrap_or(t);
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'))
            && t != "-0";
        if !canonical {
            return Err(format!("not a 64-bit integer string: {:?}", t));
        }
        t.parse::<i64>().map_err(|_| format!("out of the 64-bit range: {:?}", t))
    }

    pub fn serialize<S: serde::Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        decode(&text).map_err(serde::de::Error::custom)
    }

    pub mod option {
        pub fn serialize<S: serde::Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(n) => s.serialize_some(&n.to_string()),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
            let text = <Option<String> as serde::Deserialize>::deserialize(d)?;
            text.map(|t| super::decode(&t)).transpose().map_err(serde::de::Error::custom)
        }
    }
}
)rs";

std::string Render(const schema::Schema& schema, const std::vector<const Table*>& tables) {
  TypeNames names(schema);
  std::string out = CommentHeader("//", tables);
  out += "\nuse serde::{Deserialize, Serialize};\n";
  bool uses_base64 = false;
  bool uses_i64 = false;
  for (const auto* t : tables)
    for (const auto& c : t->columns) {
      uses_base64 |= c.type == Type::kBase64;
      uses_i64 |= c.type == Type::kBigint;
    }
  if (uses_base64) out += kWireBase64Module;
  if (uses_i64) out += kWireI64Module;
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
        if (variant.empty() || std::isdigit(static_cast<unsigned char>(variant[0])))
          variant = "V" + variant;
        out += fmt::format("    #[serde(rename = {})]\n    {},\n", QuoteRust(v),
                           Unique(variant, used));
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
        if (variant.empty() || std::isdigit(static_cast<unsigned char>(variant[0])))
          variant = "V" + variant;
        out += fmt::format("    #[serde(rename = {})]\n    {},\n", QuoteRust(k),
                           Unique(variant, used));
      }
      out += "}\n";
    }
  for (const auto* t : tables) {
    out += "\n";
    Docs(out, "",
         DocLines(fmt::format("A row of `{}` ({}).", t->SqlName(), t->Ref()), t->docs,
                  t->deprecated));
    out += "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n";
    out += fmt::format("pub struct {} {{\n", names.Table(*t));
    for (const auto& c : t->columns) {
      Docs(out, "    ", DocLines("", c.docs, c.deprecated));
      FieldName f = RustField(c.name);
      if (f.renamed) out += fmt::format("    #[serde(rename = {})]\n", QuoteRust(c.name));
      if (c.type == Type::kBase64)
        out += c.nullable ? "    #[serde(with = \"wire_base64::option\")]\n"
                          : "    #[serde(with = \"wire_base64\")]\n";
      if (c.type == Type::kBigint)
        out += c.nullable ? "    #[serde(with = \"wire_i64::option\")]\n"
                          : "    #[serde(with = \"wire_i64\")]\n";
      out += fmt::format("    pub {}: {},\n", f.ident, RustType(names, poly, *t, c));
    }
    out += "}\n";
    out += fmt::format(
        "\nimpl {} {{\n    /// The SQL name of the table.\n    pub const TABLE: &str = {};\n}}\n",
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
