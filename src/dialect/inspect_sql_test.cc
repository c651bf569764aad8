#include "dialect/inspect_sql.h"

#include <gtest/gtest.h>

#include "dialect/compare.h"
#include "dialect/inspect.h"
#include "dialect/inspect_expr.h"
#include "dialect/postgres/types.h"
#include "dialect/registry.h"
#include "dialect/sqlite/types.h"

namespace alab::dialect {
namespace {

TEST(NormalizeExpr, FoldsCastsQuotesParensAndSynonyms) {
  EXPECT_EQ(NormalizeExpr("((\"price\" > (0)::numeric))"), NormalizeExpr("price > 0"));
  EXPECT_EQ(NormalizeExpr("status = ANY (ARRAY['a'::text, 'b'::text])"),
            NormalizeExpr("\"status\" IN ('a', 'b')"));
  EXPECT_EQ(NormalizeExpr("now()"), NormalizeExpr("CURRENT_TIMESTAMP"));
  EXPECT_EQ(NormalizeExpr("a != b"), NormalizeExpr("a <> b"));
  EXPECT_EQ(NormalizeExpr("name ~~ 'x%'::text"), NormalizeExpr("name LIKE 'x%'"));
  EXPECT_NE(NormalizeExpr("a > 1"), NormalizeExpr("a >= 1"));
  EXPECT_NE(NormalizeExpr("'A'"), NormalizeExpr("'a'"));
}

TEST(Literals, StringsAndNumbersThroughCasts) {
  EXPECT_EQ(StringLiteral("'it''s'::character varying"), "it's");
  EXPECT_EQ(StringLiteral("('x'::text)"), "x");
  EXPECT_FALSE(StringLiteral("upper('x')"));
  EXPECT_EQ(NumericLiteral("'-1'::integer"), "-1");
  EXPECT_EQ(NumericLiteral("(-2.50)"), "-2.50");
  EXPECT_FALSE(NumericLiteral("1 + 2"));
}

TEST(ParseInList, BothDialectSpellings) {
  auto a = ParseInList("\"role\" IN ('admin', 'it''s')");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->column, "role");
  EXPECT_EQ(a->values, (std::vector<std::string>{"admin", "it's"}));
  auto b = ParseInList("role = ANY (ARRAY['admin'::text, 'guest'::text])");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->values, (std::vector<std::string>{"admin", "guest"}));
  auto c = ParseInList("\"flag\" IN (0, 1)");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->all_strings);
  EXPECT_FALSE(ParseInList("a IN (b, c)"));
  EXPECT_EQ(ParseJsonValid("json_valid(\"data\")"), "data");
}

TEST(ParseCreateTable, ChecksNamesAndGeneratedColumns) {
  auto p = ParseCreateTable(
      "CREATE TABLE \"t\" (\n  \"id\" TEXT NOT NULL,\n  \"a\" INTEGER CONSTRAINT \"chk_t_a\" CHECK "
      "(a > (0)),\n"
      "  b TEXT GENERATED ALWAYS AS (upper(a)) STORED,\n  c INTEGER REFERENCES other (id),\n"
      "  CONSTRAINT fk_x FOREIGN KEY (\"a\", b) REFERENCES x (p, q),\n  CHECK (a < 10)\n)");
  ASSERT_EQ(p.checks.size(), 2u);
  EXPECT_EQ(p.checks[0].name, "chk_t_a");
  EXPECT_EQ(p.checks[0].column, "a");
  EXPECT_EQ(p.checks[0].expr, "a > (0)");
  EXPECT_EQ(p.checks[1].name, "");
  EXPECT_EQ(p.checks[1].column, "");
  ASSERT_EQ(p.foreign_keys.size(), 2u);
  EXPECT_EQ(p.foreign_keys[0].columns, std::vector<std::string>{"c"});
  EXPECT_EQ(p.foreign_keys[1].name, "fk_x");
  EXPECT_EQ(p.foreign_keys[1].columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(p.generated.size(), 1u);
  EXPECT_EQ(p.generated[0].expr, "upper(a)");
  EXPECT_TRUE(p.generated[0].stored);
  EXPECT_EQ(IndexWhereClause("CREATE INDEX i ON t (a) WHERE deleted_at IS NULL"),
            "deleted_at IS NULL");
  EXPECT_EQ(IndexWhereClause("CREATE INDEX i ON t (a)"), "");
}

TEST(ParseGeneratedExpr, ReadsRenderedExpressionsBack) {
  auto e = ParseGeneratedExpr(
      "(COALESCE((first)::text, ''::text) || COALESCE((' '::text)::text, ''::text) || "
      "COALESCE((last)::text, ''::text))");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->fn, schema::Fn::kConcat);
  ASSERT_EQ(e->args.size(), 3u);
  EXPECT_EQ(e->args[0].column, "first");
  EXPECT_EQ(e->args[1].literal->text, " ");
  auto m = ParseGeneratedExpr("round((\"price\" * \"qty\")::numeric, 2)");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->fn, schema::Fn::kRound);
  EXPECT_EQ(m->args[0].fn, schema::Fn::kMul);
  EXPECT_FALSE(ParseGeneratedExpr("md5(name)"));
}

TEST(Compare, SqliteStorageAndPostgresSpellings) {
  schema::Column s50, text, uuid, en;
  s50.type = schema::Type::kString;
  s50.length = 50;
  text.type = schema::Type::kText;
  uuid.type = schema::Type::kUuid;
  en.type = schema::Type::kEnum;
  en.enum_values = {"a"};
  EXPECT_TRUE(SameColumnType(GetDialect("sqlite"), s50, text));
  EXPECT_TRUE(SameColumnType(GetDialect("sqlite"), uuid, text));
  EXPECT_FALSE(SameColumnType(GetDialect("sqlite"), en, text));
  EXPECT_FALSE(SameColumnType(GetDialect("postgres"), s50, text));
  EXPECT_FALSE(SameColumnType(GetDialect("postgres"), uuid, text));
  schema::Column n;
  n.type = schema::Type::kDecimal;
  EXPECT_TRUE(SameDefault(GetDialect("postgres"), n, schema::Value::Number("1.50"),
                          schema::Value::Number("1.5")));
  EXPECT_TRUE(SameDefault(GetDialect("postgres"), n,
                          schema::Value::Sql({{"postgres", "now()"}, {"sqlite", ""}}),
                          schema::Value::Sql({{"postgres", "CURRENT_TIMESTAMP"}, {"sqlite", ""}})));
  EXPECT_TRUE(SameDefault(
      GetDialect("sqlite"), n,
      schema::Value::Sql({{"postgres", ""}, {"sqlite", "datetime('now')"}}),
      schema::Value::Sql({{"postgres", "CURRENT_TIMESTAMP"}, {"sqlite", "CURRENT_TIMESTAMP"}})));
  EXPECT_FALSE(SameDefault(GetDialect("postgres"), n, schema::Value::Number("1"),
                           schema::Value::Number("2")));
  EXPECT_FALSE(SameDefault(GetDialect("postgres"), n, std::nullopt, schema::Value::Number("2")));
}

// bigint() and integer() share SQLite's storage but not their width: never the same type.
// The declared types read back (BIGINT; int8 on PostgreSQL) are bigint(), and SQLite's
// ISO 8601 spelling of CURRENT_TIMESTAMP is CURRENT_TIMESTAMP.
TEST(Compare, BigintIsNotIntegerAndTheIsoNowDefaultIsCurrentTimestamp) {
  schema::Column i, b;
  i.type = schema::Type::kInteger;
  b.type = schema::Type::kBigint;
  EXPECT_FALSE(SameColumnType(GetDialect("sqlite"), i, b));
  EXPECT_FALSE(SameColumnType(GetDialect("postgres"), i, b));
  EXPECT_TRUE(SameColumnType(GetDialect("sqlite"), b, b));
  for (const char* t : {"BIGINT", "bigint"}) {
    auto lite = sqlite::ColumnFromSqlType(t);
    ASSERT_TRUE(lite) << t;
    EXPECT_EQ(lite->type, schema::Type::kBigint) << t;
  }
  for (const char* t : {"bigint", "int8"}) {
    auto pg = postgres::ColumnFromSqlType(t);
    ASSERT_TRUE(pg) << t;
    EXPECT_EQ(pg->type, schema::Type::kBigint) << t;
  }
  EXPECT_EQ(sqlite::ColumnFromSqlType("INTEGER")->type, schema::Type::kInteger);
  EXPECT_TRUE(sqlite::IsIsoNowSql("(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"));
  EXPECT_TRUE(sqlite::IsIsoNowSql("STRFTIME('%Y-%m-%dT%H:%M:%SZ','now')"));
  EXPECT_FALSE(sqlite::IsIsoNowSql("strftime('%Y-%m-%d %H:%M:%S', 'now')"));
  EXPECT_TRUE(sqlite::IsCurrentTimestampSql(" current_timestamp "));
  EXPECT_FALSE(sqlite::IsCurrentTimestampSql("datetime('now')"));
  schema::Column dt;
  dt.type = schema::Type::kDatetime;
  EXPECT_EQ(DefaultToValue(GetDialect("sqlite"), "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", dt),
            schema::Value::Sql({{"postgres", ""}, {"sqlite", "CURRENT_TIMESTAMP"}}));
}

}  // namespace
}  // namespace alab::dialect
