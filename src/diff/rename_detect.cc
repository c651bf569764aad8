// Rename detection. A table that disappears while a table with the same columns appears
// in the same namespace, or a column that disappears while a column of the same shape
// appears in the same table, is offered to options.decide. Hints (the migration file's
// `renames`) win without asking. Accepted renames are applied to the working state
// with ops::Apply, so the rest of the diff sees exactly what replay will see.
#include <map>
#include <set>

#include "base/check.h"
#include "diff/diff_internal.h"

namespace alab::diff::internal {

namespace {

bool SameColumns(const schema::Table& a, const schema::Table& b) {
  if (a.columns.size() != b.columns.size()) return false;
  for (size_t i = 0; i < a.columns.size(); ++i)
    if (!a.columns[i].SameDatabaseShape(b.columns[i])) return false;
  return true;
}

class Renamer {
 public:
  Renamer(const schema::Schema& to, const DiffOptions& options, CowSchema& state,
          ChosenRenames* chosen, RenameMap& renames)
      : to_(to), options_(options), state_(state), chosen_(chosen), renames_(renames) {}

  std::vector<ops::Op> Run() {
    for (const auto& t : state_.get().tables) state_refs_.insert(t.Ref());
    for (const auto& t : to_.tables) to_refs_.insert(t.Ref());
    TableHints();
    TableCandidates();
    if (state_.copied()) schema::Canonicalize(state_.mut());
    // Column renames do not move tables: index the state's tables once.
    std::map<std::string, size_t> position;
    for (size_t i = 0; i < state_.get().tables.size(); ++i)
      position[state_.get().tables[i].Ref()] = i;
    for (const auto& t : to_.tables) {
      auto it = position.find(t.Ref());
      if (it == position.end()) continue;
      ColumnHints(t, it->second);
      ColumnCandidates(t, it->second);
    }
    if (state_.copied()) schema::Canonicalize(state_.mut());
    return std::move(ops_);
  }

 private:
  void RenameTable(const std::string& from, const std::string& to) {
    ops::Op op = ops::RenameTable{from, to, {}};
    Status applied = ops::Apply(op, state_.mut());
    ALAB_CHECK(applied.ok());
    ops_.push_back(std::move(op));
    state_refs_.erase(from);
    state_refs_.insert(to);
    renamed_tables_[from] = to;
    renames_.tables[to] = from;
    if (chosen_) chosen_->tables[from] = schema::SplitRef(to).second;
  }

  void RenameColumn(const std::string& table, const std::string& from, const std::string& to) {
    ops::Op op = ops::RenameColumn{table, from, to, {}};
    Status applied = ops::Apply(op, state_.mut());
    ALAB_CHECK(applied.ok());
    ops_.push_back(std::move(op));
    if (chosen_) chosen_->columns[table + "." + from] = to;
    renames_.columns[{table, to}] = from;
  }

  bool Decide(const RenameCandidate& c) const { return options_.decide && options_.decide(c); }

  void TableHints() {
    for (const auto& [old_ref, new_name] : options_.rename_tables) {
      std::string ns = schema::SplitRef(old_ref).first;
      std::string new_ref =
          new_name.find('.') != std::string::npos || ns.empty() ? new_name : ns + "." + new_name;
      if (old_ref == new_ref || !state_refs_.count(old_ref) || state_refs_.count(new_ref) ||
          !to_refs_.count(new_ref))
        continue;  // stale or inapplicable hint: nothing to rename
      RenameTable(old_ref, new_ref);
    }
  }

  void TableCandidates() {
    std::vector<const schema::Table*> dropped, added;
    for (const auto& t : state_.get().tables)
      if (!to_refs_.count(t.Ref())) dropped.push_back(&t);
    for (const auto& t : to_.tables)
      if (!state_refs_.count(t.Ref())) added.push_back(&t);
    std::vector<std::pair<std::string, std::string>> accepted;
    std::vector<bool> taken(added.size(), false);
    for (const schema::Table* d : dropped) {
      for (size_t k = 0; k < added.size(); ++k) {
        const schema::Table* a = added[k];
        if (taken[k] || a->ns != d->ns || !SameColumns(*d, *a)) continue;
        if (!Decide(RenameCandidate{RenameCandidate::Kind::kTable, "", d->Ref(), a->Ref()}))
          continue;
        taken[k] = true;
        accepted.emplace_back(d->Ref(), a->Ref());
        break;
      }
    }
    // Applied after the scan: Apply may reallocate state_.tables under the pointers.
    for (const auto& [from, to] : accepted) RenameTable(from, to);
  }

  // A column hint's table part may name the table before or after a table rename.
  void ColumnHints(const schema::Table& target, size_t position) {
    const std::string ref = target.Ref();
    for (const auto& [key, new_name] : options_.rename_columns) {
      auto dot = key.rfind('.');
      if (dot == std::string::npos) continue;
      std::string table = key.substr(0, dot), old_name = key.substr(dot + 1);
      auto it = renamed_tables_.find(table);
      if (it != renamed_tables_.end()) table = it->second;
      if (table != ref) continue;
      const schema::Table* current = &state_.get().tables[position];
      if (old_name == new_name || !current->FindColumn(old_name) || current->FindColumn(new_name) ||
          !target.FindColumn(new_name) || target.FindColumn(old_name))
        continue;
      RenameColumn(ref, old_name, new_name);
    }
  }

  void ColumnCandidates(const schema::Table& target, size_t position) {
    const std::string ref = target.Ref();
    const schema::Table* current = &state_.get().tables[position];
    std::vector<const schema::Column*> dropped, added;
    for (const auto& c : current->columns)
      if (!target.FindColumn(c.name)) dropped.push_back(&c);
    for (const auto& c : target.columns)
      if (!current->FindColumn(c.name)) added.push_back(&c);
    std::vector<std::pair<std::string, std::string>> accepted;
    std::vector<bool> taken(added.size(), false);
    for (const schema::Column* d : dropped) {
      for (size_t k = 0; k < added.size(); ++k) {
        if (taken[k] || !SameShapeIgnoringName(*d, *added[k])) continue;
        if (!Decide(RenameCandidate{RenameCandidate::Kind::kColumn, ref, d->name, added[k]->name}))
          continue;
        taken[k] = true;
        accepted.emplace_back(d->name, added[k]->name);
        break;
      }
    }
    for (const auto& [from, to] : accepted) RenameColumn(ref, from, to);
  }

  const schema::Schema& to_;
  const DiffOptions& options_;
  CowSchema& state_;
  ChosenRenames* chosen_;
  RenameMap& renames_;
  std::vector<ops::Op> ops_;
  std::set<std::string> state_refs_, to_refs_;
  std::map<std::string, std::string> renamed_tables_;  // old ref -> new ref
};

}  // namespace

std::vector<ops::Op> DetectRenames(const schema::Schema& to, const DiffOptions& options,
                                   CowSchema& state, ChosenRenames* chosen, RenameMap& renames) {
  return Renamer(to, options, state, chosen, renames).Run();
}

namespace {

struct Unrenamer {
  const RenameMap& renames;

  // New table ref (any spelling) -> the ref it had before the renames.
  std::string Table(const std::string& ref) const {
    for (const auto& [now, before] : renames.tables)
      if (schema::SqlNameOfRef(now) == schema::SqlNameOfRef(ref)) return before;
    return ref;
  }
  std::string CanonicalRef(const std::string& ref) const {
    for (const auto& [now, before] : renames.tables)
      if (schema::SqlNameOfRef(now) == schema::SqlNameOfRef(ref)) return now;
    return ref;
  }
  void Columns(const std::string& table_ref, std::vector<std::string>& columns) const {
    std::string now = CanonicalRef(table_ref);
    for (auto& c : columns) {
      auto it = renames.columns.find({now, c});
      if (it != renames.columns.end()) c = it->second;
    }
  }
  void ForeignKey(const std::string& table_ref, schema::ForeignKey& fk) const {
    Columns(table_ref, fk.columns);
    Columns(fk.ref_table, fk.ref_columns);
    fk.ref_table = Table(fk.ref_table);
  }

  void operator()(ops::DropForeignKey& o) const {
    ForeignKey(o.table, o.fk);
    o.table = Table(o.table);
  }
  void operator()(ops::DropIndex& o) const {
    Columns(o.table, o.index.columns);
    o.table = Table(o.table);
  }
  void operator()(ops::DropCheck& o) const { o.table = Table(o.table); }
  void operator()(ops::DropColumn& o) const { o.table = Table(o.table); }
  void operator()(ops::DropTable& o) const {
    for (auto& fk : o.table.foreign_keys) {
      Columns(fk.ref_table, fk.ref_columns);
      fk.ref_table = Table(fk.ref_table);
    }
  }
  // Operations ordered after the renames (creates, adds, alters, the renames themselves)
  // name the schema as it is after them, and raw SQL names none: they keep their names.
  void operator()(ops::CreateTable&) const {}
  void operator()(ops::RenameTable&) const {}
  void operator()(ops::AddColumn&) const {}
  void operator()(ops::RenameColumn&) const {}
  void operator()(ops::AlterColumn&) const {}
  void operator()(ops::CreateIndex&) const {}
  void operator()(ops::AddForeignKey&) const {}
  void operator()(ops::AddCheck&) const {}
  void operator()(ops::RawSql&) const {}
};

}  // namespace

void UseNamesBeforeRenames(std::vector<ops::Op>& ops, const RenameMap& renames) {
  if (renames.empty()) return;
  Unrenamer u{renames};
  for (auto& op : ops) std::visit(u, op);
}

}  // namespace alab::diff::internal
