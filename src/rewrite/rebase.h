#pragma once
// `alab rebase`: two branches that each added migrations (the same revision numbers, or
// several heads) are linearized: the local migrations are renumbered after the others and
// re-parented onto the others' head; their files are renamed and their revision fields
// rewritten in place.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "base/expected.h"
#include "migration/migration.h"

namespace alab::rewrite {

using migration::Migration;

struct RebaseMove {
  std::string old_file;  // relative to the project root
  std::string new_file;  // relative to the project root
  std::string old_revision;
  std::string new_revision;
  std::vector<std::string> new_parents;
  std::string new_text;  // the file's text with rewritten revision fields
};

struct RebasePlan {
  bool conflict = false;  // duplicate revisions or several heads
  std::vector<RebaseMove> moves;
};

// Migration files (relative paths, as in Migration::file) that belong to this branch only:
// those not committed in git's HEAD; without git (or when git cannot tell), the later files
// by modification time among the conflicting ones.
std::set<std::string> LocalMigrationFiles(const std::filesystem::path& project_root,
                                          const std::vector<Migration>& migrations);

// Plans the renumbering; `local` as from LocalMigrationFiles. The plan is checked: the
// resulting graph has no duplicate revisions, no missing parents and no cycle.
Expected<RebasePlan> PlanRebase(const std::vector<Migration>& migrations,
                                const std::set<std::string>& local);

// Writes the moved files (atomically) and removes the old names.
Status ApplyRebase(const std::filesystem::path& project_root, const RebasePlan& plan);

}  // namespace alab::rewrite
