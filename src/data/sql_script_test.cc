// The seed splitter: statements and the lines they start on, every kind of quoting and
// comment of both dialects, and unterminated input reported at the line where it began.
#include "data/sql_script.h"

#include <gtest/gtest.h>

#include "dialect/dialect.h"
#include "dialect/registry.h"

namespace alab::data {
namespace {

ScriptSyntax SyntaxFor(const std::string& dialect) {
  return dialect::GetDialect(dialect).script_syntax();
}

std::vector<ScriptStatement> Split(const std::string& text, const std::string& dialect) {
  auto r = SplitSqlScript(text, SyntaxFor(dialect));
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r ? *r : std::vector<ScriptStatement>{};
}

TEST(DataSqlScript, EmptyAndCommentOnlyFilesHaveNoStatements) {
  EXPECT_TRUE(Split("", "sqlite").empty());
  EXPECT_TRUE(Split("\n  -- nothing; here\n/* nor ; here */\n;;\n", "postgres").empty());
}

TEST(DataSqlScript, StatementsStartAtTheirFirstLine) {
  auto s = Split(
      "-- header\nINSERT INTO t VALUES (1);\n\n/* c */ INSERT INTO t\n  VALUES (2);\nSELECT 3",
      "sqlite");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].sql, "INSERT INTO t VALUES (1)");
  EXPECT_EQ(s[0].line, 2);
  EXPECT_EQ(s[1].sql, "INSERT INTO t\n  VALUES (2)");
  EXPECT_EQ(s[1].line, 4);
  EXPECT_EQ(s[2].sql, "SELECT 3");
  EXPECT_EQ(s[2].line, 6);
}

TEST(DataSqlScript, SemicolonsInsideQuotesAndCommentsDoNotSplit) {
  auto s =
      Split("INSERT INTO \"a;b\" VALUES ('x;''y\n;z', 1) -- c;\n;\nSELECT /* ; */ 2;", "sqlite");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].sql, "INSERT INTO \"a;b\" VALUES ('x;''y\n;z', 1) -- c;");
  EXPECT_EQ(s[1].line, 4);
}

TEST(DataSqlScript, StandardStringsKeepBackslashesLiteral) {
  // 'a\' ends at the second quote in both dialects' standard strings.
  auto s = Split("SELECT 'a\\'; SELECT 2;", "postgres");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].sql, "SELECT 'a\\'");
}

TEST(DataSqlScript, PostgresEscapeStringsDollarQuotesAndNestedComments) {
  std::string text =
      "SELECT E'it\\'s; \\\\' AS a;\n"
      "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $$ ; $body$ LANGUAGE sql;\n"
      "/* outer /* inner; */ still; */ SELECT $$a;\nb$$;\n"
      "SELECT $1, a$b$c FROM t;";
  auto s = Split(text, "postgres");
  ASSERT_EQ(s.size(), 4u) << s.back().sql;
  EXPECT_EQ(s[0].sql, "SELECT E'it\\'s; \\\\' AS a");
  EXPECT_EQ(s[1].line, 2);
  EXPECT_EQ(s[1].sql,
            "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $$ ; $body$ LANGUAGE sql");
  EXPECT_EQ(s[2].sql, "SELECT $$a;\nb$$");
  EXPECT_EQ(s[2].line, 3);
  EXPECT_EQ(s[3].line, 5);
}

TEST(DataSqlScript, SqliteBracketIdentifiersAndTriggerBodies) {
  std::string text =
      "INSERT INTO [we;ird] (`x;y`) VALUES (1);\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET n = n + 1;\n  DELETE FROM "
      "u;\nEND;\n"
      "SELECT 1;";
  auto s = Split(text, "sqlite");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[1].line, 2);
  EXPECT_NE(s[1].sql.find("DELETE FROM u;\nEND"), std::string::npos) << s[1].sql;
  EXPECT_EQ(s[2].line, 6);
}

TEST(DataSqlScript, UnterminatedInputNamesTheLineWhereItBegan) {
  auto a = SplitSqlScript("SELECT 1;\nSELECT 'abc\n\n", SyntaxFor("sqlite"));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().message, "line 2: unterminated string");
  EXPECT_EQ(a.error().code, ExitCode::kUserError);
  auto b = SplitSqlScript("\n\n/* open", SyntaxFor("postgres"));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message, "line 3: unterminated /* comment");
  auto c = SplitSqlScript("SELECT $x$ abc", SyntaxFor("postgres"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, "line 1: unterminated dollar-quoted string");
  auto d = SplitSqlScript("SELECT \"abc", SyntaxFor("postgres"));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message, "line 1: unterminated quoted identifier");
}

TEST(DataSqlScript, FirstKeywordSkipsCommentsAndParentheses) {
  EXPECT_EQ(FirstKeyword("  -- x\n /* y */ begin transaction"), "BEGIN");
  EXPECT_EQ(FirstKeyword("(select 1)"), "SELECT");
  EXPECT_EQ(FirstKeyword("'x'"), "");
}

}  // namespace
}  // namespace alab::data
