// alab seed on both dialects: one transaction over every file, the failing statement named
// as file:line with the database's message, nothing half-loaded; folders load in name order;
// statements that would end the transaction are refused before anything runs.
#include <gtest/gtest.h>

#include "data/data_test_util.h"

namespace alab::data {
namespace {

using testing::TwoDatabases;

class DataSeed : public TwoDatabases {
 protected:
  void SetUp() override {
    TwoDatabases::SetUp();
    if (IsSkipped()) return;
    Exec(*dst_, "CREATE TABLE \"t\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"name\" TEXT NOT NULL)");
    Exec(*dst_, "INSERT INTO \"t\" VALUES (100, 'before')");
  }
  size_t Count() {
    auto r = dst_->Query("SELECT count(*) FROM \"t\"");
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r ? std::stoul(*r->rows[0][0]) : 0;
  }
};

TEST_P(DataSeed, ThirdStatementFailsNothingLoadedAndFileLineReported) {
  std::string text =
      "-- seed\n"
      "INSERT INTO \"t\" VALUES (1, 'one');\n"
      "INSERT INTO \"t\" VALUES\n"
      "  (2, 'two; still two');\n"
      "/* the duplicate key */\n"
      "\n"
      "INSERT INTO \"t\"\n"
      "  VALUES (1, 'again');\n"
      "INSERT INTO \"t\" VALUES (3, 'three');\n";
  auto r = SeedText(*dst_, text, "bad.sql");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ExitCode::kIo);
  EXPECT_EQ(r.error().message.rfind("bad.sql:7: ", 0), 0u) << r.error().message;
  EXPECT_NE(r.error().message.find(pg() ? "duplicate key" : "UNIQUE constraint failed"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(Count(), 1u);  // only the row from before
  // The connection is usable afterwards and a good seed loads.
  auto ok =
      SeedText(*dst_, "INSERT INTO \"t\" VALUES (1, 'one');\nINSERT INTO \"t\" VALUES (2, 'two')",
               "good.sql");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->statements, 2);
  EXPECT_EQ(Count(), 3u);
}

TEST_P(DataSeed, FolderLoadsInNameOrderAsOneTransaction) {
  dir_.Write("seeds/02_more.sql", "UPDATE \"t\" SET \"name\" = 'renamed' WHERE \"id\" = 1;\n");
  dir_.Write("seeds/01_first.sql", "INSERT INTO \"t\" VALUES (1, 'first');\n");
  dir_.Write("seeds/03_empty.sql", "");
  dir_.Write("seeds/notes.txt", "not sql");
  auto files = SeedFiles(dir_ / "seeds", "seeds");
  ASSERT_TRUE(files.ok()) << files.error().message;
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].shown, "seeds/01_first.sql");
  auto r = Seed(*dst_, *files);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->statements, 2);
  auto rows = Rows(*dst_, "t", {"name"});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0][0]->find("renamed"), std::string::npos);
  // A failure in the last file undoes the first.
  dir_.Write("seeds/04_bad.sql",
             "INSERT INTO \"t\" VALUES (5, 'five');\nINSERT INTO \"missing\" VALUES (1);\n");
  auto again = SeedFiles(dir_ / "seeds", "seeds");
  ASSERT_TRUE(again.ok());
  Exec(*dst_, "DELETE FROM \"t\" WHERE \"id\" = 1");
  auto bad = Seed(*dst_, *again);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.rfind("seeds/04_bad.sql:2: ", 0), 0u) << bad.error().message;
  EXPECT_EQ(Count(), 1u);
}

TEST_P(DataSeed, TransactionControlAndBrokenFilesAreRefusedBeforeAnythingRuns) {
  auto r = SeedText(*dst_, "INSERT INTO \"t\" VALUES (1, 'x');\n  commit;\n", "tx.sql");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ExitCode::kUserError);
  EXPECT_EQ(r.error().message.rfind("tx.sql:2: 'COMMIT' would end the transaction", 0), 0u)
      << r.error().message;
  auto q =
      SeedText(*dst_, "INSERT INTO \"t\" VALUES (1, 'x');\nINSERT INTO \"t\" VALUES (2, 'open\n",
               "quote.sql");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().message, "quote.sql: line 2: unterminated string");
  EXPECT_EQ(Count(), 1u);
  auto missing = SeedFiles(dir_ / "nope.sql", "nope.sql");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "nope.sql: no such file or folder");
  auto empty = SeedText(*dst_, "-- nothing yet\n", "empty.sql");
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(empty->statements, 0);
}

TEST_P(DataSeed, DialectQuotingRunsOnTheRealDatabase) {
  // Semicolons inside a dollar-quoted function body and an E'' string (PostgreSQL), inside
  // a trigger body and [bracketed] / `backquoted` identifiers (SQLite).
  std::string text =
      pg() ? "CREATE FUNCTION seven() RETURNS int AS $f$ SELECT 7; $f$ LANGUAGE sql;\n"
             "INSERT INTO \"t\" VALUES (seven(), E'semi;\\'colon');\n"
             "/* nested /* comment; */ */ INSERT INTO \"t\" VALUES (8, $$dollar;'$$);\n"
           : "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
             "  UPDATE t SET name = name || ';' WHERE id = new.id;\nEND;\n"
             "INSERT INTO [t] VALUES (7, 'semi;''colon');\n"
             "INSERT INTO `t` VALUES (8, 'dollar;''');\n";
  auto r = SeedText(*dst_, text);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->statements, 3);
  auto rows = dst_->Query("SELECT \"name\" FROM \"t\" WHERE \"id\" IN (7, 8) ORDER BY \"id\"");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->rows.size(), 2u);
  EXPECT_EQ(*rows->rows[0][0], pg() ? "semi;'colon" : "semi;'colon;");
  EXPECT_EQ(*rows->rows[1][0], pg() ? "dollar;'" : "dollar;';");
}

INSTANTIATE_TEST_SUITE_P(Dialects, DataSeed, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace alab::data
