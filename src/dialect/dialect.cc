// MakeDialect and RenderAll: the entry points to SQL rendering.
#include "dialect/dialect.h"

#include <fmt/format.h>

#include "dialect/postgres/render.h"
#include "dialect/sqlite/render.h"

namespace alab::dialect {

std::unique_ptr<Dialect> MakeDialect(const std::string& name, int render_version) {
  std::unique_ptr<Dialect> d;
  if (name == "sqlite") d = sqlite::MakeSqliteDialect();
  if (name == "postgres" || name == "postgresql") d = postgres::MakePostgresDialect();
  if (d) d->set_render_version(render_version);
  return d;
}

namespace {
thread_local int current_render_version = kRenderVersion;
}  // namespace

int RenderVersion() { return current_render_version; }

ScopedRenderVersion::ScopedRenderVersion(int version) : saved_(current_render_version) {
  current_render_version = version;
}

ScopedRenderVersion::~ScopedRenderVersion() { current_render_version = saved_; }

namespace {
Error OpFailure(const ops::Op& op, const std::string& msg) {
  std::string where = ops::LocOf(op).known() ? ops::LocOf(op).ToString() + ": " : "";
  return MakeError(fmt::format("{}{}: {}", where, ops::Describe(op), msg), ExitCode::kUserError);
}
}  // namespace

Status RenderOne(const Dialect& d, const ops::Op& resolved, const schema::Schema& state, std::vector<Statement>& out) {
  ScopedRenderVersion version(d.render_version());
  try {
    for (auto& s : d.Render(resolved, state)) out.push_back(std::move(s));
  } catch (const RenderError& e) {
    return OpFailure(resolved, e.what());
  }
  return Status::Ok();
}

Expected<std::vector<Statement>> RenderAll(const Dialect& d, std::vector<ops::Op> ops,
                                           schema::Schema state) {
  std::vector<Statement> out;
  for (auto& op : ops) {
    if (std::string err = ops::Resolve(op, state); !err.empty()) return OpFailure(op, err);
    if (Status st = RenderOne(d, op, state, out); !st.ok()) return st.error();
    if (std::string err = ops::Apply(op, state); !err.empty()) return OpFailure(op, err);
  }
  return out;
}

}  // namespace alab::dialect
