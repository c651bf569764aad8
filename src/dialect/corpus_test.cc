// The introspection corpus: testdata/corpus/<dialect>/<case>/{current,desired}.sql.
// Each pair is loaded into two databases, both are introspected, the diff is rendered and
// applied to the first, and the first must then read back as the second; then the
// reverse direction.
#include <filesystem>

#include <gtest/gtest.h>

#include "dialect/registry.h"

#include "dialect/compare.h"
#include "dialect/dialect.h"
#include "dialect/inspect.h"
#include "dialect/inspect_test_util.h"
#include "test_support.h"

namespace alab::dialect {
namespace {

namespace fs = std::filesystem;
using alab::testing::ReadText;
using alab::testing::TempDir;

struct CorpusCase {
  std::string dialect;
  std::string name;
};

std::vector<CorpusCase> Cases() {
  std::vector<CorpusCase> out;
  for (const char* d : {"postgres", "sqlite"}) {
    fs::path dir = alab::testing::SourceDir() / "testdata/corpus" / d;
    if (!fs::exists(dir)) continue;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_directory()) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    for (auto& n : names) out.push_back({d, n});
  }
  return out;
}

// Two databases (PostgreSQL: two schemas of one database, one connection each).
struct Pair {
  std::unique_ptr<Connection> a, b;
};

Pair OpenPair(const CorpusCase& c, const TempDir& dir, int round) {
  Pair p;
  if (c.dialect == "sqlite") {
    p.a = testing::OpenFresh("sqlite", dir, "a" + std::to_string(round));
    p.b = testing::OpenFresh("sqlite", dir, "b" + std::to_string(round));
    return p;
  }
  std::string url = alab::testing::CreatePgDatabase("corpus_" + c.name.substr(0, 20));
  for (auto* slot : {&p.a, &p.b}) {
    auto conn = GetDialect("postgres").Connect(url);
    if (!conn) {
      ADD_FAILURE() << conn.error().message;
      return {};
    }
    std::string schema = slot == &p.a ? "db_one" : "db_two";
    EXPECT_TRUE((*conn)->Exec("CREATE SCHEMA IF NOT EXISTS " + schema).ok());
    EXPECT_TRUE((*conn)->Exec("SET search_path TO " + schema + ", public").ok());
    *slot = std::move(*conn);
  }
  return p;
}

void PrintTo(const CorpusCase& c, std::ostream* os) { *os << c.dialect << "/" << c.name; }

class CorpusTest : public ::testing::TestWithParam<CorpusCase> {};

void Converge(const CorpusCase& c, const std::string& from_sql, const std::string& to_sql,
              int round) {
  SCOPED_TRACE(round == 0 ? "current -> desired" : "desired -> current");
  TempDir dir;
  Pair p = OpenPair(c, dir, round);
  ASSERT_TRUE(p.a && p.b);
  Status la = testing::ExecScript(*p.a, from_sql);
  ASSERT_TRUE(la.ok()) << la.error().message;
  Status lb = testing::ExecScript(*p.b, to_sql);
  ASSERT_TRUE(lb.ok()) << lb.error().message;
  auto from = Inspect(*p.a);
  auto to = Inspect(*p.b);
  ASSERT_TRUE(from.ok()) << from.error().message;
  ASSERT_TRUE(to.ok()) << to.error().message;
  auto d = MakeDialect(c.dialect);
  auto stmts = RenderAll(*d, diff::Diff(*from, *to, {}), *from);
  ASSERT_TRUE(stmts.ok()) << stmts.error().message;
  std::string sql;
  for (const auto& s : *stmts) sql += s.sql + ";\n";
  Status applied = testing::ExecStatements(*p.a, *stmts);
  ASSERT_TRUE(applied.ok()) << applied.error().message << "\nSQL:\n" << sql;
  auto after = Inspect(*p.a);
  ASSERT_TRUE(after.ok()) << after.error().message;
  std::vector<std::string> lines;
  for (const auto& diff : CompareSchemas(GetDialect(c.dialect), *to, *after))
    lines.push_back(DescribeDifference(diff));
  EXPECT_EQ(lines, std::vector<std::string>{}) << "SQL:\n" << sql;
  EXPECT_TRUE(diff::Diff(*to, Reconcile(GetDialect(c.dialect), *to, *after), {}).empty())
      << "SQL:\n"
      << sql;
}

TEST_P(CorpusTest, ConvergesBothWays) {
  const CorpusCase& c = GetParam();
  if (c.dialect == "postgres") ALAB_REQUIRE_PG();
  fs::path dir = alab::testing::SourceDir() / "testdata/corpus" / c.dialect / c.name;
  std::string current = ReadText(dir / "current.sql");
  std::string desired = ReadText(dir / "desired.sql");
  Converge(c, current, desired, 0);
  Converge(c, desired, current, 1);
}

TEST(CorpusSize, HasEnoughCases) {
  int pg = 0, lite = 0;
  for (const auto& c : Cases()) (c.dialect == "postgres" ? pg : lite) += 1;
  EXPECT_GE(pg, 50);
  EXPECT_GE(lite, 25);
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<CorpusCase>& info) {
                           return info.param.dialect + "_" + info.param.name;
                         });

}  // namespace
}  // namespace alab::dialect
