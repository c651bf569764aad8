#pragma once
// A project's migration history: the files loaded, checked and put in revision-DAG order.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/expected.h"
#include "diag/diagnostic.h"
#include "migration/load.h"
#include "migration/migration.h"

namespace alab::migration {

struct History {
  std::vector<Migration> migrations;    // sorted by file name
  std::vector<const Migration*> order;  // TopoOrder(migrations): parents first

  const Migration* Find(const std::string& revision) const;
  // Accepts a revision ("002") or a file name ("002_add_email.js", "migrations/002_add_email.js").
  const Migration* FindByRevisionOrFile(const std::string& key) const;
};

// Loads every migration in migrations_dir and orders them. Problems inside the files are
// stored in `diags` (replacing its content) (and the result is an error counting them); DAG
// problems (duplicate revision, missing parent, cycle) are an error naming the files. A missing
// folder is an empty history.
Expected<std::unique_ptr<History>> LoadHistory(const std::filesystem::path& project_root,
                                               const std::filesystem::path& migrations_dir,
                                               diag::DiagnosticSink& diags,
                                               Evaluation evaluation = Evaluation::kFresh);

}  // namespace alab::migration
