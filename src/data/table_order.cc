#include "data/table_order.h"

#include <algorithm>
#include <unordered_map>

#include "schema/fk_order.h"

namespace alab::data {

TableOrder OrderTables(const std::vector<const schema::Table*>& tables) {
  std::vector<const schema::Table*> sorted = tables;
  std::sort(sorted.begin(), sorted.end(), [](const schema::Table* a, const schema::Table* b) {
    return a->SqlName() < b->SqlName();
  });
  schema::FkOrder order = schema::OrderByForeignKeys(sorted);
  TableOrder out;
  for (size_t pos : order.order) out.tables.push_back(sorted[pos]);
  for (const auto& [pos, fk] : order.deferred)
    out.broken.insert(sorted[pos]->SqlName() + "/" + sorted[pos]->foreign_keys[fk].name);
  std::set<std::string> cyclic;
  for (size_t pos : schema::TablesOnForeignKeyCycles(sorted)) cyclic.insert(sorted[pos]->SqlName());
  out.cyclic.assign(cyclic.begin(), cyclic.end());
  return out;
}

std::vector<size_t> ParentsFirst(const std::vector<std::vector<std::string>>& keys,
                                 const std::vector<std::vector<std::string>>& parents) {
  size_t n = keys.size();
  std::unordered_map<std::string, size_t> row_of;
  row_of.reserve(n);
  for (size_t r = 0; r < n; ++r)
    for (const auto& k : keys[r]) row_of.emplace(k, r);
  std::vector<char> state(n, 0);  // 0 new, 1 on the stack, 2 written
  std::vector<size_t> out;
  out.reserve(n);
  for (size_t root = 0; root < n; ++root) {
    if (state[root] != 0) continue;
    std::vector<std::pair<size_t, size_t>> stack{{root, 0}};
    state[root] = 1;
    while (!stack.empty()) {
      auto& [r, next] = stack.back();
      if (next < parents[r].size()) {
        const std::string& key = parents[r][next++];
        if (key.empty()) continue;
        auto it = row_of.find(key);
        if (it == row_of.end() || state[it->second] != 0) continue;  // missing, written, or a cycle
        state[it->second] = 1;
        stack.push_back({it->second, 0});
        continue;
      }
      state[r] = 2;
      out.push_back(r);
      stack.pop_back();
    }
  }
  return out;
}

}  // namespace alab::data
