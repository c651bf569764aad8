#include "dialect/postgres/connection.h"

#include <gtest/gtest.h>

#include "dialect/dialect.h"
#include "test_support.h"

namespace alab::dialect::postgres {
namespace {

// The base url's socket query (?host=...&port=...).
std::string SocketQuery() {
  std::string base = testing::PgBaseUrl();
  return base.substr(base.find('?'));
}

TEST(PostgresUrl, RedactsPasswords) {
  EXPECT_EQ(RedactPostgresUrl("postgres://u:secret@h:5432/db"), "postgres://u:****@h:5432/db");
  EXPECT_EQ(RedactPostgresUrl("postgresql://u@h/db?password=pw&sslmode=disable"),
            "postgresql://u@h/db?password=****&sslmode=disable");
  EXPECT_EQ(RedactPostgresUrl("postgresql://u@h/db"), "postgresql://u@h/db");
}

TEST(PostgresConnection, ConnectsInUtcWithParams) {
  ALAB_REQUIRE_PG();
  std::string url = testing::CreatePgDatabase("conn_basic");
  ASSERT_FALSE(url.empty());
  auto c = GetDialect("postgres").Connect(url);
  ASSERT_TRUE(c.ok()) << c.error().message;
  Connection& db = **c;
  EXPECT_EQ(db.dialect().name(), "postgres");
  auto tz = db.Query("SHOW timezone");
  ASSERT_TRUE(tz.ok());
  EXPECT_EQ(tz->rows.at(0).at(0), std::optional<std::string>("UTC"));
  ASSERT_TRUE(db.Exec("CREATE TABLE t (a int, b text); INSERT INTO t VALUES (1, 'x')").ok());
  ASSERT_TRUE(db.Query("INSERT INTO t VALUES ($1, $2)", {"2", "y"}).ok());
  ASSERT_TRUE(db.Query("INSERT INTO t VALUES ($1, NULL)", {"3"}).ok());
  auto r = db.Query("SELECT a, b FROM t WHERE a >= $1 ORDER BY a", {"2"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[0][1], std::optional<std::string>("y"));
  EXPECT_FALSE(r->rows[1][1].has_value());

  ASSERT_TRUE(db.Begin().ok());
  ASSERT_TRUE(db.Exec("CREATE TABLE u (x int)").ok());
  Status bad = db.Exec("INSERT INTO nope VALUES (1)");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "ERROR: relation \"nope\" does not exist");
  ASSERT_TRUE(db.Rollback().ok());
  EXPECT_TRUE(db.Rollback().ok());
  auto u = db.Query("SELECT to_regclass('u') IS NULL");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->rows.at(0).at(0), std::optional<std::string>("t"));  // DDL rolled back
}

// Begin() is sent with the transaction's first query (pipelined): the transaction still
// covers everything, errors still surface at the query, and the connection stays usable.
TEST(PostgresConnection, BeginTravelsWithTheFirstQuery) {
  ALAB_REQUIRE_PG();
  std::string url = testing::CreatePgDatabase("conn_begin");
  ASSERT_FALSE(url.empty());
  auto c = GetDialect("postgres").Connect(url);
  ASSERT_TRUE(c.ok()) << c.error().message;
  Connection& db = **c;
  ASSERT_TRUE(db.Exec("CREATE TABLE t (a int PRIMARY KEY)").ok());

  ASSERT_TRUE(db.Begin().ok());
  auto n = db.Query("SELECT count(*) FROM t WHERE a > $1", {"0"});
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n->rows.at(0).at(0), std::optional<std::string>("0"));
  ASSERT_TRUE(db.Exec("INSERT INTO t VALUES (1)").ok());
  ASSERT_TRUE(db.Rollback().ok());
  auto after = db.Query("SELECT count(*) FROM t");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->rows.at(0).at(0), std::optional<std::string>("0"));  // the insert was inside it

  // The first query fails: its error, then a clean rollback and a usable connection.
  ASSERT_TRUE(db.Begin().ok());
  auto bad = db.Query("SELECT * FROM nope WHERE a = $1", {"1"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "ERROR: relation \"nope\" does not exist");
  ASSERT_TRUE(db.Rollback().ok());
  ASSERT_TRUE(db.Query("INSERT INTO t VALUES ($1)", {"2"}).ok());

  // Committed work stays; an empty transaction sends nothing and fails nothing.
  ASSERT_TRUE(db.Begin().ok());
  ASSERT_TRUE(db.Query("INSERT INTO t VALUES ($1)", {"3"}).ok());
  ASSERT_TRUE(db.Commit().ok());
  ASSERT_TRUE(db.Begin().ok());
  ASSERT_TRUE(db.Commit().ok());
  ASSERT_TRUE(db.Begin().ok());
  ASSERT_TRUE(db.Rollback().ok());
  auto all = db.Query("SELECT string_agg(a::text, ',' ORDER BY a) FROM t");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->rows.at(0).at(0), std::optional<std::string>("2,3"));
}

TEST(PostgresConnection, MissingDatabaseIsClearAndRedacted) {
  ALAB_REQUIRE_PG();
  std::string url = "postgresql://postgres:hunter2@/no_such_db_alab" + SocketQuery();
  auto c = GetDialect("postgres").Connect(url);
  ASSERT_FALSE(c.ok());
  const std::string& m = c.error().message;
  EXPECT_NE(m.find("database does not exist"), std::string::npos) << m;
  EXPECT_NE(m.find("no_such_db_alab"), std::string::npos) << m;
  EXPECT_NE(m.find("postgres:****@"), std::string::npos) << m;
  EXPECT_EQ(m.find("hunter2"), std::string::npos) << m;
}

TEST(PostgresConnection, UnknownUserIsAnAuthenticationFailure) {
  ALAB_REQUIRE_PG();
  std::string url = "postgresql://nobody_alab:pw123secret@/postgres" + SocketQuery();
  auto c = GetDialect("postgres").Connect(url);
  ASSERT_FALSE(c.ok());
  const std::string& m = c.error().message;
  EXPECT_NE(m.find("authentication failed"), std::string::npos) << m;
  EXPECT_EQ(m.find("pw123secret"), std::string::npos) << m;
}

TEST(PostgresConnection, RefusedConnectionIsClearAndRedacted) {
  testing::TempDir dir;  // an empty socket folder: nothing listens there
  std::string url = "postgres://u:topsecret@/db?host=" + dir.path().string() + "&port=1";
  auto c = GetDialect("postgres").Connect(url);
  ASSERT_FALSE(c.ok());
  const std::string& m = c.error().message;
  EXPECT_NE(m.find("connection refused"), std::string::npos) << m;
  EXPECT_EQ(m.find("topsecret"), std::string::npos) << m;
  auto tcp =
      GetDialect("postgres").Connect("postgresql://u:topsecret@127.0.0.1:1/db?sslmode=disable");
  ASSERT_FALSE(tcp.ok());
  EXPECT_NE(tcp.error().message.find("connection refused"), std::string::npos)
      << tcp.error().message;
  EXPECT_EQ(tcp.error().message.find("topsecret"), std::string::npos);
}

TEST(PostgresConnection, RejectsNonPostgresUrls) {
  auto c = GetDialect("postgres").Connect("mysql://u:pw@h/db");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("postgres://"), std::string::npos);
  EXPECT_EQ(c.error().message.find(":pw@"), std::string::npos);
}

}  // namespace
}  // namespace alab::dialect::postgres
