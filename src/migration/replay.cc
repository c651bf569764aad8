#include "migration/replay.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

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

// A key whose places a migration set must end with every key column placed 1..n once each,
// or none placed (column order).
std::string KeyPlacesProblem(const schema::Table& t) {
  std::vector<const schema::Column*> key;
  for (const schema::Column* c : schema::DeclaredColumns(t))
    if (c->primary_key) key.push_back(c);
  std::vector<int> places;
  std::vector<std::string> shown;
  for (const schema::Column* c : key) {
    places.push_back(c->key_position);
    shown.push_back(
        fmt::format("{}: {}", c->name,
                    c->key_position == 0 ? std::string("none") : std::to_string(c->key_position)));
  }
  // Distinct places on every column say one order (a dropped key column leaves a gap).
  std::vector<int> sorted = places;
  std::sort(sorted.begin(), sorted.end());
  bool none = std::all_of(places.begin(), places.end(), [](int p) { return p == 0; });
  bool every = !sorted.empty() && sorted.front() > 0 &&
               std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end() &&
               sorted.back() <= static_cast<int>(sorted.size());
  if (none || every) return "";
  return fmt::format(
      "after this migration the primary key of {} gives the places ({}); give "
      "every key column its place, 1 to {} once each (set_key_place), or none "
      "(drop_key_place() on each) for column order",
      t.Ref(), fmt::join(shown, ", "), key.size());
}

}  // namespace

Status ApplyMigrationOps(
    const Migration& m, const std::vector<ops::Op>& ops, schema::Schema& state,
    std::vector<ops::Op>* resolved,
    const std::function<Status(const ops::Op&, const schema::Schema&)>& visit) {
  std::map<std::string, ops::Op> placed;  // table -> the last op that set a key place
  for (const ops::Op& written : ops) {
    ops::Op op = written;
    if (Status st = ops::Resolve(op, state); !st.ok())
      return OpError(m, written, st.error().message);
    if (visit)
      if (Status st = visit(op, state); !st.ok()) return st;
    if (Status st = ops::Apply(op, state); !st.ok()) return OpError(m, op, st.error().message);
    if (const auto* ac = std::get_if<ops::AlterColumn>(&op);
        ac != nullptr && ac->from.key_position != ac->to.key_position)
      placed[ac->table] = written;
    if (resolved) resolved->push_back(std::move(op));
  }
  for (const auto& [table, last] : placed)
    if (const schema::Table* t = state.Find(table))
      if (std::string problem = KeyPlacesProblem(*t); !problem.empty())
        return OpError(m, last, problem);
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
