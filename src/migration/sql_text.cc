#include "migration/sql_text.h"

#include <filesystem>

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/steps.h"

namespace alab::migration {

namespace {

std::string Terminated(const std::string& sql) {
  std::string s = Trim(sql);
  while (!s.empty() && (s.back() == ';' || s.back() == ' ' || s.back() == '\n' || s.back() == '\t')) s.pop_back();
  return s + ";";
}

}  // namespace

std::string StepwiseSql(const std::vector<dialect::Statement>& statements) {
  std::string out = "-- runs without a transaction, step by step; each step is recorded in alab_migration_steps\n";
  auto steps = dialect::GroupSteps(statements);
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto& st = steps[i];
    std::string what = !st.rebuild_table.empty() ? ": rebuild of \"" + st.rebuild_table + "\""
                       : !st.transaction        ? ": outside a transaction (intent recorded before it is sent)"
                                                : "";
    out += fmt::format("-- step {} of {}{}\n", i + 1, steps.size(), what);
    if (st.foreign_keys_off) out += "PRAGMA foreign_keys=OFF;\n";
    if (st.transaction) out += "BEGIN;\n";
    for (size_t k = st.first; k < st.end; ++k) out += Terminated(statements[k].sql) + "\n";
    if (st.foreign_keys_off) out += "PRAGMA foreign_key_check;\n";
    if (st.transaction) out += "COMMIT;\n";
    if (st.foreign_keys_off) out += "PRAGMA foreign_keys=ON;\n";
  }
  return out;
}

std::string FormatMigrationSql(const Migration& m, const std::vector<dialect::Statement>& statements) {
  std::string name = std::filesystem::path(m.file).filename().string();
  std::string out = m.description.empty() ? fmt::format("-- {}\n", name)
                                          : fmt::format("-- {}: {}\n", name, ReplaceAll(m.description, "\n", " "));
  if (!m.transactional) return out + StepwiseSql(statements);
  bool fk_off = false;
  for (const auto& st : statements) fk_off = fk_off || st.needs_foreign_keys_off;
  if (fk_off) out += "PRAGMA foreign_keys=OFF;\n";
  out += "BEGIN;\n";
  for (const auto& st : statements) out += Terminated(st.sql) + "\n";
  if (fk_off) out += "PRAGMA foreign_key_check;\n";
  out += "COMMIT;\n";
  if (fk_off) out += "PRAGMA foreign_keys=ON;\n";
  return out;
}

}  // namespace alab::migration
