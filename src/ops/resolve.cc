// Resolve: fills the before-state of operations read from migration files (which only
// name what they drop or change) from the schema state they apply to.
#include <fmt/format.h>

#include "ops/ops.h"
#include "schema/validate.h"

namespace alab::ops {
namespace {

Error NoTable(const std::string& ref) {
  return InvalidOp(fmt::format("table '{}' does not exist", ref));
}

// Applies a partial change to a column.
schema::Column ApplyChange(const schema::Column& from, const ColumnChange& ch) {
  schema::Column to = from;
  if (ch.type) schema::CopyType(*ch.type, to);
  if (ch.nullable) to.nullable = *ch.nullable;
  if (ch.drop_default) to.default_value.reset();
  if (ch.set_default) to.default_value = *ch.set_default;
  if (ch.check) to.check = *ch.check;
  if (ch.unique) to.unique = *ch.unique;
  if (ch.key_position) to.key_position = *ch.key_position;
  if (ch.backfill) to.backfill = *ch.backfill;
  return to;
}

struct Resolver {
  const schema::Schema& state;

  Status Exists(const std::string& ref) const {
    if (state.Find(ref) == nullptr) return NoTable(ref);
    return Status::Ok();
  }

  Status operator()(DropTable& o) const {
    const schema::Table* t = state.Find(o.table.Ref());
    if (!t) return NoTable(o.table.Ref());
    auto loc = o.table.loc;
    o.table = *t;
    if (loc.known()) o.table.loc = loc;
    return Status::Ok();
  }
  Status operator()(DropColumn& o) const {
    const schema::Table* t = state.Find(o.table);
    if (!t) return NoTable(o.table);
    const schema::Column* c = t->FindColumn(o.column.name);
    if (!c)
      return InvalidOp(fmt::format("column '{}' does not exist in {}", o.column.name, t->Ref()));
    o.column = *c;
    if (c->primary_key) o.column.key_position = schema::KeyPlaceOf(*t, c->name);
    return Status::Ok();
  }
  Status operator()(AlterColumn& o) const {
    if (!o.change) return Exists(o.table);
    const schema::Table* t = state.Find(o.table);
    if (!t) return NoTable(o.table);
    std::string name = o.from.name.empty() ? o.to.name : o.from.name;
    const schema::Column* c = t->FindColumn(name);
    if (!c) return InvalidOp(fmt::format("column '{}' does not exist in {}", name, t->Ref()));
    o.from = *c;
    o.to = ApplyChange(*c, *o.change);
    if (o.change->backfill) {
      std::string p = schema::ValueFitProblem(o.to, *o.change->backfill);
      if (!p.empty()) return InvalidOp(fmt::format("backfill() of {}.{}: {}", t->Ref(), name, p));
    }
    return Status::Ok();
  }
  Status operator()(DropIndex& o) const {
    if (o.table.empty()) {
      for (const auto& t : state.tables)
        for (const auto& i : t.indexes)
          if (i.name == o.index.name) {
            o.table = t.Ref();
            o.index = i;
            return Status::Ok();
          }
      return InvalidOp(fmt::format("index '{}' does not exist", o.index.name));
    }
    const schema::Table* t = state.Find(o.table);
    if (!t) return NoTable(o.table);
    for (const auto& i : t->indexes)
      if (i.name == o.index.name) {
        o.index = i;
        return Status::Ok();
      }
    return InvalidOp(fmt::format("index '{}' does not exist on {}", o.index.name, t->Ref()));
  }
  Status operator()(DropForeignKey& o) const {
    const schema::Table* t = state.Find(o.table);
    if (!t) return NoTable(o.table);
    for (const auto& fk : t->foreign_keys) {
      bool match = o.fk.name.empty() ? (!o.fk.columns.empty() && fk.columns == o.fk.columns)
                                     : fk.name == o.fk.name;
      if (match) {
        o.fk = fk;
        return Status::Ok();
      }
    }
    std::string what = o.fk.name.empty()
                           ? "(" + fmt::format("{}", fmt::join(o.fk.columns, ", ")) + ")"
                           : "'" + o.fk.name + "'";
    return InvalidOp(fmt::format("foreign key {} does not exist on {}", what, t->Ref()));
  }
  Status operator()(DropCheck& o) const {
    const schema::Table* t = state.Find(o.table);
    if (!t) return NoTable(o.table);
    for (const auto& c : t->checks)
      if (c.name == o.check.name) {
        o.check = c;
        return Status::Ok();
      }
    return InvalidOp(fmt::format("check '{}' does not exist on {}", o.check.name, t->Ref()));
  }
  // These carry their whole state as written: nothing to fill in, but the table they change
  // must exist (the renderers look it up).
  Status operator()(CreateTable&) const { return Status::Ok(); }
  Status operator()(RenameTable& o) const { return Exists(o.from); }
  Status operator()(AddColumn& o) const { return Exists(o.table); }
  Status operator()(RenameColumn& o) const { return Exists(o.table); }
  Status operator()(CreateIndex& o) const { return Exists(o.table); }
  Status operator()(AddForeignKey& o) const { return Exists(o.table); }
  Status operator()(AddCheck& o) const { return Exists(o.table); }
  Status operator()(RawSql&) const { return Status::Ok(); }
};

}  // namespace

Status Resolve(Op& op, const schema::Schema& state) { return std::visit(Resolver{state}, op); }

}  // namespace alab::ops
