#include "dialect/sqlite/connection.h"

#include <gtest/gtest.h>

#include "dialect/dialect.h"
#include "test_support.h"

namespace alab::dialect::sqlite {
namespace {

std::string One(Connection& c, const std::string& sql,
                const std::vector<std::string>& params = {}) {
  auto r = c.Query(sql, params);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok() || r->rows.empty() || r->rows[0].empty() || !r->rows[0][0]) return "<none>";
  return *r->rows[0][0];
}

TEST(SqliteUrl, AcceptsTheUsualForms) {
  struct Case {
    std::string url, path;
    bool uri;
    int timeout;
  };
  std::vector<Case> cases = {
      {"app.db", "app.db", false, 5000},
      {"./data/app.db", "./data/app.db", false, 5000},
      {"sqlite:app.db", "app.db", false, 5000},
      {"sqlite://app.db", "app.db", false, 5000},
      {"sqlite:///tmp/x.db", "/tmp/x.db", false, 5000},
      {"sqlite::memory:", ":memory:", false, 5000},
      {"sqlite:app.db?busy_timeout=250", "app.db", false, 250},
      {"file:app.db?mode=rwc&busy_timeout=10", "file:app.db?mode=rwc", true, 10},
      {"file:app.db", "file:app.db", true, 5000},
  };
  for (const auto& c : cases) {
    auto t = ParseSqliteUrl(c.url);
    ASSERT_TRUE(t.ok()) << c.url << ": " << t.error().message;
    EXPECT_EQ(t->path, c.path) << c.url;
    EXPECT_EQ(t->uri, c.uri) << c.url;
    EXPECT_EQ(t->busy_timeout_ms, c.timeout) << c.url;
  }
}

TEST(SqliteUrl, RejectsBadOnes) {
  EXPECT_FALSE(ParseSqliteUrl("sqlite:").ok());
  EXPECT_FALSE(ParseSqliteUrl("").ok());
  EXPECT_FALSE(ParseSqliteUrl("app.db?busy_timeout=abc").ok());
  auto r = ParseSqliteUrl("app.db?cache=shared");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cache=shared"), std::string::npos);
}

TEST(SqliteConnection, OpensWithWalForeignKeysAndBusyTimeout) {
  testing::TempDir dir;
  auto c = GetDialect("sqlite").Connect((dir / "a.db").string());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ((*c)->dialect().name(), "sqlite");
  EXPECT_EQ(One(**c, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(One(**c, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(One(**c, "PRAGMA busy_timeout"), "5000");
  EXPECT_TRUE(std::filesystem::exists(dir / "a.db"));

  auto c2 =
      GetDialect("sqlite").Connect("sqlite:" + (dir / "b.db").string() + "?busy_timeout=1234");
  ASSERT_TRUE(c2.ok()) << c2.error().message;
  EXPECT_EQ(One(**c2, "PRAGMA busy_timeout"), "1234");
}

TEST(SqliteConnection, ExecQueryParamsAndNulls) {
  testing::TempDir dir;
  auto c = GetDialect("sqlite").Connect((dir / "a.db").string());
  ASSERT_TRUE(c.ok());
  Connection& db = **c;
  ASSERT_TRUE(db.Exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x');").ok());
  ASSERT_TRUE(db.Query("INSERT INTO t VALUES (?1, ?2)", {"2", "y"}).ok());
  ASSERT_TRUE(db.Query("INSERT INTO t VALUES ($1, NULL)", {"3"}).ok());
  auto r = db.Query("SELECT a, b FROM t WHERE a >= ?1 ORDER BY a", {"2"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[0][1], std::optional<std::string>("y"));
  EXPECT_EQ(r->rows[1][0], std::optional<std::string>("3"));
  EXPECT_FALSE(r->rows[1][1].has_value());
  EXPECT_FALSE(db.Query("SELECT ?2", {"1"}).ok());
}

TEST(SqliteConnection, ErrorsCarryTheDatabaseMessage) {
  testing::TempDir dir;
  auto c = GetDialect("sqlite").Connect((dir / "a.db").string());
  ASSERT_TRUE(c.ok());
  Status s = (*c)->Exec("CREATE TABLE t (a INT); CREATE TABLE t (a INT)");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("table t already exists"), std::string::npos)
      << s.error().message;
  auto q = (*c)->Query("SELEC 1");
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.error().message.find("syntax error"), std::string::npos);

  dir.Write("junk.db", std::string(4096, 'x'));
  auto bad = GetDialect("sqlite").Connect((dir / "junk.db").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not a database"), std::string::npos) << bad.error().message;
  auto missing = GetDialect("sqlite").Connect((dir / "no/such/dir/a.db").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("unable to open"), std::string::npos)
      << missing.error().message;
}

TEST(SqliteConnection, RollbackUndoesAndBeginTakesTheWriteLock) {
  testing::TempDir dir;
  std::string url = (dir / "a.db").string();
  auto a = GetDialect("sqlite").Connect(url);
  auto b = GetDialect("sqlite").Connect(url + "?busy_timeout=0");
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*a)->Exec("CREATE TABLE t (x INT)").ok());
  ASSERT_TRUE((*a)->Begin().ok());
  ASSERT_TRUE((*a)->Exec("INSERT INTO t VALUES (1)").ok());
  Status blocked = (*b)->Begin();
  ASSERT_FALSE(blocked.ok());
  EXPECT_NE(blocked.error().message.find("locked"), std::string::npos) << blocked.error().message;
  ASSERT_TRUE((*a)->Rollback().ok());
  EXPECT_TRUE((*a)->Rollback().ok());  // nothing open: a no-op
  EXPECT_EQ(One(**b, "SELECT count(*) FROM t"), "0");
  ASSERT_TRUE((*b)->Begin().ok());
  ASSERT_TRUE((*b)->Exec("INSERT INTO t VALUES (2)").ok());
  ASSERT_TRUE((*b)->Commit().ok());
  EXPECT_EQ(One(**a, "SELECT x FROM t"), "2");
}

// A connection is made by a Dialect object, so a name no dialect has yields no object to
// connect with (config rejects it with the names alab knows), and a url no dialect claims is
// refused with the forms alab reads.
TEST(Connect, UnknownDialect) {
  EXPECT_EQ(FindDialect("oracle"), nullptr);
  auto d = DialectForUrl("oracle://u@h/db");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("unsupported url scheme 'oracle://'"), std::string::npos)
      << d.error().message;
}

}  // namespace
}  // namespace alab::dialect::sqlite
