#include "dialect/postgres/effect.h"

#include <gtest/gtest.h>

#include "dialect/dialect.h"
#include "test_support.h"

namespace alab::dialect::postgres {
namespace {

using State = Connection::Effect::State;

TEST(PostgresEffect, KnowsWhatCannotRunInATransaction) {
  for (const char* sql : {"CREATE INDEX CONCURRENTLY ix ON t (a)",
                          "create unique index concurrently if not exists ix on t (a)",
                          "DROP INDEX CONCURRENTLY IF EXISTS ix", "REINDEX INDEX CONCURRENTLY ix",
                          "-- build it\nCREATE INDEX /* online */ CONCURRENTLY ix ON t (a)",
                          "VACUUM ANALYZE t", "ALTER TYPE mood ADD VALUE 'ok'",
                          "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad'",
                          "CREATE DATABASE x", "ALTER SYSTEM SET work_mem = '8MB'"}) {
    EXPECT_FALSE(CanRunInTransaction(sql)) << sql;
  }
  for (const char* sql : {"CREATE INDEX ix ON t (a)", "UPDATE t SET note = 'concurrently'",
                          "ANALYZE t", "UPDATE \"concurrently\" SET a = 1",
                          "ALTER TYPE mood RENAME VALUE 'a' TO 'b'", "-- CONCURRENTLY\nSELECT 1"}) {
    EXPECT_TRUE(CanRunInTransaction(sql)) << sql;
  }
  auto d = MakeDialect("postgres");
  EXPECT_FALSE(d->CanRunInTransaction("CREATE INDEX CONCURRENTLY ix ON t (a)"));
  EXPECT_TRUE(MakeDialect("sqlite")->CanRunInTransaction("CREATE INDEX CONCURRENTLY ix ON t (a)"));
}

TEST(PostgresEffect, ReadsIndexesAndEnumValuesFromTheCatalog) {
  ALAB_REQUIRE_PG();
  auto c = GetDialect("postgres").Connect(testing::CreatePgDatabase("effect_catalog"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  Connection& db = **c;
  ASSERT_TRUE(db.Exec("CREATE TABLE t (a int, b int); INSERT INTO t VALUES (1, 1), (1, 2); "
                      "CREATE TYPE mood AS ENUM ('sad')")
                  .ok());
  auto state = [&](const std::string& sql) {
    auto e = db.InspectEffect(sql);
    EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().message);
    return e.ok() ? e->state : State::kUnknown;
  };
  EXPECT_EQ(state("CREATE INDEX CONCURRENTLY ix_b ON t (b)"), State::kNotDone);
  ASSERT_TRUE(db.Exec("CREATE INDEX CONCURRENTLY ix_b ON t (b)").ok());
  EXPECT_EQ(state("CREATE INDEX CONCURRENTLY ix_b ON t (b)"), State::kDone);
  EXPECT_EQ(state("CREATE INDEX CONCURRENTLY \"IX_B\" ON t (b)"),
            State::kNotDone);  // quoted: another name
  EXPECT_EQ(state("CREATE INDEX CONCURRENTLY public.ix_b ON t (b)"), State::kDone);
  EXPECT_EQ(state("DROP INDEX CONCURRENTLY ix_b"), State::kNotDone);
  // A unique build that fails on duplicates leaves an INVALID index behind.
  EXPECT_FALSE(db.Exec("CREATE UNIQUE INDEX CONCURRENTLY ux_a ON t (a)").ok());
  auto e = db.InspectEffect("CREATE UNIQUE INDEX CONCURRENTLY ux_a ON t (a)");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->state, State::kLeftInvalid);
  EXPECT_EQ(e->cleanup, "DROP INDEX CONCURRENTLY IF EXISTS \"ux_a\"");
  ASSERT_TRUE(db.Exec(e->cleanup).ok());
  EXPECT_EQ(state("DROP INDEX CONCURRENTLY IF EXISTS ux_a"), State::kDone);
  EXPECT_EQ(state("ALTER TYPE mood ADD VALUE 'ok'"), State::kNotDone);
  ASSERT_TRUE(db.Exec("ALTER TYPE mood ADD VALUE 'ok'").ok());
  EXPECT_EQ(state("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok'"), State::kDone);
  EXPECT_EQ(state("CREATE INDEX CONCURRENTLY ON t (b)"), State::kUnknown);
  EXPECT_EQ(state("REINDEX INDEX CONCURRENTLY ix_b"), State::kUnknown);
  EXPECT_EQ(state("VACUUM t"), State::kNotDone);
}

}  // namespace
}  // namespace alab::dialect::postgres
