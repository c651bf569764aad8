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

// id, string, text, integer, float, decimal, boolean, date, time, datetime, uuid, json, base64, enum.
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
