#include "dialect/steps.h"

#include "base/sha256.h"

namespace alab::dialect {

std::vector<Step> GroupSteps(const std::vector<Statement>& statements) {
  std::vector<Step> out;
  for (size_t i = 0; i < statements.size();) {
    Step s;
    s.first = i;
    const Statement& st = statements[i];
    if (!st.rebuild_table.empty()) {
      s.rebuild_table = st.rebuild_table;
      size_t j = i;
      while (j < statements.size() && !statements[j].rebuild_last) ++j;
      s.end = j < statements.size() ? j + 1 : statements.size();
    } else {
      s.end = i + 1;
      s.transaction = !st.no_transaction;
    }
    for (size_t k = s.first; k < s.end; ++k)
      s.foreign_keys_off = s.foreign_keys_off || statements[k].needs_foreign_keys_off;
    i = s.end;
    out.push_back(std::move(s));
  }
  return out;
}

std::string StepChecksum(const std::vector<Statement>& statements, const Step& step) {
  std::string text;
  for (size_t k = step.first; k < step.end; ++k) {
    if (k > step.first) text += ";\n";
    text += statements[k].sql;
  }
  return Sha256Hex(text);
}

}  // namespace alab::dialect
