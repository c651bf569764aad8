#pragma once
// The command tree as plain data: a walk of the CLI11 app that `--help` prints from, so the
// shell completions (`alab completion`) and the manual page (`alab manual`) describe exactly
// the commands, options and choices that the parser accepts, with nothing listed by hand.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace alab::cli {

struct OptionInfo {
  std::vector<std::string> short_names;  // "-f" (with the dash)
  std::vector<std::string> long_names;   // "--format"
  std::string positional_name;           // for a positional argument, e.g. "name"
  std::string description;
  std::string value_name;            // "TEXT", "INT", ...; empty for a flag
  std::vector<std::string> choices;  // the values the option accepts, when known
  bool takes_value = false;
  bool required = false;
  bool repeats = false;  // a vector option / positional (several values)

  bool positional() const { return !positional_name.empty(); }
  // All switch spellings, short ones first: {"-f", "--format"}.
  std::vector<std::string> Names() const;
  // "-f, --format" or the positional's name.
  std::string Display() const;
};

struct CommandInfo {
  std::string name;               // "" for the program itself
  std::vector<std::string> path;  // {"lock", "status"}; empty for the program
  std::string description;
  std::string footer;                    // the command's own examples (inherited text dropped)
  std::vector<OptionInfo> options;       // its switches (help included)
  std::vector<OptionInfo> positionals;   // in order
  std::vector<CommandInfo> subcommands;  // visible ones only, in registration order
  bool inherits_parent_options = false;  // CLI11 fallthrough: the parent's switches work here

  // "lock status" (or "" for the program).
  std::string Path() const;
};

// Walks app and its visible subcommands (a subcommand with an empty group is hidden).
CommandInfo DescribeCommands(const CLI::App& app);

// The choices of a value from its CLI11 validator ("TEXT:{a,b}") or, failing that, from an
// "a|b|c" list in the help text ("Target: ts|go|all"). Exposed for tests.
std::vector<std::string> ChoicesOf(const std::string& type_name, const std::string& description);

// Every command in the tree, depth first, the program itself first.
std::vector<const CommandInfo*> Flatten(const CommandInfo& root);

}  // namespace alab::cli
