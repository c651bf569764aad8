// Python: dataclasses (default) or pydantic v1 models (--python-style pydantic), Optional for
// nullable columns, enum.Enum for enums, datetime/date/time/Decimal/UUID types. Pydantic
// fields carry the column constraints (max_length, regex, ge/le).
#include <fmt/format.h>

#include <set>

#include "base/strings.h"
#include "export/export.h"
#include "export/naming.h"

namespace alab::exports {

namespace {

using schema::Column;
using schema::Table;
using schema::Type;

bool IsPythonKeyword(const std::string& s) {
  static const std::set<std::string> k{
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  return k.count(s) > 0;
}

// Names a pydantic v1 model cannot use as fields (BaseModel attributes).
bool ShadowsBaseModel(const std::string& s) {
  static const std::set<std::string> k{"construct", "copy",   "dict",        "fields",
                                       "from_orm",  "json",   "parse_file",  "parse_obj",
                                       "parse_raw", "schema", "schema_json", "update_forward_refs",
                                       "validate",  "Config"};
  return k.count(s) > 0;
}

// The attribute name for a column, and whether it differs from the JSON/column name.
std::string PyField(const std::string& col, bool pydantic) {
  std::string n = col;
  if (!n.empty() && n[0] == '_') n = "f" + n;  // pydantic ignores leading-underscore fields
  if (IsPythonKeyword(n) || (pydantic && ShadowsBaseModel(n))) n += "_";
  return n;
}

std::string PyType(const schema::Schema& schema, const TypeNames& names, const Table& t,
                   const Column& c, bool pydantic) {
  std::string base;
  if (auto kinds = PolymorphicTypeValues(schema, t, c); !kinds.empty()) {  // belongs_to_any
    std::vector<std::string> alts;
    for (const auto& k : kinds) alts.push_back(QuoteC(k));
    base = "_t.Literal[" + Join(alts, ", ") + "]";
    return c.nullable ? "_t.Optional[" + base + "]" : base;
  }
  switch (c.type) {
    case Type::kBase64:
      base = pydantic ? "str" : "bytes";
      break;
    case Type::kUuid:
      base = "_uuid.UUID";
      break;
    case Type::kInteger:
      base = "int";
      break;
    case Type::kBigint:
      base = pydantic ? "str" : "int";
      break;  // pydantic would write a number
    case Type::kFloat:
      base = "float";
      break;
    case Type::kDecimal:
      base = "_decimal.Decimal";
      break;
    case Type::kBoolean:
      base = "bool";
      break;
    case Type::kDate:
      base = "_dt.date";
      break;
    case Type::kTime:
      base = "_dt.time";
      break;
    case Type::kDatetime:
      base = "_dt.datetime";
      break;
    case Type::kJson:
      base = "_t.Any";
      break;
    case Type::kEnum:
      base = names.Enum(t, c);
      break;
    case Type::kString:
    case Type::kText:
    case Type::kNative:  // the database's text of the value (wire_json)
      base = "str";      // string, text, base64 text
  }
  return c.nullable && c.type != Type::kJson ? "_t.Optional[" + base + "]" : base;
}

// The wire format (README, "Wire format") of one column read from a row (`v`), and written.
std::string FromWire(const TypeNames& names, const Table& t, const Column& c,
                     const std::string& v) {
  std::string conv;
  switch (c.type) {
    case Type::kEnum:
      conv = names.Enum(t, c) + "(" + v + ")";
      break;
    case Type::kDecimal:
      conv = "_decimal.Decimal(_wire_str(" + v + "))";
      break;
    case Type::kDatetime:
      conv = "_dt.datetime.fromisoformat(_wire_str(" + v + ").replace(\"Z\", \"+00:00\"))";
      break;
    case Type::kDate:
      conv = "_dt.date.fromisoformat(_wire_str(" + v + "))";
      break;
    case Type::kTime:
      conv = "_dt.time.fromisoformat(_wire_str(" + v + "))";
      break;
    case Type::kUuid:
      conv = "_uuid.UUID(_wire_str(" + v + "))";
      break;
    case Type::kBase64:
      conv = "_base64.b64decode(_wire_str(" + v + "), validate=True)";
      break;
    case Type::kFloat:
      conv = "float(" + v + ")";
      break;
    case Type::kBigint:
      conv = "_wire_int64(" + v + ")";
      break;
    case Type::kString:
    case Type::kText:
    case Type::kNative:
    case Type::kInteger:
    case Type::kBoolean:
    case Type::kJson:
      return v;  // str, int, bool, json: the JSON value itself
  }
  return c.nullable ? "None if " + v + " is None else " + conv : conv;
}

std::string ToWire(const Column& c, const std::string& v) {
  std::string conv;
  switch (c.type) {
    case Type::kEnum:
      conv = v + ".value";
      break;
    case Type::kDecimal:
    case Type::kBigint:
    case Type::kUuid:
      conv = "str(" + v + ")";
      break;
    case Type::kDatetime:
      conv = v + ".astimezone(_dt.timezone.utc).isoformat().replace(\"+00:00\", \"Z\")";
      break;
    case Type::kDate:
    case Type::kTime:
      conv = v + ".isoformat()";
      break;
    case Type::kBase64:
      conv = "_base64.b64encode(" + v + ").decode(\"ascii\")";
      break;
    case Type::kString:
    case Type::kText:
    case Type::kNative:
    case Type::kInteger:
    case Type::kFloat:
    case Type::kBoolean:
    case Type::kJson:
      return v;
  }
  return c.nullable ? "None if " + v + " is None else " + conv : conv;
}

std::string PyNumber(double v) { return FormatNumber(v); }

// Field(...) arguments for a pydantic field.
// literal: the field's type is a Literal (a belongs_to_any `_type`), which takes no length.
std::string PydanticField(const Column& c, const std::string& attr, bool literal) {
  std::vector<std::string> args{c.nullable ? "None" : "..."};
  if (attr != c.name) args.push_back("alias=" + QuoteC(c.name));
  bool text = (c.type == Type::kString || c.type == Type::kText) && !literal;
  if (text) {
    std::optional<double> max_len;
    if (c.type == Type::kString && c.length > 0) max_len = c.length;
    if (c.max && (!max_len || *c.max < *max_len)) max_len = c.max;
    if (c.min) args.push_back("min_length=" + PyNumber(*c.min));
    if (max_len) args.push_back("max_length=" + PyNumber(*max_len));
    if (!c.pattern.empty()) args.push_back("regex=" + QuoteC(c.pattern));
  } else if (c.type == Type::kInteger || c.type == Type::kFloat || c.type == Type::kDecimal) {
    if (c.min) args.push_back("ge=" + PyNumber(*c.min));
    if (c.max) args.push_back("le=" + PyNumber(*c.max));
  }
  if (!c.docs.empty()) args.push_back("description=" + QuoteC(c.docs));
  if (args.size() == 1 && attr == c.name) return "";
  return " = Field(" + Join(args, ", ") + ")";
}

std::string Docstring(const std::string& indent, const std::vector<std::string>& lines) {
  std::string body;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string l = ReplaceAll(ReplaceAll(lines[i], "\\", "\\\\"), "\"\"\"", "\\\"\\\"\\\"");
    body += (i == 0 ? "" : "\n\n" + indent) + l;
  }
  return fmt::format("{}\"\"\"{}\"\"\"\n", indent, body);
}

std::string Render(const schema::Schema& schema, const std::vector<const Table*>& tables,
                   bool pydantic) {
  TypeNames names(schema);
  bool uses_enum = false, uses_dt = false, uses_decimal = pydantic && !tables.empty(),
       uses_uuid = false;
  bool uses_field = false;
  for (const auto* t : tables)
    for (const auto& c : t->columns) {
      uses_enum |= c.type == Type::kEnum;
      uses_dt |= c.type == Type::kDate || c.type == Type::kTime || c.type == Type::kDatetime;
      uses_decimal |= c.type == Type::kDecimal;
      uses_uuid |= c.type == Type::kUuid;
      uses_field |= pydantic ? !PydanticField(c, PyField(c.name, true),
                                              !PolymorphicTypeValues(schema, *t, c).empty())
                                    .empty()
                             : PyField(c.name, false) != c.name;
    }
  std::string out = CommentHeader("#", tables);
  out += "\"\"\"Row types of the database schema.\"\"\"\n\n";
  bool uses_base64 = false;
  for (const auto* t : tables)
    for (const auto& c : t->columns) uses_base64 |= c.type == Type::kBase64;
  uses_base64 &= !pydantic;
  if (uses_base64) out += "import base64 as _base64\n";
  if (uses_dt) out += "import datetime as _dt\n";
  if (uses_decimal) out += "import decimal as _decimal\n";
  if (uses_enum) out += "import enum as _enum\n";
  out += "import typing as _t\n";
  if (uses_uuid) out += "import uuid as _uuid\n";
  if (pydantic)
    out += uses_field ? "\nfrom pydantic import BaseModel, Field\n"
                      : "\nfrom pydantic import BaseModel\n";
  else
    out += uses_field ? "from dataclasses import dataclass, field\n"
                      : "from dataclasses import dataclass\n";
  out += "\n__all__ = [";
  std::vector<std::string> exported;
  for (const auto* t : tables) {
    for (const auto& c : t->columns)
      if (c.type == Type::kEnum) exported.push_back(QuoteC(names.Enum(*t, c)));
    exported.push_back(QuoteC(names.Table(*t)));
  }
  out += Join(exported, ", ") + "]\n";
  if (!pydantic && !tables.empty())
    out +=
        "\n\ndef _wire_str(v: _t.Any) -> str:\n"
        "    if not isinstance(v, str):\n"
        "        raise TypeError(f\"expected a string in the wire format, got {v!r}\")\n"
        "    return v\n";
  bool uses_int64 = false;
  for (const auto* t : tables)
    for (const auto& c : t->columns) uses_int64 |= c.type == Type::kBigint;
  if (!pydantic && uses_int64)
    out +=
        "\n\ndef _wire_int64(v: _t.Any) -> int:\n"
        "    s = _wire_str(v)\n"
        "    digits = s[1:] if s.startswith(\"-\") else s\n"
        "    if not (digits.isascii() and digits.isdigit()) or (len(digits) > 1 and digits[0] == "
        "\"0\") "
        "or s == \"-0\":\n"
        "        raise ValueError(f\"not a 64-bit integer string: {s!r}\")\n"
        "    n = int(s)\n"
        "    if not -(2**63) <= n < 2**63:\n"
        "        raise ValueError(f\"out of the 64-bit range: {s!r}\")\n"
        "    return n\n";
  for (const auto* t : tables) {
    for (const auto& c : t->columns) {
      if (c.type != Type::kEnum) continue;
      out += fmt::format("\n\nclass {}(str, _enum.Enum):\n", names.Enum(*t, c));
      out += Docstring("    ", {fmt::format("Values of {}.{}.", t->Ref(), c.name)});
      if (!c.enum_values.empty()) out += "\n";
      std::set<std::string> used;
      for (const auto& v : c.enum_values) {
        std::string member = ToUpperSnake(v);
        out += fmt::format("    {} = {}\n", Unique(member, used), QuoteC(v));
      }
    }
  }
  for (const auto* t : tables) {
    std::vector<std::string> doc{fmt::format("A row of `{}` ({}).", t->SqlName(), t->Ref())};
    if (!t->docs.empty()) doc.push_back(t->docs);
    if (t->deprecated)
      doc.push_back("Deprecated" + (t->deprecated->empty() ? "." : ": " + *t->deprecated));
    if (pydantic) {
      out += fmt::format("\n\nclass {}(BaseModel):\n", names.Table(*t));
    } else {
      out += fmt::format("\n\n@dataclass\nclass {}:\n", names.Table(*t));
    }
    out += Docstring("    ", doc);
    out += "\n";
    for (const auto& c : t->columns) {
      if (c.deprecated)
        out += fmt::format("    # Deprecated{}\n",
                           c.deprecated->empty() ? "." : ": " + CommentText(*c.deprecated));
      if (!pydantic && !c.docs.empty()) out += fmt::format("    # {}\n", CommentText(c.docs));
      std::string attr = PyField(c.name, pydantic);
      std::string init;
      if (pydantic)
        init = PydanticField(c, attr, !PolymorphicTypeValues(schema, *t, c).empty());
      else if (attr != c.name)
        init = fmt::format(" = field(metadata={{\"name\": {}}})", QuoteC(c.name));
      out += fmt::format("    {}: {}{}\n", attr, PyType(schema, names, *t, c, pydantic), init);
    }
    if (pydantic) {
      out += "\n    class Config:\n        allow_population_by_field_name = True\n";
      bool has_datetime = false;
      for (const auto& c : t->columns) has_datetime |= c.type == Type::kDatetime;
      out += has_datetime
                 ? "        json_encoders = {_decimal.Decimal: str, _dt.datetime: lambda v: "
                   "v.astimezone(_dt.timezone.utc).isoformat().replace(\"+00:00\", \"Z\")}\n"
                 : "        json_encoders = {_decimal.Decimal: str}\n";
    } else {
      // from_dict / to_dict: a row in the wire format <-> an instance (enums, Decimal, datetime,
      // bytes).
      const std::string& cls = names.Table(*t);
      out += fmt::format(
          "\n    @classmethod\n    def from_dict(cls, row: _t.Mapping[str, _t.Any]) -> \"{}\":\n",
          cls);
      out +=
          "        \"\"\"An instance from a row in the wire format (`alab dump --format "
          "json`).\"\"\"\n";
      out += "        return cls(\n";
      for (const auto& c : t->columns)
        out += fmt::format("            {}={},\n", PyField(c.name, false),
                           FromWire(names, *t, c, "row[" + QuoteC(c.name) + "]"));
      out += "        )\n";
      out += "\n    def to_dict(self) -> _t.Dict[str, _t.Any]:\n";
      out += "        \"\"\"The row in the wire format.\"\"\"\n        return {\n";
      for (const auto& c : t->columns)
        out += fmt::format("            {}: {},\n", QuoteC(c.name),
                           ToWire(c, "self." + PyField(c.name, false)));
      out += "        }\n";
    }
    out += fmt::format("\n    TABLE: _t.ClassVar[str] = {}\n", QuoteC(t->SqlName()));
  }
  return out;
}

}  // namespace

Files ExportPython(const schema::Schema& schema, const Options& options) {
  bool pydantic = options.python_style == PythonStyle::kPydantic;
  if (!options.per_namespace)
    return {{"python/models.py", Render(schema, AllTables(schema), pydantic)}};
  Files files;
  for (const auto& [stem, tables] : TablesByNamespace(schema))
    files.push_back({"python/" + stem + ".py", Render(schema, tables, pydantic)});
  return files;
}

}  // namespace alab::exports
