// `transaction: false` migrations on real databases: a SQLite rebuild keeps its foreign-key
// frame, a statement that was sent before alab died is never run twice, an interrupted or
// failed CREATE INDEX CONCURRENTLY is settled from the catalog, a failed step can be edited
// and resumed, and rollback runs step by step (also of a partly applied migration).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "base/sha256.h"
#include "base/strings.h"
#include "drift/drift.h"
#include "runner/apply.h"
#include "runner/runner_test_util.h"
#include "runner/tracking.h"

namespace alab::runner {
namespace {

// A connection that dies (as the process would under kill -9) right after the server ran
// the first statement containing `trigger`: the statement's effect is whatever the server
// did with it, nothing after it is sent, and the server aborts an open transaction.
class DyingConnection : public dialect::Connection {
 public:
  DyingConnection(std::unique_ptr<dialect::Connection> inner, std::string trigger)
      : Connection(inner->dialect()), inner_(std::move(inner)), trigger_(std::move(trigger)) {}
  Status Exec(const std::string& sql) override {
    if (!inner_) return Dead();
    Status s = inner_->Exec(sql);
    if (sql.find(trigger_) != std::string::npos) return Die();
    return s;
  }
  Expected<dialect::QueryResult> Query(const std::string& sql,
                                       const std::vector<std::string>& params) override {
    if (!inner_) return Dead();
    return inner_->Query(sql, params);
  }
  Status Begin() override { return inner_ ? inner_->Begin() : Dead(); }
  Status BeginSnapshot() override { return inner_ ? inner_->BeginSnapshot() : Dead(); }
  Status Commit() override { return inner_ ? inner_->Commit() : Dead(); }
  Status Rollback() override { return inner_ ? inner_->Rollback() : Dead(); }
  bool InTransaction() override { return inner_ && inner_->InTransaction(); }
  Status BeginRebuild(const dialect::Statement& s) override {
    return inner_ ? inner_->BeginRebuild(s) : Dead();
  }
  Status EndRebuild(const dialect::Statement& s) override {
    return inner_ ? inner_->EndRebuild(s) : Dead();
  }
  Expected<Effect> InspectEffect(const std::string& sql) override {
    if (!inner_) return Dead();
    return inner_->InspectEffect(sql);
  }
  std::string redacted_url() const override { return "dying"; }
  Expected<bool> HasTable(const std::string& name) override {
    if (!inner_) return Dead();
    return inner_->HasTable(name);
  }
  Expected<bool> TryMigrationLock() override {
    if (!inner_) return Dead();
    return inner_->TryMigrationLock();
  }
  void ReleaseMigrationLock() override {
    if (inner_) inner_->ReleaseMigrationLock();
  }
  bool died() const { return !inner_; }

 private:
  Error Dead() const { return MakeError("connection lost", ExitCode::kIo); }
  Error Die() {
    inner_.reset();  // closes the session: the server rolls back an open transaction
    return Dead();
  }
  std::unique_ptr<dialect::Connection> inner_;
  std::string trigger_;
};

std::string Mig(const std::string& rev, const std::string& parent, bool transactional,
                const std::string& up, const std::string& down) {
  return fmt::format(
      "export default migration({{\n  up_revision: \"{}\",\n  down_revision: {},\n{}  up(m) "
      "{{\n{}\n  }},\n"
      "  down(m) {{\n{}\n  }},\n}});\n",
      rev, parent.empty() ? "null" : "\"" + parent + "\"",
      transactional ? "" : "  transaction: false,\n", up, down);
}

// 001: shop.item (name, qty) with rows qty 5; shop.line -> shop.item ON DELETE CASCADE, 3 rows.
void WriteBase(const testkit::Project& p, const std::string& extra_items = "") {
  p.WriteMigration(
      "001_base.js",
      Mig("001", "", true,
          R"JS(    m.create_table("shop.item", (t) => { t.id(); t.string("name", 50); t.integer("qty"); });
    m.create_table("shop.line", (t) => { t.id(); t.uuid("item_id"); t.integer("n"); });
    m.add_foreign_key("shop.line", ["item_id"], "shop.item", ["id"], { name: "fk_line_item", on_delete: "cascade" });
    m.sql("INSERT INTO shop_item (id, name, qty) VALUES ('00000000-0000-4000-8000-000000000001', 'a', 5))JS" +
              extra_items + R"JS(");
    m.sql("INSERT INTO shop_line (id, item_id, n) VALUES ('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-000000000001', 1), ('00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-000000000001', 2), ('00000000-0000-4000-8000-00000000000c', '00000000-0000-4000-8000-000000000001', 3)");)JS",
          R"JS(    m.drop_table("shop.line");
    m.drop_table("shop.item");)JS"));
}

struct Fixture {
  testkit::Project p;
  std::unique_ptr<dialect::Connection> conn;
};

Fixture Make(const std::string& dialect, const std::string& hint, const std::string& step002,
             const std::string& extra_items = "") {
  Fixture f{testkit::MakeProject(dialect, hint), nullptr};
  WriteBase(f.p, extra_items);
  if (!step002.empty()) f.p.WriteMigration("002_step.js", step002);
  testkit::WriteAlabYaml(f.p);
  auto r = testing::RunAlab({"migrate", "--to", "001"}, f.p.dir->path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  f.conn = testkit::ConnectOrDie(f.p.cfg);
  return f;
}

// Runs 002's up() (or down()) on a connection that dies right after `trigger` ran.
void ApplyAndDie(const Fixture& f, const std::string& trigger, bool down = false) {
  auto plan = testkit::PlanOrDie(f.p.cfg);
  const PlannedMigration* pm = plan->Find("002");
  ASSERT_NE(pm, nullptr);
  DyingConnection dying(testkit::ConnectOrDie(f.p.cfg), trigger);
  auto r = ApplyMigration(dying, *pm, down);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(dying.died()) << "the trigger statement never ran: " << trigger;
}

// The database matches the replay of its applied migrations.
void ExpectNoDrift(const Fixture& f) {
  auto d = drift::CheckDrift(f.p.cfg);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_FALSE(d->drifted()) << d->Render();
}

std::string Status(const Fixture& f) { return testing::RunAlab({"status"}, f.p.dir->path()).out; }

class StepwiseTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (std::string(GetParam()) == "postgres") ALAB_REQUIRE_PG();
  }
  std::string dialect() const { return GetParam(); }
};

TEST_P(StepwiseTest, RebuildOfAParentKeepsCascadingChildren) {
  // On SQLite, widening a column rebuilds shop_item: its DROP TABLE would cascade to the
  // children unless foreign keys are off around the step.
  auto f = Make(dialect(), "sw_cascade",
                Mig("002", "001", false,
                    R"JS(    m.alter_column("shop.item", "name", (c) => c.set_type("string", 120));
    m.sql("UPDATE shop_item SET qty = qty + 10", "UPDATE shop_item SET qty = qty - 10");)JS",
                    R"JS(    m.sql("UPDATE shop_item SET qty = qty - 10");
    m.alter_column("shop.item", "name", (c) => c.set_type("string", 50));)JS"));
  auto r = testing::RunAlab({"migrate"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT count(*) FROM shop_line"), "3\n");
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty FROM shop_item"), "15\n");
  ExpectNoDrift(f);
  r = testing::RunAlab({"rollback", "--confirm-destroy"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT count(*) FROM shop_line"), "3\n");
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty FROM shop_item"), "5\n");
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT revision FROM alab_migrations"), "001\n");
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT count(*) FROM alab_migration_steps"), "0\n");
}

TEST(StepwiseSql, PrintsTheFrameEachStepRunsIn) {
  auto p = testkit::MakeProject("sqlite", "sw_sql");
  testkit::WriteAlabYaml(p);
  auto& d = *p.dir;
  WriteBase(p);
  p.WriteMigration(
      "002_step.js",
      Mig("002", "001", false,
          R"JS(    m.alter_column("shop.item", "name", (c) => c.set_type("string", 120));
    m.sql(postgres("CREATE INDEX CONCURRENTLY ix_item_qty ON shop_item (qty)"));)JS",
          R"JS(    m.sql(postgres("DROP INDEX CONCURRENTLY ix_item_qty"));
    m.alter_column("shop.item", "name", (c) => c.set_type("string", 50));)JS"));
  auto r = testing::RunAlab({"sql", "002"}, d.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("-- step 1 of 1: rebuild of \"shop_item\"\nPRAGMA "
                       "foreign_keys=OFF;\nBEGIN;\nCREATE TABLE"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("PRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys=ON;\n"),
            std::string::npos)
      << r.out;
  r = testing::RunAlab({"sql", "002", "--dialect", "postgres"}, d.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("-- step 1 of 2\nBEGIN;\nALTER TABLE"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find(
          "-- step 2 of 2: outside a transaction (intent recorded before it is sent)\nCREATE INDEX "
          "CONCURRENTLY ix_item_qty ON shop_item (qty);\n"),
      std::string::npos)
      << r.out;
  r = testing::RunAlab({"migrate", "--dry"}, d.path());
  EXPECT_NE(r.out.find("-- step 1 of 1: rebuild of \"shop_item\"\nPRAGMA foreign_keys=OFF;"),
            std::string::npos)
      << r.out;
}

TEST_P(StepwiseTest, StatementSentBeforeACrashRunsOnce) {
  auto f = Make(
      dialect(), "sw_once",
      Mig("002", "001", false,
          R"JS(    m.sql("UPDATE shop_item SET qty = qty + 10", "UPDATE shop_item SET qty = qty - 10");
    m.add_column("shop.item", (t) => t.integer("extra").optional());)JS",
          R"JS(    m.drop_column("shop.item", "extra");
    m.sql("UPDATE shop_item SET qty = qty - 10");)JS"));
  ApplyAndDie(f, "qty + 10");
  auto r = testing::RunAlab({"migrate"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty FROM shop_item"), "15\n");
  ExpectNoDrift(f);
  // A rollback killed after its first step resumes without undoing anything twice.
  // Dies in the second down step: the first (DROP COLUMN) is committed, the second is not.
  ApplyAndDie(f, "qty - 10", true);
  auto st = testing::RunAlab({"status"}, f.p.dir->path());
  EXPECT_NE(st.out.find("rolling back"), std::string::npos) << st.out;
  r = testing::RunAlab({"migrate"}, f.p.dir->path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("finish it with `alab rollback`"), std::string::npos) << r.err;
  r = testing::RunAlab({"rollback", "--confirm-destroy"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty FROM shop_item"), "5\n");
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT revision FROM alab_migrations"), "001\n");
  r = testing::RunAlab({"migrate"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty FROM shop_item"), "15\n");
}

TEST_P(StepwiseTest, FailedStepIsEditedAndResumed) {
  std::string broken = Mig(
      "002", "001", false,
      R"JS(    m.sql("UPDATE shop_item SET qty = qty + 10", "UPDATE shop_item SET qty = qty - 10");
    m.sql("UPDATE shop_itemz SET qty = 0", "SELECT 1");)JS",
      R"JS(    m.sql("SELECT 1");
    m.sql("UPDATE shop_item SET qty = qty - 10");)JS");
  auto f = Make(dialect(), "sw_resume", broken);
  auto r = testing::RunAlab({"migrate"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 3) << r.err;
  std::string fixed = ReplaceAll(broken, "UPDATE shop_itemz SET qty = 0",
                                 "UPDATE shop_item SET name = upper(name)");
  f.p.WriteMigration("002_step.js", fixed);
  r = testing::RunAlab({"migrate"}, f.p.dir->path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.err.find("migrations/002_step.js: partly applied (1 of 2 statements) and edited since"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alab migrate --resume"), std::string::npos) << r.err;
  // An edit of the applied step is refused, naming it.
  f.p.WriteMigration("002_step.js", ReplaceAll(fixed, "qty + 10", "qty + 20"));
  r = testing::RunAlab({"migrate", "--resume"}, f.p.dir->path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.err.find(
          "migrations/002_step.js: step 1 was applied as `UPDATE shop_item SET qty = qty + 10`"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty, name FROM shop_item"), "15|a\n");
  f.p.WriteMigration("002_step.js", fixed);
  r = testing::RunAlab({"migrate", "--resume"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty, name FROM shop_item"), "15|A\n");
  EXPECT_EQ(testkit::RowsText(
                *f.conn,
                "SELECT file_checksum, statements_done, statements_total FROM alab_migrations "
                "WHERE revision = '002'"),
            Sha256Hex(fixed) + "|2|2\n");
  ExpectNoDrift(f);
  EXPECT_NE(Status(f).find("2 applied, 0 pending"), std::string::npos) << Status(f);
  r = testing::RunAlab({"migrate", "--resume"}, f.p.dir->path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nothing to resume"), std::string::npos) << r.err;
}

TEST_P(StepwiseTest, PartlyAppliedMigrationRollsBackItsAppliedSteps) {
  auto f = Make(
      dialect(), "sw_partial",
      Mig("002", "001", false,
          R"JS(    m.sql("UPDATE shop_item SET qty = qty + 10", "UPDATE shop_item SET qty = qty - 10");
    m.add_column("shop.item", (t) => t.integer("extra").optional());
    m.sql("UPDATE shop_itemz SET qty = 0", "SELECT 1");)JS",
          R"JS(    m.sql("SELECT 1");
    m.drop_column("shop.item", "extra");
    m.sql("UPDATE shop_item SET qty = qty - 10");)JS"));
  auto r = testing::RunAlab({"migrate"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty FROM shop_item"), "15\n");
  r = testing::RunAlab({"rollback"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty FROM shop_item"), "5\n");
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT revision FROM alab_migrations"), "001\n");
  ExpectNoDrift(f);
  EXPECT_NE(Status(f).find("1 applied, 1 pending"), std::string::npos) << Status(f);
}

TEST_P(StepwiseTest, PartialRollbackWithoutAKnownMappingIsRefused) {
  auto f = Make(dialect(), "sw_nomap",
                Mig("002", "001", false,
                    R"JS(    m.sql("UPDATE shop_item SET qty = qty + 10");
    m.sql("UPDATE shop_itemz SET qty = 0");)JS",
                    R"JS(    m.sql("UPDATE shop_item SET qty = qty - 10");)JS"));
  ASSERT_EQ(testing::RunAlab({"migrate"}, f.p.dir->path()).exit_code, 3);
  auto r = testing::RunAlab({"rollback"}, f.p.dir->path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("migrations/002_step.js: partly applied (1 of 2 statements); its down() has "
                       "1 operations and "
                       "its up() 2"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alab migrate --resume"), std::string::npos) << r.err;
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty FROM shop_item"), "15\n");
}

// ---- PostgreSQL: statements that cannot run in a transaction ------------------------------

std::string IndexState(dialect::Connection& conn, const std::string& table) {
  return testkit::RowsText(
      conn,
      "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = "
      "i.indexrelid WHERE i.indrelid = '" +
          table +
          "'::regclass AND NOT i.indisprimary "
          "ORDER BY 1");
}

TEST(StepwisePg, IndexBuildCutShortIsSettledFromTheCatalog) {
  ALAB_REQUIRE_PG();
  auto f = Make(
      "postgres", "sw_cic",
      Mig("002", "001", false,
          R"JS(    m.sql("UPDATE shop_item SET qty = qty + 10", "UPDATE shop_item SET qty = qty - 10");
    m.sql("CREATE INDEX CONCURRENTLY ix_item_qty ON shop_item (qty)", "DROP INDEX CONCURRENTLY ix_item_qty");)JS",
          R"JS(    m.sql("DROP INDEX CONCURRENTLY ix_item_qty");
    m.sql("UPDATE shop_item SET qty = qty - 10");)JS"));
  // The server finished the build; alab died before recording it. Re-running it would fail
  // with "relation already exists" forever.
  ApplyAndDie(f, "CONCURRENTLY ix_item_qty");
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT state FROM alab_migration_steps WHERE step = 1"),
            "started\n");
  auto r = testing::RunAlab({"migrate"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(IndexState(*f.conn, "shop_item"), "ix_item_qty|t\n");
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty FROM shop_item"), "15\n");
  EXPECT_NE(Status(f).find("2 applied, 0 pending"), std::string::npos) << Status(f);
  ApplyAndDie(f, "DROP INDEX CONCURRENTLY", true);
  r = testing::RunAlab({"rollback"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(IndexState(*f.conn, "shop_item"), "");
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT qty FROM shop_item"), "5\n");
  EXPECT_EQ(testkit::RowsText(*f.conn, "SELECT revision FROM alab_migrations"), "001\n");
}

TEST(StepwisePg, FailedUniqueIndexBuildLeavesNothingStuck) {
  ALAB_REQUIRE_PG();
  auto f = Make(
      "postgres", "sw_invalid",
      Mig("002", "001", false,
          R"JS(    m.sql("CREATE UNIQUE INDEX CONCURRENTLY ux_item_name ON shop_item (name)");)JS",
          R"JS(    m.sql("DROP INDEX CONCURRENTLY ux_item_name");)JS"),
      ", ('00000000-0000-4000-8000-000000000002', 'a', 7)");
  auto r = testing::RunAlab({"migrate"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(IndexState(*f.conn, "shop_item"),
            "ux_item_name|f\n");  // the leftover of a failed build
  r = testing::RunAlab({"migrate"}, f.p.dir->path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err.find("already exists"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("could not create unique index"), std::string::npos) << r.err;
  ASSERT_TRUE(f.conn->Exec("DELETE FROM shop_item WHERE qty = 7").ok());
  r = testing::RunAlab({"migrate"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(IndexState(*f.conn, "shop_item"), "ux_item_name|t\n");
  EXPECT_NE(Status(f).find("2 applied, 0 pending"), std::string::npos) << Status(f);
}

TEST(StepwisePg, InterruptedStatementTheCatalogCannotJudgeNamesBothFixes) {
  ALAB_REQUIRE_PG();
  auto f = Make(
      "postgres", "sw_unknown",
      Mig("002", "001", false, R"JS(    m.sql("CREATE INDEX CONCURRENTLY ON shop_item (qty)");)JS",
          R"JS(    m.sql("SELECT 1");)JS"));
  ApplyAndDie(f, "CONCURRENTLY ON");
  auto r = testing::RunAlab({"migrate"}, f.p.dir->path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("migrations/002_step.js:6:7: applying 002_step.js: step 1 of 1 (CREATE "
                       "INDEX CONCURRENTLY ON "
                       "shop_item (qty))"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("`alab migrate --resume --step-done 1`"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("`alab migrate --resume --step-redo 1`"), std::string::npos) << r.err;
  r = testing::RunAlab({"migrate", "--step-done", "1"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(IndexState(*f.conn, "shop_item"), "shop_item_qty_idx|t\n");  // built once
  EXPECT_EQ(testkit::RowsText(*f.conn,
                              "SELECT statements_done FROM alab_migrations WHERE revision = '002'"),
            "1\n");
}

INSTANTIATE_TEST_SUITE_P(Runner, StepwiseTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
