#pragma once
// Rolling back a partly applied `transaction: false` migration.
//
// The rule: alab undoes only what was applied, and only when it knows which down()
// operations undo which up() operations. That is the case when the migration has no hooks,
// down() has as many operations as up(), and down()'s k-th operation is the inverse of up()'s
// (n-1-k)-th (as `alab new` writes it), and the applied statements end on an operation's
// boundary. Then the down() operations that undo the p applied up() operations (the last p
// of down()) are rendered against the state after those p operations. Otherwise the rollback
// is refused with the fix (finish the migration with `alab migrate [--resume]`).
#include <vector>

#include "base/expected.h"
#include "dialect/dialect.h"
#include "runner/plan.h"

namespace alab::runner {

Expected<std::vector<dialect::Statement>> PartialDown(const Plan& plan, const PlannedMigration& pm,
                                                      long long statements_done);

}  // namespace alab::runner
