#include "migration/sql_text.h"

#include <filesystem>

#include <fmt/format.h>

#include "base/strings.h"

namespace alab::migration {

namespace {

std::string Terminated(const std::string& sql) {
  std::string s = Trim(sql);
  while (!s.empty() && (s.back() == ';' || s.back() == ' ' || s.back() == '\n' || s.back() == '\t')) s.pop_back();
  return s + ";";
}

}  // namespace

std::string FormatMigrationSql(const Migration& m, const std::vector<dialect::Statement>& statements) {
  std::string name = std::filesystem::path(m.file).filename().string();
  std::string out = m.description.empty() ? fmt::format("-- {}\n", name)
                                          : fmt::format("-- {}: {}\n", name, ReplaceAll(m.description, "\n", " "));
  bool fk_off = false;
  for (const auto& st : statements) fk_off = fk_off || st.needs_foreign_keys_off;
  if (fk_off) out += "PRAGMA foreign_keys=OFF;\n";
  out += m.transactional ? "BEGIN;\n" : "-- runs without a transaction\n";
  for (const auto& st : statements) out += Terminated(st.sql) + "\n";
  if (fk_off) out += "PRAGMA foreign_key_check;\n";
  if (m.transactional) out += "COMMIT;\n";
  if (fk_off) out += "PRAGMA foreign_keys=ON;\n";
  return out;
}

}  // namespace alab::migration
