#include "codegen/js_text.h"

#include <gtest/gtest.h>

namespace alab::codegen {
namespace {

TEST(JsText, StringsUseDoubleQuotesUnlessTheyHoldMoreOfThem) {
  EXPECT_EQ(JsString("plain"), "\"plain\"");
  EXPECT_EQ(JsString("it's"), "\"it's\"");
  EXPECT_EQ(JsString("say \"hi\""), "'say \"hi\"'");
  EXPECT_EQ(JsString("a\\b\nc\t\x01"), "\"a\\\\b\\nc\\t\\u0001\"");
  EXPECT_EQ(JsString("ünï"), "\"ünï\"");
  EXPECT_EQ(JsString("\"'\""), "'\"\\'\"'");
}

TEST(JsText, Values) {
  EXPECT_EQ(JsValue(schema::Value::String("draft")), "\"draft\"");
  EXPECT_EQ(JsValue(schema::Value::Number("1.5")), "1.5");
  EXPECT_EQ(JsValue(schema::Value::Bool(false)), "false");
  EXPECT_EQ(JsValue(schema::Value{}), "null");
  EXPECT_EQ(JsValue(schema::Value::Json("{\"a\":[1,\"x\"],\"b-c\":{}}")),
            "{ a: [1, \"x\"], \"b-c\": {} }");
  EXPECT_EQ(JsValue(schema::Value::Sql({{"postgres", "now()"}, {"sqlite", "CURRENT_TIMESTAMP"}})),
            "sql({ postgres: \"now()\", sqlite: \"CURRENT_TIMESTAMP\" })");
  EXPECT_EQ(JsValue(schema::Value::Sql({{"postgres", "now()"}, {"sqlite", ""}})),
            "sql({ postgres: \"now()\" })");
}

TEST(JsText, Expressions) {
  schema::Expr e{
      schema::Fn::kConcat,
      "",
      {},
      {schema::Expr{schema::Fn::kCol, "first", {}, {}},
       schema::Expr{schema::Fn::kLit, "", schema::Value::String(" "), {}},
       schema::Expr{schema::Fn::kUpper, "", {}, {schema::Expr{schema::Fn::kCol, "last", {}, {}}}}}};
  EXPECT_EQ(JsExpr(e), "fn.concat(fn.col(\"first\"), \" \", fn.upper(fn.col(\"last\")))");
}

TEST(JsText, LongStatementsBreakLikePrettier) {
  CodeWriter w;
  w.Indent();
  w.Statement({CallExpr{
      "m.create_index",
      {Arg::Str("auth_role_auth_user"), Arg::Strings({"role_id", "user_id"}),
       Arg::Object({{"unique", "true"}, {"name", "\"idx_auth_role_auth_user_unique\""}})}}});
  w.Statement({CallExpr{"m.add_check",
                        {Arg::Str("auth.user"), Arg::Str("chk_age"),
                         Arg::Str("age >= 18 AND age <= 130 AND age IS NOT NULL AND 1 = 1")}}});
  w.Statement({CallExpr{"t.string", {Arg::Str("name"), Arg::Text("100")}}, CallExpr{".unique", {}},
               CallExpr{".default", {Arg::Str("x")}}, CallExpr{".docs", {Arg::Str("a name")}},
               CallExpr{".deprecated", {Arg::Str("use the other one")}}});
  w.Statement({CallExpr{"m.drop_table", {Arg::Str("blog.post")}}});
  w.Indent();
  w.Indent();
  w.Statement(
      {CallExpr{"t.datetime", {Arg::Str("seen_at")}},
       CallExpr{".default",
                {Arg::Text("sql({ postgres: \"now()\", sqlite: \"CURRENT_TIMESTAMP\" })")}}});
  w.Statement(
      {CallExpr{"c.set_default", {Arg::Text("sql({ postgres: \"'anon'\", sqlite: \"'anon'\" })")}},
       CallExpr{".set_check", {Arg::Str("length(username) >= 3")}}},
      ",", false);
  EXPECT_EQ(w.text(),
            "  m.create_index(\"auth_role_auth_user\", [\"role_id\", \"user_id\"], {\n"
            "    unique: true,\n"
            "    name: \"idx_auth_role_auth_user_unique\",\n"
            "  });\n"
            "  m.add_check(\n"
            "    \"auth.user\",\n"
            "    \"chk_age\",\n"
            "    \"age >= 18 AND age <= 130 AND age IS NOT NULL AND 1 = 1\",\n"
            "  );\n"
            "  t.string(\"name\", 100)\n"
            "    .unique()\n"
            "    .default(\"x\")\n"
            "    .docs(\"a name\")\n"
            "    .deprecated(\"use the other one\");\n"
            "  m.drop_table(\"blog.post\");\n"
            "      t.datetime(\"seen_at\").default(\n"
            "        sql({ postgres: \"now()\", sqlite: \"CURRENT_TIMESTAMP\" }),\n"
            "      );\n"
            "      c\n"
            "        .set_default(sql({ postgres: \"'anon'\", sqlite: \"'anon'\" }))\n"
            "        .set_check(\"length(username) >= 3\"),\n");
}

}  // namespace
}  // namespace alab::codegen
