#include "migration/history.h"

#include <fmt/format.h>

#include "migration/dag.h"
#include "migration/load.h"

namespace alab::migration {

const Migration* History::Find(const std::string& revision) const {
  for (const auto& m : migrations)
    if (m.revision == revision) return &m;
  return nullptr;
}

const Migration* History::FindByRevisionOrFile(const std::string& key) const {
  if (const Migration* m = Find(key)) return m;
  for (const auto& m : migrations) {
    std::string base = std::filesystem::path(m.file).filename().string();
    if (m.file == key || base == key || base == key + ".js") return &m;
  }
  return nullptr;
}

Expected<std::unique_ptr<History>> LoadHistory(const std::filesystem::path& project_root,
                                               const std::filesystem::path& migrations_dir,
                                               diag::DiagnosticSink& diags, Evaluation evaluation) {
  auto history = std::make_unique<History>();
  std::error_code ec;
  if (!std::filesystem::exists(migrations_dir, ec)) return history;
  LoadMigrationsResult loaded = LoadMigrations(project_root, migrations_dir, 5.0, evaluation);
  bool ok = loaded.ok();
  int n = loaded.diags.error_count();
  diags = std::move(loaded.diags);  // keeps the files' text for quoting source lines
  if (!ok) {
    return MakeError(fmt::format("{} error{} in migration files", n, n == 1 ? "" : "s"),
                     ExitCode::kUserError);
  }
  history->migrations = std::move(loaded.migrations);
  auto order = TopoOrder(history->migrations);
  if (!order.ok()) return order.error();
  history->order = std::move(*order);
  return history;
}

}  // namespace alab::migration
