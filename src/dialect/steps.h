#pragma once
// A `transaction: false` migration runs as steps. A step is the unit that is applied whole or
// not at all and recorded in alab_migration_steps: a SQLite table rebuild (its first..last
// statements, with the foreign-key frame), a statement that cannot run inside a transaction
// (Statement::no_transaction: it runs alone, its intent recorded before it is sent), or any
// other statement (in its own transaction together with its progress row).
#include <string>
#include <vector>

#include "dialect/dialect.h"

namespace alab::dialect {

struct Step {
  size_t first = 0;  // statements [first, end)
  size_t end = 0;
  bool transaction = true;        // false: Statement::no_transaction; one statement
  bool foreign_keys_off = false;  // some statement needs_foreign_keys_off (SQLite rebuild)
  std::string rebuild_table;      // set for a table rebuild
  size_t size() const { return end - first; }
};

std::vector<Step> GroupSteps(const std::vector<Statement>& statements);

// sha256 of the step's statements joined by ";\n" (what --resume compares).
std::string StepChecksum(const std::vector<Statement>& statements, const Step& step);

}  // namespace alab::dialect
