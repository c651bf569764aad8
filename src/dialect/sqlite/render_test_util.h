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
  post.indexes = {schema::Index{"idx_blog_post_status", {"status"}, false, "", {}, false, {}}};
  post.foreign_keys = {schema::ForeignKey{"fk_blog_post_author_id",
                                          {"author_id"},
                                          "auth.user",
                                          {"id"},
                                          schema::FkAction::kCascade,
                                          schema::FkAction::kNoAction,
                                          {},
                                          {}}};
  post.checks = {schema::Check{"title_not_empty", "length(\"title\") > 0", {}}};
  schema::Schema s;
  s.tables = {user, post};
  schema::Canonicalize(s);
  return s;
}

inline const schema::Column& ColumnOf(const schema::Schema& s, const std::string& table,
                                      const std::string& col) {
  return *s.Find(table)->FindColumn(col);
}

// AlterColumn of blog.post.<col> from its BlogSchema() state to `to` (name kept).
inline ops::AlterColumn AlterPost(const std::string& col, schema::Column to) {
  schema::Column from = ColumnOf(BlogSchema(), "blog.post", col);
  to.name = col;
  return ops::AlterColumn{"blog.post", from, to, std::nullopt, {}};
}

// lab.every: one column of every type, defaults of every kind, computed columns, a
// partial unique index, an FK to auth.user and a table check.
inline schema::Table EveryTypeTable() {
  schema::Table t;
  t.ns = "lab";
  t.name = "every";
  schema::Column created = Col("created_at", schema::Type::kDatetime);
  created.default_value =
      schema::Value::Sql({{"postgres", "now()"}, {"sqlite", "CURRENT_TIMESTAMP"}});
  schema::Column score = Col("score", schema::Type::kFloat);
  score.default_value = schema::Value::Number("1.5");
  schema::Column flag = Col("flag", schema::Type::kBoolean);
  flag.default_value = schema::Value::Bool(false);
  schema::Column doc = Col("doc", schema::Type::kJson);
  doc.default_value = schema::Value::Json("{\"a\":[1,2]}");
  schema::Column kind = Enum("kind", {"a", "b'c"});
  kind.default_value = schema::Value::String("a");
  schema::Column qty = Col("qty", schema::Type::kInteger);
  qty.default_value = schema::Value::Number("-3");
  qty.check = "\"qty\" >= -10";
  schema::Column code = Str("code", 12);
  code.unique = true;
  schema::Column full = Col("full_label", schema::Type::kText, true);
  full.computed = schema::Computed{
      schema::Expr{schema::Fn::kConcat,
                   "",
                   std::nullopt,
                   {schema::Expr{schema::Fn::kUpper,
                                 "",
                                 std::nullopt,
                                 {schema::Expr{schema::Fn::kCol, "code", std::nullopt, {}}}},
                    schema::Expr{schema::Fn::kLit, "", schema::Value::String("-"), {}},
                    schema::Expr{schema::Fn::kCol, "note", std::nullopt, {}}}},
      true};
  schema::Column half = Col("half", schema::Type::kFloat, true);
  half.computed = schema::Computed{
      schema::Expr{
          schema::Fn::kRound,
          "",
          std::nullopt,
          {schema::Expr{schema::Fn::kDiv,
                        "",
                        std::nullopt,
                        {schema::Expr{schema::Fn::kCol, "score", std::nullopt, {}},
                         schema::Expr{schema::Fn::kLit, "", schema::Value::Number("2"), {}}}},
           schema::Expr{schema::Fn::kLit, "", schema::Value::Number("1"), {}}}},
      false};
  t.columns = {IdCol(),
               Col("blob", schema::Type::kBase64, true),
               code,
               Col("day", schema::Type::kDate, true),
               Dec("amount", 10, 2),
               doc,
               flag,
               full,
               half,
               kind,
               Col("note", schema::Type::kText, true),
               qty,
               score,
               Col("at", schema::Type::kTime, true),
               Col("ref", schema::Type::kUuid, true),
               created};
  t.indexes = {
      schema::Index{"idx_lab_every_kind_day", {"kind", "day"}, false, "", {}, false, {}},
      schema::Index{"uniq_lab_every_ref", {"ref"}, true, "\"ref\" IS NOT NULL", {}, false, {}}};
  t.foreign_keys = {schema::ForeignKey{"fk_lab_every_ref",
                                       {"ref"},
                                       "auth.user",
                                       {"id"},
                                       schema::FkAction::kSetNull,
                                       schema::FkAction::kCascade,
                                       {},
                                       {}}};
  t.checks = {schema::Check{"amount_positive", "\"amount\" > 0", {}}};
  schema::Canonicalize(t);
  return t;
}

}  // namespace alab::dialect::testing
