// Go: one package with a struct per table (json + db tags), pointers for nullable columns,
// time.Time for datetime columns, and typed string constants for enums.
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

const std::set<std::string>& Initialisms() {
  static const std::set<std::string> k{"api",  "db",  "dns", "html", "http", "https", "id",  "ip",
                                       "json", "sql", "ssh", "tcp",  "tls",  "ttl",   "udp", "ui",
                                       "uid",  "uri", "url", "utf8", "uuid", "xml"};
  return k;
}

// "author_id" -> "AuthorID"; "2fa" -> "X2fa".
std::string GoName(std::string_view s, bool initialisms = true) {
  std::string out;
  for (auto w : Words(s)) {
    if (initialisms && Initialisms().count(w)) {
      for (auto& ch : w) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    } else {
      w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
    }
    out += w;
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "X" + out;
  return out;
}

// A package name from a namespace: lower-case letters and digits, never a keyword.
std::string GoPackageName(const std::string& ns) {
  static const std::set<std::string> kKeywords{
      "break",  "case",        "chan", "const",   "continue", "default", "defer",
      "else",   "fallthrough", "for",  "func",    "go",       "goto",    "if",
      "import", "interface",   "map",  "package", "range",    "return",  "select",
      "struct", "switch",      "type", "var"};
  std::string out;
  for (char ch : ns)
    if (std::isalnum(static_cast<unsigned char>(ch))) out += ch;
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "ns" + out;
  if (kKeywords.count(out)) out += "pkg";
  return out;
}

// Named string types of belongs_to_any `_type` columns: table ref + '\n' + column -> name.
using PolyNames = std::map<std::string, std::string>;

std::string GoType(const TypeNames& names, const PolyNames& poly, const Table& t, const Column& c) {
  std::string base;
  if (auto it = poly.find(t.Ref() + '\n' + c.name); it != poly.end())
    return c.nullable ? "*" + it->second : it->second;
  switch (c.type) {
    case Type::kInteger:
      base = "int32";
      break;  // 32-bit on every dialect
    case Type::kBigint:
      base = "int64";
      break;  // a JSON string on the wire: the `,string` tag option
    case Type::kFloat:
      base = "float64";
      break;
    case Type::kBoolean:
      base = "bool";
      break;
    case Type::kDatetime:
      base = "time.Time";
      break;
    case Type::kJson:
      return "json.RawMessage";  // nil marshals as null
    case Type::kBase64:
      return "[]byte";  // encoding/json uses base64; nil is null
    case Type::kEnum:
      base = names.Enum(t, c);
      break;
    case Type::kUuid:
    case Type::kString:
    case Type::kText:
    case Type::kNative:  // the database's text of the value (wire_json)
    case Type::kDecimal:
    case Type::kDate:
    case Type::kTime:
      base = "string";  // uuid, text, decimal, date, time
  }
  return c.nullable ? "*" + base : base;
}

void Comment(std::string& out, const std::string& indent, const std::string& first,
             const std::string& docs, const std::optional<std::string>& deprecated) {
  if (!first.empty()) out += fmt::format("{}// {}\n", indent, first);
  if (!docs.empty()) out += fmt::format("{}// {}\n", indent, CommentText(docs));
  if (deprecated) {
    if (!first.empty() || !docs.empty()) out += indent + "//\n";
    out += fmt::format("{}// Deprecated: {}\n", indent,
                       deprecated->empty() ? "do not use." : CommentText(*deprecated));
  }
}

// One line of a struct or const block: comment lines above it, then three cells.
struct Line {
  std::string comment;
  std::string name, type, rest;
};

// The lines with cells aligned the way gofmt aligns them: a comment line ends a section.
std::string Aligned(const std::vector<Line>& lines) {
  std::string out;
  for (size_t start = 0; start < lines.size();) {
    size_t end = start + 1;
    while (end < lines.size() && lines[end].comment.empty()) ++end;
    size_t name_w = 0, type_w = 0;
    for (size_t i = start; i < end; ++i) {
      name_w = std::max(name_w, lines[i].name.size());
      type_w = std::max(type_w, lines[i].type.size());
    }
    for (size_t i = start; i < end; ++i) {
      const Line& l = lines[i];
      out += l.comment;
      out += fmt::format("\t{:<{}} {:<{}} {}\n", l.name, name_w, l.type, type_w, l.rest);
    }
    start = end;
  }
  return out;
}

std::string Render(const schema::Schema& schema, const std::vector<const Table*>& tables,
                   const std::string& pkg, bool initialisms) {
  TypeNames names(schema);
  bool uses_time = false, uses_json = false;
  for (const auto* t : tables)
    for (const auto& c : t->columns) {
      uses_time |= c.type == Type::kDatetime;
      uses_json |= c.type == Type::kJson;
    }
  std::string out = CommentHeader("//", tables);
  out += fmt::format("\n// Package {} holds the row types of the database schema.\npackage {}\n",
                     pkg, pkg);
  if (uses_time || uses_json) {
    out += "\nimport (\n";
    if (uses_json) out += "\t\"encoding/json\"\n";
    if (uses_time) out += "\t\"time\"\n";
    out += ")\n";
  }
  std::set<std::string> used;  // package-level identifiers
  for (const auto* t : tables) {
    used.insert(names.Table(*t));
    for (const auto& c : t->columns)
      if (c.type == Type::kEnum) used.insert(names.Enum(*t, c));
  }
  for (const auto* t : tables) {
    for (const auto& c : t->columns) {
      if (c.type != Type::kEnum) continue;
      const std::string& en = names.Enum(*t, c);
      out +=
          fmt::format("\n// {} is a value of {}.{}.\ntype {} string\n", en, t->Ref(), c.name, en);
      if (c.enum_values.empty()) continue;
      out += fmt::format("\n// Values of {}.\nconst (\n", en);
      std::vector<Line> lines;
      for (const auto& v : c.enum_values) {
        std::string suffix = PascalWords(v);
        if (suffix.empty()) suffix = "Empty";
        lines.push_back({"", Unique(en + suffix, used), en, "= " + QuoteC(v)});
      }
      out += Aligned(lines);
      out += ")\n";
    }
  }
  // belongs_to_any: a named string type with one constant per table (its SQL name).
  PolyNames poly;
  for (const auto* t : tables)
    for (const auto& c : t->columns) {
      auto kinds = PolymorphicTypeValues(schema, *t, c);
      if (kinds.empty()) continue;
      std::string pn = Unique(names.Table(*t) + PascalWords(c.name), used);
      poly[t->Ref() + '\n' + c.name] = pn;
      out += fmt::format("\n// {} names the table {}.{} points at.\ntype {} string\n", pn, t->Ref(),
                         c.name, pn);
      out += fmt::format("\n// Values of {}.\nconst (\n", pn);
      std::vector<Line> lines;
      for (const auto& k : kinds)
        lines.push_back({"", Unique(pn + PascalWords(k), used), pn, "= " + QuoteC(k)});
      out += Aligned(lines);
      out += ")\n";
    }
  for (const auto* t : tables) {
    const std::string& type = names.Table(*t);
    out += "\n";
    Comment(out, "", fmt::format("{} is a row of {} ({}).", type, t->SqlName(), t->Ref()), t->docs,
            t->deprecated);
    out += fmt::format("type {} struct {{\n", type);
    std::set<std::string> fields{"TableName"};  // the method below
    std::vector<Line> lines;
    for (const auto& c : t->columns) {
      std::string comment;
      Comment(comment, "\t", "", c.docs, c.deprecated);
      lines.push_back({comment, Unique(GoName(c.name, initialisms), fields),
                       GoType(names, poly, *t, c),
                       fmt::format("`json:\"{}{}\" db:\"{}\"`", c.name,
                                   c.type == Type::kBigint ? ",string" : "", c.name)});
    }
    out += Aligned(lines);
    out += "}\n";
    out += fmt::format(
        "\n// TableName returns the SQL name of the table.\nfunc ({}) TableName() string {{ return "
        "{} }}\n",
        type, QuoteC(t->SqlName()));
  }
  return out;
}

}  // namespace

Files ExportGo(const schema::Schema& schema, const Options& options) {
  if (!options.per_namespace)
    return {{"go/models.go",
             Render(schema, AllTables(schema), options.go_package, options.go_initialisms)}};
  Files files;
  for (const auto& [stem, tables] : TablesByNamespace(schema))
    files.push_back({"go/" + stem + "/models.go",
                     Render(schema, tables, GoPackageName(stem), options.go_initialisms)});
  return files;
}

}  // namespace alab::exports
