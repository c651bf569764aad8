#pragma once
// A migration file, evaluated: metadata, the operations of up() and down(), hooks.
#include <map>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "ops/ops.h"

namespace alab::migration {

struct Hook {
  enum class Kind { kBefore, kAfter, kBackfill };
  Kind kind = Kind::kBefore;
  ops::RawSql sql;        // kBefore / kAfter (dialect-specific texts allowed)
  std::string table;      // kBackfill: table ref
  std::string column;     // kBackfill
  std::string value_sql;  // kBackfill: SQL expression
  diag::SourceLoc loc;
};

struct Migration {
  std::string file;      // path relative to the project root: "migrations/002_add_email.js"
  std::string content;   // exact file bytes (checksums)
  std::string revision;  // up_revision ("002")
  std::vector<std::string> down_revisions;  // parents; empty for the first
  // The file names its parents (down_revision, null included). A file without the field, as
  // the original AstrolaDB writes them, follows the previous file in name order.
  bool down_revision_given = false;
  std::string description;
  std::map<std::string, std::string> rename_tables;   // "ns.old" -> "new"
  std::map<std::string, std::string> rename_columns;  // "ns.table.old" -> "new"
  std::vector<ops::Op> up;
  std::vector<ops::Op> down;
  std::vector<Hook> up_hooks;
  std::vector<Hook> down_hooks;
  bool transactional = true;  // `transaction: false` runs statement by statement
  // A baseline written by `alab squash`: the revisions it replaces (their files moved to
  // .alab/archive/) and the chain checksum of the last of them. A database that applied all
  // of them accepts the baseline without running it. Empty for ordinary migrations.
  std::vector<std::string> replaces;
  std::string replaces_checksum;
  bool is_baseline() const { return !replaces.empty(); }
};

}  // namespace alab::migration
