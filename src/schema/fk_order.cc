#include "schema/fk_order.h"

#include <map>
#include <set>
#include <string>

namespace alab::schema {
namespace {

// deps[i]: positions of the other input tables that tables[i]'s foreign keys reference.
std::vector<std::set<size_t>> Dependencies(const std::vector<const Table*>& tables,
                                           std::map<std::string, size_t>& by_name) {
  size_t n = tables.size();
  for (size_t i = 0; i < n; ++i) by_name[tables[i]->SqlName()] = i;
  std::vector<std::set<size_t>> deps(n);
  for (size_t i = 0; i < n; ++i)
    for (const auto& fk : tables[i]->foreign_keys) {
      auto it = by_name.find(SqlNameOfRef(fk.ref_table));
      if (it != by_name.end() && it->second != i) deps[i].insert(it->second);
    }
  return deps;
}

}  // namespace

FkOrder OrderByForeignKeys(const std::vector<const Table*>& tables) {
  size_t n = tables.size();
  std::map<std::string, size_t> by_name;
  std::vector<std::set<size_t>> deps = Dependencies(tables, by_name);
  std::vector<std::vector<size_t>> dependents(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t d : deps[i]) dependents[d].push_back(i);
  std::set<size_t> ready, remaining;
  for (size_t i = 0; i < n; ++i) {
    remaining.insert(i);
    if (deps[i].empty()) ready.insert(i);
  }
  FkOrder out;
  out.order.reserve(n);
  auto emit = [&](size_t i) {
    remaining.erase(i);
    ready.erase(i);
    out.order.push_back(i);
    for (size_t d : dependents[i])
      if (deps[d].erase(i) && deps[d].empty() && remaining.count(d)) ready.insert(d);
  };
  while (!remaining.empty()) {
    if (!ready.empty()) {
      emit(*ready.begin());
      continue;
    }
    size_t i = *remaining.begin();  // a cycle: broken at the first remaining table
    const auto& fks = tables[i]->foreign_keys;
    for (size_t f = 0; f < fks.size(); ++f) {
      auto it = by_name.find(SqlNameOfRef(fks[f].ref_table));
      if (it != by_name.end() && deps[i].count(it->second)) out.deferred.push_back({i, f});
    }
    emit(i);
  }
  return out;
}

std::vector<size_t> TablesOnForeignKeyCycles(const std::vector<const Table*>& tables) {
  size_t n = tables.size();
  std::map<std::string, size_t> by_name;
  std::vector<std::set<size_t>> deps = Dependencies(tables, by_name);
  std::vector<size_t> out;
  // A table is on a cycle when it reaches itself; only the tables left over by a topological
  // pass can be, so the search runs from those alone.
  std::vector<size_t> indegree_left(n, 0);
  std::vector<std::vector<size_t>> dependents(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t d : deps[i]) {
      dependents[d].push_back(i);
      ++indegree_left[i];
    }
  std::vector<size_t> queue;
  std::vector<bool> placed(n, false);
  for (size_t i = 0; i < n; ++i)
    if (indegree_left[i] == 0) queue.push_back(i);
  while (!queue.empty()) {
    size_t i = queue.back();
    queue.pop_back();
    placed[i] = true;
    for (size_t d : dependents[i])
      if (--indegree_left[d] == 0) queue.push_back(d);
  }
  for (size_t start = 0; start < n; ++start) {
    if (placed[start]) continue;
    std::vector<bool> seen(n, false);
    std::vector<size_t> stack(deps[start].begin(), deps[start].end());
    bool found = false;
    while (!stack.empty() && !found) {
      size_t v = stack.back();
      stack.pop_back();
      if (v == start) found = true;
      if (seen[v] || placed[v]) continue;
      seen[v] = true;
      for (size_t w : deps[v]) stack.push_back(w);
    }
    if (found) out.push_back(start);
  }
  return out;
}

}  // namespace alab::schema
