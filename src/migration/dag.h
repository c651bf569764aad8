#pragma once
// The revision DAG: migrations point at their parents with down_revision.
#include <string>
#include <vector>

#include "base/expected.h"
#include "migration/migration.h"

namespace alab::migration {

// Parents before children; ties broken by revision string (numeric-aware), so the order is
// deterministic. Errors (exit 1) name the files: duplicate revision, missing parent, cycle.
Expected<std::vector<const Migration*>> TopoOrder(const std::vector<Migration>& migrations);

// Revisions that no migration names as a parent.
std::vector<std::string> Heads(const std::vector<Migration>& migrations);

// Files in name order (as LoadMigrations returns them) that name no down_revision follow the
// previous file, as in the original AstrolaDB (whose files often carry no revisions at all).
// `down_revision: null` still starts a history.
void LinkImplicitParents(std::vector<Migration>& migrations);

// The revision number after the highest existing one, zero-padded to 3 digits ("004").
std::string NextRevision(const std::vector<Migration>& migrations);
// A timestamp revision YYYYMMDDHHMMSS for `unix_seconds` (UTC); when that is not after the
// highest existing numeric revision, the number after it (so the new file is still the last).
std::string NextTimestampRevision(const std::vector<Migration>& migrations, long long unix_seconds);

// Numeric-aware revision order: "2" < "10", "002" < "010"; non-numeric revisions sort after
// numeric ones, by text.
bool RevisionLess(const std::string& a, const std::string& b);

}  // namespace alab::migration
