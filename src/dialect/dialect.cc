// RenderAll: the entry point to SQL rendering.
#include "dialect/dialect.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "schema/dsl_names.h"

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

// The sql() value `v` of column `column` has a text for the dialect reading `key`.
Status HasSqlText(const schema::Value& v, const std::string& key, const std::string& column) {
  if (v.kind != schema::Value::Kind::kSql || !v.SqlText(key).empty()) return Status::Ok();
  return MakeError(fmt::format("column '{}': the sql() value has no {} expression", column,
                               schema::SqlTextKeyLabel(key)),
                   ExitCode::kUserError);
}

Status ExprHasSqlTexts(const schema::Expr& e, const std::string& key, const std::string& column) {
  if (e.literal)
    if (Status st = HasSqlText(*e.literal, key, column); !st.ok()) return st;
  for (const auto& a : e.args)
    if (Status st = ExprHasSqlTexts(a, key, column); !st.ok()) return st;
  return Status::Ok();
}

// The columns an operation writes into the database as it is (their defaults, backfills and
// computed expressions are rendered); empty for operations that name only existing ones.
std::vector<const schema::Column*> ColumnsOf(const ops::Op& op) {
  std::vector<const schema::Column*> out;
  if (const auto* o = std::get_if<ops::CreateTable>(&op))
    for (const auto& c : o->table.columns) out.push_back(&c);
  if (const auto* o = std::get_if<ops::AddColumn>(&op)) out.push_back(&o->column);
  // Both sides of a change: renderers compare (SQLite) or read (PostgreSQL's default change)
  // the column as it was.
  if (const auto* o = std::get_if<ops::AlterColumn>(&op)) {
    out.push_back(&o->from);
    out.push_back(&o->to);
  }
  return out;
}
}  // namespace

Status Dialect::CheckSqlTexts(const schema::Column& c) const {
  const std::string key = sql_key();
  if (c.type == schema::Type::kNative && !c.native.count(key))
    return MakeError(
        fmt::format(
            "column '{}': col.native() gives no {} type (it gives {}); add {}: \"...\" "
            "to its texts",
            c.name, schema::SqlTextKeyLabel(key),
            [&] {
              std::string keys;
              for (const auto& [k, text] : c.native) keys += (keys.empty() ? "" : ", ") + k;
              return keys;
            }(),
            key),
        ExitCode::kUserError);
  if (c.type == schema::Type::kNative && Trim(c.native.at(key)).empty() &&
      !capabilities().typeless_columns)
    return MakeError(
        fmt::format("column '{}': col.native() gives an empty {} type; {} columns "
                    "need one",
                    c.name, schema::SqlTextKeyLabel(key), schema::SqlTextKeyLabel(key)),
        ExitCode::kUserError);
  if (c.default_value)
    if (Status st = HasSqlText(*c.default_value, key, c.name); !st.ok()) return st;
  if (c.backfill)
    if (Status st = HasSqlText(*c.backfill, key, c.name); !st.ok()) return st;
  if (c.computed) return ExprHasSqlTexts(c.computed->expr, key, c.name);
  return Status::Ok();
}

Status Dialect::CheckRenderable(const ops::Op& op, const schema::Schema& before) const {
  (void)before;
  for (const schema::Column* c : ColumnsOf(op))
    if (Status st = CheckSqlTexts(*c); !st.ok()) return st;
  std::vector<const schema::Index*> indexes;
  if (const auto* o = std::get_if<ops::CreateIndex>(&op)) indexes.push_back(&o->index);
  if (const auto* o = std::get_if<ops::CreateTable>(&op))
    for (const auto& i : o->table.indexes) indexes.push_back(&i);
  for (const schema::Index* i : indexes)
    if (!i->native.empty() && !i->native.count(sql_key()))
      return MakeError(fmt::format("index '{}' is defined only for {}; give its {} definition "
                                   "too (native: {{ {}: \"...\" }})",
                                   i->name,
                                   Join(
                                       [&] {
                                         std::vector<std::string> keys;
                                         for (const auto& [k, text] : i->native) keys.push_back(k);
                                         return keys;
                                       }(),
                                       ", "),
                                   schema::SqlTextKeyLabel(sql_key()), sql_key()),
                       ExitCode::kUserError);
  return Status::Ok();
}

std::string Dialect::FoldKey(const ops::Op& op, const schema::Schema& before) const {
  ScopedRenderVersion version(render_version());
  if (!CheckRenderable(op, before).ok()) return "";
  return FoldKeyChecked(op, before);
}

Expected<std::vector<Statement>> Dialect::Render(const ops::Op& op,
                                                 const schema::Schema& before) const {
  ScopedRenderVersion version(render_version());
  if (Status st = CheckRenderable(op, before); !st.ok()) return st.error();
  return RenderChecked(op, before);
}

Expected<std::vector<Statement>> Dialect::RenderFolded(const std::vector<ops::Op>& run,
                                                       const schema::Schema& before) const {
  ScopedRenderVersion version(render_version());
  // Each operation against the run's table as it was before the first: the first one's check
  // covers the whole table (a rebuild writes every column), the later ones their own columns.
  for (const auto& op : run)
    if (Status st = CheckRenderable(op, before); !st.ok()) return st.error();
  return RenderFoldedChecked(run, before);
}

Expected<std::vector<std::string>> Dialect::CreateTableSql(const schema::Table& table) const {
  for (const auto& c : table.columns)
    if (Status st = CheckSqlTexts(c); !st.ok()) return st.error();
  ScopedRenderVersion version(render_version());
  return CreateTableChecked(table);
}

Status RenderOne(const Dialect& d, const ops::Op& resolved, const schema::Schema& state,
                 std::vector<Statement>& out) {
  auto rendered = d.Render(resolved, state);
  if (!rendered) return OpFailure(resolved, rendered.error().message);
  for (auto& s : *rendered) out.push_back(std::move(s));
  return Status::Ok();
}

Status OpRenderer::Add(const ops::Op& resolved, const schema::Schema& before) {
  const std::string key = fold_ ? d_.FoldKey(resolved, before) : "";
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
    if (parent != nullptr && run_before_.Find(parent->Ref()) == nullptr)
      run_before_.tables.push_back(*parent);
  }
  run_.push_back(resolved);
  return Status::Ok();
}

Status OpRenderer::Flush() {
  if (run_.empty()) return Status::Ok();
  std::vector<ops::Op> run = std::move(run_);
  run_.clear();
  if (run.size() == 1) return RenderOne(d_, run.front(), run_before_, out_);
  auto rendered = d_.RenderFolded(run, run_before_);
  if (!rendered) return OpFailure(run.front(), rendered.error().message);
  for (auto& s : *rendered) out_.push_back(std::move(s));
  return Status::Ok();
}

Status RenderInto(const Dialect& d, std::vector<ops::Op> ops, schema::Schema state,
                  std::vector<Statement>& out, std::vector<ops::Op>* resolved, bool fold) {
  OpRenderer renderer(d, out, fold);
  for (auto& op : ops) {
    if (Status st = ops::Resolve(op, state); !st.ok()) return OpFailure(op, st.error().message);
    if (Status st = renderer.Add(op, state); !st.ok()) return st;
    if (Status st = ops::Apply(op, state); !st.ok()) return OpFailure(op, st.error().message);
    if (resolved != nullptr) resolved->push_back(op);
  }
  return renderer.Flush();
}

Expected<std::vector<Statement>> RenderAll(const Dialect& d, std::vector<ops::Op> ops,
                                           schema::Schema state, bool fold) {
  std::vector<Statement> out;
  if (Status st = RenderInto(d, std::move(ops), std::move(state), out, nullptr, fold); !st.ok())
    return st.error();
  return out;
}

}  // namespace alab::dialect
