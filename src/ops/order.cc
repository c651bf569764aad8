// Order: puts operations in an order in which they apply. Phases, each stable:
//   1. drop foreign keys, indexes and checks (dependents first)
//   2. drop tables, children before parents
//   3. drop columns
//   4. renames (tables, then columns)
//   5. alter columns
//   6. create tables in foreign-key order (an FK cycle is broken by creating one table
//      without the constraints that close the cycle and adding them in phase 8)
//   7. add columns
//   8. create indexes, add foreign keys, add checks
//   9. raw SQL, in its original order
#include <algorithm>
#include <map>
#include <set>

#include "ops/ops.h"

namespace alab::ops {
namespace {

template <class T>
constexpr bool kNoPhase = false;

int Phase(const Op& op) {
  return std::visit(
      [](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, DropForeignKey> || std::is_same_v<T, DropIndex> ||
                      std::is_same_v<T, DropCheck>)
          return 1;
        else if constexpr (std::is_same_v<T, DropTable>)
          return 2;
        else if constexpr (std::is_same_v<T, DropColumn>)
          return 3;
        else if constexpr (std::is_same_v<T, RenameTable>)
          return 4;
        else if constexpr (std::is_same_v<T, RenameColumn>)
          return 5;
        else if constexpr (std::is_same_v<T, AlterColumn>)
          return 6;
        else if constexpr (std::is_same_v<T, CreateTable>)
          return 7;
        else if constexpr (std::is_same_v<T, AddColumn>)
          return 8;
        else if constexpr (std::is_same_v<T, CreateIndex> || std::is_same_v<T, AddForeignKey> ||
                           std::is_same_v<T, AddCheck>)
          return 9;
        else if constexpr (std::is_same_v<T, RawSql>)
          return 10;
        else
          static_assert(kNoPhase<T>, "every operation has a phase");
      },
      op);
}

std::string Norm(const std::string& ref) { return schema::SqlNameOfRef(ref); }

// Created tables in dependency order (Kahn's algorithm, smallest ref first among the
// ready ones); a cycle is broken at its smallest ref by deferring that table's FKs to
// tables not created yet.
void OrderCreates(std::vector<CreateTable>& creates, std::vector<Op>& deferred_fks) {
  size_t n = creates.size();
  std::vector<std::string> refs(n);  // tables are moved out as they are emitted
  std::map<std::string, size_t> by_name;  // sql name -> index in creates
  for (size_t i = 0; i < n; ++i) {
    refs[i] = creates[i].table.Ref();
    by_name[Norm(refs[i])] = i;
  }
  std::vector<std::set<size_t>> deps(n);
  std::vector<std::vector<size_t>> dependents(n);
  for (size_t i = 0; i < n; ++i)
    for (const auto& fk : creates[i].table.foreign_keys) {
      auto it = by_name.find(Norm(fk.ref_table));
      if (it != by_name.end() && it->second != i && deps[i].insert(it->second).second)
        dependents[it->second].push_back(i);
    }
  std::set<std::pair<std::string, size_t>> ready, remaining;
  for (size_t i = 0; i < n; ++i) {
    remaining.insert({refs[i], i});
    if (deps[i].empty()) ready.insert({refs[i], i});
  }
  std::vector<CreateTable> out;
  out.reserve(n);
  auto emit = [&](size_t i) {
    remaining.erase({refs[i], i});
    ready.erase({refs[i], i});
    out.push_back(std::move(creates[i]));
    for (size_t d : dependents[i]) {
      if (deps[d].erase(i) && deps[d].empty() && remaining.count({refs[d], d})) ready.insert({refs[d], d});
    }
  };
  while (!remaining.empty()) {
    if (!ready.empty()) {
      emit(ready.begin()->second);
      continue;
    }
    size_t i = remaining.begin()->second;
    CreateTable& ct = creates[i];
    std::vector<schema::ForeignKey> kept;
    for (auto& fk : ct.table.foreign_keys) {
      auto it = by_name.find(Norm(fk.ref_table));
      if (it != by_name.end() && deps[i].count(it->second))
        deferred_fks.push_back(AddForeignKey{refs[i], fk, ct.loc});
      else
        kept.push_back(fk);
    }
    ct.table.foreign_keys = std::move(kept);
    emit(i);
  }
  creates = std::move(out);
}

// Dropped tables: children (tables whose FKs point at another dropped table) first. Each
// step takes the first table in input order that no remaining dropped table references;
// in a cycle, the first remaining one.
void OrderDrops(std::vector<DropTable>& drops) {
  size_t n = drops.size();
  std::map<std::string, size_t> by_name;
  for (size_t i = 0; i < n; ++i) by_name[Norm(drops[i].table.Ref())] = i;
  std::vector<std::vector<size_t>> targets(n);  // dropped tables drops[j]'s FKs point at
  std::vector<size_t> referrers(n, 0);           // FKs from other remaining dropped tables
  for (size_t j = 0; j < n; ++j)
    for (const auto& fk : drops[j].table.foreign_keys) {
      auto it = by_name.find(Norm(fk.ref_table));
      if (it == by_name.end() || it->second == j) continue;
      targets[j].push_back(it->second);
      ++referrers[it->second];
    }
  std::vector<DropTable> out;
  out.reserve(n);
  std::vector<bool> done(n, false);
  for (size_t step = 0; step < n; ++step) {
    size_t pick = n, first = n;
    for (size_t i = 0; i < n; ++i) {
      if (done[i]) continue;
      if (first == n) first = i;
      if (referrers[i] == 0) {
        pick = i;
        break;
      }
    }
    if (pick == n) pick = first;  // a cycle: drop in input order
    done[pick] = true;
    for (size_t t : targets[pick]) --referrers[t];
    out.push_back(std::move(drops[pick]));
  }
  drops = std::move(out);
}

}  // namespace

std::vector<Op> Order(std::vector<Op> ops) {
  std::stable_sort(ops.begin(), ops.end(),
                   [](const Op& a, const Op& b) { return Phase(a) < Phase(b); });
  std::vector<CreateTable> creates;
  std::vector<DropTable> drops;
  for (auto& op : ops) {  // moved out here, moved back below
    if (auto* c = std::get_if<CreateTable>(&op)) creates.push_back(std::move(*c));
    if (auto* d = std::get_if<DropTable>(&op)) drops.push_back(std::move(*d));
  }
  std::vector<Op> deferred;
  OrderCreates(creates, deferred);
  OrderDrops(drops);
  std::vector<Op> out;
  out.reserve(ops.size() + deferred.size());
  size_t ci = 0, di = 0;
  bool deferred_done = false;
  for (auto& op : ops) {
    if (!deferred_done && Phase(op) >= 9) {
      for (auto& d : deferred) out.push_back(std::move(d));
      deferred_done = true;
    }
    if (std::holds_alternative<CreateTable>(op))
      out.push_back(std::move(creates[ci++]));
    else if (std::holds_alternative<DropTable>(op))
      out.push_back(std::move(drops[di++]));
    else
      out.push_back(std::move(op));
  }
  if (!deferred_done)
    for (auto& d : deferred) out.push_back(std::move(d));
  return out;
}

}  // namespace alab::ops
