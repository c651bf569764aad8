// Tables: created, dropped, or present on both sides (then diffed element by element).
#include "diff/diff_internal.h"

namespace alab::diff::internal {

namespace {

void DiffTable(const schema::Table& from, const schema::Table& to, std::vector<ops::Op>& out) {
  const std::set<std::string> recreated = RecreatedColumns(from, to);
  DiffForeignKeys(from, to, recreated, out);
  DiffColumns(from, to, recreated, out);
  DiffIndexes(from, to, recreated, out);
  DiffChecks(from, to, out);
}

}  // namespace

void DiffTables(const schema::Schema& from, const schema::Schema& to, std::vector<ops::Op>& out) {
  // Both table lists are sorted by Ref(): a merge walk visits each table once.
  size_t i = 0, j = 0;
  while (i < from.tables.size() || j < to.tables.size()) {
    const schema::Table* a = i < from.tables.size() ? &from.tables[i] : nullptr;
    const schema::Table* b = j < to.tables.size() ? &to.tables[j] : nullptr;
    if (a && (!b || a->Ref() < b->Ref())) {
      out.push_back(ops::DropTable{*a, {}});
      ++i;
    } else if (b && (!a || b->Ref() < a->Ref())) {
      out.push_back(ops::CreateTable{*b, b->loc});
      ++j;
    } else {
      DiffTable(*a, *b, out);
      ++i;
      ++j;
    }
  }
}

}  // namespace alab::diff::internal
