// Indexes, matched by name. Any change (columns, uniqueness, partial predicate) is a
// drop + create: no database alters an index in place.
#include "diff/diff_internal.h"

namespace alab::diff::internal {

bool TouchesAny(const std::vector<std::string>& columns, const std::set<std::string>& names) {
  for (const auto& c : columns)
    if (names.count(c)) return true;
  return false;
}

void DiffIndexes(const schema::Table& from, const schema::Table& to,
                 const std::set<std::string>& recreated, std::vector<ops::Op>& out) {
  const std::string ref = to.Ref();
  size_t i = 0, j = 0;
  while (i < from.indexes.size() || j < to.indexes.size()) {
    const schema::Index* a = i < from.indexes.size() ? &from.indexes[i] : nullptr;
    const schema::Index* b = j < to.indexes.size() ? &to.indexes[j] : nullptr;
    if (a && (!b || a->name < b->name)) {
      out.push_back(ops::DropIndex{ref, *a, {}});
      ++i;
    } else if (b && (!a || b->name < a->name)) {
      out.push_back(ops::CreateIndex{ref, *b, b->loc});
      ++j;
    } else {
      if (!a->SameDatabaseShape(*b) || TouchesAny(a->columns, recreated)) {
        out.push_back(ops::DropIndex{ref, *a, {}});
        out.push_back(ops::CreateIndex{ref, *b, b->loc});
      }
      ++i;
      ++j;
    }
  }
}

}  // namespace alab::diff::internal
