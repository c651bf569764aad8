// `alab seed` and `alab dump` end to end through the built binary on both dialects: the
// round trip through files and stdout, --table and its did-you-mean, and the exit codes
// (0 ok, 1 user error, 2 usage, 3 database failure).
#include <gtest/gtest.h>

#include "data/data_test_util.h"

namespace alab::data {
namespace {

using alab::testing::RunAlab;
using alab::testing::RunResult;
using testing::TwoDatabases;

class DataCli : public TwoDatabases {
 protected:
  void SetUp() override {
    TwoDatabases::SetUp();
    if (IsSkipped()) return;
    ASSERT_EQ(RunAlab({"init"}, dir_.path()).exit_code, 0);
    Exec(*src_,
         "CREATE TABLE \"items\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"name\" TEXT NOT NULL)");
    Exec(*src_, "CREATE TABLE \"tags\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"label\" TEXT)");
    Exec(*src_, "INSERT INTO \"items\" VALUES (2, 'it''s'), (1, 'a\\b')");
    Exec(*src_, "INSERT INTO \"tags\" VALUES (1, NULL)");
  }
  RunResult Alab(const std::string& url, std::vector<std::string> args) {
    args.insert(args.begin(), {"--no-color", "--database-url", url});
    return RunAlab(args, dir_.path());
  }
};

TEST_P(DataCli, DumpToFileAndStdoutThenSeedRoundTrips) {
  RunResult out = Alab(src_url_, {"dump"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  RunResult file = Alab(src_url_, {"dump", "-o", "snap.sql"});
  ASSERT_EQ(file.exit_code, 0) << file.err;
  EXPECT_EQ(file.out, "");
  EXPECT_NE(file.err.find("dumped 3 rows of 2 tables to snap.sql"), std::string::npos) << file.err;
  EXPECT_EQ(dir_.Read("snap.sql"), out.out);
  RunResult seed = Alab(dst_url_, {"seed", "snap.sql"});
  ASSERT_EQ(seed.exit_code, 0) << seed.err;
  EXPECT_EQ(seed.out.rfind("seeded ", 0), 0u) << seed.out;
  EXPECT_EQ(Rows(*src_, "items", {"id", "name"}), Rows(*dst_, "items", {"id", "name"}));
  EXPECT_EQ(Rows(*src_, "tags", {"id", "label"}), Rows(*dst_, "tags", {"id", "label"}));
  RunResult again = Alab(dst_url_, {"dump"});
  EXPECT_EQ(again.out, out.out);
  // --quiet prints nothing on success.
  RunResult quiet = Alab(src_url_, {"--quiet", "dump", "--data-only", "-o", "q.sql"});
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.out + quiet.err, "");
}

TEST_P(DataCli, TableFilterAndUnknownTable) {
  RunResult one = Alab(src_url_, {"dump", "--data-only", "--table", "tags"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.out.find("INSERT INTO \"tags\""), std::string::npos);
  EXPECT_EQ(one.out.find("items"), std::string::npos) << one.out;
  EXPECT_EQ(one.out.find("CREATE TABLE"), std::string::npos);
  RunResult bad = Alab(src_url_, {"dump", "--table", "itmes"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "alab: error: unknown table 'itmes'; did you mean 'items'?\n");
  EXPECT_EQ(bad.out, "");
}

TEST_P(DataCli, SeedExitCodes) {
  Exec(*dst_,
       "CREATE TABLE \"items\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"name\" TEXT NOT NULL)");
  dir_.Write("bad.sql",
             "INSERT INTO \"items\" VALUES (1, 'x');\nINSERT INTO \"items\" VALUES (2, NULL);\n");
  RunResult db = Alab(dst_url_, {"seed", "bad.sql"});
  EXPECT_EQ(db.exit_code, 3) << db.err;
  EXPECT_EQ(db.err.rfind("alab: error: bad.sql:2: ", 0), 0u) << db.err;
  EXPECT_EQ(Rows(*dst_, "items", {"id"}).size(), 0u);
  RunResult missing = Alab(dst_url_, {"seed", "nope.sql"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "alab: error: nope.sql: no such file or folder\n");
  dir_.Write("tx.sql", "BEGIN;\nINSERT INTO \"items\" VALUES (1, 'x');\n");
  EXPECT_EQ(Alab(dst_url_, {"seed", "tx.sql"}).exit_code, 1);
  EXPECT_EQ(Alab(dst_url_, {"seed"}).exit_code, 2);
  EXPECT_EQ(Alab(dst_url_, {"dump", "--bogus"}).exit_code, 2);
  RunResult help = RunAlab({"seed", "--help"}, dir_.path());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("alab seed seeds/dev.sql"), std::string::npos) << help.out;
  EXPECT_NE(
      RunAlab({"dump", "--help"}, dir_.path()).out.find("alab dump --data-only -o seeds/dev.sql"),
      std::string::npos);
}

TEST_P(DataCli, UnreachableDatabaseIsExitThree) {
  // A database that does not exist on the test server; a SQLite file in a missing folder.
  std::string url = (dir_ / "no_such_dir" / "x.db").string();
  if (pg()) {
    auto q = src_url_.find('?');
    url = src_url_.substr(0, src_url_.rfind('/', q) + 1) + "alab_no_such_db" + src_url_.substr(q);
  }
  RunResult d = Alab(url, {"dump"});
  EXPECT_EQ(d.exit_code, 3) << d.err;
  dir_.Write("ok.sql", "SELECT 1;\n");
  RunResult s = Alab(url, {"seed", "ok.sql"});
  EXPECT_EQ(s.exit_code, 3) << s.err;
}

INSTANTIATE_TEST_SUITE_P(Dialects, DataCli, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace alab::data
