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
#include "schema/fk_order.h"

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

// Created tables in dependency order (schema::OrderByForeignKeys, smallest ref first among
// the ready ones); a cycle is broken at its smallest ref by deferring that table's FKs to
// tables not created yet.
void OrderCreates(std::vector<CreateTable>& creates, std::vector<Op>& deferred_fks) {
  std::vector<size_t> by_ref(creates.size());
  for (size_t i = 0; i < by_ref.size(); ++i) by_ref[i] = i;
  std::vector<std::string> refs(creates.size());
  for (size_t i = 0; i < creates.size(); ++i) refs[i] = creates[i].table.Ref();
  std::stable_sort(by_ref.begin(), by_ref.end(),
                   [&](size_t a, size_t b) { return refs[a] < refs[b]; });
  std::vector<const schema::Table*> tables;
  tables.reserve(creates.size());
  for (size_t i : by_ref) tables.push_back(&creates[i].table);
  schema::FkOrder order = schema::OrderByForeignKeys(tables);
  std::vector<std::vector<size_t>> deferred(creates.size());  // by position in `tables`
  for (const auto& [pos, fk] : order.deferred) deferred[pos].push_back(fk);
  std::vector<CreateTable> out;
  out.reserve(creates.size());
  for (size_t pos : order.order) {
    CreateTable& ct = creates[by_ref[pos]];
    if (!deferred[pos].empty()) {
      std::vector<schema::ForeignKey> kept;
      size_t next = 0;
      for (size_t f = 0; f < ct.table.foreign_keys.size(); ++f) {
        if (next < deferred[pos].size() && deferred[pos][next] == f) {
          deferred_fks.push_back(
              AddForeignKey{refs[by_ref[pos]], ct.table.foreign_keys[f], ct.loc});
          ++next;
        } else {
          kept.push_back(ct.table.foreign_keys[f]);
        }
      }
      ct.table.foreign_keys = std::move(kept);
    }
    out.push_back(std::move(ct));
  }
  creates = std::move(out);
}

// Dropped tables: children (tables whose FKs point at another dropped table) first. Each
// step takes the first table in input order that no remaining dropped table references;
// in a cycle, the first remaining one, after the foreign keys of the remaining tables that
// reference it are dropped (into fk_drops; the database refuses to drop a table another
// references), and those keys are left out of the dropped tables' state, so the inverse
// creates the tables and then adds the keys.
void OrderDrops(std::vector<DropTable>& drops, std::vector<Op>& fk_drops) {
  size_t n = drops.size();
  std::map<std::string, size_t> by_name;
  for (size_t i = 0; i < n; ++i) by_name[Norm(drops[i].table.Ref())] = i;
  std::vector<std::vector<size_t>> targets(n);  // dropped tables drops[j]'s FKs point at
  std::vector<size_t> referrers(n, 0);          // FKs from other remaining dropped tables
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
    if (pick == n) {  // a cycle: drop in input order, its references first
      pick = first;
      const std::string target = Norm(drops[pick].table.Ref());
      for (size_t j = 0; j < n; ++j) {
        if (done[j] || j == pick) continue;
        auto& fks = drops[j].table.foreign_keys;
        for (auto it = fks.begin(); it != fks.end();) {
          if (Norm(it->ref_table) != target) {
            ++it;
            continue;
          }
          fk_drops.push_back(DropForeignKey{drops[j].table.Ref(), *it, drops[j].loc});
          --referrers[pick];
          auto& tj = targets[j];
          if (auto t = std::find(tj.begin(), tj.end(), pick); t != tj.end()) tj.erase(t);
          it = fks.erase(it);
        }
      }
    }
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
  std::vector<Op> deferred, fk_drops;
  OrderCreates(creates, deferred);
  OrderDrops(drops, fk_drops);
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
    else if (std::holds_alternative<DropTable>(op)) {
      if (di == 0)
        for (auto& f : fk_drops) out.push_back(std::move(f));
      out.push_back(std::move(drops[di++]));
    } else
      out.push_back(std::move(op));
  }
  if (!deferred_done)
    for (auto& d : deferred) out.push_back(std::move(d));
  return out;
}

}  // namespace alab::ops
