#include "schema/fk_order.h"

#include <gtest/gtest.h>

namespace alab::schema {
namespace {

Table T(const std::string& name, std::vector<std::string> refs) {
  Table t;
  t.ns = "app";
  t.name = name;
  for (const auto& r : refs) {
    ForeignKey fk;
    fk.name = "fk_" + name + "_" + r;
    fk.ref_table = "app." + r;
    t.foreign_keys.push_back(fk);
  }
  return t;
}

std::vector<std::string> Names(const std::vector<Table>& tables, const std::vector<size_t>& pos) {
  std::vector<std::string> out;
  for (size_t p : pos) out.push_back(tables[p].name);
  return out;
}

std::vector<const Table*> Ptrs(const std::vector<Table>& tables) {
  std::vector<const Table*> out;
  for (const auto& t : tables) out.push_back(&t);
  return out;
}

TEST(FkOrderTest, ReadyTablesInInputOrder) {
  // a -> z, b -> c: the first ready table in input order comes next.
  std::vector<Table> tables{T("a", {"z"}), T("b", {"c"}), T("c", {}), T("d", {}), T("z", {})};
  FkOrder o = OrderByForeignKeys(Ptrs(tables));
  EXPECT_EQ(Names(tables, o.order), (std::vector<std::string>{"c", "b", "d", "z", "a"}));
  EXPECT_TRUE(o.deferred.empty());
  EXPECT_TRUE(TablesOnForeignKeyCycles(Ptrs(tables)).empty());
}

TEST(FkOrderTest, SelfAndOutsideReferencesIgnored) {
  std::vector<Table> tables{T("a", {"a", "elsewhere"}), T("b", {"a"})};
  tables[0].foreign_keys[1].ref_table = "app_b";  // a reference by SQL name counts too
  FkOrder o = OrderByForeignKeys(Ptrs(tables));
  // a -> b and b -> a: a cycle, broken at a (the first), deferring only its FK to b.
  EXPECT_EQ(Names(tables, o.order), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(o.deferred.size(), 1u);
  EXPECT_EQ(o.deferred[0], (std::pair<size_t, size_t>{0, 1}));
}

TEST(FkOrderTest, CycleBrokenAtFirstRemainingTable) {
  // b -> c -> d -> b, e -> b (downstream of the cycle, not on it), a ready.
  std::vector<Table> tables{T("a", {}), T("b", {"c"}), T("c", {"d"}), T("d", {"b"}), T("e", {"b"})};
  FkOrder o = OrderByForeignKeys(Ptrs(tables));
  EXPECT_EQ(Names(tables, o.order), (std::vector<std::string>{"a", "b", "d", "c", "e"}));
  ASSERT_EQ(o.deferred.size(), 1u);
  EXPECT_EQ(o.deferred[0], (std::pair<size_t, size_t>{1, 0}));
  EXPECT_EQ(Names(tables, TablesOnForeignKeyCycles(Ptrs(tables))),
            (std::vector<std::string>{"b", "c", "d"}));
}

TEST(FkOrderTest, EveryTableOfAStronglyConnectedSetIsOnACycle) {
  // a -> b -> c -> a and a -> d -> c: d is on the cycle a -> d -> c -> a too.
  std::vector<Table> tables{T("a", {"b", "d"}), T("b", {"c"}), T("c", {"a"}), T("d", {"c"})};
  EXPECT_EQ(Names(tables, TablesOnForeignKeyCycles(Ptrs(tables))),
            (std::vector<std::string>{"a", "b", "c", "d"}));
}

}  // namespace
}  // namespace alab::schema
