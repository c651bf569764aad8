#include "cli/schema_source.h"

#include <cstdio>

#include <fmt/format.h>

#include "migration/dag.h"
#include "migration/load.h"
#include "migration/replay.h"
#include "schema/project.h"

namespace alab::cli {

Expected<schema::Schema> SchemaFromFiles(const config::Config& cfg, bool color) {
  schema::LoadResult loaded = schema::LoadSchemas(cfg.root, cfg.schemas_dir);
  std::fputs(loaded.diags.Render(color).c_str(), stderr);
  if (!loaded.ok()) {
    const int n = loaded.diags.error_count();
    return MakeError(fmt::format("the schema files have {} error{} (see above)", n, n == 1 ? "" : "s"),
                     ExitCode::kUserError);
  }
  return std::move(loaded.schema);
}

Expected<schema::Schema> SchemaAtRevision(const config::Config& cfg, const std::string& revision,
                                          bool color) {
  migration::LoadMigrationsResult loaded = migration::LoadMigrations(cfg.root, cfg.migrations_dir, 5.0,
                                                                    migration::Evaluation::kCachedForReadOnly);
  std::fputs(loaded.diags.Render(color).c_str(), stderr);
  if (!loaded.ok()) {
    const int n = loaded.diags.error_count();
    return MakeError(fmt::format("the migration files have {} error{} (see above)", n, n == 1 ? "" : "s"),
                     ExitCode::kUserError);
  }
  auto ordered = migration::TopoOrder(loaded.migrations);
  if (!ordered) return ordered.error();
  auto replayed = migration::Replay(*ordered, revision);
  if (!replayed) return replayed.error();
  return std::move(replayed->schema);
}

}  // namespace alab::cli
