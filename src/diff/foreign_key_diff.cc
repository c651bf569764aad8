// Foreign keys, matched by name. A change of target or actions is a drop + add.
#include "diff/diff_internal.h"

namespace alab::diff::internal {

void DiffForeignKeys(const schema::Table& from, const schema::Table& to,
                     const std::set<std::string>& recreated, std::vector<ops::Op>& out) {
  const std::string ref = to.Ref();
  size_t i = 0, j = 0;
  while (i < from.foreign_keys.size() || j < to.foreign_keys.size()) {
    const schema::ForeignKey* a = i < from.foreign_keys.size() ? &from.foreign_keys[i] : nullptr;
    const schema::ForeignKey* b = j < to.foreign_keys.size() ? &to.foreign_keys[j] : nullptr;
    if (a && (!b || a->name < b->name)) {
      out.push_back(ops::DropForeignKey{ref, *a, {}});
      ++i;
    } else if (b && (!a || b->name < a->name)) {
      out.push_back(ops::AddForeignKey{ref, *b, b->loc});
      ++j;
    } else {
      if (!a->SameDatabaseShape(*b) || TouchesAny(a->columns, recreated)) {
        out.push_back(ops::DropForeignKey{ref, *a, {}});
        out.push_back(ops::AddForeignKey{ref, *b, b->loc});
      }
      ++i;
      ++j;
    }
  }
}

}  // namespace alab::diff::internal
