#pragma once
// The command table: each command lives in its own cmd_<name>.cc and registers a
// CLI11 subcommand through a Register<Name>() function called from app.cc.
#include <string>

#include <CLI/CLI.hpp>

#include "base/expected.h"
#include "config/config.h"

namespace alab::cli {

// Options shared by every command (set before any subcommand callback runs).
struct GlobalOptions {
  std::string env;                // --env
  std::string database_url;       // --database-url
  std::string project_dir = ".";  // -C/--project
  bool quiet = false;
  bool verbose = false;
  bool color = false;  // true only on a TTY unless --no-color
};

struct Context {
  GlobalOptions global;
  int exit_code = 0;  // set by the command's callback

  // Loads alab.yaml per the global options; on failure prints the error and sets exit_code.
  Expected<config::Config> LoadConfig(bool require_file = true);
};

// Prints "alab: error: message" to stderr and returns its exit code as int.
int ReportError(const Error& e);
void PrintConfigWarnings(const config::Config& cfg);  // "alab: warning: ..." on stderr

// Each command file defines one of these; app.cc calls them all.
void RegisterInit(CLI::App& app, Context& ctx);
void RegisterTable(CLI::App& app, Context& ctx);
void RegisterCheck(CLI::App& app, Context& ctx);
void RegisterSchema(CLI::App& app, Context& ctx);
void RegisterMigrate(CLI::App& app, Context& ctx);
void RegisterRollback(CLI::App& app, Context& ctx);
void RegisterStatus(CLI::App& app, Context& ctx);
void RegisterLock(CLI::App& app, Context& ctx);
void RegisterExport(CLI::App& app, Context& ctx);
void RegisterTypes(CLI::App& app, Context& ctx);
void RegisterNew(CLI::App& app, Context& ctx);
void RegisterHistory(CLI::App& app, Context& ctx);
void RegisterHeads(CLI::App& app, Context& ctx);
void RegisterMerge(CLI::App& app, Context& ctx);
void RegisterRebase(CLI::App& app, Context& ctx);
void RegisterSql(CLI::App& app, Context& ctx);
void RegisterDiff(CLI::App& app, Context& ctx);
void RegisterPull(CLI::App& app, Context& ctx);
void RegisterSeed(CLI::App& app, Context& ctx);
void RegisterDump(CLI::App& app, Context& ctx);
void RegisterSquash(CLI::App& app, Context& ctx);
void RegisterBaseline(CLI::App& app, Context& ctx);
void RegisterDocs(CLI::App& app, Context& ctx);
void RegisterCompletion(CLI::App& app, Context& ctx);
void RegisterManual(CLI::App& app, Context& ctx);

}  // namespace alab::cli
