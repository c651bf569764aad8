#pragma once
// The order a dump writes tables and rows in so that they load: tables parents first (by
// foreign key, schema::OrderByForeignKeys over the tables sorted by SQL name), cycles broken at
// a deterministic foreign key; rows of a self-referencing table
// with each referenced row before the rows that point at it (otherwise primary-key order).
#include <set>
#include <string>
#include <vector>

#include "schema/ir.h"

namespace alab::data {

struct TableOrder {
  std::vector<const schema::Table*> tables;  // parents first
  // Foreign keys whose referenced table comes later (the cycle breakers), as
  // "<table sql name>/<fk name>".
  std::set<std::string> broken;
  // Tables in a foreign-key cycle, for the warning when the dialect cannot defer the checks.
  std::vector<std::string> cyclic;
};

// `tables`: the dumped tables. Foreign keys to tables outside the set are ignored.
TableOrder OrderTables(const std::vector<const schema::Table*>& tables);

// A permutation of rows 0..n-1: each row after the rows it references through a
// self-referencing foreign key, otherwise in the given order. keys[r] are the row's values of
// the referenced column sets, parents[r] the keys it points at ("" = none).
std::vector<size_t> ParentsFirst(const std::vector<std::vector<std::string>>& keys,
                                 const std::vector<std::vector<std::string>>& parents);

}  // namespace alab::data
