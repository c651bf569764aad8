// Apply: replays one resolved operation onto the IR, with errors a user can act on.
#include <algorithm>

#include <fmt/format.h>

#include "ops/ops.h"

namespace alab::ops {
namespace {

Error NoTable(const std::string& ref) {
  return InvalidOp(fmt::format("table '{}' does not exist", ref));
}
Error NoColumn(const std::string& col, const schema::Table& t) {
  return InvalidOp(fmt::format("column '{}' does not exist in {}", col, t.Ref()));
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Same table reference, however it is spelled ("auth.user" or "auth_user").
bool SameRef(const std::string& a, const std::string& b) {
  return a == b || schema::SqlNameOfRef(a) == schema::SqlNameOfRef(b);
}

Status MissingColumns(const std::vector<std::string>& cols, const schema::Table& t) {
  for (const auto& c : cols)
    if (!t.FindColumn(c)) return NoColumn(c, t);
  return Status::Ok();
}

struct Applier {
  schema::Schema& s;

  // Tables stay sorted by Ref() (schema::Canonicalize's order) without re-sorting columns.
  void InsertSorted(schema::Table t) {
    auto pos = std::upper_bound(
        s.tables.begin(), s.tables.end(), t.Ref(),
        [](const std::string& ref, const schema::Table& x) { return ref < x.Ref(); });
    s.tables.insert(pos, std::move(t));
  }
  void SortTables() {
    std::stable_sort(
        s.tables.begin(), s.tables.end(),
        [](const schema::Table& a, const schema::Table& b) { return a.Ref() < b.Ref(); });
  }

  Status operator()(const CreateTable& o) {
    // Compared field by field: no string is built per table, so replaying thousands of
    // create_table calls stays fast (and a state that is not sorted is still checked).
    std::string sql_name = o.table.SqlName();
    for (const auto& t : s.tables)
      if ((t.ns == o.table.ns && t.name == o.table.name) ||
          (t.ns.size() + t.name.size() + (t.ns.empty() ? 0 : 1) == sql_name.size() &&
           t.SqlName() == sql_name))
        return InvalidOp(fmt::format("table '{}' already exists", o.table.Ref()));
    schema::Table t = o.table;
    for (auto& c : t.columns) c.backfill.reset();
    schema::Canonicalize(t);
    InsertSorted(std::move(t));
    return Status::Ok();
  }
  Status operator()(const DropTable& o) {
    // The table however it is spelled (as SameRef), found without building a string per table.
    const schema::Table* t = s.Find(o.table.Ref());
    if (!t) t = s.Find(o.table.SqlName());
    if (!t) return NoTable(o.table.Ref());
    s.tables.erase(s.tables.begin() + (t - s.tables.data()));
    return Status::Ok();
  }
  Status operator()(const RenameTable& o) {
    schema::Table* t = s.Find(o.from);
    if (!t) return NoTable(o.from);
    if (s.Find(o.to)) return InvalidOp(fmt::format("table '{}' already exists", o.to));
    std::string old_ref = t->Ref();
    auto [ns, name] = schema::SplitRef(o.to);
    t->ns = ns;
    t->name = name;
    std::string new_ref = t->Ref();
    for (auto& other : s.tables)
      for (auto& fk : other.foreign_keys)
        if (SameRef(fk.ref_table, old_ref)) fk.ref_table = new_ref;
    SortTables();
    return Status::Ok();
  }
  Status operator()(const AddColumn& o) {
    schema::Table* t = s.Find(o.table);
    if (!t) return NoTable(o.table);
    if (t->FindColumn(o.column.name))
      return InvalidOp(fmt::format("column '{}' already exists in {}", o.column.name, t->Ref()));
    schema::Column c = o.column;
    c.backfill.reset();
    c.position = 1;  // the database adds a column last
    for (const auto& prev : t->columns) c.position = std::max(c.position, prev.position + 1);
    // A key column goes to its place in the key (last without one): every key column is
    // placed, then the places are normalized (none when that is column order).
    std::vector<std::string> key = t->PrimaryKey();
    if (c.primary_key) {
      size_t at =
          c.key_position > 0 ? std::min<size_t>(c.key_position - 1, key.size()) : key.size();
      key.insert(key.begin() + static_cast<std::ptrdiff_t>(at), c.name);
    }
    const bool keyed = c.primary_key;
    t->columns.push_back(std::move(c));
    if (keyed) {
      for (size_t k = 0; k < key.size(); ++k)
        t->FindColumn(key[k])->key_position = static_cast<int>(k) + 1;
      schema::NormalizeKeyPlaces(*t);
    }
    schema::Canonicalize(*t);
    return Status::Ok();
  }
  Status operator()(const DropColumn& o) {
    schema::Table* t = s.Find(o.table);
    if (!t) return NoTable(o.table);
    auto it = std::find_if(t->columns.begin(), t->columns.end(),
                           [&](const schema::Column& c) { return c.name == o.column.name; });
    if (it == t->columns.end()) return NoColumn(o.column.name, *t);
    t->columns.erase(it);
    // The database drops indexes and foreign keys that use the column along with it.
    std::erase_if(t->indexes,
                  [&](const schema::Index& i) { return Contains(i.columns, o.column.name); });
    std::erase_if(t->foreign_keys, [&](const schema::ForeignKey& fk) {
      return Contains(fk.columns, o.column.name);
    });
    // The key's other columns keep their order, numbered anew (add_column puts the column back
    // at the place it carries).
    schema::NormalizeKeyPlaces(*t);
    return Status::Ok();
  }
  Status operator()(const RenameColumn& o) {
    schema::Table* t = s.Find(o.table);
    if (!t) return NoTable(o.table);
    schema::Column* c = t->FindColumn(o.from);
    if (!c) return NoColumn(o.from, *t);
    if (t->FindColumn(o.to))
      return InvalidOp(fmt::format("column '{}' already exists in {}", o.to, t->Ref()));
    c->name = o.to;
    auto rename = [&](std::vector<std::string>& cols) {
      for (auto& n : cols)
        if (n == o.from) n = o.to;
    };
    for (auto& i : t->indexes) rename(i.columns);
    for (auto& fk : t->foreign_keys) rename(fk.columns);
    std::string ref = t->Ref();
    for (auto& other : s.tables)
      for (auto& fk : other.foreign_keys)
        if (SameRef(fk.ref_table, ref)) rename(fk.ref_columns);
    schema::Canonicalize(*t);
    return Status::Ok();
  }
  Status operator()(const AlterColumn& o) {
    schema::Table* t = s.Find(o.table);
    if (!t) return NoTable(o.table);
    schema::Column* c = t->FindColumn(o.from.name);
    if (!c) return NoColumn(o.from.name, *t);
    if (o.to.name != o.from.name)
      return InvalidOp(fmt::format("alter column cannot rename '{}' to '{}' (use rename_column)",
                                   o.from.name, o.to.name));
    const int position = c->position;  // a column keeps its place when it changes
    // ... and its place in the key unless the change sets it (set_key_place): the places of
    // a key's new order are set one column at a time, so none is normalized here.
    const int key_position = c->key_position;
    *c = o.to;
    c->position = position;
    if (o.from.key_position == o.to.key_position) c->key_position = key_position;
    c->backfill.reset();
    return Status::Ok();
  }
  Status operator()(const CreateIndex& o) {
    schema::Table* t = s.Find(o.table);
    if (!t) return NoTable(o.table);
    for (const auto& other : s.tables)
      for (const auto& i : other.indexes)
        if (i.name == o.index.name)
          return InvalidOp(fmt::format("index '{}' already exists on {}", i.name, other.Ref()));
    if (Status e = MissingColumns(o.index.columns, *t); !e.ok()) return e;
    t->indexes.push_back(o.index);
    schema::Canonicalize(*t);
    return Status::Ok();
  }
  Status operator()(const DropIndex& o) {
    schema::Table* t = s.Find(o.table);
    if (!t)
      return o.table.empty() ? InvalidOp(fmt::format("index '{}' does not exist", o.index.name))
                             : NoTable(o.table);
    auto n =
        std::erase_if(t->indexes, [&](const schema::Index& i) { return i.name == o.index.name; });
    if (n == 0)
      return InvalidOp(fmt::format("index '{}' does not exist on {}", o.index.name, t->Ref()));
    return Status::Ok();
  }
  Status operator()(const AddForeignKey& o) {
    schema::Table* t = s.Find(o.table);
    if (!t) return NoTable(o.table);
    for (const auto& fk : t->foreign_keys)
      if (fk.name == o.fk.name)
        return InvalidOp(fmt::format("foreign key '{}' already exists on {}", fk.name, t->Ref()));
    if (Status e = MissingColumns(o.fk.columns, *t); !e.ok()) return e;
    const schema::Table* ref = s.Find(o.fk.ref_table);
    if (!ref) return NoTable(o.fk.ref_table);
    if (Status e = MissingColumns(o.fk.ref_columns, *ref); !e.ok()) return e;
    t->foreign_keys.push_back(o.fk);
    schema::Canonicalize(*t);
    return Status::Ok();
  }
  Status operator()(const DropForeignKey& o) {
    schema::Table* t = s.Find(o.table);
    if (!t) return NoTable(o.table);
    auto n = std::erase_if(t->foreign_keys,
                           [&](const schema::ForeignKey& fk) { return fk.name == o.fk.name; });
    if (n == 0)
      return InvalidOp(fmt::format("foreign key '{}' does not exist on {}", o.fk.name, t->Ref()));
    return Status::Ok();
  }
  Status operator()(const AddCheck& o) {
    schema::Table* t = s.Find(o.table);
    if (!t) return NoTable(o.table);
    for (const auto& c : t->checks)
      if (c.name == o.check.name)
        return InvalidOp(fmt::format("check '{}' already exists on {}", c.name, t->Ref()));
    t->checks.push_back(o.check);
    schema::Canonicalize(*t);
    return Status::Ok();
  }
  Status operator()(const DropCheck& o) {
    schema::Table* t = s.Find(o.table);
    if (!t) return NoTable(o.table);
    auto n =
        std::erase_if(t->checks, [&](const schema::Check& c) { return c.name == o.check.name; });
    if (n == 0)
      return InvalidOp(fmt::format("check '{}' does not exist on {}", o.check.name, t->Ref()));
    return Status::Ok();
  }
  Status operator()(const RawSql&) { return Status::Ok(); }
};

}  // namespace

Status Apply(const Op& op, schema::Schema& state) { return std::visit(Applier{state}, op); }

}  // namespace alab::ops
