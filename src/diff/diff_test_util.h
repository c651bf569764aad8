#pragma once
// Small builders of schema IR values for the diff and codegen tests.
#include <string>
#include <utility>
#include <vector>

#include "ops/ops.h"
#include "schema/ir.h"

namespace alab::diff::testing {

inline schema::Column Col(std::string name, schema::Type type) {
  schema::Column c;
  c.name = std::move(name);
  c.type = type;
  return c;
}
inline schema::Column Str(std::string name, int length) {
  schema::Column c = Col(std::move(name), schema::Type::kString);
  c.length = length;
  return c;
}
inline schema::Column Id() {
  schema::Column c = Col("id", schema::Type::kUuid);
  c.primary_key = true;
  return c;
}
inline schema::Column Optional(schema::Column c) {
  c.nullable = true;
  return c;
}
inline schema::Column Unique(schema::Column c) {
  c.unique = true;
  return c;
}
inline schema::Column WithDefault(schema::Column c, schema::Value v) {
  c.default_value = std::move(v);
  return c;
}

inline schema::Table Tab(std::string ns, std::string name, std::vector<schema::Column> cols) {
  schema::Table t;
  t.ns = std::move(ns);
  t.name = std::move(name);
  t.columns = std::move(cols);
  schema::Canonicalize(t);
  return t;
}

// Adds an index with the default name.
inline schema::Table& AddIndex(schema::Table& t, std::vector<std::string> cols, bool unique = false,
                               std::string where = "") {
  schema::Index i;
  i.name = schema::IndexName(t.SqlName(), cols, unique);
  i.columns = std::move(cols);
  i.unique = unique;
  i.where = std::move(where);
  t.indexes.push_back(std::move(i));
  schema::Canonicalize(t);
  return t;
}

// Adds a <col> uuid column with a default-named FK to ref's id (what belongs_to makes).
inline schema::Table& AddBelongsTo(schema::Table& t, const std::string& col, const std::string& ref,
                                   schema::FkAction on_delete = schema::FkAction::kNoAction,
                                   bool nullable = false) {
  schema::Column c = Col(col, schema::Type::kUuid);
  c.nullable = nullable;
  t.columns.push_back(c);
  schema::ForeignKey fk;
  fk.name = schema::ForeignKeyName(t.SqlName(), {col});
  fk.columns = {col};
  fk.ref_table = ref;
  fk.ref_columns = {"id"};
  fk.on_delete = on_delete;
  t.foreign_keys.push_back(fk);
  schema::Canonicalize(t);
  return t;
}

inline schema::Schema Sch(std::vector<schema::Table> tables) {
  schema::Schema s;
  s.tables = std::move(tables);
  schema::Canonicalize(s);
  return s;
}

// A small realistic schema: auth.user, auth.role, their junction, blog.post.
inline schema::Schema Blog() {
  schema::Table user =
      Tab("auth", "user",
          {Id(), Unique(Str("email", 255)),
           WithDefault(Col("is_active", schema::Type::kBoolean), schema::Value::Bool(true)),
           Str("password", 255), Unique(Str("username", 50))});
  schema::Table role = Tab("auth", "role", {Id(), Unique(Str("name", 100))});
  schema::Table junction = Tab("auth", "role_user", {});
  junction.junction = true;
  AddBelongsTo(junction, "role_id", "auth.role", schema::FkAction::kCascade);
  AddBelongsTo(junction, "user_id", "auth.user", schema::FkAction::kCascade);
  AddIndex(junction, {"role_id"});
  AddIndex(junction, {"user_id"});
  AddIndex(junction, {"role_id", "user_id"}, true);
  schema::Table post =
      Tab("blog", "post", {Id(), Col("body", schema::Type::kText), Str("title", 200)});
  schema::Column status = Col("status", schema::Type::kEnum);
  status.enum_values = {"draft", "published"};
  status.default_value = schema::Value::String("draft");
  post.columns.push_back(status);
  AddBelongsTo(post, "author_id", "auth.user");
  AddIndex(post, {"author_id"});
  return Sch({user, role, junction, post});
}

inline std::vector<std::string> Describe(const std::vector<ops::Op>& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) out.push_back(ops::Describe(op));
  return out;
}

// Applies `ops` to `state`; returns the first error ("" = all applied).
inline std::string Replay(const std::vector<ops::Op>& ops, schema::Schema& state) {
  for (const auto& op : ops) {
    if (Status st = ops::Apply(op, state); !st.ok())
      return ops::Describe(op) + ": " + st.error().message;
  }
  schema::Canonicalize(state);
  return "";
}

}  // namespace alab::diff::testing
