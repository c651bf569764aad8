#pragma once
// The vocabulary of the schema and migration DSLs: one source of truth for the
// names the JS recorders accept (and the "did you mean" candidates), the semantic
// type presets, and the forbidden types.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/ir.h"

namespace alab::schema {

struct SemanticPreset {
  const char* name = "";
  Type type = Type::kText;
  int length = 0;
  int precision = 0;
  int scale = 0;
  const char* format = "";
  const char* pattern = "";
  std::optional<double> min = std::nullopt;
  std::optional<double> max = std::nullopt;
  const char* default_number = nullptr;  // numeric default ("0")
  bool write_only = false;
};

// id, string, text, integer, float, decimal, boolean, date, time, datetime, uuid, json, base64,
// enum.
const std::vector<std::string>& LowLevelTypeNames();
const std::vector<SemanticPreset>& SemanticPresets();
const SemanticPreset* FindSemanticPreset(const std::string& name);
// serial, double -> the hint that replaces them; nullptr when not forbidden.
const char* ForbiddenTypeHint(const std::string& name);
// belongs_to, one_to_one, belongs_to_any.
bool IsRelationshipType(const std::string& name);
// Helpers inside migration t.*: timestamps, soft_delete, sortable, auditable.
bool IsTableHelperType(const std::string& name);

const std::vector<std::string>& ColumnModifierNames();
const std::vector<std::string>& TableModifierNames();
const std::vector<std::string>& FnNames();
const std::vector<std::string>& MigrationOpNames();
const std::vector<std::string>& AlterModifierNames();
const std::vector<std::string>& HookMethodNames();
// The keys of sql({...}) and the globals of the same name (postgres("..."), sqlite("...")):
// words of the file format, each naming the SQL text one family of databases reads. A dialect
// reads the texts under its Dialect::sql_key(). This list is the only place they are spelled.
struct SqlTextKey {
  std::string key;    // the word in the files
  std::string label;  // the databases that read it, for messages
};
const std::vector<SqlTextKey>& SqlTextKeyTable();
const std::vector<std::string>& SqlTextKeys();  // the keys of SqlTextKeyTable(), in its order
bool IsSqlTextKey(const std::string& key);
const std::string& SqlTextKeyLabel(const std::string& key);  // the key itself when unknown
// "a", "a or b", "a, b or c"
std::string SqlTextKeysText(const std::string& last_sep);
// The message for a key of sql({...}) that is not one: the accepted shape, and the closest key
// when `key` looks like a typo of one.
std::string UnknownSqlTextKey(const std::string& what, const std::string& key,
                              const std::string& got);
// col.* names: low-level, semantic, relationships, forbidden.
std::vector<std::string> ColumnTypeNames();
// t.* names: col.* names plus the table helpers and many_to_many.
std::vector<std::string> TableBuilderTypeNames();

// The config handed to the JS recorders (js::EngineOptions::dsl_config).
nlohmann::json DslConfig();
// The names .format(f) accepts (sorted).
const std::vector<std::string>& KnownFormats();
bool IsKnownFormat(const std::string& f);

// SQL words that make poor identifiers (quoted, they still work: a warning).
bool IsReservedWord(const std::string& ident);

}  // namespace alab::schema
