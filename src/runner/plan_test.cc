#include "runner/plan.h"

#include <gtest/gtest.h>

#include "migration/load.h"

namespace alab::runner {
namespace {

std::vector<migration::Migration> TwoMigrations() {
  diag::DiagnosticSink diags;
  std::vector<migration::Migration> out;
  out.push_back(migration::LoadMigrationText("migrations/001_a.js", R"JS(export default migration({
  up_revision: "001", down_revision: null,
  up(m) { m.create_table("app.user", (t) => { t.id(); t.string("email", 80); }); },
  down(m) { m.drop_table("app.user"); },
});
)JS",
                                             diags));
  out.push_back(migration::LoadMigrationText("migrations/002_b.js", R"JS(export default migration({
  up_revision: "002", down_revision: "001",
  up(m) { m.alter_column("app.user", "email", (c) => c.set_type("string", 120)); },
  down(m) { m.alter_column("app.user", "email", (c) => c.set_type("string", 80)); },
});
)JS",
                                             diags));
  EXPECT_FALSE(diags.has_errors()) << diags.Render();
  return out;
}

std::string Sql(const std::vector<dialect::Statement>& stmts) {
  std::string out;
  for (const auto& s : stmts) out += s.sql + ";\n";
  return out;
}

// Rendering each operation while replaying (no schema copies) gives the SQL RenderAll
// gives; without down() only the down side is missing, and says why.
TEST(PlanTest, UpOnlyPlanRendersTheSameUpSql) {
  for (const char* dialect : {"sqlite", "postgres"}) {
    auto full = BuildPlanFrom(TwoMigrations(), dialect);
    auto up_only = BuildPlanFrom(TwoMigrations(), dialect, /*with_down=*/false);
    ASSERT_TRUE(full.ok()) << full.error().message;
    ASSERT_TRUE(up_only.ok()) << up_only.error().message;
    ASSERT_EQ((*full)->ordered.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
      const auto& a = (*full)->ordered[i];
      const auto& b = (*up_only)->ordered[i];
      EXPECT_EQ(Sql(a.up), Sql(b.up)) << dialect;
      EXPECT_EQ(a.sql_checksum, b.sql_checksum);
      EXPECT_FALSE(a.down.empty());
      EXPECT_TRUE(a.down_error.empty());
      EXPECT_TRUE(b.down.empty());
      EXPECT_FALSE(b.down_error.empty());
    }
    // The second migration's type change is a table rebuild on SQLite: it rendered from
    // the state the first one left.
    if (std::string(dialect) == "sqlite") {
      EXPECT_NE(Sql((*full)->ordered[1].up).find("VARCHAR(120)"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace alab::runner
