#include "migration/replay.h"

#include <fmt/format.h>

namespace alab::migration {

namespace {

// "migrations/003_x.js:12:5: drop column blog.post.title: column 'title' does not exist"
Error OpError(const Migration& m, const ops::Op& op, const std::string& message) {
  const diag::SourceLoc& loc = ops::LocOf(op);
  std::string where = loc.known() ? loc.ToString() : m.file;
  if (loc.known() && loc.file != m.file) where = m.file + ": " + where;
  return MakeError(fmt::format("{}: {}: {}", where, ops::Describe(op), message),
                   ExitCode::kUserError);
}

}  // namespace

Status ApplyMigrationOps(
    const Migration& m, const std::vector<ops::Op>& ops, schema::Schema& state,
    std::vector<ops::Op>* resolved,
    const std::function<Status(const ops::Op&, const schema::Schema&)>& visit) {
  for (const ops::Op& written : ops) {
    ops::Op op = written;
    if (Status st = ops::Resolve(op, state); !st.ok())
      return OpError(m, written, st.error().message);
    if (visit)
      if (Status st = visit(op, state); !st.ok()) return st;
    if (Status st = ops::Apply(op, state); !st.ok()) return OpError(m, op, st.error().message);
    if (resolved) resolved->push_back(std::move(op));
  }
  return Status::Ok();
}

Expected<ReplayResult> Replay(const std::vector<const Migration*>& ordered,
                              const std::string& stop_at, bool record_steps) {
  ReplayResult result;
  if (record_steps) result.steps.reserve(ordered.size());
  bool stopped = stop_at.empty();
  for (const Migration* m : ordered) {
    ReplayStep step;
    step.migration = m;
    if (record_steps) step.before = result.schema;
    step.resolved_up.reserve(m->up.size());
    Status st =
        ApplyMigrationOps(*m, m->up, result.schema, record_steps ? &step.resolved_up : nullptr);
    if (!st.ok()) return st.error();
    if (record_steps) result.steps.push_back(std::move(step));
    if (!stop_at.empty() && m->revision == stop_at) {
      stopped = true;
      break;
    }
  }
  if (!stopped)
    return MakeError(fmt::format("revision '{}' not found among the migrations", stop_at),
                     ExitCode::kUserError);
  schema::Canonicalize(result.schema);
  return result;
}

}  // namespace alab::migration
