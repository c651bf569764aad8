#pragma once
// Codegen: typed operations -> the text of a migration file, in the style of the
// generated examples (SPEC §3): byte-for-byte deterministic, formatted as prettier
// would format it, ending with a newline. No external formatter.
#include <map>
#include <string>
#include <vector>

#include "ops/ops.h"

namespace alab::codegen {

struct MigrationSpec {
  std::string revision;                     // up_revision ("002")
  std::vector<std::string> down_revisions;  // [] -> null, one -> "001", several -> ["002", "003"]
  std::string description;
  std::map<std::string, std::string>
      rename_tables;  // "ns.old" -> "new"; written only when non-empty
  std::map<std::string, std::string> rename_columns;  // "ns.table.old" -> "new"
  std::vector<ops::Op> up;                            // resolved operations, in order
  std::vector<ops::Op> down;                          // usually InverseOps(up)
};

// The whole file text.
std::string WriteMigration(const MigrationSpec& spec);

// down() for `up` (resolved): the inverses in reverse order. A drop's inverse recreates
// the dropped table/column from its full before-state. Raw SQL without a down
// statement has no inverse and is left out.
std::vector<ops::Op> InverseOps(const std::vector<ops::Op>& up);

}  // namespace alab::codegen
