#include "migration/script.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/steps.h"

namespace alab::migration {

namespace {

std::string Terminated(const std::string& sql) {
  std::string s = Trim(sql);
  while (!s.empty() && (s.back() == ';' || s.back() == ' ' || s.back() == '\n' || s.back() == '\t'))
    s.pop_back();
  return s + ";";
}

// The statements of one transaction, or of one step, between the frame's lines.
void AppendFramed(std::string& out, const std::vector<dialect::Statement>& statements, size_t first,
                  size_t end, bool transaction, bool fk_off, const dialect::Dialect& d,
                  bool comment_rebuilds) {
  const auto frame = d.ForeignKeysOffFrame();
  fk_off = fk_off && !frame.empty();
  if (fk_off) out += frame.off + ";\n";
  if (transaction) out += "BEGIN;\n";
  for (size_t k = first; k < end; ++k) {
    if (comment_rebuilds && !statements[k].rebuild_table.empty())
      out += "-- rebuild of \"" + statements[k].rebuild_table +
             "\": when applied, alab also keeps the table's triggers, hand-made indexes and the "
             "views, and stops "
             "on columns the migrations do not declare\n";
    out += Terminated(statements[k].sql) + "\n";
  }
  if (fk_off) out += frame.check + ";\n";
  if (transaction) out += "COMMIT;\n";
  if (fk_off) out += frame.on + ";\n";
}

}  // namespace

std::string StepwiseSql(const std::vector<dialect::Statement>& statements,
                        const dialect::Dialect& d) {
  std::string out =
      "-- runs without a transaction, step by step; each step is recorded in "
      "alab_migration_steps\n";
  auto steps = dialect::GroupSteps(statements);
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto& st = steps[i];
    std::string what = !st.rebuild_table.empty() ? ": rebuild of \"" + st.rebuild_table + "\""
                       : !st.transaction
                           ? ": outside a transaction (intent recorded before it is sent)"
                           : "";
    out += fmt::format("-- step {} of {}{}\n", i + 1, steps.size(), what);
    AppendFramed(out, statements, st.first, st.end, st.transaction, st.foreign_keys_off, d, false);
  }
  return out;
}

std::string MigrationScriptHeader(const Migration& m, bool down) {
  return fmt::format("-- {} {} ({}){}\n", down ? "rollback" : "migrate", m.file, m.revision,
                     m.description.empty() ? "" : ": " + ReplaceAll(m.description, "\n", " "));
}

std::string MigrationScript(const Migration& m, const std::vector<dialect::Statement>& statements,
                            const dialect::Dialect& d, bool down) {
  std::string out = MigrationScriptHeader(m, down);
  if (!m.transactional) return out + StepwiseSql(statements, d);
  bool fk_off = false;
  for (const auto& st : statements) fk_off = fk_off || st.needs_foreign_keys_off;
  AppendFramed(out, statements, 0, statements.size(), true, fk_off, d, true);
  return out;
}

}  // namespace alab::migration
