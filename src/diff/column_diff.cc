// Columns: added, dropped, altered in place (type, length, precision/scale, enum values,
// nullability, default, unique, check) or recreated (computed expression, primary key).
#include "diff/diff_internal.h"

namespace alab::diff::internal {

namespace {

// Changes the op vocabulary cannot express as an in-place alter.
bool NeedsRecreate(const schema::Column& a, const schema::Column& b) {
  return a.computed != b.computed || a.primary_key != b.primary_key;
}

}  // namespace

bool SameShapeIgnoringName(const schema::Column& a, const schema::Column& b) {
  schema::Column renamed = a;
  renamed.name = b.name;
  return renamed.SameDatabaseShape(b);
}

std::set<std::string> RecreatedColumns(const schema::Table& from, const schema::Table& to) {
  std::set<std::string> out;
  for (const auto& a : from.columns) {
    const schema::Column* b = to.FindColumn(a.name);
    if (b && NeedsRecreate(a, *b)) out.insert(a.name);
  }
  return out;
}

void DiffColumns(const schema::Table& from, const schema::Table& to,
                 const std::set<std::string>& recreated, std::vector<ops::Op>& out) {
  const std::string ref = to.Ref();
  const size_t first = out.size();
  // Both column lists are in canonical order: a merge walk visits each column once.
  size_t i = 0, j = 0;
  while (i < from.columns.size() || j < to.columns.size()) {
    const schema::Column* a = i < from.columns.size() ? &from.columns[i] : nullptr;
    const schema::Column* b = j < to.columns.size() ? &to.columns[j] : nullptr;
    // A dropped key column carries its place: adding it back (down()) puts it there.
    auto dropped = [&](const schema::Column& c) {
      schema::Column d = c;
      if (d.primary_key) d.key_position = schema::KeyPlaceOf(from, d.name);
      return ops::DropColumn{ref, std::move(d), {}};
    };
    if (a && (!b || schema::ColumnOrderLess(a->name, b->name))) {
      out.push_back(dropped(*a));
      ++i;
    } else if (b && (!a || schema::ColumnOrderLess(b->name, a->name))) {
      out.push_back(ops::AddColumn{ref, *b, b->loc});
      ++j;
    } else {
      if (recreated.count(a->name)) {
        out.push_back(dropped(*a));
        out.push_back(ops::AddColumn{ref, *b, b->loc});
      } else if (!a->SameDatabaseShape(*b)) {
        // The column's place in the key stays: a new key order is reached below.
        schema::Column after = *b;
        after.key_position = a->key_position;
        out.push_back(ops::AlterColumn{ref, *a, std::move(after), std::nullopt, b->loc});
      }
      ++i;
      ++j;
    }
  }
  // The key's places after the changes above (a dropped key column leaves the others' places
  // as they were) become the target's, one operation per column that differs: a key in
  // another order, or the same order numbered anew (no SQL, so that down() restores the
  // places exactly).
  schema::Schema sim;
  sim.tables.push_back(from);
  for (size_t k = first; k < out.size(); ++k) (void)ops::Apply(out[k], sim);
  const schema::Table& now = sim.tables.front();
  for (const schema::Column* b : schema::DeclaredColumns(to)) {
    const schema::Column* a = now.FindColumn(b->name);
    if (!b->primary_key || a == nullptr || !a->primary_key || a->key_position == b->key_position)
      continue;
    schema::Column placed = *a;
    placed.key_position = b->key_position;
    out.push_back(ops::AlterColumn{ref, *a, std::move(placed), std::nullopt, b->loc});
  }
}

}  // namespace alab::diff::internal
