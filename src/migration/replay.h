#pragma once
// Replay: every migration's up() in DAG order -> the schema IR, offline.
#include <functional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "migration/migration.h"
#include "schema/ir.h"

namespace alab::migration {

struct ReplayStep {
  const Migration* migration = nullptr;
  schema::Schema before;             // state before this migration's up()
  std::vector<ops::Op> resolved_up;  // up() ops resolved against the state they apply to
};

struct ReplayResult {
  schema::Schema schema;          // state after the last replayed migration
  std::vector<ReplayStep> steps;  // one per replayed migration, in order
};

// Replays `ordered` (from TopoOrder) up to and including `stop_at` ("" = all). Errors name
// the migration file, the operation and its source location ("migrations/003_x.js:12:5:
// drop column blog.post.title: column 'title' does not exist").
// Resolves and applies `ops` (written in migration m) to `state` in order; `resolved` (if not
// null) receives the resolved operations. Errors name m's file, the operation and its location.
// `visit` (if set) sees each resolved operation with the state before it applies (a
// renderer does its work there); its error stops the replay.
Status ApplyMigrationOps(
    const Migration& m, const std::vector<ops::Op>& ops, schema::Schema& state,
    std::vector<ops::Op>* resolved = nullptr,
    const std::function<Status(const ops::Op&, const schema::Schema&)>& visit = {});

// record_steps = false leaves `steps` empty (no per-migration copies of the schema: faster
// when only the final state is needed).
Expected<ReplayResult> Replay(const std::vector<const Migration*>& ordered,
                              const std::string& stop_at = "", bool record_steps = true);

}  // namespace alab::migration
