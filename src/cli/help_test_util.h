#pragma once
// Shared by the completion and manual tests: what `alab [path...] --help` lists.
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace alab::cli::testutil {

// The commands `alab [path...] --help` lists under "Subcommands:".
inline std::set<std::string> HelpCommands(const std::vector<std::string>& path = {}) {
  std::vector<std::string> args = path;
  args.push_back("--help");
  auto r = ::alab::testing::RunAlab(args, std::filesystem::current_path());
  std::set<std::string> out;
  std::istringstream in(r.out);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Subcommands:", 0) == 0) {
      inside = true;
    } else if (inside && line.rfind("  ", 0) == 0) {
      std::istringstream words(line);
      std::string name;
      words >> name;
      out.insert(name);
    } else if (inside) {
      break;
    }
  }
  return out;
}

}  // namespace alab::cli::testutil
