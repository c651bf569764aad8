// Table checks, matched by name. A changed expression is a drop + add.
#include "diff/diff_internal.h"

namespace alab::diff::internal {

void DiffChecks(const schema::Table& from, const schema::Table& to, std::vector<ops::Op>& out) {
  const std::string ref = to.Ref();
  size_t i = 0, j = 0;
  while (i < from.checks.size() || j < to.checks.size()) {
    const schema::Check* a = i < from.checks.size() ? &from.checks[i] : nullptr;
    const schema::Check* b = j < to.checks.size() ? &to.checks[j] : nullptr;
    if (a && (!b || a->name < b->name)) {
      out.push_back(ops::DropCheck{ref, *a, {}});
      ++i;
    } else if (b && (!a || b->name < a->name)) {
      out.push_back(ops::AddCheck{ref, *b, b->loc});
      ++j;
    } else {
      if (!a->SameDatabaseShape(*b)) {
        out.push_back(ops::DropCheck{ref, *a, {}});
        out.push_back(ops::AddCheck{ref, *b, b->loc});
      }
      ++i;
      ++j;
    }
  }
}

}  // namespace alab::diff::internal
