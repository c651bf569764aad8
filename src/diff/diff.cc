#include "diff/diff.h"

#include "diff/diff_internal.h"

namespace alab::diff {

std::vector<ops::Op> Diff(const schema::Schema& from, const schema::Schema& to, const DiffOptions& options,
                          ChosenRenames* chosen) {
  // Copies in canonical order: the walks below merge sorted lists.
  schema::Schema state = from, target = to;
  schema::Canonicalize(state);
  schema::Canonicalize(target);
  internal::RenameMap renames;
  std::vector<ops::Op> out = internal::DetectRenames(target, options, state, chosen, renames);
  std::vector<ops::Op> changes;
  internal::DiffTables(state, target, changes);
  internal::UseNamesBeforeRenames(changes, renames);
  for (auto& op : changes) out.push_back(std::move(op));
  return ops::Order(std::move(out));
}

std::vector<ops::Op> Diff(const schema::Schema& from, const schema::Schema& to, const DiffOptions& options) {
  return Diff(from, to, options, nullptr);
}

}  // namespace alab::diff
