// Introspection of 1,000 tables (10 columns, 1 index, 1 foreign key each) on both
// dialects: the time is measured and printed (never asserted); the result is checked.
#include <chrono>
#include <cstdio>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "dialect/inspect.h"
#include "dialect/inspect_test_util.h"
#include "test_support.h"

namespace alab::drift {
namespace {

std::string ThousandTablesSql(const std::string& dialect) {
  std::string id = dialect == "postgres" ? "uuid PRIMARY KEY DEFAULT gen_random_uuid()"
                                         : "TEXT NOT NULL PRIMARY KEY";
  std::string uuid = dialect == "postgres" ? "uuid" : "TEXT";
  std::string out;
  for (int i = 0; i < 1000; ++i) {
    std::string fk = i == 0 ? ""
                            : fmt::format(
                                  ", CONSTRAINT fk_t{0}_parent_id FOREIGN KEY (parent_id) "
                                  "REFERENCES t{1} (id) ON DELETE CASCADE",
                                  i, i - 1);
    out += fmt::format(
        "CREATE TABLE t{0} (id {1}, parent_id {2}, name VARCHAR(100) NOT NULL, note TEXT, qty "
        "INTEGER NOT NULL "
        "DEFAULT 0, price NUMERIC(10,2), ratio REAL, born DATE, seen_at TIMESTAMP, code "
        "VARCHAR(20) DEFAULT 'x'{3});\n"
        "CREATE INDEX idx_t{0}_name ON t{0} (name);\n",
        i, id, uuid, fk);
  }
  return out;
}

class InspectBench : public ::testing::TestWithParam<std::string> {};

TEST_P(InspectBench, ThousandTables) {
  if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  alab::testing::TempDir dir;
  auto conn = dialect::testing::OpenFresh(GetParam(), dir, "bench");
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Begin().ok());
  Status st = dialect::testing::ExecScript(*conn, ThousandTablesSql(GetParam()));
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_TRUE(conn->Commit().ok());
  auto start = std::chrono::steady_clock::now();
  auto s = dialect::Inspect(*conn);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(s.ok()) << s.error().message;
  std::printf("[ BENCH    ] %s: introspected 1,000 tables in %.3f s\n", GetParam().c_str(), secs);
  RecordProperty("seconds", fmt::format("{:.3f}", secs));
  ASSERT_EQ(s->tables.size(), 1000u);
  const schema::Table* t = s->Find("t500");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->columns.size(), 10u);
  ASSERT_EQ(t->indexes.size(), 1u);
  ASSERT_EQ(t->foreign_keys.size(), 1u);
  EXPECT_EQ(t->foreign_keys[0].ref_table, "t499");
}

INSTANTIATE_TEST_SUITE_P(Dialects, InspectBench, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace alab::drift
