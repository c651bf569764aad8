#pragma once
// What `alab rollback` checks before it touches anything: that each migration it would roll
// back has a down() that does something, and that the drops of its down() destroy no rows
// unless --confirm-destroy is given (migrate's destroy guard, run on the down() operations).
#include <string>
#include <vector>

#include "base/expected.h"
#include "dialect/connection.h"
#include "runner/plan.h"

namespace alab::runner {

// Refuses a migration whose up() runs statements on this dialect while its rollback (down()
// with its hooks) runs none: rolling it back would leave what up() made and mark it pending.
// The error names the file:line of down() (or of up() when there is no down()) and shows the
// down() to write.
Status CheckDownWritten(const Plan& plan, const PlannedMigration& pm);

// The drops (tables, columns, narrowing changes) of the migrations' down() that would lose
// rows, each with its row count, as DestructiveOps words them; empty = nothing is lost.
std::vector<std::string> RollbackDestroys(dialect::Connection& conn, const Plan& plan,
                                          const std::vector<const PlannedMigration*>& which);

}  // namespace alab::runner
