// `alab init [--demo] [DIR]`: a new project with alab.yaml, schemas/, migrations/ and the
// editor typings (types/alab.d.ts + tsconfig.json).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "base/files.h"
#include "cli/command.h"
#include "cli/editor_typings.h"
#include "cli/templates.h"
#include "schema/project.h"

namespace alab::cli {

namespace {

namespace fs = std::filesystem;

struct InitArgs {
  bool demo = false;
  std::string dir;
};

struct Planned {
  templates::File file;
  bool keep_existing = false;  // an existing file is kept (editor files), never an error
};

int RunInit(const Context& ctx, const InitArgs& args) {
  fs::path root = ctx.global.project_dir;
  if (!args.dir.empty())
    root = fs::path(args.dir).is_absolute() ? fs::path(args.dir) : root / args.dir;
  std::error_code ec;
  root = fs::absolute(root, ec).lexically_normal();
  if (!root.has_filename() && root != root.root_path()) root = root.parent_path();

  if (fs::exists(root / "alab.yaml", ec)) {
    return ReportError(
        MakeError((root / "alab.yaml").string() +
                      " already exists; nothing was written (edit it, or init another folder)",
                  ExitCode::kUserError));
  }
  std::vector<Planned> plan = {
      {{"alab.yaml", templates::AlabYaml()}, false},
      {{"types/alab.d.ts", templates::AlabDts()}, true},
      {{"tsconfig.json", templates::TsConfig()}, true},
  };
  if (args.demo) {
    for (auto& f : templates::DemoSchemaFiles()) plan.push_back({std::move(f), false});
  }
  for (const auto& p : plan) {
    if (!p.keep_existing && fs::exists(root / p.file.path, ec)) {
      return ReportError(
          MakeError((root / p.file.path).string() + " already exists; nothing was written",
                    ExitCode::kUserError));
    }
  }

  std::vector<std::string> created;
  std::vector<std::string> kept;
  for (const char* dir : {"schemas", "migrations"}) {
    if (!fs::is_directory(root / dir, ec)) {
      fs::create_directories(root / dir, ec);
      if (ec) {
        return ReportError(
            MakeError("cannot create " + (root / dir).string() + ": " + ec.message()));
      }
      created.push_back(std::string(dir) + "/");
    }
  }
  for (const auto& p : plan) {
    if (p.keep_existing && fs::exists(root / p.file.path, ec)) {
      kept.push_back(p.file.path);
      continue;
    }
    if (auto st = WriteFileAtomic(root / p.file.path, p.file.content); !st) {
      return ReportError(st.error());
    }
    created.push_back(p.file.path);
  }
  // The table list of the editor typings (the demo's tables, or none yet).
  schema::Schema tables;
  if (args.demo) {
    schema::LoadResult loaded = schema::LoadSchemas(root, root / "schemas");
    if (loaded.ok()) tables = std::move(loaded.schema);
  }
  if (std::string warning = UpdateTablesDts(root, tables, /*create=*/true); !warning.empty()) {
    std::fprintf(stderr, "%s\n", warning.c_str());
  } else {
    created.push_back("types/tables.d.ts");
  }

  if (!ctx.global.quiet) {
    std::printf("Created an alab project in %s\n", root.string().c_str());
    for (const auto& c : created) std::printf("  + %s\n", c.c_str());
    for (const auto& k : kept) std::printf("  = %s (kept the existing file)\n", k.c_str());
    std::printf("\nNext steps:\n");
    if (root != fs::current_path(ec)) std::printf("  cd %s\n", root.string().c_str());
    if (!args.demo) std::printf("  alab table <namespace> <name>   # scaffold a schema file\n");
    std::printf("  alab new <migration_name>       # generate a migration from the schema files\n");
    std::printf("  alab migrate                    # apply it to the database (./app.db)\n");
    std::printf("  alab check                      # the CI gate: schemas, migrations, drift\n");
  }
  return 0;
}

}  // namespace

void RegisterInit(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<InitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "init", "Create a project: alab.yaml (SQLite), schemas/, migrations/, editor typings");
  cmd->add_flag("--demo", args->demo, "Add a demo auth + blog schema");
  cmd->add_option("dir", args->dir,
                  "Project folder (default: the current folder); created if missing");
  cmd->footer(
      "Examples:\n"
      "  alab init                      # in the current folder\n"
      "  alab init --demo shop && cd shop && alab check\n"
      "\nRefuses to touch a folder that already has an alab.yaml (exit 1).");
  cmd->callback([&ctx, args] { ctx.exit_code = RunInit(ctx, *args); });
}

}  // namespace alab::cli
