#pragma once
// Test fixtures shared by the render golden tests and the execution tests of both
// dialects: a small blog schema and column builders.
#include <string>
#include <vector>

#include "ops/ops.h"
#include "schema/ir.h"

namespace alab::dialect::testing {

inline schema::Column Col(const std::string& name, schema::Type type, bool nullable = false) {
  schema::Column c;
  c.name = name;
  c.type = type;
  c.nullable = nullable;
  return c;
}

inline schema::Column Str(const std::string& name, int length, bool nullable = false) {
  schema::Column c = Col(name, schema::Type::kString, nullable);
  c.length = length;
  return c;
}

inline schema::Column Enum(const std::string& name, std::vector<std::string> values) {
  schema::Column c = Col(name, schema::Type::kEnum);
  c.enum_values = std::move(values);
  return c;
}

inline schema::Column Dec(const std::string& name, int precision, int scale) {
  schema::Column c = Col(name, schema::Type::kDecimal);
  c.precision = precision;
  c.scale = scale;
  return c;
}

inline schema::Column IdCol() {
  schema::Column c = Col("id", schema::Type::kUuid);
  c.primary_key = true;
  return c;
}

// auth.user(id, email unique, active boolean default true, nickname?) and
// blog.post(id, author_id -> auth.user cascade, title string(200), status enum default
// 'draft', rating integer?, meta json?; index on status; check title_not_empty).
inline schema::Schema BlogSchema() {
  schema::Table user;
  user.ns = "auth";
  user.name = "user";
  schema::Column email = Str("email", 255);
  email.unique = true;
  schema::Column active = Col("active", schema::Type::kBoolean);
  active.default_value = schema::Value::Bool(true);
  user.columns = {IdCol(), active, email, Col("nickname", schema::Type::kText, true)};

  schema::Table post;
  post.ns = "blog";
  post.name = "post";
  schema::Column status = Enum("status", {"draft", "published"});
  status.default_value = schema::Value::String("draft");
  post.columns = {IdCol(),
                  Col("author_id", schema::Type::kUuid),
                  Col("meta", schema::Type::kJson, true),
                  Col("rating", schema::Type::kInteger, true),
                  status,
                  Str("title", 200)};
  post.indexes = {schema::Index{"idx_blog_post_status", {"status"}, false, "", {}}};
  post.foreign_keys = {schema::ForeignKey{"fk_blog_post_author_id", {"author_id"}, "auth.user", {"id"},
                                          schema::FkAction::kCascade, schema::FkAction::kNoAction, {}}};
  post.checks = {schema::Check{"title_not_empty", "length(\"title\") > 0", {}}};
  schema::Schema s;
  s.tables = {user, post};
  schema::Canonicalize(s);
  return s;
}

inline const schema::Column& ColumnOf(const schema::Schema& s, const std::string& table, const std::string& col) {
  return *s.Find(table)->FindColumn(col);
}

// AlterColumn of blog.post.<col> from its BlogSchema() state to `to` (name kept).
inline ops::AlterColumn AlterPost(const std::string& col, schema::Column to) {
  schema::Column from = ColumnOf(BlogSchema(), "blog.post", col);
  to.name = col;
  return ops::AlterColumn{"blog.post", from, to, std::nullopt, {}};
}

}  // namespace alab::dialect::testing
