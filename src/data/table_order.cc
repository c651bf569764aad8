#include "data/table_order.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace alab::data {

TableOrder OrderTables(const std::vector<const schema::Table*>& tables) {
  std::vector<const schema::Table*> sorted = tables;
  std::sort(sorted.begin(), sorted.end(),
            [](const schema::Table* a, const schema::Table* b) { return a->SqlName() < b->SqlName(); });
  std::map<std::string, const schema::Table*> by_name;
  for (const auto* t : sorted) by_name[t->SqlName()] = t;
  enum class Mark { kNone, kVisiting, kDone };
  std::map<std::string, Mark> mark;
  TableOrder out;
  std::set<std::string> cyclic;
  // Depth-first, iteratively: a frame is a table and the index of its next foreign key.
  for (const auto* root : sorted) {
    if (mark[root->SqlName()] != Mark::kNone) continue;
    std::vector<std::pair<const schema::Table*, size_t>> stack{{root, 0}};
    std::vector<std::string> path{root->SqlName()};
    mark[root->SqlName()] = Mark::kVisiting;
    while (!stack.empty()) {
      auto& [t, next] = stack.back();
      if (next < t->foreign_keys.size()) {
        const schema::ForeignKey& fk = t->foreign_keys[next++];
        std::string ref = schema::SqlNameOfRef(fk.ref_table);
        auto it = by_name.find(ref);
        if (it == by_name.end() || ref == t->SqlName()) continue;  // outside the dump, or self
        Mark m = mark[ref];
        if (m == Mark::kVisiting) {
          out.broken.insert(t->SqlName() + "/" + fk.name);
          for (auto p = path.rbegin(); p != path.rend(); ++p) {
            cyclic.insert(*p);
            if (*p == ref) break;
          }
        } else if (m == Mark::kNone) {
          mark[ref] = Mark::kVisiting;
          path.push_back(ref);
          stack.push_back({it->second, 0});
        }
        continue;
      }
      mark[t->SqlName()] = Mark::kDone;
      out.tables.push_back(t);
      stack.pop_back();
      path.pop_back();
    }
  }
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
