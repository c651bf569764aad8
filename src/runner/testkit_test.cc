#include "runner/runner_test_util.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "base/strings.h"
#include "runner/tracking.h"

namespace alab::runner::testkit {

void Project::WriteMigration(const std::string& name, const std::string& text) const {
  dir->Write("migrations/" + name, text);
}

Project MakeProject(const std::string& dialect, const std::string& name_hint) {
  Project p;
  p.in_use = std::make_unique<testing::DialectInUse>(dialect);
  p.dir = std::make_unique<testing::TempDir>();
  p.cfg.root = p.dir->path();
  p.cfg.dialect = dialect;
  p.cfg.migrations_dir = p.dir->path() / "migrations";
  p.cfg.schemas_dir = p.dir->path() / "schemas";
  std::filesystem::create_directories(p.cfg.migrations_dir);
  std::filesystem::create_directories(p.cfg.schemas_dir);
  p.cfg.url = testing::OnTestServer(dialect)
                  ? testing::FreshDatabaseUrl(dialect, p.dir->path(), name_hint)
                  : (p.dir->path() / "app.db").string();
  return p;
}

void WriteAlabYaml(const Project& p) {
  p.dir->Write("alab.yaml",
               fmt::format("database:\n  dialect: {}\n  url: \"{}\"\n", p.cfg.dialect, p.cfg.url));
}

std::unique_ptr<dialect::Connection> ConnectOrDie(const config::Config& cfg) {
  auto c = dialect::GetDialect(cfg.dialect).Connect(cfg.url);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  if (!c.ok()) return nullptr;
  return std::move(*c);
}

std::string RowsText(dialect::Connection& conn, const std::string& sql) {
  auto r = conn.Query(sql);
  if (!r.ok()) return "ERROR: " + r.error().message + "\n";
  std::string out;
  for (const auto& row : r->rows) {
    std::vector<std::string> cells;
    for (const auto& v : row) cells.push_back(v ? *v : "\\N");
    out += Join(cells, "|") + "\n";
  }
  return out;
}

namespace {

// The CHECK (...) clauses of a CREATE TABLE text, normalised for whitespace, sorted.
std::string ChecksOf(const std::string& create_sql) {
  std::vector<std::string> checks;
  std::string up = ToLower(create_sql);
  size_t pos = 0;
  while ((pos = up.find("check", pos)) != std::string::npos) {
    size_t open = up.find('(', pos);
    if (open == std::string::npos) break;
    int depth = 0;
    size_t i = open;
    for (; i < up.size(); ++i) {
      if (up[i] == '(') ++depth;
      if (up[i] == ')' && --depth == 0) break;
    }
    std::string expr;
    for (size_t k = open; k <= i && k < up.size(); ++k) {
      if (!std::isspace(static_cast<unsigned char>(up[k]))) expr += up[k];
    }
    checks.push_back(expr);
    pos = i;
  }
  std::sort(checks.begin(), checks.end());
  return Join(checks, " ");
}

std::string SqliteSnapshot(dialect::Connection& conn) {
  std::string out;
  auto tables = conn.Query(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "AND name NOT IN ('alab_migrations', 'alab_migration_steps') ORDER BY name");
  if (!tables.ok()) return "ERROR: " + tables.error().message;
  for (const auto& t : tables->rows) {
    std::string name = t[0].value_or("");
    out += "table " + name + "\n";
    // Columns by name: a table rebuild may write them in another (canonical) order.
    out +=
        RowsText(conn, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('" +
                           name + "') ORDER BY name");
    auto idx = conn.Query("SELECT name, \"unique\", origin, partial FROM pragma_index_list('" +
                          name + "') ORDER BY name");
    if (idx.ok()) {
      for (const auto& i : idx->rows) {
        std::string iname = i[0].value_or("");
        // Autoindex names embed a counter that a rebuild may change; key them by columns.
        std::string cols =
            RowsText(conn, "SELECT name FROM pragma_index_info('" + iname + "') ORDER BY seqno");
        cols = ReplaceAll(cols, "\n", ",");
        std::string shown = StartsWith(iname, "sqlite_autoindex_") ? "autoindex" : iname;
        out += fmt::format("  index {} unique={} origin={} partial={} cols={}\n", shown,
                           i[1].value_or(""), i[2].value_or(""), i[3].value_or(""), cols);
      }
    }
    out += RowsText(
        conn,
        "SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('" +
            name + "') ORDER BY id, seq");
    out += "  checks " + ChecksOf(t[1].value_or("")) + "\n";
  }
  out += RowsText(
      conn,
      "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') "
      "AND sql IS NOT NULL ORDER BY type, name");
  return out;
}

std::string PgSnapshot(dialect::Connection& conn) {
  std::string out;
  out += RowsText(
      conn,
      "SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, "
      "numeric_scale, is_nullable, column_default FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name NOT IN ('alab_migrations', "
      "'alab_migration_steps') "
      "ORDER BY table_name, column_name");
  out += RowsText(
      conn,
      "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
      "AND tablename NOT IN ('alab_migrations', 'alab_migration_steps') ORDER BY tablename, "
      "indexname");
  out += RowsText(
      conn,
      "SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid) "
      "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
      "WHERE n.nspname = current_schema() AND c.conrelid::regclass::text NOT IN "
      "('alab_migrations', 'alab_migration_steps') "
      "ORDER BY 1, 2");
  return out;
}

}  // namespace

std::string CatalogSnapshot(dialect::Connection& conn) {
  return conn.dialect().name() == "sqlite" ? SqliteSnapshot(conn) : PgSnapshot(conn);
}

std::unique_ptr<Plan> PlanOrDie(const config::Config& cfg) {
  diag::DiagnosticSink diags;
  auto plan = BuildPlan(cfg, diags);
  EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message) << "\n" << diags.Render();
  if (!plan.ok()) return nullptr;
  return std::move(*plan);
}

Output Captured::output() {
  Output o;
  o.info = [this](const std::string& s) { info += s + "\n"; };
  o.warn = [this](const std::string& s) { warn += s + "\n"; };
  return o;
}

}  // namespace alab::runner::testkit
