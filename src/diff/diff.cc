#include "diff/diff.h"

#include <algorithm>
#include <optional>

#include "diff/diff_internal.h"
#include "schema/junction.h"

namespace alab::diff {

namespace internal {

bool IsCanonical(const schema::Schema& s) {
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  for (size_t i = 0; i < s.tables.size(); ++i) {
    const schema::Table& t = s.tables[i];
    if (i > 0 && t.Ref() < s.tables[i - 1].Ref()) return false;
    if (!std::is_sorted(t.columns.begin(), t.columns.end(),
                        [](const schema::Column& a, const schema::Column& b) {
                          return schema::ColumnOrderLess(a.name, b.name);
                        }) ||
        !std::is_sorted(t.indexes.begin(), t.indexes.end(), by_name) ||
        !std::is_sorted(t.foreign_keys.begin(), t.foreign_keys.end(), by_name) ||
        !std::is_sorted(t.checks.begin(), t.checks.end(), by_name))
      return false;
  }
  return true;
}

}  // namespace internal

namespace {

// `s` itself when canonical, else a canonical copy kept in `storage`.
const schema::Schema& Canonical(const schema::Schema& s, std::optional<schema::Schema>& storage) {
  if (internal::IsCanonical(s)) return s;
  storage = s;
  schema::Canonicalize(*storage);
  return *storage;
}

}  // namespace

std::vector<ops::Op> Diff(const schema::Schema& from, const schema::Schema& to,
                          const DiffOptions& options, ChosenRenames* chosen) {
  // The walks below merge sorted lists: work on canonical schemas (copies only if needed).
  std::optional<schema::Schema> from_copy, to_copy;
  const schema::Schema* canonical_to = &Canonical(to, to_copy);
  // Junctions earlier alab versions generated keep their shape (schema/junction.h).
  std::optional<schema::Schema> adopted = schema::WithEarlierJunctionShapes(*canonical_to, from);
  const schema::Schema& target = adopted ? *adopted : *canonical_to;
  internal::CowSchema state(Canonical(from, from_copy));
  internal::RenameMap renames;
  std::vector<ops::Op> out = internal::DetectRenames(target, options, state, chosen, renames);
  std::vector<ops::Op> changes;
  internal::DiffTables(state.get(), target, changes);
  internal::UseNamesBeforeRenames(changes, renames);
  for (auto& op : changes) out.push_back(std::move(op));
  return ops::Order(std::move(out));
}

std::vector<ops::Op> Diff(const schema::Schema& from, const schema::Schema& to,
                          const DiffOptions& options) {
  return Diff(from, to, options, nullptr);
}

}  // namespace alab::diff
