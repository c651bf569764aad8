#pragma once
// The printable SQL script of one migration, the one text `alab sql` and `migrate --dry`
// (and `rollback --dry`, golden tests) print:
//   -- migrate migrations/002_add_email.js (002): Add email
//   BEGIN;
//   ALTER TABLE ...;
//   COMMIT;
// Every statement ends with ';'. Statements that need foreign keys off (SQLite rebuilds) are
// framed by the dialect's foreign-key frame (Dialect::ForeignKeysOffFrame), the statements the
// runner runs around the transaction. A migration with `transaction: false` prints its steps
// (StepwiseSql) with the frame each one runs in.
#include <string>
#include <vector>

#include "dialect/dialect.h"
#include "migration/migration.h"

namespace alab::migration {

// The steps of a `transaction: false` migration as the runner runs them (dialect::GroupSteps):
//   -- step 2 of 3: rebuild of "shop_item"
//   PRAGMA foreign_keys=OFF;  BEGIN;  ...;  PRAGMA foreign_key_check;  COMMIT;  PRAGMA
//   foreign_keys=ON;
//   -- step 3 of 3: outside a transaction (intent recorded before it is sent)
//   CREATE INDEX CONCURRENTLY ...;
std::string StepwiseSql(const std::vector<dialect::Statement>& statements,
                        const dialect::Dialect& d);

// `down`: the statements are the rollback's (the header says so).
std::string MigrationScript(const Migration& m, const std::vector<dialect::Statement>& statements,
                            const dialect::Dialect& d, bool down = false);

// The header line of MigrationScript ("-- migrate <file> (<revision>): <description>").
std::string MigrationScriptHeader(const Migration& m, bool down);

}  // namespace alab::migration
