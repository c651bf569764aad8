#pragma once
// Statements that PostgreSQL refuses inside a transaction block, and what the catalog shows
// of one that was sent but whose completion was never recorded (the runner's question after
// an interrupted `transaction: false` migration).
#include <string>

#include "base/expected.h"
#include "dialect/connection.h"

namespace alab::dialect::postgres {

// False for CREATE/DROP/REINDEX ... CONCURRENTLY (and ALTER TABLE ... DETACH PARTITION ...
// CONCURRENTLY), ALTER TYPE ... ADD VALUE (refused in a transaction before 12, and unusable
// in the transaction that adds it after), VACUUM, CREATE/DROP DATABASE and TABLESPACE,
// ALTER SYSTEM, REINDEX DATABASE/SYSTEM. Comments and quoted text are skipped.
bool CanRunInTransaction(const std::string& sql);

// The catalog's view of `sql`:
//   CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ...: no such index -> kNotDone;
//     pg_index.indisvalid -> kDone; invalid (the build was killed or failed) -> kLeftInvalid,
//     cleanup DROP INDEX CONCURRENTLY IF EXISTS name;
//   DROP INDEX CONCURRENTLY [IF EXISTS] name: gone -> kDone, still there -> kNotDone;
//   ALTER TYPE t ADD VALUE [IF NOT EXISTS] 'v': the label exists -> kDone, else kNotDone;
//   VACUUM / ANALYZE: kNotDone (repeating them is harmless);
//   anything else (an unnamed index, REINDEX, ...): kUnknown.
Expected<Connection::Effect> InspectEffect(Connection& conn, const std::string& sql);

}  // namespace alab::dialect::postgres
