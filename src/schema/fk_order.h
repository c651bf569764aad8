#pragma once
// Tables in foreign-key order: every table after the tables its foreign keys reference. The
// one ordering behind a migration's CREATE TABLEs (ops::Order), a dump's tables
// (data::OrderTables) and `alab schema -f sql`.
#include <cstddef>
#include <utility>
#include <vector>

#include "schema/ir.h"

namespace alab::schema {

struct FkOrder {
  std::vector<size_t> order;  // positions in the input, referenced tables first
  // The cycle breakers: (position, index in its foreign_keys) of each foreign key whose
  // referenced table comes later in `order`, in `order` and then declaration order.
  std::vector<std::pair<size_t, size_t>> deferred;
};

// Kahn's algorithm: among the tables whose referenced tables are all placed, the first in
// input order comes next (callers pass the tables sorted as they want ties broken). When none
// is ready (a cycle), the first remaining table comes next and its foreign keys to tables not
// placed yet are deferred. Foreign keys to the table itself or to tables outside the input are
// ignored; tables are matched by SQL name (a reference may be "ns.name" or "ns_name").
FkOrder OrderByForeignKeys(const std::vector<const Table*>& tables);

// Positions (ascending) of the tables on a foreign-key cycle of two or more tables.
std::vector<size_t> TablesOnForeignKeyCycles(const std::vector<const Table*>& tables);

}  // namespace alab::schema
