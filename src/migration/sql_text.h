#pragma once
// The printable SQL script of one migration (`alab sql`, golden tests):
//   -- 002_add_email.js: Add email
//   BEGIN;
//   ALTER TABLE ...;
//   COMMIT;
// Every statement ends with ';'. A migration with `transaction: false` has no BEGIN/COMMIT;
// statements that need foreign keys off (SQLite rebuilds) are framed by the PRAGMAs the
// runner issues around the transaction.
#include <string>
#include <vector>

#include "dialect/dialect.h"
#include "migration/migration.h"

namespace alab::migration {

std::string FormatMigrationSql(const Migration& m, const std::vector<dialect::Statement>& statements);

}  // namespace alab::migration
