#include "runner/partial_down.h"

#include <fmt/format.h>

#include "migration/replay.h"

namespace alab::runner {
namespace {

// Does `down` undo `up` (both resolved)? RawSql compares its texts, the rest its description.
bool Undoes(const ops::Op& up, const ops::Op& down) {
  auto inv = ops::Invert(up);
  if (!inv) return false;
  const auto* a = std::get_if<ops::RawSql>(&*inv);
  const auto* b = std::get_if<ops::RawSql>(&down);
  if (a != nullptr || b != nullptr) return a != nullptr && b != nullptr && a->up == b->up;
  return ops::Describe(*inv) == ops::Describe(down);
}

}  // namespace

Expected<std::vector<dialect::Statement>> PartialDown(const Plan& plan, const PlannedMigration& pm,
                                                      long long statements_done) {
  const auto& m = *pm.migration;
  auto refuse = [&](const std::string& why) {
    return MakeError(
        fmt::format(
            "{}: partly applied ({} of {} statements); {}. Finish it instead: fix the failed step "
            "and run `alab migrate --resume` (or `alab migrate` if the file is unchanged)",
            m.file, statements_done, pm.up.size(), why),
        ExitCode::kUserError);
  };
  if (!m.up_hooks.empty() || !m.down_hooks.empty()) {
    return refuse(
        "it has hooks, so alab cannot tell which down() statements undo the applied ones");
  }
  if (m.down.size() != m.up.size()) {
    return refuse(fmt::format(
        "its down() has {} operations and its up() {}: a partly applied migration rolls back "
        "only when down() undoes up() operation by operation in reverse order",
        m.down.size(), m.up.size()));
  }
  auto d = dialect::MakeDialect(plan.dialect);
  std::vector<const migration::Migration*> before;
  for (const auto& o : plan.ordered) {
    if (&o == &pm) break;
    before.push_back(o.migration);
  }
  auto replay = migration::Replay(before, "", false);
  if (!replay.ok()) return replay.error();
  schema::Schema state = std::move(replay->schema);
  // Which up() operations were applied whole (their statements counted one by one).
  std::vector<ops::Op> resolved;
  schema::Schema applied_state;
  size_t count = 0, applied_ops = 0;
  bool boundary = statements_done == 0;
  if (boundary) applied_state = state;
  for (size_t j = 0; j < m.up.size(); ++j) {
    std::vector<dialect::Statement> out;
    auto render = [&](const ops::Op& op, const schema::Schema& s) {
      return dialect::RenderOne(*d, op, s, out);
    };
    if (Status st = migration::ApplyMigrationOps(m, {m.up[j]}, state, &resolved, render); !st.ok())
      return st.error();
    if (boundary) continue;
    if (count + out.size() > static_cast<size_t>(statements_done)) {
      return refuse(fmt::format(
          "it stopped inside up() operation {} ({}), and a rollback undoes whole operations "
          "only",
          j + 1, ops::Describe(resolved.back())));
    }
    count += out.size();
    applied_ops = j + 1;
    if (count == static_cast<size_t>(statements_done)) {
      boundary = true;
      applied_state = state;
    }
  }
  std::vector<ops::Op> down_resolved;
  if (Status st = migration::ApplyMigrationOps(m, m.down, state, &down_resolved); !st.ok())
    return st.error();
  size_t n = m.up.size();
  for (size_t k = 0; k < n; ++k) {
    if (!Undoes(resolved[n - 1 - k], down_resolved[k])) {
      return refuse(fmt::format(
          "its down() operation {} ({}) does not undo up() operation {} ({}), so alab cannot "
          "tell which down() operations undo the applied ones",
          k + 1, ops::Describe(down_resolved[k]), n - k, ops::Describe(resolved[n - 1 - k])));
    }
  }
  std::vector<ops::Op> undo(m.down.end() - static_cast<long>(applied_ops), m.down.end());
  auto stmts = dialect::RenderAll(*d, std::move(undo), applied_state, /*fold=*/false);
  if (!stmts.ok()) return MakeError(m.file + ": " + stmts.error().message, ExitCode::kUserError);
  MarkNoTransaction(*d, *stmts);
  return std::move(*stmts);
}

}  // namespace alab::runner
