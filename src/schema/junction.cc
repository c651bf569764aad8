#include "schema/junction.h"

#include <algorithm>

namespace alab::schema {

std::string JunctionUniqueName(const std::string& junction_sql) {
  return ShortenIdentifier("idx_" + junction_sql + "_unique");
}

namespace {

const ForeignKey* FindForeignKey(const Table& t, const std::string& name) {
  for (const auto& fk : t.foreign_keys)
    if (fk.name == name) return &fk;
  return nullptr;
}

// Adjusts one junction; true when something changed.
bool AdoptEarlierShape(Table& t, const Table& cur) {
  bool changed = false;
  for (auto& idx : t.indexes) {
    if (!idx.unique || idx.name != JunctionUniqueName(t.SqlName())) continue;
    const std::string earlier = IndexName(t.SqlName(), idx.columns, true);
    bool earlier_there = std::any_of(cur.indexes.begin(), cur.indexes.end(), [&](const Index& i) {
      return i.name == earlier && i.unique && i.columns == idx.columns && i.where == idx.where;
    });
    bool seed_there = std::any_of(cur.indexes.begin(), cur.indexes.end(),
                                  [&](const Index& i) { return i.name == idx.name; });
    if (earlier_there && !seed_there) {
      idx.name = earlier;
      changed = true;
    }
  }
  for (auto& fk : t.foreign_keys) {
    const ForeignKey* c = FindForeignKey(cur, fk.name);
    if (c == nullptr || fk.on_delete != FkAction::kNoAction || c->on_delete != FkAction::kCascade)
      continue;
    if (c->columns != fk.columns || c->ref_table != fk.ref_table ||
        c->ref_columns != fk.ref_columns || c->on_update != fk.on_update)
      continue;
    fk.on_delete = FkAction::kCascade;
    changed = true;
  }
  return changed;
}

}  // namespace

std::optional<Schema> WithEarlierJunctionShapes(const Schema& target, const Schema& current) {
  std::optional<Schema> out;
  for (size_t i = 0; i < target.tables.size(); ++i) {
    if (!target.tables[i].junction) continue;
    const Table* cur = current.Find(target.tables[i].Ref());
    if (cur == nullptr) continue;
    Table copy = target.tables[i];
    if (!AdoptEarlierShape(copy, *cur)) continue;
    if (!out) out = target;
    Canonicalize(copy);
    out->tables[i] = std::move(copy);
  }
  return out;
}

}  // namespace alab::schema
