// End-to-end tests of init, table, check and schema: the built binary, real files.
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace alab::cli {
namespace {

namespace fs = std::filesystem;
using ::alab::testing::CompareGolden;
using ::alab::testing::RunAlab;
using ::alab::testing::RunResult;
using ::alab::testing::SourceDir;
using ::alab::testing::TempDir;

// Runs alab without the caller's DATABASE_URL (the child inherits this process's environment).
RunResult Alab(const std::vector<std::string>& args, const fs::path& cwd,
               std::vector<std::string> env = {}) {
  ::unsetenv("DATABASE_URL");
  env.push_back("NO_COLOR=1");
  return RunAlab(args, cwd, env);
}

std::string Describe(const RunResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

nlohmann::json CheckJson(const TempDir& dir, std::vector<std::string> args = {},
                         std::vector<std::string> env = {}) {
  args.push_back("check");
  args.push_back("--json");
  RunResult r = Alab(args, dir.path(), env);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << Describe(r);
  return nlohmann::json::parse(r.out.empty() ? "{}" : r.out);
}

TEST(CliInitTest, WritesProjectWithSqliteDefault) {
  TempDir dir;
  RunResult r = Alab({"init"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_TRUE(fs::is_directory(dir / "schemas"));
  EXPECT_TRUE(fs::is_directory(dir / "migrations"));
  EXPECT_TRUE(fs::is_regular_file(dir / "types/alab.d.ts"));
  EXPECT_TRUE(fs::is_regular_file(dir / "tsconfig.json"));
  EXPECT_FALSE(fs::exists(dir / "schemas/auth"));
  const std::string yaml = dir.Read("alab.yaml");
  EXPECT_NE(yaml.find("  dialect: sqlite"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("  url: ./app.db"), std::string::npos) << yaml;
  auto tsconfig = nlohmann::json::parse(dir.Read("tsconfig.json"));
  EXPECT_EQ(tsconfig["compilerOptions"]["checkJs"], true);
  EXPECT_EQ(tsconfig["compilerOptions"]["strict"], true);
  EXPECT_EQ(tsconfig["compilerOptions"]["noEmit"], true);

  nlohmann::json check = CheckJson(dir);
  EXPECT_EQ(check["ok"], true) << check.dump(2);
  EXPECT_EQ(check["config"]["dialect"], "sqlite");
  EXPECT_EQ(check["config"]["url"], (dir / "app.db").string());
  EXPECT_EQ(check["tables"], 0);
}

TEST(CliInitTest, DemoThenCheckPasses) {
  TempDir dir;
  RunResult init = Alab({"init", "--demo", "app"}, dir.path());
  ASSERT_EQ(init.exit_code, 0) << Describe(init);
  for (const char* f : {"schemas/auth/user.js", "schemas/auth/role.js", "schemas/auth/session.js",
                        "schemas/blog/post.js", "schemas/blog/comment.js", "schemas/blog/tag.js"}) {
    EXPECT_TRUE(fs::is_regular_file(dir / "app" / f)) << f;
  }
  // The schema gate passes on the demo as written: no diagnostics at all.
  nlohmann::json j = nlohmann::json::parse(Alab({"check", "--json"}, dir / "app").out);
  EXPECT_EQ(j["gates"][0]["name"], "schema") << j.dump(2);
  EXPECT_EQ(j["gates"][0]["status"], "passed") << j.dump(2);
  EXPECT_EQ(j["tables"], 9);
  // Once its first migration exists, the whole check passes.
  RunResult created = Alab({"new", "init"}, dir / "app");
  ASSERT_EQ(created.exit_code, 0) << Describe(created);
  RunResult check = Alab({"check"}, dir / "app");
  ASSERT_EQ(check.exit_code, 0) << Describe(check);
  EXPECT_EQ(check.out.rfind("ok: 9 tables (2 junction) in 2 namespaces", 0), 0u) << check.out;
}

TEST(CliInitTest, RefusesExistingConfigAndWritesNothing) {
  TempDir dir;
  dir.Write("alab.yaml", "database:\n  url: ./mine.db\n");
  RunResult r = Alab({"init", "--demo"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_NE(r.err.find("already exists; nothing was written"), std::string::npos) << r.err;
  EXPECT_EQ(dir.Read("alab.yaml"), "database:\n  url: ./mine.db\n");
  EXPECT_FALSE(fs::exists(dir / "schemas"));
  EXPECT_FALSE(fs::exists(dir / "types"));
  EXPECT_FALSE(fs::exists(dir / "tsconfig.json"));
}

TEST(CliInitTest, KeepsExistingEditorFiles) {
  TempDir dir;
  dir.Write("tsconfig.json", "{}\n");
  RunResult r = Alab({"init"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_EQ(dir.Read("tsconfig.json"), "{}\n");
  EXPECT_NE(r.out.find("tsconfig.json (kept the existing file)"), std::string::npos) << r.out;
}

TEST(CliTableTest, ScaffoldsValidSchemaFile) {
  TempDir dir;
  ASSERT_EQ(Alab({"init", "-q"}, dir.path()).exit_code, 0);
  RunResult r = Alab({"table", "billing", "invoice"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_EQ(r.out, "created schemas/billing/invoice.js\n");
  const std::string text = dir.Read("schemas/billing/invoice.js");
  EXPECT_NE(text.find("export default table({"), std::string::npos) << text;
  RunResult dotted = Alab({"table", "billing.line_item"}, dir.path());
  ASSERT_EQ(dotted.exit_code, 0) << Describe(dotted);
  EXPECT_TRUE(fs::is_regular_file(dir / "schemas/billing/line_item.js"));

  // The scaffolds are valid schema files (the schema gate passes; later gates want a migration).
  nlohmann::json j = nlohmann::json::parse(Alab({"check", "--json"}, dir.path()).out);
  EXPECT_EQ(j["gates"][0]["status"], "passed") << j.dump(2);
  EXPECT_EQ(j["tables"], 2);
  EXPECT_EQ(j["namespaces"], 1);

  // A second scaffold of the same table refuses and keeps the file.
  dir.Write("schemas/billing/invoice.js", "// edited\n");
  RunResult again = Alab({"table", "billing", "invoice"}, dir.path());
  EXPECT_EQ(again.exit_code, 1) << Describe(again);
  EXPECT_EQ(dir.Read("schemas/billing/invoice.js"), "// edited\n");
}

TEST(CliTableTest, RejectsBadNames) {
  TempDir dir;
  ASSERT_EQ(Alab({"init", "-q"}, dir.path()).exit_code, 0);
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"table", "Auth", "user"},
                                             {"table", "auth", "1user"},
                                             {"table", "auth", "us-er"},
                                             {"table", "auth", "a;drop"},
                                             {"table", "auth", std::string(70, 'x')}}) {
    RunResult r = Alab(args, dir.path());
    EXPECT_EQ(r.exit_code, 1) << args[2] << "\n" << Describe(r);
    EXPECT_NE(r.err.find("alab: error:"), std::string::npos) << r.err;
  }
  EXPECT_EQ(Alab({"table", "auth"}, dir.path()).exit_code, 2);
  EXPECT_TRUE(fs::is_empty(dir / "schemas"));
}

TEST(CliCheckTest, ReportsErrorsWithLocationAndExitsOne) {
  TempDir dir;
  ASSERT_EQ(Alab({"init", "-q"}, dir.path()).exit_code, 0);
  dir.Write("schemas/app/thing.js",
            "export default table({\n  id: col.id(),\n  label: col.strng(),\n});\n");
  RunResult r = Alab({"check"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("schemas/app/thing.js:3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error: unknown column type 'strng'; did you mean 'string'?"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alab: check failed: 1 error, 0 warnings"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("\033["), std::string::npos) << "no colour when not a TTY";

  nlohmann::json j = CheckJson(dir);
  EXPECT_EQ(j["ok"], false);
  ASSERT_EQ(j["diagnostics"].size(), 1u) << j.dump(2);
  EXPECT_EQ(j["diagnostics"][0]["file"], "schemas/app/thing.js");
  EXPECT_EQ(j["diagnostics"][0]["line"], 3);
  EXPECT_GT(j["diagnostics"][0]["col"].get<int>(), 0);
  EXPECT_EQ(j["diagnostics"][0]["severity"], "error");
  EXPECT_EQ(j["errors"], 1);
  EXPECT_EQ(j["gates"][0]["name"], "schema");
  EXPECT_EQ(j["gates"][0]["status"], "failed");
}

TEST(CliCheckTest, NeedsAConfigFile) {
  TempDir dir;
  RunResult r = Alab({"check"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_NE(r.err.find("no alab.yaml"), std::string::npos) << r.err;
}

TEST(CliCheckTest, FindsConfigFromSubfolderAndWithProjectFlag) {
  TempDir dir;
  ASSERT_EQ(Alab({"init", "-q", "--demo"}, dir.path()).exit_code, 0);
  EXPECT_EQ(Alab({"schema", "-f", "json"}, dir / "schemas/blog").exit_code, 0);
  TempDir elsewhere;
  RunResult r = Alab({"-C", dir.path().string(), "schema"}, elsewhere.path());
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
}

constexpr const char* kEnvYaml =
    "database:\n"
    "  dialect: sqlite\n"
    "  url: ./base.db\n"
    "environments:\n"
    "  staging:\n"
    "    url: ./${ALAB_CLI_TEST_DB}.sqlite\n"
    "  local:\n"
    "    url: ./local.db\n";

TEST(CliConfigTest, PrecedenceOfUrlSources) {
  TempDir dir;
  dir.Write("alab.yaml", kEnvYaml);
  fs::create_directories(dir / "schemas");
  EXPECT_EQ(CheckJson(dir)["config"]["url"], (dir / "base.db").string());
  EXPECT_EQ(CheckJson(dir, {"--env", "local"})["config"]["url"], (dir / "local.db").string());
  nlohmann::json from_var = CheckJson(dir, {"--env", "local"}, {"DATABASE_URL=sqlite:envvar.db"});
  EXPECT_EQ(from_var["config"]["url"], (dir / "envvar.db").string());
  EXPECT_EQ(from_var["config"]["dialect"], "sqlite");
  nlohmann::json from_flag = CheckJson(dir, {"--env", "local", "--database-url", "./flag.db"},
                                       {"DATABASE_URL=sqlite:envvar.db"});
  EXPECT_EQ(from_flag["config"]["url"], (dir / "flag.db").string());
  EXPECT_EQ(from_flag["config"]["env"], "local");
}

TEST(CliConfigTest, EnvironmentVariablesInUrls) {
  TempDir dir;
  dir.Write("alab.yaml", kEnvYaml);
  fs::create_directories(dir / "schemas");
  nlohmann::json set = CheckJson(dir, {"--env", "staging"}, {"ALAB_CLI_TEST_DB=stage"});
  EXPECT_EQ(set["config"]["url"], (dir / "stage.sqlite").string());
  EXPECT_EQ(set["config"]["dialect"], "sqlite");

  RunResult unset = Alab({"--env", "staging", "check"}, dir.path());
  EXPECT_EQ(unset.exit_code, 1) << Describe(unset);
  EXPECT_NE(unset.err.find("environment variable 'ALAB_CLI_TEST_DB' is not set"), std::string::npos)
      << unset.err;

  RunResult unknown = Alab({"--env", "prod", "check"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 1) << Describe(unknown);
  EXPECT_NE(unknown.err.find("unknown environment 'prod' (known: local, staging)"),
            std::string::npos)
      << unknown.err;
}

constexpr const char* kSmallSchema = R"(export default table({
  id: col.id(),
  email: col.email().unique(),
  status: col.enum(["active", "banned"]).default("active"),
  score: col.decimal(5, 2).optional(),
}).timestamps().index("status");
)";

TEST(CliSchemaTest, JsonMatchesGolden) {
  TempDir dir;
  ASSERT_EQ(Alab({"init", "-q"}, dir.path()).exit_code, 0);
  dir.Write("schemas/crm/contact.js", kSmallSchema);
  dir.Write("schemas/crm/note.js",
            "export default table({\n  id: col.id(),\n  contact: col.belongs_to(\".contact\"),\n"
            "  body: col.text(),\n});\n");
  RunResult r = Alab({"schema", "-f", "json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_EQ(CompareGolden(SourceDir() / "testdata/cli/schema_json.golden", r.out), "");
  // The output is the IR dump: it parses, and a second run gives the same bytes.
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["tables"].size(), 2u);
  EXPECT_EQ(Alab({"schema", "-f", "json"}, dir.path()).out, r.out);

  RunResult table = Alab({"schema"}, dir.path());
  ASSERT_EQ(table.exit_code, 0) << Describe(table);
  EXPECT_EQ(CompareGolden(SourceDir() / "testdata/cli/schema_table.golden", table.out), "");
}

TEST(CliSchemaTest, SqlPerDialect) {
  TempDir dir;
  ASSERT_EQ(Alab({"init", "-q"}, dir.path()).exit_code, 0);
  dir.Write("schemas/crm/contact.js", kSmallSchema);
  RunResult lite = Alab({"schema", "-f", "sql"}, dir.path());
  ASSERT_EQ(lite.exit_code, 0) << Describe(lite);
  EXPECT_NE(lite.out.find("-- alab schema, dialect: sqlite"), std::string::npos) << lite.out;
  EXPECT_NE(lite.out.find("CREATE TABLE \"crm_contact\""), std::string::npos) << lite.out;
  RunResult pg = Alab({"--database-url", "postgresql://u@/db?host=/nowhere", "schema", "-f", "sql"},
                      dir.path());
  ASSERT_EQ(pg.exit_code, 0) << Describe(pg);
  EXPECT_NE(pg.out.find("-- alab schema, dialect: postgres"), std::string::npos) << pg.out;
  EXPECT_NE(pg.out.find("CREATE TABLE \"crm_contact\""), std::string::npos) << pg.out;
  EXPECT_NE(pg.out, lite.out);
}

TEST(CliSchemaTest, SchemaErrorsExitOne) {
  TempDir dir;
  ASSERT_EQ(Alab({"init", "-q"}, dir.path()).exit_code, 0);
  dir.Write("schemas/crm/contact.js", "export default table({ id: col.id(), x: col.serial() });\n");
  RunResult r = Alab({"schema", "-f", "json"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("schemas/crm/contact.js:1:"), std::string::npos) << r.err;
}

TEST(CliSchemaTest, AtRevisionReplaysMigrations) {
  TempDir dir;
  ASSERT_EQ(Alab({"init", "-q"}, dir.path()).exit_code, 0);
  dir.Write("migrations/001_contacts.js",
            "export default migration({\n  up_revision: \"001\",\n  down_revision: null,\n"
            "  up(m) {\n    m.create_table(\"crm.contact\", (t) => {\n      t.id();\n"
            "      t.string(\"name\", 100);\n    });\n  },\n"
            "  down(m) {\n    m.drop_table(\"crm.contact\");\n  },\n});\n");
  dir.Write(
      "migrations/002_email.js",
      "export default migration({\n  up_revision: \"002\",\n  down_revision: \"001\",\n"
      "  up(m) {\n    m.add_column(\"crm.contact\", (t) => {\n      t.string(\"email\", "
      "255).optional();\n"
      "    });\n  },\n  down(m) {\n    m.drop_column(\"crm.contact\", \"email\");\n  },\n});\n");
  RunResult first = Alab({"schema", "--at", "001", "-f", "json"}, dir.path());
  ASSERT_EQ(first.exit_code, 0) << Describe(first);
  auto j1 = nlohmann::json::parse(first.out);
  ASSERT_EQ(j1["tables"].size(), 1u) << first.out;
  EXPECT_EQ(j1["tables"][0]["columns"].size(), 2u) << first.out;
  RunResult second = Alab({"schema", "--at", "002", "-f", "json"}, dir.path());
  ASSERT_EQ(second.exit_code, 0) << Describe(second);
  auto j2 = nlohmann::json::parse(second.out);
  ASSERT_EQ(j2["tables"].size(), 1u) << second.out;
  EXPECT_EQ(j2["tables"][0]["columns"].size(), 3u) << second.out;
  RunResult missing = Alab({"schema", "--at", "009"}, dir.path());
  EXPECT_EQ(missing.exit_code, 1) << Describe(missing);
  EXPECT_NE(missing.err.find("009"), std::string::npos) << missing.err;
}

TEST(CliUsageTest, VersionHelpAndUsageErrors) {
  TempDir dir;
  RunResult version = Alab({"--version"}, dir.path());
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.out.rfind("alab ", 0) == 0) << version.out;
  EXPECT_EQ(Alab({"no-such-command"}, dir.path()).exit_code, 2);
  EXPECT_EQ(Alab({"schema", "-f", "xml"}, dir.path()).exit_code, 2);
  EXPECT_EQ(Alab({"check", "--no-such-flag"}, dir.path()).exit_code, 2);
  RunResult help = Alab({"--help"}, dir.path());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("init"), std::string::npos);
}

// SPEC §8: `--help` on every command shows an example.
TEST(CliUsageTest, EveryCommandHelpHasAnExample) {
  TempDir dir;
  RunResult help = Alab({"--help"}, dir.path());
  ASSERT_EQ(help.exit_code, 0);
  const size_t at = help.out.find("Subcommands:");
  ASSERT_NE(at, std::string::npos) << help.out;
  std::set<std::string> commands;
  std::stringstream lines(help.out.substr(at));
  for (std::string line; std::getline(lines, line);) {
    // "  name     description": two spaces, then a lowercase command name.
    if (line.size() < 3 || line.rfind("  ", 0) != 0 || !(line[2] >= 'a' && line[2] <= 'z'))
      continue;
    commands.insert(line.substr(2, line.find(' ', 2) - 2));
  }
  for (const char* mine : {"init", "table", "check", "schema"})
    EXPECT_TRUE(commands.count(mine)) << mine;
  for (const auto& cmd : commands) {
    RunResult r = Alab({cmd, "--help"}, dir.path());
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << "alab " << cmd << " --help:\n" << r.out;
  }
}

}  // namespace
}  // namespace alab::cli
