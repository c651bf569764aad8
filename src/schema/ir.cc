#include "schema/ir.h"

#include <algorithm>

#include <stdexcept>

#include "base/check.h"
#include "base/sha256.h"
#include "base/strings.h"
#include "schema/dsl_names.h"

namespace alab::schema {

namespace {
// What SchemaFromJson reports for a dump that names something the IR does not have; it never
// leaves this file.
struct MalformedDump : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct TypeEntry {
  Type type;
  const char* name;
};
constexpr TypeEntry kTypes[] = {
    {Type::kUuid, "uuid"},         {Type::kString, "string"}, {Type::kText, "text"},
    {Type::kInteger, "integer"},   {Type::kFloat, "float"},   {Type::kDecimal, "decimal"},
    {Type::kBoolean, "boolean"},   {Type::kDate, "date"},     {Type::kTime, "time"},
    {Type::kDatetime, "datetime"}, {Type::kJson, "json"},     {Type::kBase64, "base64"},
    {Type::kEnum, "enum"},         {Type::kBigint, "bigint"}, {Type::kNative, "native"},
};
}  // namespace

const char* TypeName(Type t) {
  for (const auto& e : kTypes)
    if (e.type == t) return e.name;
  return "?";
}

const char* FnName(Fn f) {
  switch (f) {
    case Fn::kCol:
      return "col";
    case Fn::kLit:
      return "lit";
    case Fn::kConcat:
      return "concat";
    case Fn::kUpper:
      return "upper";
    case Fn::kLower:
      return "lower";
    case Fn::kTrim:
      return "trim";
    case Fn::kLength:
      return "length";
    case Fn::kAdd:
      return "add";
    case Fn::kSub:
      return "sub";
    case Fn::kMul:
      return "mul";
    case Fn::kDiv:
      return "div";
    case Fn::kAbs:
      return "abs";
    case Fn::kRound:
      return "round";
    case Fn::kCoalesce:
      return "coalesce";
    case Fn::kNullif:
      return "nullif";
  }
  ALAB_UNREACHABLE("an Fn without a name");
}

const std::vector<Fn>& AllFns() {
  static const std::vector<Fn> k = {
      Fn::kCol, Fn::kLit, Fn::kConcat, Fn::kUpper, Fn::kLower, Fn::kTrim,     Fn::kLength, Fn::kAdd,
      Fn::kSub, Fn::kMul, Fn::kDiv,    Fn::kAbs,   Fn::kRound, Fn::kCoalesce, Fn::kNullif};
  return k;
}

std::optional<Fn> FnFromName(std::string_view name) {
  for (Fn f : AllFns())
    if (name == FnName(f)) return f;
  return std::nullopt;
}

std::optional<Type> TypeFromName(const std::string& name) {
  for (const auto& e : kTypes)
    if (name == e.name) return e.type;
  return std::nullopt;
}

const char* FkActionSql(FkAction a) {
  switch (a) {
    case FkAction::kNoAction:
      return "NO ACTION";
    case FkAction::kRestrict:
      return "RESTRICT";
    case FkAction::kCascade:
      return "CASCADE";
    case FkAction::kSetNull:
      return "SET NULL";
    case FkAction::kSetDefault:
      return "SET DEFAULT";
  }
  return "NO ACTION";
}

std::optional<FkAction> FkActionFromString(const std::string& s) {
  std::string k = ToLower(ReplaceAll(ReplaceAll(Trim(s), "_", " "), "  ", " "));
  if (k == "no action" || k == "noaction") return FkAction::kNoAction;
  if (k == "restrict") return FkAction::kRestrict;
  if (k == "cascade") return FkAction::kCascade;
  if (k == "set null" || k == "setnull") return FkAction::kSetNull;
  if (k == "set default" || k == "setdefault") return FkAction::kSetDefault;
  return std::nullopt;
}

const char* FkDeferralSql(FkDeferral d) {
  switch (d) {
    case FkDeferral::kNot:
      return "";
    case FkDeferral::kImmediate:
      return "DEFERRABLE INITIALLY IMMEDIATE";
    case FkDeferral::kDeferred:
      return "DEFERRABLE INITIALLY DEFERRED";
  }
  return "";
}

const char* FkDeferralName(FkDeferral d) {
  switch (d) {
    case FkDeferral::kNot:
      return "";
    case FkDeferral::kImmediate:
      return "immediate";
    case FkDeferral::kDeferred:
      return "deferred";
  }
  return "";
}

std::optional<FkDeferral> FkDeferralFromString(const std::string& s) {
  std::string k = ToLower(Trim(s));
  if (k == "immediate") return FkDeferral::kImmediate;
  if (k == "deferred") return FkDeferral::kDeferred;
  return std::nullopt;
}

std::vector<const Column*> DeclaredColumns(const Table& t) {
  std::vector<const Column*> out;
  for (const auto& c : t.columns) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(),
                   [](const Column* a, const Column* b) { return a->position < b->position; });
  return out;
}

bool SameType(const Column& a, const Column& b) {
  return a.type == b.type && a.length == b.length && a.precision == b.precision &&
         a.scale == b.scale && a.enum_values == b.enum_values && a.enum_type == b.enum_type &&
         a.native == b.native;
}

void CopyType(const Column& from, Column& to) {
  to.type = from.type;
  to.length = from.length;
  to.precision = from.precision;
  to.scale = from.scale;
  to.enum_values = from.enum_values;
  to.enum_type = from.enum_type;
  to.native = from.native;
}

bool Column::SameDatabaseShape(const Column& o) const {
  return name == o.name && SameType(*this, o) && nullable == o.nullable &&
         primary_key == o.primary_key && unique == o.unique && default_value == o.default_value &&
         check == o.check && computed == o.computed;
}

const Column* Table::FindColumn(const std::string& n) const {
  for (const auto& c : columns)
    if (c.name == n) return &c;
  return nullptr;
}
Column* Table::FindColumn(const std::string& n) {
  for (auto& c : columns)
    if (c.name == n) return &c;
  return nullptr;
}

namespace {
// The key columns in key order: by key_position, ties (and a key without positions) in
// declared column order.
std::vector<const Column*> KeyColumns(const Table& t) {
  std::vector<const Column*> out;
  for (const Column* c : DeclaredColumns(t))
    if (c->primary_key) out.push_back(c);
  std::stable_sort(out.begin(), out.end(), [](const Column* a, const Column* b) {
    return a->key_position < b->key_position;
  });
  return out;
}
}  // namespace

std::vector<std::string> Table::PrimaryKey() const {
  std::vector<std::string> out;
  for (const Column* c : KeyColumns(*this)) out.push_back(c->name);
  return out;
}

namespace {
// `ns + sep + name` (or `name` when ns is empty) == text, without building the string:
// Find runs once per replayed operation, over every table.
bool JoinedEquals(const std::string& ns, char sep, const std::string& name,
                  const std::string& text) {
  if (ns.empty()) return name == text;
  return text.size() == ns.size() + 1 + name.size() && text[ns.size()] == sep &&
         text.compare(0, ns.size(), ns) == 0 &&
         text.compare(ns.size() + 1, std::string::npos, name) == 0;
}
}  // namespace

const Table* Schema::Find(const std::string& ref) const {
  for (const auto& t : tables)
    if (JoinedEquals(t.ns, '.', t.name, ref)) return &t;
  for (const auto& t : tables)
    if (JoinedEquals(t.ns, '_', t.name, ref)) return &t;
  return nullptr;
}
Table* Schema::Find(const std::string& ref) {
  return const_cast<Table*>(static_cast<const Schema*>(this)->Find(ref));
}

std::pair<std::string, std::string> SplitRef(const std::string& ref,
                                             const std::string& current_ns) {
  auto dot = ref.find('.');
  if (dot == std::string::npos) return {"", ref};
  if (dot == 0) return {current_ns, ref.substr(1)};
  return {ref.substr(0, dot), ref.substr(dot + 1)};
}

std::string SqlNameOfRef(const std::string& ref) {
  auto [ns, name] = SplitRef(ref);
  return ns.empty() ? name : ns + "_" + name;
}

static int ColumnRank(const std::string& n) {
  if (n == "id") return 0;
  if (n == "created_at") return 2;
  if (n == "updated_at") return 3;
  if (n == "deleted_at") return 4;
  return 1;
}

bool ColumnOrderLess(const std::string& a, const std::string& b) {
  int ra = ColumnRank(a), rb = ColumnRank(b);
  if (ra != rb) return ra < rb;
  return a < b;
}

void Canonicalize(Table& t) {
  std::stable_sort(t.columns.begin(), t.columns.end(), [](const Column& a, const Column& b) {
    return ColumnOrderLess(a.name, b.name);
  });
  std::stable_sort(t.indexes.begin(), t.indexes.end(),
                   [](const Index& a, const Index& b) { return a.name < b.name; });
  std::stable_sort(t.foreign_keys.begin(), t.foreign_keys.end(),
                   [](const ForeignKey& a, const ForeignKey& b) { return a.name < b.name; });
  std::stable_sort(t.checks.begin(), t.checks.end(),
                   [](const Check& a, const Check& b) { return a.name < b.name; });
  std::stable_sort(t.polymorphic.begin(), t.polymorphic.end(),
                   [](const Polymorphic& a, const Polymorphic& b) { return a.as < b.as; });
}

void NormalizeKeyPlaces(Table& t) {
  bool ordered = false;
  for (const auto& c : t.columns) ordered = ordered || (c.primary_key && c.key_position != 0);
  for (auto& c : t.columns)
    if (!c.primary_key) c.key_position = 0;
  if (!ordered) return;
  std::vector<const Column*> in_key_order = KeyColumns(t);
  std::vector<const Column*> in_column_order;
  for (const Column* c : DeclaredColumns(t))
    if (c->primary_key) in_column_order.push_back(c);
  bool same = in_key_order == in_column_order;
  std::vector<std::pair<std::string, int>> places;
  for (size_t i = 0; i < in_key_order.size(); ++i)
    places.emplace_back(in_key_order[i]->name, same ? 0 : static_cast<int>(i) + 1);
  for (const auto& [name, place] : places) t.FindColumn(name)->key_position = place;
}

bool ChangesKeyOrder(const Table& t, const std::string& column, int place) {
  Table after = t;
  Column* c = after.FindColumn(column);
  if (c == nullptr) return false;
  c->key_position = place;
  return after.PrimaryKey() != t.PrimaryKey();
}

int KeyPlaceOf(const Table& t, const std::string& column) {
  std::vector<std::string> key = t.PrimaryKey();
  for (size_t i = 0; i < key.size(); ++i)
    if (key[i] == column) return static_cast<int>(i) + 1;
  return 0;
}

void Canonicalize(Schema& s) {
  for (auto& t : s.tables) Canonicalize(t);
  std::stable_sort(s.tables.begin(), s.tables.end(),
                   [](const Table& a, const Table& b) { return a.Ref() < b.Ref(); });
}

std::string ShortenIdentifier(const std::string& ident) {
  if (ident.size() <= 63) return ident;
  return ident.substr(0, 54) + "_" + Sha256Hex(ident).substr(0, 8);
}

std::string IndexName(const std::string& table_sql, const std::vector<std::string>& cols,
                      bool unique) {
  return ShortenIdentifier((unique ? "uniq_" : "idx_") + table_sql + "_" + Join(cols, "_"));
}

std::string ForeignKeyName(const std::string& table_sql, const std::vector<std::string>& cols) {
  return ShortenIdentifier("fk_" + table_sql + "_" + Join(cols, "_"));
}

// ---- Value ---------------------------------------------------------------

Value Value::Sql(SqlTexts texts) {
  Value v;
  v.kind = Kind::kSql;
  for (auto& [key, text] : texts)
    if (!text.empty()) v.sql.emplace(key, std::move(text));
  return v;
}

Value Value::SqlForEveryKey(const std::string& text) {
  SqlTexts texts;
  for (const std::string& key : SqlTextKeys()) texts[key] = text;
  return Sql(std::move(texts));
}

const std::string& Value::SqlText(const std::string& key) const {
  static const std::string kNone;
  auto it = sql.find(key);
  return it == sql.end() ? kNone : it->second;
}

const std::string& Value::FirstSqlText() const {
  for (const std::string& key : SqlTextKeys()) {
    const std::string& text = SqlText(key);
    if (!text.empty()) return text;
  }
  return SqlText("");
}

bool Value::SameSqlForEveryKey() const {
  for (const std::string& key : SqlTextKeys())
    if (SqlText(key) != FirstSqlText()) return false;
  return true;
}

std::string Value::JoinedSqlTexts(const std::string& sep) const {
  std::string out;
  for (const std::string& key : SqlTextKeys()) {
    if (&key != &SqlTextKeys().front()) out += sep;
    out += SqlText(key);
  }
  return out;
}

// ---- JSON ----------------------------------------------------------------

static nlohmann::ordered_json ValueToJson(const Value& v) {
  nlohmann::ordered_json j;
  switch (v.kind) {
    case Value::Kind::kNull:
      j["kind"] = "null";
      break;
    case Value::Kind::kString:
      j["kind"] = "string";
      j["value"] = v.text;
      break;
    case Value::Kind::kNumber:
      j["kind"] = "number";
      j["value"] = v.text;
      break;
    case Value::Kind::kBool:
      j["kind"] = "bool";
      j["value"] = v.text;
      break;
    case Value::Kind::kJson:
      j["kind"] = "json";
      j["value"] = v.text;
      break;
    case Value::Kind::kSql:
      j["kind"] = "sql";
      for (const std::string& key : SqlTextKeys()) j[key] = v.SqlText(key);
      break;
  }
  return j;
}

static Value ValueFromJson(const nlohmann::json& j) {
  Value v;
  std::string k = j.value("kind", "null");
  if (k == "string")
    v.kind = Value::Kind::kString;
  else if (k == "number")
    v.kind = Value::Kind::kNumber;
  else if (k == "bool")
    v.kind = Value::Kind::kBool;
  else if (k == "json")
    v.kind = Value::Kind::kJson;
  else if (k == "sql")
    v.kind = Value::Kind::kSql;
  v.text = j.value("value", "");
  for (const std::string& key : SqlTextKeys()) {
    std::string text = j.value(key, "");
    if (!text.empty()) v.sql[key] = std::move(text);
  }
  return v;
}

static nlohmann::ordered_json ExprToJson(const Expr& e) {
  nlohmann::ordered_json j;
  if (e.fn == Fn::kCol) {
    j["col"] = e.column;
  } else if (e.fn == Fn::kLit) {
    j["lit"] = ValueToJson(e.literal.value_or(Value{}));
  } else {
    j["fn"] = FnName(e.fn);
    j["args"] = nlohmann::ordered_json::array();
    for (const auto& a : e.args) j["args"].push_back(ExprToJson(a));
  }
  return j;
}

static Expr ExprFromJson(const nlohmann::json& j) {
  Expr e;
  if (j.contains("col")) {
    e.fn = Fn::kCol;
    e.column = j["col"].get<std::string>();
  } else if (j.contains("lit")) {
    e.fn = Fn::kLit;
    e.literal = ValueFromJson(j["lit"]);
  } else {
    const std::string name = j.value("fn", "");
    std::optional<Fn> fn = FnFromName(name);
    if (!fn || *fn == Fn::kCol || *fn == Fn::kLit)
      throw MalformedDump("unknown computed-column function fn." + name);
    e.fn = *fn;
    if (j.contains("args"))
      for (const auto& a : j["args"]) e.args.push_back(ExprFromJson(a));
  }
  return e;
}

static nlohmann::ordered_json LocToJson(const diag::SourceLoc& l) {
  return nlohmann::ordered_json{{"file", l.file}, {"line", l.line}, {"col", l.col}};
}

nlohmann::ordered_json ToJson(const Column& c) {
  nlohmann::ordered_json j;
  j["name"] = c.name;
  j["type"] = TypeName(c.type);
  if (c.type == Type::kString) j["length"] = c.length;
  if (c.type == Type::kDecimal) {
    j["precision"] = c.precision;
    j["scale"] = c.scale;
  }
  if (c.type == Type::kEnum) j["values"] = c.enum_values;
  if (c.type == Type::kEnum && !c.enum_type.empty()) j["enum_type"] = c.enum_type;
  if (c.type == Type::kNative) j["native"] = c.native;
  j["nullable"] = c.nullable;
  if (c.primary_key) j["primary_key"] = true;
  if (c.key_position != 0) j["key_position"] = c.key_position;
  if (c.unique) j["unique"] = true;
  if (c.default_value) j["default"] = ValueToJson(*c.default_value);
  if (c.backfill) j["backfill"] = ValueToJson(*c.backfill);
  if (!c.check.empty()) j["check"] = c.check;
  if (c.computed) {
    j["computed"] = ExprToJson(c.computed->expr);
    if (!c.computed->stored) j["virtual"] = true;
  }
  if (!c.semantic.empty()) j["semantic"] = c.semantic;
  if (c.min) j["min"] = *c.min;
  if (c.max) j["max"] = *c.max;
  if (!c.pattern.empty()) j["pattern"] = c.pattern;
  if (!c.format.empty()) j["format"] = c.format;
  if (!c.docs.empty()) j["docs"] = c.docs;
  if (c.deprecated) j["deprecated"] = *c.deprecated;
  if (c.read_only) j["read_only"] = true;
  if (c.write_only) j["write_only"] = true;
  return j;
}

static Column ColumnFromJson(const nlohmann::json& j) {
  Column c;
  c.name = j.value("name", "");
  c.type = TypeFromName(j.value("type", "text")).value_or(Type::kText);
  c.length = j.value("length", 0);
  c.precision = j.value("precision", 0);
  c.scale = j.value("scale", 0);
  if (j.contains("values")) c.enum_values = j["values"].get<std::vector<std::string>>();
  c.enum_type = j.value("enum_type", "");
  if (j.contains("native")) c.native = j["native"].get<SqlTexts>();
  c.nullable = j.value("nullable", false);
  c.primary_key = j.value("primary_key", false);
  c.key_position = j.value("key_position", 0);
  c.unique = j.value("unique", false);
  if (j.contains("default")) c.default_value = ValueFromJson(j["default"]);
  if (j.contains("backfill")) c.backfill = ValueFromJson(j["backfill"]);
  c.check = j.value("check", "");
  if (j.contains("computed"))
    c.computed = Computed{ExprFromJson(j["computed"]), !j.value("virtual", false)};
  c.semantic = j.value("semantic", "");
  if (j.contains("min")) c.min = j["min"].get<double>();
  if (j.contains("max")) c.max = j["max"].get<double>();
  c.pattern = j.value("pattern", "");
  c.format = j.value("format", "");
  c.docs = j.value("docs", "");
  if (j.contains("deprecated")) c.deprecated = j["deprecated"].get<std::string>();
  c.read_only = j.value("read_only", false);
  c.write_only = j.value("write_only", false);
  return c;
}

nlohmann::ordered_json ToJson(const Table& t, bool with_locations) {
  nlohmann::ordered_json j;
  j["ref"] = t.Ref();
  j["namespace"] = t.ns;
  j["name"] = t.name;
  j["sql_name"] = t.SqlName();
  if (t.junction) j["junction"] = true;
  j["columns"] = nlohmann::ordered_json::array();
  for (const auto& c : t.columns) {
    auto cj = ToJson(c);
    if (with_locations && c.loc.known()) cj["loc"] = LocToJson(c.loc);
    j["columns"].push_back(cj);
  }
  j["indexes"] = nlohmann::ordered_json::array();
  for (const auto& i : t.indexes) {
    nlohmann::ordered_json ij{{"name", i.name}, {"columns", i.columns}, {"unique", i.unique}};
    if (!i.where.empty()) ij["where"] = i.where;
    if (i.constraint) ij["constraint"] = true;
    if (!i.native.empty()) ij["native"] = i.native;
    j["indexes"].push_back(ij);
  }
  j["foreign_keys"] = nlohmann::ordered_json::array();
  for (const auto& f : t.foreign_keys) {
    nlohmann::ordered_json fj{{"name", f.name},
                              {"columns", f.columns},
                              {"ref_table", f.ref_table},
                              {"ref_columns", f.ref_columns},
                              {"on_delete", FkActionSql(f.on_delete)},
                              {"on_update", FkActionSql(f.on_update)}};
    if (f.deferral != FkDeferral::kNot) fj["deferrable"] = FkDeferralName(f.deferral);
    j["foreign_keys"].push_back(std::move(fj));
  }
  j["checks"] = nlohmann::ordered_json::array();
  for (const auto& c : t.checks)
    j["checks"].push_back(nlohmann::ordered_json{{"name", c.name}, {"expr", c.expr}});
  if (!t.polymorphic.empty()) {
    j["polymorphic"] = nlohmann::ordered_json::array();
    for (const auto& p : t.polymorphic)
      j["polymorphic"].push_back(nlohmann::ordered_json{{"as", p.as}, {"refs", p.refs}});
  }
  if (!t.docs.empty()) j["docs"] = t.docs;
  if (t.deprecated) j["deprecated"] = *t.deprecated;
  if (!t.sort_by.empty()) j["sort_by"] = t.sort_by;
  if (!t.searchable.empty()) j["searchable"] = t.searchable;
  if (!t.filterable.empty()) j["filterable"] = t.filterable;
  if (!t.meta.empty()) j["meta"] = t.meta;
  if (with_locations && !t.file.empty()) j["file"] = t.file;
  return j;
}

static Table TableFromJson(const nlohmann::json& j) {
  Table t;
  t.ns = j.value("namespace", "");
  t.name = j.value("name", "");
  t.junction = j.value("junction", false);
  if (j.contains("columns"))
    for (const auto& c : j["columns"]) t.columns.push_back(ColumnFromJson(c));
  if (j.contains("indexes"))
    for (const auto& i : j["indexes"])
      t.indexes.push_back(Index{i.value("name", ""),
                                i["columns"].get<std::vector<std::string>>(),
                                i.value("unique", false),
                                i.value("where", ""),
                                {},
                                i.value("constraint", false),
                                i.value("native", SqlTexts{})});
  if (j.contains("foreign_keys"))
    for (const auto& f : j["foreign_keys"]) {
      ForeignKey fk;
      fk.name = f.value("name", "");
      fk.columns = f["columns"].get<std::vector<std::string>>();
      fk.ref_table = f.value("ref_table", "");
      fk.ref_columns = f["ref_columns"].get<std::vector<std::string>>();
      fk.on_delete =
          FkActionFromString(f.value("on_delete", "NO ACTION")).value_or(FkAction::kNoAction);
      fk.on_update =
          FkActionFromString(f.value("on_update", "NO ACTION")).value_or(FkAction::kNoAction);
      if (f.contains("deferrable")) {
        auto d = FkDeferralFromString(f.value("deferrable", ""));
        if (!d) throw MalformedDump("a foreign key's deferrable is \"immediate\" or \"deferred\"");
        fk.deferral = *d;
      }
      t.foreign_keys.push_back(fk);
    }
  if (j.contains("checks"))
    for (const auto& c : j["checks"])
      t.checks.push_back(Check{c.value("name", ""), c.value("expr", ""), {}});
  if (j.contains("polymorphic"))
    for (const auto& p : j["polymorphic"])
      t.polymorphic.push_back(
          Polymorphic{p.value("as", ""), p["refs"].get<std::vector<std::string>>()});
  t.docs = j.value("docs", "");
  if (j.contains("deprecated")) t.deprecated = j["deprecated"].get<std::string>();
  if (j.contains("sort_by")) t.sort_by = j["sort_by"].get<std::vector<std::string>>();
  if (j.contains("searchable")) t.searchable = j["searchable"].get<std::vector<std::string>>();
  if (j.contains("filterable")) t.filterable = j["filterable"].get<std::vector<std::string>>();
  if (j.contains("meta")) t.meta = j["meta"];
  t.file = j.value("file", "");
  return t;
}

nlohmann::ordered_json ToJson(const Schema& s, bool with_locations) {
  nlohmann::ordered_json j;
  j["tables"] = nlohmann::ordered_json::array();
  for (const auto& t : s.tables) j["tables"].push_back(ToJson(t, with_locations));
  return j;
}

Expected<Schema> SchemaFromJson(const nlohmann::json& j) {
  Schema s;
  try {
    if (j.contains("tables"))
      for (const auto& t : j["tables"]) s.tables.push_back(TableFromJson(t));
  } catch (const MalformedDump& e) {
    return MakeError(std::string("not a schema dump: ") + e.what(), ExitCode::kUserError);
  } catch (const nlohmann::json::exception& e) {
    return MakeError(std::string("not a schema dump: ") + e.what(), ExitCode::kUserError);
  }
  Canonicalize(s);
  return s;
}

bool SameDatabaseShape(const Table& a, const Table& b) {
  if (a.Ref() != b.Ref()) return false;
  if (a.columns.size() != b.columns.size() || a.indexes.size() != b.indexes.size() ||
      a.foreign_keys.size() != b.foreign_keys.size() || a.checks.size() != b.checks.size())
    return false;
  for (size_t i = 0; i < a.columns.size(); ++i)
    if (!a.columns[i].SameDatabaseShape(b.columns[i])) return false;
  if (a.PrimaryKey() != b.PrimaryKey()) return false;  // the key's order, however placed
  for (size_t i = 0; i < a.indexes.size(); ++i)
    if (!a.indexes[i].SameDatabaseShape(b.indexes[i])) return false;
  for (size_t i = 0; i < a.foreign_keys.size(); ++i)
    if (!a.foreign_keys[i].SameDatabaseShape(b.foreign_keys[i])) return false;
  for (size_t i = 0; i < a.checks.size(); ++i)
    if (!a.checks[i].SameDatabaseShape(b.checks[i])) return false;
  return true;
}

bool SameDatabaseShape(const Schema& a, const Schema& b) {
  if (a.tables.size() != b.tables.size()) return false;
  for (size_t i = 0; i < a.tables.size(); ++i)
    if (!SameDatabaseShape(a.tables[i], b.tables[i])) return false;
  return true;
}

}  // namespace alab::schema
