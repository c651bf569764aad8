// The test-only lease dialect against the real PostgreSQL server: its migration lock is a
// leased row (never an advisory lock), concurrent migrators apply a migration exactly once, a
// stale lease is taken over, a live one makes migrate wait and time out naming its holder, and
// a forced release clears it. The tests find the dialect as the tests' one own dialect; only
// tests/dialects/lease_dialect.cc spells its name.
#include "dialects/lease_dialect.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <thread>

#include "base/strings.h"
#include "dialect/registry.h"
#include "runner/db_lock.h"
#include "runner/runner_test_util.h"
#include "runner/tracking.h"
#include "test_dialects.h"

namespace alab::testing::lease {
namespace {

std::string LeaseDialectName() {
  std::vector<std::string> names = TestOnlyDialectNames();
  EXPECT_EQ(names.size(), 1u);
  return names.empty() ? "" : names.front();
}

constexpr char kCreate[] = R"js(export default migration({
  up(m) {
    m.create_table("app.item", (t) => {
      t.id();
      t.string("name", 40);
    });
    // Long enough that migrators without a lock would all find the history empty.
    m.sql("SELECT pg_sleep(0.3)");
    m.sql("INSERT INTO app_item (id, name) VALUES ('6f1c1b3e-0a6b-4c43-9d5e-3b1f0c9a7e11', 'once')");
  },
  down(m) {
    m.drop_table("app.item");
  },
});
)js";

runner::testkit::Project LeaseProject(const std::string& hint) {
  const std::string name = LeaseDialectName();
  EXPECT_FALSE(name.empty());
  runner::testkit::Project p = runner::testkit::MakeProject(name, hint);
  p.WriteMigration("001_item.js", kCreate);
  return p;
}

std::string One(dialect::Connection& conn, const std::string& sql) {
  auto r = conn.Query(sql);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok() || r->rows.empty()) return "<none>";
  return r->rows[0][0].value_or("NULL");
}

// Leaves a lease of `holder` in the lock table that expires `in` from now (negative: expired),
// as another migrator would (the table is made by taking and releasing the lock once).
void PlantLease(dialect::Connection& conn, const std::string& holder, const std::string& in) {
  auto taken = conn.TryMigrationLock();
  ASSERT_TRUE(taken.ok() && *taken);
  conn.ReleaseMigrationLock();
  ASSERT_TRUE(conn.Exec(std::string("INSERT INTO ") + kLockTable +
                        " (name, holder, expires_at) VALUES ('migrate', '" + holder +
                        "', now() + interval '" + in + "')")
                  .ok());
}

TEST(LeaseDialect, IsFoundThroughTheRegistryByItsUrl) {
  ALAB_REQUIRE_PG();
  auto p = LeaseProject("lease_registry");
  EXPECT_TRUE(StartsWith(p.cfg.url, LeaseDialectName() + "://")) << p.cfg.url;
  auto d = dialect::DialectForUrl(p.cfg.url);
  ASSERT_TRUE(d.ok()) << d.error().message;
  ASSERT_NE(*d, nullptr);
  EXPECT_EQ((*d)->name(), LeaseDialectName());
  EXPECT_EQ((*d)->sql_key(),
            dialect::GetDialect("postgres").sql_key());  // PostgreSQL's sql() texts
  EXPECT_TRUE((*d)->capabilities().migration_lock);
}

TEST(LeaseDialect, TheLockIsALeasedRowAndNeverAnAdvisoryLock) {
  ALAB_REQUIRE_PG();
  auto p = LeaseProject("lease_row");
  auto holder = runner::testkit::ConnectOrDie(p.cfg);
  auto other = runner::testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(holder && other);
  auto taken = holder->TryMigrationLock();
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_TRUE(*taken);
  const std::string pid = One(*holder, "SELECT pg_backend_pid()::text");
  EXPECT_EQ(
      One(*other, std::string("SELECT holder FROM ") + kLockTable + " WHERE name = 'migrate'"),
      pid);
  EXPECT_EQ(One(*other, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0");
  auto second = other->TryMigrationLock();
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second) << "a live lease is not taken twice";
  EXPECT_EQ(other->MigrationLockHolder(), pid);
  holder->ReleaseMigrationLock();
  EXPECT_EQ(One(*other, std::string("SELECT count(*) FROM ") + kLockTable), "0");
  auto third = other->TryMigrationLock();
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(*third);
}

TEST(LeaseDialect, ConcurrentMigrateAppliesOnce) {
  ALAB_REQUIRE_PG();
  auto p = LeaseProject("lease_concurrent");
  constexpr int kMigrators = 8;
  std::vector<std::string> errors(kMigrators);
  // Every migrator has its plan before any starts, and they start together.
  std::vector<std::unique_ptr<runner::Plan>> plans;
  for (int i = 0; i < kMigrators; ++i) {
    auto plan = runner::testkit::PlanOrDie(p.cfg);
    ASSERT_TRUE(plan);
    plans.push_back(std::move(plan));
  }
  std::latch start(kMigrators);
  std::vector<std::thread> threads;
  for (int i = 0; i < kMigrators; ++i) {
    threads.emplace_back([&, i] {
      const runner::Plan* plan = plans[i].get();
      start.arrive_and_wait();
      runner::testkit::Captured cap;
      runner::MigrateOptions o;
      o.lock_timeout = std::chrono::milliseconds(60000);
      Status s = runner::Migrate(p.cfg, *plan, o, cap.output());
      if (!s.ok()) errors[i] = s.error().message;
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kMigrators; ++i) EXPECT_EQ(errors[i], "") << "migrator " << i;
  auto conn = runner::testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  EXPECT_EQ(One(*conn, "SELECT count(*) FROM app_item WHERE name = 'once'"), "1")
      << "the migration ran more than once";
  auto history = runner::ReadHistory(*conn);
  ASSERT_TRUE(history.ok()) << history.error().message;
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(One(*conn, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0");
  EXPECT_EQ(One(*conn, std::string("SELECT count(*) FROM ") + kLockTable), "0")
      << "every lease was released";
}

TEST(LeaseDialect, AStaleLeaseIsTakenOver) {
  ALAB_REQUIRE_PG();
  auto p = LeaseProject("lease_stale");
  auto conn = runner::testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  PlantLease(*conn, "dead-99999", "-1 second");  // a holder that died: its lease ran out
  auto plan = runner::testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  runner::testkit::Captured cap;
  runner::MigrateOptions o;
  o.lock_timeout = std::chrono::milliseconds(2000);
  Status s = runner::Migrate(p.cfg, *plan, o, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(One(*conn, "SELECT count(*) FROM app_item"), "1");
  EXPECT_EQ(One(*conn, std::string("SELECT count(*) FROM ") + kLockTable), "0");
}

TEST(LeaseDialect, ALiveLeaseTimesOutNamingItsHolderUntilForcedOff) {
  ALAB_REQUIRE_PG();
  auto p = LeaseProject("lease_live");
  auto conn = runner::testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  PlantLease(*conn, "other-4242", "1 hour");  // a live holder
  auto plan = runner::testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  runner::testkit::Captured cap;
  runner::MigrateOptions o;
  o.lock_timeout = std::chrono::milliseconds(300);
  Status s = runner::Migrate(p.cfg, *plan, o, cap.output());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("waiting for the migration lock"), std::string::npos)
      << s.error().message;
  EXPECT_NE(s.error().message.find("other-4242"), std::string::npos) << s.error().message;
  EXPECT_EQ(One(*conn, "SELECT count(*) FROM pg_tables WHERE tablename = 'app_item'"), "0")
      << "nothing ran";
  auto released = runner::ForceReleaseLock(*conn);
  ASSERT_TRUE(released.ok()) << released.error().message;
  EXPECT_EQ(*released, 1);
  s = runner::Migrate(p.cfg, *plan, o, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(One(*conn, "SELECT count(*) FROM app_item"), "1");
}

}  // namespace
}  // namespace alab::testing::lease
