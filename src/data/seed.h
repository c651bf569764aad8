#pragma once
// `alab seed`: loads seed SQL files into a database in ONE transaction. The first failing
// statement stops the load with "file:line: <database message>" and rolls everything back,
// so a database is never left half-seeded.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "dialect/connection.h"

namespace alab::data {

struct SeedFile {
  std::filesystem::path path;  // to read
  std::string shown;           // as named in messages
};

// `target` is one .sql file, or a folder whose *.sql files (recursively) load in name order.
// Errors: a missing target or a folder without .sql files is a user error.
Expected<std::vector<SeedFile>> SeedFiles(const std::filesystem::path& target,
                                          const std::string& shown);

struct SeedResult {
  int files = 0;
  int statements = 0;
};

// Splits every file first (a syntax problem in any file loads nothing), refuses statements
// that would end alab's transaction (BEGIN, COMMIT, ROLLBACK, END, ...), then runs all of them
// between one Begin() and Commit(). `progress` (may be empty) is called after each statement.
Expected<SeedResult> Seed(dialect::Connection& conn, const std::vector<SeedFile>& files,
                          const std::function<void(int done, int total)>& progress = {});

}  // namespace alab::data
