#pragma once
// Generating a migration (`alab new`): the diff between the replayed history and the
// target schema, written as a migration file and checked by evaluating and replaying the
// generated text before anything is written.
#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "diff/diff.h"
#include "migration/migration.h"
#include "schema/ir.h"

namespace alab::migration {

struct GenerateRequest {
  std::string name;         // "add email" -> 00N_add_email.js; description "add email"
  std::string description;  // "" = the name with spaces
  bool empty = false;       // --empty: a blank migration, no diff
  // --timestamp: a YYYYMMDDHHMMSS revision for these UTC seconds (see NextTimestampRevision)
  // instead of the next number. The caller picks the clock (SOURCE_DATE_EPOCH or now).
  std::optional<long long> timestamp;
  diff::DiffOptions diff;                        // rename hints and the rename decider
  std::string migrations_prefix = "migrations";  // folder shown in file paths (diagnostics)
};

struct GeneratedMigration {
  bool no_changes = false;  // nothing to write
  std::string revision;
  std::vector<std::string> down_revisions;
  std::string file_name;  // "002_add_email.js"
  std::string content;    // the file's text
  std::vector<ops::Op> up;
  std::vector<ops::Op> down;
};

// `existing`: the project's migrations (for the number and the parent: the single head;
// several heads are an error asking for `alab merge`). `current`: the replay of `existing`.
// `target`: the schema files. Both canonical. The generated text is evaluated and replayed:
// up() must reach `target` and down() must return to `current` (else an internal error).
Expected<GeneratedMigration> GenerateMigration(const std::vector<Migration>& existing,
                                               const schema::Schema& current,
                                               const schema::Schema& target,
                                               const GenerateRequest& request);

// The self-check alone: evaluates `content` and replays its up() from `current` (must give
// `target`) and its down() back (must give `current`). Errors describe the first difference.
Status CheckGeneratedText(const std::string& display_path, const std::string& content,
                          const schema::Schema& current, const schema::Schema& target);

}  // namespace alab::migration
