// `alab schema -f sql` on a schema whose foreign keys form a cycle: the script loads into a
// real database on both dialects and leaves every foreign key in place.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "dialect/registry.h"
#include "test_support.h"

namespace alab::cli {
namespace {

using ::alab::testing::RunAlab;
using ::alab::testing::RunResult;
using ::alab::testing::TempDir;

RunResult Alab(const std::vector<std::string>& args, const TempDir& dir) {
  ::unsetenv("DATABASE_URL");
  return RunAlab(args, dir.path(), {"NO_COLOR=1"});
}

// Runs the script one statement at a time (each ends with ";\n"; "--" lines are comments).
void Load(dialect::Connection& conn, const std::string& script) {
  size_t start = 0;
  for (size_t end; (end = script.find(";\n", start)) != std::string::npos; start = end + 2) {
    std::string stmt = script.substr(start, end - start);
    while (stmt.rfind("--", 0) == 0 || stmt.rfind("\n", 0) == 0) {
      size_t nl = stmt.find('\n');
      stmt = nl == std::string::npos ? "" : stmt.substr(nl + 1);
    }
    if (stmt.empty()) continue;
    Status st = conn.Exec(stmt);
    ASSERT_TRUE(st.ok()) << stmt << ": " << st.error().message;
  }
}

// app.author -> app.book -> app.author (both optional, so the schema is valid), and
// app.award -> app.zone, a reference to a table that sorts later.
void WriteCycle(const TempDir& dir) {
  ASSERT_EQ(Alab({"init", "-q"}, dir).exit_code, 0);
  dir.Write("schemas/app/author.js",
            "export default table({\n  id: col.id(),\n  favorite: "
            "col.belongs_to(\".book\").optional(),\n});\n");
  dir.Write("schemas/app/book.js",
            "export default table({\n  id: col.id(),\n  author: "
            "col.belongs_to(\".author\").optional(),\n});\n");
  dir.Write("schemas/app/award.js",
            "export default table({\n  id: col.id(),\n  zone: col.belongs_to(\".zone\"),\n});\n");
  dir.Write("schemas/app/zone.js",
            "export default table({\n  id: col.id(),\n  name: col.string(50),\n});\n");
}

TEST(CliSchemaSqlTest, ForeignKeyCycleLoadsOnPostgres) {
  ALAB_REQUIRE_PG();
  TempDir dir;
  WriteCycle(dir);
  RunResult r =
      Alab({"--database-url", "postgresql://u@/db?host=/nowhere", "schema", "-f", "sql"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The cycle is broken at its smallest table: app.author is created without its foreign key
  // to app.book, which is added after the last table; app.zone comes before app.award.
  size_t author = r.out.find("CREATE TABLE \"app_author\"");
  size_t book = r.out.find("CREATE TABLE \"app_book\"");
  size_t zone = r.out.find("CREATE TABLE \"app_zone\"");
  size_t award = r.out.find("CREATE TABLE \"app_award\"");
  size_t alter = r.out.find("ALTER TABLE \"app_author\" ADD CONSTRAINT");
  ASSERT_NE(alter, std::string::npos) << r.out;
  EXPECT_LT(author, book) << r.out;
  EXPECT_LT(zone, award) << r.out;
  EXPECT_GT(alter, std::max(book, award)) << r.out;

  std::string url = ::alab::testing::CreatePgDatabase("schema_fk_cycle");
  auto conn = dialect::GetDialect("postgres").Connect(url);
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  Load(**conn, r.out);
  auto fks = (*conn)->Query(
      "SELECT conrelid::regclass::text || '->' || confrelid::regclass::text FROM pg_constraint "
      "WHERE contype = 'f' ORDER BY 1");
  ASSERT_TRUE(fks.ok()) << fks.error().message;
  std::vector<std::string> got;
  for (const auto& row : fks->rows) got.push_back(row[0].value_or(""));
  EXPECT_EQ(got, (std::vector<std::string>{"app_author->app_book", "app_award->app_zone",
                                           "app_book->app_author"}));
}

TEST(CliSchemaSqlTest, ForeignKeyCycleLoadsOnSqlite) {
  TempDir dir;
  WriteCycle(dir);
  RunResult r = Alab({"schema", "-f", "sql"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // SQLite accepts a reference to a table created later: every foreign key stays in its
  // CREATE TABLE and nothing is altered afterwards.
  EXPECT_EQ(r.out.find("ALTER TABLE"), std::string::npos) << r.out;
  auto conn = dialect::GetDialect("sqlite").Connect((dir / "loaded.db").string());
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  Load(**conn, r.out);
  auto fks = (*conn)->Query(
      "SELECT m.name || '->' || f.\"table\" FROM sqlite_master m, pragma_foreign_key_list(m.name) "
      "f "
      "WHERE m.type = 'table' ORDER BY 1");
  ASSERT_TRUE(fks.ok()) << fks.error().message;
  std::vector<std::string> got;
  for (const auto& row : fks->rows) got.push_back(row[0].value_or(""));
  EXPECT_EQ(got, (std::vector<std::string>{"app_author->app_book", "app_award->app_zone",
                                           "app_book->app_author"}));
}

}  // namespace
}  // namespace alab::cli
