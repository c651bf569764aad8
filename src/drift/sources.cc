#include "drift/sources.h"

#include <cstdio>

#include <fmt/format.h>

#include "dialect/dialect.h"
#include "migration/dag.h"
#include "migration/load.h"
#include "migration/replay.h"
#include "runner/tracking.h"
#include "schema/project.h"

namespace alab::drift {

Expected<schema::Schema> SchemaFromFiles(const config::Config& cfg, bool color) {
  schema::LoadResult loaded = schema::LoadSchemas(cfg.root, cfg.schemas_dir);
  std::fputs(loaded.diags.Render(color).c_str(), stderr);
  if (!loaded.ok()) {
    const int n = loaded.diags.error_count();
    return MakeError(
        fmt::format("the schema files have {} error{} (see above)", n, n == 1 ? "" : "s"),
        ExitCode::kUserError);
  }
  return std::move(loaded.schema);
}

Expected<schema::Schema> SchemaAtRevision(const config::Config& cfg, const std::string& revision,
                                          bool color) {
  migration::LoadMigrationsResult loaded = migration::LoadMigrations(
      cfg.root, cfg.migrations_dir, 5.0, migration::Evaluation::kCachedForReadOnly);
  std::fputs(loaded.diags.Render(color).c_str(), stderr);
  if (!loaded.ok()) {
    const int n = loaded.diags.error_count();
    return MakeError(
        fmt::format("the migration files have {} error{} (see above)", n, n == 1 ? "" : "s"),
        ExitCode::kUserError);
  }
  auto ordered = migration::TopoOrder(loaded.migrations);
  if (!ordered) return ordered.error();
  auto replayed = migration::Replay(*ordered, revision);
  if (!replayed) return replayed.error();
  return std::move(replayed->schema);
}

Expected<schema::Schema> SchemaFromMigrations(const config::Config& cfg,
                                              const std::set<std::string>* applied, bool color) {
  migration::LoadMigrationsResult loaded = migration::LoadMigrations(
      cfg.root, cfg.migrations_dir, 5.0, migration::Evaluation::kCachedForReadOnly);
  std::fputs(loaded.diags.Render(color).c_str(), stderr);
  if (!loaded.ok()) {
    int n = loaded.diags.error_count();
    return MakeError(
        fmt::format("the migration files have {} error{} (see above)", n, n == 1 ? "" : "s"),
        ExitCode::kUserError);
  }
  auto order = migration::TopoOrder(loaded.migrations);
  if (!order) return order.error();
  std::vector<const migration::Migration*> chosen;
  // A squash baseline stands for the revisions it replaces: applied when the last of them is.
  auto stands_applied = [&](const migration::Migration& m) {
    return m.is_baseline() && applied->count(m.replaces.back()) > 0;
  };
  for (const auto* m : *order)
    if (!applied || applied->count(m->revision) || stands_applied(*m)) chosen.push_back(m);
  auto replayed = migration::Replay(chosen);
  if (!replayed) return replayed.error();
  schema::Schema s = std::move(replayed->schema);
  schema::Canonicalize(s);
  return s;
}

Expected<std::set<std::string>> AppliedRevisions(dialect::Connection& conn) {
  auto rows = runner::ReadHistory(conn);
  if (!rows) return rows.error();
  std::set<std::string> out;
  for (const auto& r : *rows) out.insert(r.revision);
  return out;
}

Expected<std::unique_ptr<dialect::Connection>> OpenDatabase(const config::Config& cfg,
                                                            const std::string& url) {
  std::string u = url.empty() ? cfg.url : url;
  if (u.empty())
    return MakeError(
        "no database configured: set database.url in alab.yaml, DATABASE_URL or --database-url",
        ExitCode::kUserError);
  const dialect::Dialect* d = nullptr;
  if (url.empty() || url == cfg.url) d = dialect::FindDialect(cfg.dialect);
  if (d == nullptr) {
    auto found = dialect::DialectForUrl(u);
    if (found.ok()) d = *found;
  }
  if (d == nullptr)
    return MakeError("cannot tell the dialect of " + config::RedactUrl(u), ExitCode::kUserError);
  if (Status st = d->RequireExistingDatabase(u); !st) return st.error();
  return d->Connect(u);
}

}  // namespace alab::drift
