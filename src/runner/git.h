#pragma once
// The git checks around `alab migrate`, through the `git` executable.
#include <filesystem>
#include <string>
#include <vector>

#include "base/expected.h"

namespace alab::runner {

struct GitResult {
  int exit_code = -1;  // -1: git could not be started
  std::string out;
  std::string err;
};

// Runs `git -C dir args...` (no shell), capturing output.
GitResult RunGit(const std::filesystem::path& dir, const std::vector<std::string>& args);

struct GitState {
  bool in_repo = false;
  std::vector<std::string> modified_migrations;  // tracked, with uncommitted changes
  std::vector<std::string> changed_schemas;      // modified or untracked schema files
};

// Reads `git status` for the migration and schema folders (paths relative to root).
// Not a repository / no git: in_repo = false and nothing else.
GitState ReadGitState(const std::filesystem::path& root,
                      const std::filesystem::path& migrations_dir,
                      const std::filesystem::path& schemas_dir);

// git add <files> + git commit -m message.
Status GitCommit(const std::filesystem::path& root, const std::vector<std::string>& files,
                 const std::string& message);

}  // namespace alab::runner
