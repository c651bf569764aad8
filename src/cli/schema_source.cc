#include "cli/schema_source.h"

#include <cstdio>

#include <fmt/format.h>

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

Expected<schema::Schema> SchemaAtRevision(const config::Config&, const std::string& revision,
                                          bool) {
  return MakeError("--at " + revision + " is not yet supported (migration files cannot be loaded yet)",
                   ExitCode::kUserError);
}

}  // namespace alab::cli
