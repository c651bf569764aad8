#pragma once
// alab.lock: the first line is the aggregate checksum, then one "<sha256> <file>" line per
// migration file (paths relative to the project root, sorted). It works on the raw files,
// so it needs no JavaScript evaluation.
#include <filesystem>
#include <string>
#include <vector>

#include "base/expected.h"

namespace alab::runner {

inline constexpr const char* kLockFileName = "alab.lock";

struct LockEntry {
  std::string sha256;
  std::string file;  // "migrations/001_init.js"
  bool operator==(const LockEntry&) const = default;
};

struct LockFile {
  std::string aggregate;
  std::vector<LockEntry> entries;
};

// The aggregate checksum: sha256 of the entry lines ("<sha> <file>\n" each).
std::string AggregateChecksum(const std::vector<LockEntry>& entries);
// The entries the migration files have now (*.js directly in migrations_dir).
std::vector<LockEntry> CurrentEntries(const std::filesystem::path& root,
                                      const std::filesystem::path& migrations_dir);
std::string RenderLockFile(const std::vector<LockEntry>& entries);
// Errors name alab.lock and the line for malformed content.
Expected<LockFile> ParseLockFile(const std::string& text);

struct LockProblem {
  enum class Kind { kChanged, kMissing, kUnlisted, kAggregate, kMalformed, kNoLockFile };
  Kind kind;
  std::string file;     // the migration file (or alab.lock)
  std::string message;  // "migrations/002_x.js: changed since alab.lock was written"
};

// Compares alab.lock with the files. Empty = in sync.
std::vector<LockProblem> VerifyLockFile(const std::filesystem::path& root,
                                        const std::filesystem::path& migrations_dir);
// Whether alab.lock can be (re)written: checked before anything is applied.
Status ProbeLockFileWritable(const std::filesystem::path& root);
// Rewrites alab.lock from the files.
Status WriteLockFile(const std::filesystem::path& root,
                     const std::filesystem::path& migrations_dir);

}  // namespace alab::runner
