// RenderAll: the entry point to SQL rendering.
#include "dialect/dialect.h"

#include <fmt/format.h>


namespace alab::dialect {

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

Status OpRenderer::Add(const ops::Op& resolved, const schema::Schema& before) {
  std::string key;
  {
    ScopedRenderVersion version(d_.render_version());
    if (fold_) key = d_.FoldKey(resolved, before);
  }
  if (!run_.empty() && (key.empty() || key != key_)) {
    if (Status st = Flush(); !st.ok()) return st;
  }
  if (key.empty()) return RenderOne(d_, resolved, before, out_);
  if (run_.empty()) {
    key_ = key;
    run_before_ = schema::Schema{};
    if (const schema::Table* t = before.Find(key)) run_before_.tables.push_back(*t);
  }
  // Tables the run's foreign keys reference (the run changes only its own table).
  if (const auto* fk = std::get_if<ops::AddForeignKey>(&resolved)) {
    const schema::Table* parent = before.Find(fk->fk.ref_table);
    if (parent != nullptr && run_before_.Find(parent->Ref()) == nullptr) run_before_.tables.push_back(*parent);
  }
  run_.push_back(resolved);
  return Status::Ok();
}

Status OpRenderer::Flush() {
  if (run_.empty()) return Status::Ok();
  std::vector<ops::Op> run = std::move(run_);
  run_.clear();
  if (run.size() == 1) return RenderOne(d_, run.front(), run_before_, out_);
  ScopedRenderVersion version(d_.render_version());
  try {
    for (auto& s : d_.RenderFolded(run, run_before_)) out_.push_back(std::move(s));
  } catch (const RenderError& e) {
    return OpFailure(run.front(), e.what());
  }
  return Status::Ok();
}

Expected<std::vector<Statement>> RenderAll(const Dialect& d, std::vector<ops::Op> ops,
                                           schema::Schema state, bool fold) {
  std::vector<Statement> out;
  OpRenderer renderer(d, out, fold);
  for (auto& op : ops) {
    if (std::string err = ops::Resolve(op, state); !err.empty()) return OpFailure(op, err);
    if (Status st = renderer.Add(op, state); !st.ok()) return st.error();
    if (std::string err = ops::Apply(op, state); !err.empty()) return OpFailure(op, err);
  }
  if (Status st = renderer.Flush(); !st.ok()) return st.error();
  return out;
}

}  // namespace alab::dialect
