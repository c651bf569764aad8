// `alab pull [--namespace-by-prefix] [--force]`: writes schemas/<table>.js (or, split at the
// first '_', schemas/<ns>/<table>.js) from an existing database, so a team with a live database
// adopts alab in one step.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include <fmt/format.h>

#include "base/files.h"
#include "base/strings.h"
#include "cli/command.h"
#include "codegen/schema_writer.h"
#include "dialect/compare.h"
#include "dialect/dialect.h"
#include "dialect/inspect.h"
#include "drift/sources.h"
#include "schema/project.h"
#include "schema/validate.h"

namespace alab::cli {

namespace {

struct PullArgs {
  bool namespace_by_prefix = false;
  bool force = false;
};

int RunPull(Context& ctx, const PullArgs& args) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  auto conn = drift::OpenDatabase(*cfg);
  if (!conn) return ReportError(conn.error());
  // Existing schema files (or else the migrations) name the tables they already declare
  // and keep their spelling of what the database rewrites (check expressions, defaults).
  std::optional<schema::Schema> existing;
  if (std::filesystem::exists(cfg->schemas_dir) && !ListFiles(cfg->schemas_dir, ".js").empty()) {
    schema::LoadResult loaded = schema::LoadSchemas(cfg->root, cfg->schemas_dir);
    if (loaded.ok()) existing = std::move(loaded.schema);
  }
  if (!existing && std::filesystem::exists(cfg->migrations_dir) &&
      !ListFiles(cfg->migrations_dir, ".js").empty()) {
    auto replayed = drift::SchemaFromMigrations(*cfg, nullptr, ctx.global.color);
    if (replayed) existing = std::move(*replayed);
  }
  std::vector<std::string> warnings;
  dialect::InspectOptions o;
  o.ignore_tables = cfg->ignore_tables;
  o.namespace_by_prefix = args.namespace_by_prefix;
  o.expected = existing ? &*existing : nullptr;
  o.warnings = &warnings;
  auto db = dialect::Inspect(**conn, o);
  if (!db) return ReportError(db.error());
  const dialect::Dialect& d = (*conn)->dialect();
  schema::Schema pulled = existing ? dialect::Reconcile(d, *existing, *db) : std::move(*db);
  d.GuessPulledTypes(pulled);
  codegen::PrepareForFiles(pulled);
  for (const auto& w : warnings) std::fprintf(stderr, "alab: warning: %s\n", w.c_str());
  // Table names become file names: a name that is not an identifier (`../../x`, `Weird Name`)
  // would write outside the schemas folder or a file no load accepts, so it is left out.
  int refused = 0;
  std::set<std::string> unsafe;
  auto file_of = [](const schema::Table& t) {
    return (t.ns.empty() ? t.name : t.ns + "/" + t.name) + ".js";
  };
  for (const auto& t : pulled.tables) {
    if (t.junction) continue;
    std::string problem = t.ns.empty() ? "" : schema::IdentifierProblem(t.ns);
    if (problem.empty()) problem = schema::IdentifierProblem(t.name);
    if (problem.empty()) continue;
    unsafe.insert(file_of(t));
    ++refused;
    std::fprintf(stderr,
                 "alab: error: table \"%s\" not pulled: its name cannot be a schema file name "
                 "(%s); rename it in the "
                 "database (lower-case letters, digits and _) or list it in ignore_tables\n",
                 t.SqlName().c_str(), problem.c_str());
  }
  for (const auto& t : pulled.tables)
    for (const auto& c : t.columns)
      if (std::string problem = schema::IdentifierProblem(c.name);
          !problem.empty() && !unsafe.count(file_of(t)))
        std::fprintf(stderr,
                     "alab: warning: table %s column \"%s\": %s; the file is written, but `alab "
                     "check` rejects it "
                     "until the column is renamed\n",
                     t.SqlName().c_str(), c.name.c_str(), problem.c_str());
  int written = 0, kept = 0, same = 0;
  for (const auto& f : codegen::WriteSchemaFiles(pulled)) {
    if (unsafe.count(f.path)) continue;
    std::filesystem::path path = cfg->schemas_dir / f.path;
    std::string shown = DisplayPath(path, cfg->root);
    if (std::filesystem::exists(path)) {
      auto old = ReadFile(path);
      if (old && *old == f.content) {
        ++same;
        continue;
      }
      if (!args.force) {
        std::fprintf(stderr,
                     "alab: warning: %s exists and differs; kept (use --force to overwrite)\n",
                     shown.c_str());
        ++kept;
        continue;
      }
    }
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (Status st = WriteFileAtomic(path, f.content); !st) return ReportError(st.error());
    ++written;
    if (!ctx.global.quiet) std::printf("wrote %s\n", shown.c_str());
    for (const auto& n : f.notes)
      std::fprintf(stderr, "alab: warning: %s: %s\n", shown.c_str(), n.c_str());
  }
  if (!ctx.global.quiet)
    std::printf("pulled %zu table%s from %s: %d written, %d unchanged, %d kept\n",
                pulled.tables.size(), pulled.tables.size() == 1 ? "" : "s",
                (*conn)->redacted_url().c_str(), written, same, kept);
  return kept > 0 || refused > 0 ? 1 : 0;
}

}  // namespace

void RegisterPull(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<PullArgs>();
  CLI::App* cmd = app.add_subcommand("pull", "Write schema files from an existing database");
  cmd->add_flag("--namespace-by-prefix", args->namespace_by_prefix,
                "Split table names at the first '_' into namespace and table (auth_user -> "
                "schemas/auth/user.js); without it, each table is schemas/<table>.js");
  cmd->add_flag("--force", args->force, "Overwrite schema files that differ");
  cmd->footer(
      "Example:\n"
      "  alab --database-url postgres://app@localhost/app pull\n"
      "  alab new init    # then: no changes for a database alab created");
  cmd->callback([&ctx, args] { ctx.exit_code = RunPull(ctx, *args); });
}

}  // namespace alab::cli
