// Transaction-control statements in m.sql() and hooks are refused when the files load: they
// would end or split the one transaction a migration runs in (and let it be recorded as
// applied when only part of it was).
#include <gtest/gtest.h>

#include "base/strings.h"
#include "dialect/connection.h"
#include "migration/load.h"
#include "runner/apply.h"
#include "runner/runner_test_util.h"
#include "runner/tracking.h"

namespace alab::runner {
namespace {

std::string Migration(const std::string& up, const std::string& hooks = "") {
  return "export default migration({\n  up_revision: \"001\",\n  down_revision: null,\n" + hooks +
         "  up(m) {\n"
         "    m.create_table(\"app.acct\", (t) => { t.id(); });\n" +
         up +
         "\n    m.sql(\"CREATE TABLE r (n INTEGER)\");\n  },\n  down(m) {\n    "
         "m.drop_table(\"app.acct\");\n  },\n});\n";
}

class TransactionControlTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
};

TEST_P(TransactionControlTest, MigrateRefusesAndAppliesNothing) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"    m.sql(\"ROLLBACK\");", "ROLLBACK"},
      {"    m.sql(\"COMMIT\");", "COMMIT"},
      {"    m.sql(\"  begin;\");", "BEGIN"},
      {"    m.sql(\"END\");", "END"},
      {"    m.sql(\"SELECT 1; /* x */ START\\n TRANSACTION\");", "START TRANSACTION"},
      {"    m.sql(\"SAVEPOINT s\");", "SAVEPOINT"},
      {"    m.sql(\"RELEASE s\");", "RELEASE"},
      {"    m.sql(\"ABORT\");", "ABORT"},
      {"    m.sql(\"PREPARE TRANSACTION 'x'\");", "PREPARE TRANSACTION"},
      {"    m.sql({postgres: \"COMMIT\", sqlite: \"SELECT 1\"});", "COMMIT"},
  };
  for (const auto& [line, word] : cases) {
    auto p = testkit::MakeProject(GetParam(), "txctl");
    p.WriteMigration("001_x.js", Migration(line));
    testkit::WriteAlabYaml(p);
    auto r = testing::RunAlab({"migrate"}, p.dir->path());
    EXPECT_EQ(r.exit_code, 1) << line << "\n" << r.err;
    EXPECT_NE(r.err.find("migrations/001_x.js:6:"), std::string::npos) << line << "\n" << r.err;
    EXPECT_NE(r.err.find(word + " is a transaction-control statement"), std::string::npos)
        << line << "\n"
        << r.err;
    EXPECT_NE(r.err.find("transaction: false"), std::string::npos) << r.err;
    auto conn = testkit::ConnectOrDie(p.cfg);
    const std::string tables =
        GetParam() == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE name IN ('r', 'app_acct', 'alab_migrations')"
            : "SELECT table_name FROM information_schema.tables WHERE table_name IN ('r', "
              "'app_acct', "
              "'alab_migrations') AND table_schema = current_schema()";
    EXPECT_EQ(testkit::RowsText(*conn, tables), "") << line;
  }
  // Hooks, up and down.
  for (const char* hooks : {"  up_hook(h) { h.before(\"SELECT 1; COMMIT\"); },\n",
                            "  down_hook(h) { h.after(\"ROLLBACK\"); },\n"}) {
    auto p = testkit::MakeProject(GetParam(), "txhook");
    p.WriteMigration("001_x.js", Migration("", hooks));
    testkit::WriteAlabYaml(p);
    auto r = testing::RunAlab({"migrate"}, p.dir->path());
    EXPECT_EQ(r.exit_code, 1) << hooks << "\n" << r.err;
    EXPECT_NE(r.err.find("migrations/001_x.js:4:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("is a transaction-control statement"), std::string::npos) << r.err;
    auto conn = testkit::ConnectOrDie(p.cfg);
    EXPECT_EQ(testkit::RowsText(*conn, GetParam() == "sqlite"
                                           ? "SELECT count(*) FROM sqlite_master"
                                           : "SELECT count(*) FROM information_schema.tables "
                                             "WHERE table_schema = current_schema()"),
              "0\n");
  }
}

TEST_P(TransactionControlTest, LookAlikesAreAccepted) {
  auto p = testkit::MakeProject(GetParam(), "txok");
  const bool pg = GetParam() == "postgres";
  p.WriteMigration(
      "001_x.js",
      Migration(std::string("    m.sql(\"INSERT INTO app_acct (id) VALUES "
                            "('00000000-0000-4000-8000-000000000001') -- COMMIT\");\n") +
                "    m.sql(\"SELECT 'BEGIN; COMMIT'\");\n" +
                (pg ? "    m.sql({postgres: \"DO $$ BEGIN PERFORM 1; END $$\"});\n"
                    : "    m.sql({sqlite: \"CREATE TRIGGER trg AFTER INSERT ON app_acct BEGIN "
                      "SELECT 1; END\"});\n")));
  testkit::WriteAlabYaml(p);
  auto r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto conn = testkit::ConnectOrDie(p.cfg);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT id FROM app_acct"),
            "00000000-0000-4000-8000-000000000001\n");
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM r"), "0\n");
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations"), "001\n");
}

// A connection whose statement `trigger` also ends the open transaction (what a statement the
// loader cannot recognise could do): the runner must notice before recording the migration.
class CommittingConnection : public dialect::Connection {
 public:
  CommittingConnection(std::unique_ptr<dialect::Connection> inner, std::string trigger)
      : Connection(inner->dialect()), inner_(std::move(inner)), trigger_(std::move(trigger)) {}
  Status Exec(const std::string& sql) override {
    Status s = inner_->Exec(sql);
    if (s.ok() && sql.find(trigger_) != std::string::npos) return inner_->Commit();
    return s;
  }
  Expected<dialect::QueryResult> Query(const std::string& sql,
                                       const std::vector<std::string>& params) override {
    return inner_->Query(sql, params);
  }
  Status Begin() override { return inner_->Begin(); }
  Status BeginSnapshot() override { return inner_->BeginSnapshot(); }
  Status Commit() override { return inner_->Commit(); }
  Status Rollback() override { return inner_->Rollback(); }
  bool InTransaction() override { return inner_->InTransaction(); }
  Status BeginRebuild(const dialect::Statement& st) override { return inner_->BeginRebuild(st); }
  Status EndRebuild(const dialect::Statement& st) override { return inner_->EndRebuild(st); }
  std::string redacted_url() const override { return inner_->redacted_url(); }
  Expected<bool> HasTable(const std::string& name) override { return inner_->HasTable(name); }

 private:
  std::unique_ptr<dialect::Connection> inner_;
  std::string trigger_;
};

TEST_P(TransactionControlTest, AnEndedTransactionIsNotRecorded) {
  auto p = testkit::MakeProject(GetParam(), "txended");
  p.WriteMigration("001_x.js", Migration("    m.sql(\"CREATE TABLE ended_here (n INTEGER)\");"));
  testkit::WriteAlabYaml(p);
  auto plan = testkit::PlanOrDie(p.cfg);
  const PlannedMigration* pm = plan->Find("001");
  ASSERT_NE(pm, nullptr);
  {
    auto base = testkit::ConnectOrDie(p.cfg);
    ASSERT_TRUE(EnsureHistoryTable(*base).ok());
  }
  CommittingConnection conn(testkit::ConnectOrDie(p.cfg), "ended_here");
  auto r = ApplyMigration(conn, *pm, false);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("a statement ended the migration's transaction"),
            std::string::npos)
      << r.error().message;
  auto check = testkit::ConnectOrDie(p.cfg);
  EXPECT_EQ(testkit::RowsText(*check, "SELECT count(*) FROM alab_migrations"), "0\n");
}

INSTANTIATE_TEST_SUITE_P(Runner, TransactionControlTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
