#include "schema/dsl_names.h"

#include <algorithm>
#include <set>

#include "base/strings.h"

namespace alab::schema {

const std::vector<std::string>& LowLevelTypeNames() {
  static const std::vector<std::string> k = {
      "id",   "string", "text",     "integer", "bigint", "float",  "decimal", "boolean",
      "date", "time",   "datetime", "uuid",    "json",   "base64", "enum",    "native"};
  return k;
}

const std::vector<SemanticPreset>& SemanticPresets() {
  static const std::vector<SemanticPreset> k = {
      {.name = "email",
       .type = Type::kString,
       .length = 255,
       .format = "email",
       .pattern = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"},
      {.name = "username",
       .type = Type::kString,
       .length = 50,
       .pattern = "^[a-zA-Z0-9_.-]{3,50}$"},
      {.name = "password_hash", .type = Type::kString, .length = 255, .write_only = true},
      {.name = "phone",
       .type = Type::kString,
       .length = 20,
       .format = "phone",
       .pattern = "^\\+?[0-9 ()-]{7,20}$"},
      {.name = "name", .type = Type::kString, .length = 100},
      {.name = "title", .type = Type::kString, .length = 200},
      {.name = "slug",
       .type = Type::kString,
       .length = 255,
       .pattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
      {.name = "body", .type = Type::kText},
      {.name = "summary", .type = Type::kString, .length = 500},
      {.name = "markdown", .type = Type::kText, .format = "markdown"},
      {.name = "html", .type = Type::kText, .format = "html"},
      {.name = "url", .type = Type::kString, .length = 2048, .format = "uri"},
      {.name = "ip", .type = Type::kString, .length = 45, .format = "ip"},
      {.name = "ipv4", .type = Type::kString, .length = 15, .format = "ipv4"},
      {.name = "ipv6", .type = Type::kString, .length = 45, .format = "ipv6"},
      {.name = "user_agent", .type = Type::kString, .length = 512},
      {.name = "money", .type = Type::kDecimal, .precision = 19, .scale = 4, .min = 0.0},
      {.name = "percentage",
       .type = Type::kDecimal,
       .precision = 5,
       .scale = 2,
       .min = 0.0,
       .max = 100.0},
      {.name = "counter", .type = Type::kInteger, .min = 0.0, .default_number = "0"},
      {.name = "quantity", .type = Type::kInteger, .min = 0.0},
      {.name = "rating",
       .type = Type::kDecimal,
       .precision = 3,
       .scale = 2,
       .min = 0.0,
       .max = 5.0},
      {.name = "duration", .type = Type::kInteger, .format = "duration-seconds", .min = 0.0},
      {.name = "token", .type = Type::kString, .length = 255, .write_only = true},
      {.name = "code", .type = Type::kString, .length = 50, .pattern = "^[A-Za-z0-9_-]+$"},
      {.name = "country",
       .type = Type::kString,
       .length = 2,
       .format = "iso-3166-1-alpha-2",
       .pattern = "^[A-Z]{2}$"},
      {.name = "currency",
       .type = Type::kString,
       .length = 3,
       .format = "iso-4217",
       .pattern = "^[A-Z]{3}$"},
      {.name = "locale",
       .type = Type::kString,
       .length = 10,
       .format = "bcp47",
       .pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
      {.name = "timezone", .type = Type::kString, .length = 64, .format = "iana-timezone"},
      {.name = "color",
       .type = Type::kString,
       .length = 7,
       .format = "color",
       .pattern = "^#[0-9a-fA-F]{6}$"},
      {.name = "flag", .type = Type::kBoolean},
  };
  return k;
}

const std::vector<std::string>& KnownFormats() {
  // JSON Schema 2020-12's formats, those the presets set, and digits.
  static const std::vector<std::string> k = {"bcp47",
                                             "color",
                                             "date",
                                             "date-time",
                                             "digits",
                                             "duration",
                                             "duration-seconds",
                                             "email",
                                             "hostname",
                                             "html",
                                             "iana-timezone",
                                             "idn-email",
                                             "idn-hostname",
                                             "ip",
                                             "ipv4",
                                             "ipv6",
                                             "iri",
                                             "iri-reference",
                                             "iso-3166-1-alpha-2",
                                             "iso-4217",
                                             "json-pointer",
                                             "markdown",
                                             "phone",
                                             "regex",
                                             "relative-json-pointer",
                                             "time",
                                             "uri",
                                             "uri-reference",
                                             "uri-template",
                                             "uuid"};
  return k;
}

bool IsKnownFormat(const std::string& f) {
  const auto& k = KnownFormats();
  return std::find(k.begin(), k.end(), f) != k.end();
}

const SemanticPreset* FindSemanticPreset(const std::string& name) {
  for (const auto& p : SemanticPresets())
    if (name == p.name) return &p;
  return nullptr;
}

const char* ForbiddenTypeHint(const std::string& name) {
  if (name == "serial")
    return "use id() (a UUID primary key), or for a PostgreSQL auto-increment key "
           "col.native({ postgres: \"bigserial\" }).primary_key()";
  if (name == "double") return "use float() (double precision) or decimal(p, s) for exact values";
  return nullptr;
}

bool IsRelationshipType(const std::string& name) {
  return name == "belongs_to" || name == "one_to_one" || name == "belongs_to_any";
}

bool IsTableHelperType(const std::string& name) {
  return name == "timestamps" || name == "soft_delete" || name == "sortable" || name == "auditable";
}

const std::vector<std::string>& ColumnModifierNames() {
  static const std::vector<std::string> k = {
      "optional",   "nullable",    "unique",    "index",      "default",  "backfill",
      "min",        "primary_key", "max",       "pattern",    "format",   "docs",
      "deprecated", "check",       "read_only", "write_only", "computed", "virtual",
      "as",         "on_delete",   "on_update", "deferrable"};
  return k;
}

const std::vector<std::string>& TableModifierNames() {
  static const std::vector<std::string> k = {
      "timestamps", "soft_delete", "sortable",     "auditable",     "index",   "foreign_key",
      "unique",     "check",       "docs",         "deprecated",    "sort_by", "searchable",
      "filterable", "meta",        "many_to_many", "belongs_to_any"};
  return k;
}

const std::vector<std::string>& FnNames() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> names;
    for (Fn f : AllFns())
      if (f != Fn::kLit) names.push_back(FnName(f));  // a literal is written as itself
    return names;
  }();
  return k;
}

const std::vector<std::string>& MigrationOpNames() {
  static const std::vector<std::string> k = {
      "create_table",     "drop_table",   "rename_table", "add_column", "drop_column",
      "rename_column",    "alter_column", "create_index", "drop_index", "add_foreign_key",
      "drop_foreign_key", "add_check",    "drop_check",   "sql"};
  return k;
}

const std::vector<std::string>& AlterModifierNames() {
  static const std::vector<std::string> k = {"set_type",    "set_nullable",  "set_not_null",
                                             "set_default", "drop_default",  "set_check",
                                             "drop_check",  "set_unique",    "drop_unique",
                                             "backfill",    "set_key_place", "drop_key_place"};
  return k;
}

const std::vector<std::string>& HookMethodNames() {
  static const std::vector<std::string> k = {"before", "after", "backfill"};
  return k;
}

const std::vector<SqlTextKey>& SqlTextKeyTable() {
  static const std::vector<SqlTextKey> k = {{"postgres", "PostgreSQL"}, {"sqlite", "SQLite"}};
  return k;
}

const std::vector<std::string>& SqlTextKeys() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> out;
    for (const auto& e : SqlTextKeyTable()) out.push_back(e.key);
    return out;
  }();
  return k;
}

bool IsSqlTextKey(const std::string& key) {
  const auto& k = SqlTextKeys();
  return std::find(k.begin(), k.end(), key) != k.end();
}

const std::string& SqlTextKeyLabel(const std::string& key) {
  for (const auto& e : SqlTextKeyTable())
    if (e.key == key) return e.label;
  return key;
}

std::string SqlTextKeysText(const std::string& last_sep) {
  const auto& k = SqlTextKeys();
  std::string out;
  for (size_t i = 0; i < k.size(); ++i) {
    if (i > 0) out += i + 1 == k.size() ? last_sep : ", ";
    out += k[i];
  }
  return out;
}

std::string UnknownSqlTextKey(const std::string& what, const std::string& key,
                              const std::string& got) {
  std::string shape;
  for (const std::string& k : SqlTextKeys()) shape += (shape.empty() ? "" : ", ") + k + ": \"...\"";
  std::string out = what + ": sql() takes {" + shape + "} (got key '" + key + "'" +
                    (got.empty() ? "" : " with " + got) + ")";
  if (!IsSqlTextKey(key)) {
    std::string near = ClosestMatch(key, SqlTextKeys());
    if (!near.empty()) out += "; did you mean '" + near + "'?";
  }
  return out;
}

std::vector<std::string> ColumnTypeNames() {
  std::vector<std::string> out = LowLevelTypeNames();
  for (const auto& p : SemanticPresets()) out.push_back(p.name);
  for (const char* n : {"belongs_to", "one_to_one", "belongs_to_any", "serial", "double"})
    out.push_back(n);
  return out;
}

std::vector<std::string> TableBuilderTypeNames() {
  std::vector<std::string> out = ColumnTypeNames();
  for (const char* n : {"timestamps", "soft_delete", "sortable", "auditable", "many_to_many"})
    out.push_back(n);
  return out;
}

nlohmann::json DslConfig() {
  nlohmann::json c;
  c["column_types"] = ColumnTypeNames();
  c["column_modifiers"] = ColumnModifierNames();
  c["table_modifiers"] = TableModifierNames();
  c["fn_names"] = FnNames();
  c["t_types"] = TableBuilderTypeNames();
  c["migration_ops"] = MigrationOpNames();
  c["alter_modifiers"] = AlterModifierNames();
  c["hook_methods"] = HookMethodNames();
  c["sql_text_keys"] = SqlTextKeys();
  return c;
}

bool IsReservedWord(const std::string& ident) {
  static const std::set<std::string> k = {"all",          "analyse",      "analyze",
                                          "and",          "any",          "array",
                                          "as",           "asc",          "between",
                                          "both",         "case",         "cast",
                                          "check",        "collate",      "column",
                                          "constraint",   "create",       "cross",
                                          "current_date", "current_time", "current_timestamp",
                                          "current_user", "default",      "deferrable",
                                          "delete",       "desc",         "distinct",
                                          "do",           "drop",         "else",
                                          "end",          "except",       "false",
                                          "fetch",        "for",          "foreign",
                                          "from",         "full",         "grant",
                                          "group",        "having",       "in",
                                          "index",        "initially",    "inner",
                                          "insert",       "intersect",    "into",
                                          "is",           "join",         "key",
                                          "leading",      "left",         "like",
                                          "limit",        "natural",      "not",
                                          "null",         "offset",       "on",
                                          "only",         "or",           "order",
                                          "outer",        "primary",      "references",
                                          "returning",    "right",        "select",
                                          "session_user", "set",          "some",
                                          "symmetric",    "table",        "then",
                                          "to",           "trailing",     "true",
                                          "union",        "unique",       "update",
                                          "user",         "using",        "values",
                                          "when",         "where",        "window",
                                          "with"};
  return k.count(ident) > 0;
}

}  // namespace alab::schema
