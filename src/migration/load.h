#pragma once
// Loading migration files (migrations/NNN_name.js) into Migration values.
#include <filesystem>
#include <vector>

#include "diag/diagnostic.h"
#include "migration/migration.h"

namespace alab::migration {

// Whether stored evaluation results (.alab/cache/migrations.pack) may stand in for evaluating
// a file. The pack can be forged by whoever can write it (its digests have no secret), so
// only read-only and generation commands may ask for kCachedForReadOnly; everything that
// runs SQL against a database, or judges what ran, evaluates fresh (the default).
enum class Evaluation {
  kFresh,              // every file is evaluated; the results are stored for read-only commands
  kCachedForReadOnly,  // a stored result for the same text is reused
};

struct LoadMigrationsResult {
  std::vector<Migration> migrations;  // sorted by file name
  diag::DiagnosticSink diags;
  bool ok() const { return !diags.has_errors(); }
};

// Evaluates every *.js file in migrations_dir (not recursive). Operations come back
// unresolved (as the file wrote them); replay resolves them.
LoadMigrationsResult LoadMigrations(const std::filesystem::path& project_root,
                                    const std::filesystem::path& migrations_dir,
                                    double time_limit_seconds = 5.0,
                                    Evaluation evaluation = Evaluation::kFresh);

// Evaluates one migration file's text (tests, `alab new` self-check).
Migration LoadMigrationText(const std::string& display_path, const std::string& content,
                            diag::DiagnosticSink& diags, double time_limit_seconds = 5.0);

// The same for an internal check (the `alab new` self-check), faster: no call locations
// (every SourceLoc has line 0), and the operations of up() and down() are recorded by two
// engines on two threads and merged in order (see js::EvaluateMode).
Migration LoadMigrationTextForCheck(const std::string& display_path, const std::string& content,
                                    diag::DiagnosticSink& diags);

}  // namespace alab::migration
