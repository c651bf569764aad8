// Hostile names and paths stay inside the project, and bad input is refused offline by
// `alab check` (file:line and the fix) rather than failing later against a database.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "test_support.h"

namespace alab::cli {
namespace {

namespace fs = std::filesystem;
using ::alab::testing::RunAlab;
using ::alab::testing::RunResult;
using ::alab::testing::TempDir;

RunResult Alab(const std::vector<std::string>& args, const fs::path& cwd) {
  ::unsetenv("DATABASE_URL");
  return RunAlab(args, cwd, {"NO_COLOR=1"});
}

std::string Describe(const RunResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

// Every regular file or link under root, relative to it.
std::vector<std::string> FilesUnder(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;  // a link loop in the tree is listed, not followed
  for (auto it = fs::recursive_directory_iterator(root, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec))
    if (!it->is_directory(ec)) out.push_back(it->path().lexically_relative(root).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

// The project lives two levels below an outer folder, so `../../x` from schemas/<ns>/ lands in it.
struct Sandbox {
  TempDir outer;
  fs::path project = outer.path() / "a" / "project";
  Sandbox() { fs::create_directories(project); }
  void Write(const std::string& rel, const std::string& content) const {
    fs::create_directories((project / rel).parent_path());
    std::ofstream(project / rel, std::ios::binary) << content;
  }
  // Files under the outer folder that are not inside the project.
  std::vector<std::string> Outside() const {
    std::vector<std::string> out;
    for (const auto& f : FilesUnder(outer.path()))
      if (f.rfind("a/project/", 0) != 0) out.push_back(f);
    return out;
  }
};

class PullNames : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      ALAB_REQUIRE_PG();
      url_ = ::alab::testing::CreatePgDatabase("pull_names");
      ASSERT_FALSE(url_.empty());
    } else {
      url_ = (box_.project / "app.db").string();
    }
    box_.Write("alab.yaml", "database:\n  dialect: " + GetParam() + "\n  url: \"" + url_ + "\"\n");
    fs::create_directories(box_.project / "schemas");
    fs::create_directories(box_.project / "migrations");
    auto conn = dialect::GetDialect(GetParam()).Connect(url_);
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    for (const char* sql :
         {"CREATE TABLE \"../../outside_pwn\" (id integer PRIMARY KEY)",
          "CREATE TABLE \"app_Weird Name\" (id integer PRIMARY KEY)",
          "CREATE TABLE app_note (id integer PRIMARY KEY, \"Col\"\"Quote\" integer)"}) {
      Status s = (*conn)->Exec(sql);
      ASSERT_TRUE(s.ok()) << s.error().message;
    }
  }
  Sandbox box_;
  std::string url_;
};

TEST_P(PullNames, UnsafeTableNamesAreRefusedAndKeysAreQuoted) {
  RunResult r = Alab({"pull", "--namespace-by-prefix"}, box_.project);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(box_.Outside().empty()) << box_.Outside().front();
  EXPECT_NE(r.err.find("table \"../../outside_pwn\" not pulled"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("table \"app_Weird Name\" not pulled"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("column \"Col\"Quote\""), std::string::npos) << r.err;
  std::vector<std::string> files = FilesUnder(box_.project / "schemas");
  EXPECT_EQ(files, std::vector<std::string>{"app/note.js"});
  // The file evaluates: check reaches validation (the column name), not a syntax error.
  RunResult check = Alab({"check"}, box_.project);
  EXPECT_EQ(check.exit_code, 1) << Describe(check);
  EXPECT_NE(check.err.find("schemas/app/note.js:"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("'Col\"Quote' is not a valid identifier"), std::string::npos)
      << check.err;
  EXPECT_EQ(check.err.find("Unexpected"), std::string::npos) << check.err;
}

INSTANTIATE_TEST_SUITE_P(Dialects, PullNames, ::testing::Values("sqlite", "postgres"));

const char* kYaml = "database:\n  dialect: sqlite\n  url: ./app.db\n";
const char* kTable = "export default table({ id: col.id(), title: col.string(80) });\n";

std::string Migration(const std::string& rev, const std::string& down) {
  return "export default migration({\n  up_revision: \"" + rev + "\",\n  down_revision: " + down +
         ",\n  up(m) {\n    m.create_table(\"app.thing\", (t) => {\n      t.id();\n    });\n  },\n "
         " down(m) {\n"
         "    m.drop_table(\"app.thing\");\n  },\n});\n";
}

TEST(HostilePaths, RevisionThatSpellsAPathIsRefusedWithItsLine) {
  Sandbox box;
  box.Write("alab.yaml", kYaml);
  box.Write("schemas/app/thing.js", kTable);
  box.Write("migrations/001_init.js", Migration("../../../escape_here", "null"));
  for (const char* cmd : {"check", "squash"}) {
    RunResult r = Alab({cmd}, box.project);
    EXPECT_NE(r.exit_code, 0) << cmd << "\n" << Describe(r);
    EXPECT_NE(r.err.find("migrations/001_init.js:1:"), std::string::npos) << cmd << "\n" << r.err;
    EXPECT_NE(r.err.find("revision \"../../../escape_here\" is not valid"), std::string::npos)
        << cmd << "\n"
        << r.err;
    EXPECT_TRUE(box.Outside().empty()) << cmd << ": " << box.Outside().front();
    EXPECT_TRUE(fs::exists(box.project / "migrations/001_init.js"));
  }
}

TEST(HostilePaths, SymlinksLeavingTheProjectAreRefusedNamingTheLink) {
  Sandbox box;
  box.Write("alab.yaml", kYaml);
  box.Write("schemas/app/thing.js", kTable);
  std::ofstream(box.outer.path() / "secret.js") << kTable;
  std::ofstream(box.outer.path() / "mig.js") << Migration("002", "\"001\"");
  fs::create_directories(box.outer.path() / "ns");
  std::ofstream(box.outer.path() / "ns/other.js") << kTable;
  fs::create_symlink(box.outer.path() / "secret.js", box.project / "schemas/app/secret.js");
  fs::create_directory_symlink(box.outer.path() / "ns", box.project / "schemas/linked");
  box.Write("migrations/001_init.js", Migration("001", "null"));
  fs::create_symlink(box.outer.path() / "mig.js", box.project / "migrations/002_linked.js");
  // A link that stays inside the project is fine.
  fs::create_symlink(box.project / "schemas/app/thing.js", box.project / "schemas/app/alias_ok.js");
  RunResult r = Alab({"check"}, box.project);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_NE(r.err.find("schemas/app/secret.js: error: symbolic link"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("schemas/linked: error: symbolic link"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("alias_ok.js: error: symbolic link"), std::string::npos) << r.err;
  RunResult m = Alab({"migrate"}, box.project);
  EXPECT_NE(m.exit_code, 0) << Describe(m);
  EXPECT_NE(m.err.find("migrations/002_linked.js: error: symbolic link"), std::string::npos)
      << m.err;
  EXPECT_FALSE(fs::exists(box.project / "app.db") && m.exit_code == 0);
}

// .alab, schemas and migrations themselves may not be links leaving the project (squash would
// move files there, `alab new` would write there), nor loops, dangling links or files.
TEST(HostilePaths, ProjectFoldersThatAreBadLinksAreRefusedNamingTheLink) {
  struct Case {
    const char* folder;
    const char* target;  // "" = a regular file
    const char* message;
  };
  const std::vector<Case> cases = {
      {"migrations", "OUT/mig", "resolves outside the project through a symbolic link"},
      {"schemas", "OUT/ns", "resolves outside the project through a symbolic link"},
      {".alab", "OUT/alab", "resolves outside the project through a symbolic link"},
      {"migrations", "migrations", "is a symbolic link loop"},
      {"migrations", "OUT/none", "is a dangling symbolic link"},
      {"schemas", "", "is a file, not a folder"},
  };
  for (const auto& c : cases) {
    Sandbox box;
    box.Write("alab.yaml", kYaml);
    box.Write("schemas/app/thing.js", kTable);
    box.Write("migrations/001_init.js", Migration("001", "null"));
    fs::create_directories(box.outer.path() / "mig");
    fs::create_directories(box.outer.path() / "ns/app");
    fs::create_directories(box.outer.path() / "alab");
    fs::remove_all(box.project / c.folder);
    std::string target = c.target;
    if (target.rfind("OUT/", 0) == 0) target = (box.outer.path() / target.substr(4)).string();
    if (target.empty()) {
      box.Write(c.folder, "not a folder\n");
    } else {
      fs::create_directory_symlink(target, box.project / c.folder);
    }
    for (std::vector<std::string> cmd :
         {std::vector<std::string>{"new", "x"}, {"status"}, {"migrate"}, {"check"}}) {
      RunResult r = Alab(cmd, box.project);
      std::string what =
          std::string(c.folder) + " -> " + c.target + ": " + cmd[0] + "\n" + Describe(r);
      EXPECT_EQ(r.exit_code, 1) << what;
      EXPECT_NE(r.err.find(c.message), std::string::npos) << what;
      EXPECT_NE(r.err.find((box.project / c.folder).string()), std::string::npos) << what;
      if (!target.empty()) {
        EXPECT_NE(r.err.find(" -> " + target), std::string::npos) << what;
      }
      EXPECT_EQ(r.err.find("internal error"), std::string::npos) << what;
      EXPECT_TRUE(box.Outside().empty()) << what << box.Outside().front();
      EXPECT_FALSE(fs::exists(box.project / "app.db")) << what;
    }
  }
}

// Each bad default or modifier: (column source, expected message part).
struct BadColumn {
  const char* column;
  const char* message;
};

TEST(OfflineValidation, CheckRejectsDefaultsAndModifiersThatFailLater) {
  const std::vector<BadColumn> cases = {
      {"col.integer().default(1e20)", "100000000000000000000 is out of range for column 'c'"},
      {"col.integer().default(3000000000)",
       "3000000000 is out of range for column 'c' of type integer (32-bit"},
      {"col.bigint().default(1e20)",
       "100000000000000000000 is out of range for column 'c' of type bigint (64-bit"},
      {"col.bigint().default(9007199254740993)",
       "9007199254740992 is beyond the integers a JavaScript number holds"},
      {"col.bigint().default(9007199254740994)",
       "9007199254740994 is beyond the integers a JavaScript number holds"},
      {"col.date().default(\"not a date\")", "is not a date for column 'c' (write YYYY-MM-DD"},
      {"col.date().default(\"2023-02-29\")", "is not a date for column 'c'"},
      {"col.datetime().default(\"2024-01-31 25:00\")", "is not a datetime for column 'c'"},
      {"col.time().default(\"9h30\")", "is not a time for column 'c'"},
      {"col.uuid().default(\"x\")", "default \"x\" is not a uuid for column 'c'"},
      {"col.string(20).pattern(\"[\")", "pattern /[/ is not a valid regular expression"},
      {"col.string(20).format(\"emial\")", "unknown format 'emial' (did you mean 'email'?)"},
      {"col.datetime().default(sql({ postgres: \"now()\" }))", "has no sqlite expression"},
      {"col.decimal(5, 2).default(12345.678)",
       "12345.678 does not fit column 'c' of type decimal(5, 2): at most 3 digits"},
      {"col.money().default(12345678901234567)", "does not fit column 'c' of type decimal(19, 4)"},
      {"col.datetime().default(\"2024-01-31T09:30:00+25:00\")", "is not a datetime for column 'c'"},
      {"col.datetime().default(\"2024-01-31T09:30:00+05:60\")", "is not a datetime for column 'c'"},
      {"col.date().default(\"0000-01-01\")", "is not a date for column 'c'"},
      {"col.string(5).default(\"éééééé\")", "is longer than column 'c' allows (5)"},
      {"col.enum([\"ok\\u0000; DROP TABLE x; --\", \"b\"])", "enum value contains a NUL byte"},
      {"col.enum([\"esc\\u001b[31m\", \"b\"])", "enum value contains control character \\u001b"},
  };
  for (const auto& bad : cases) {
    TempDir dir;
    dir.Write("alab.yaml", kYaml);
    dir.Write(
        "schemas/app/thing.js",
        std::string("export default table({\n  id: col.id(),\n  c: ") + bad.column + ",\n});\n");
    RunResult r = Alab({"check"}, dir.path());
    EXPECT_EQ(r.exit_code, 1) << bad.column << "\n" << Describe(r);
    EXPECT_NE(r.err.find("schemas/app/thing.js:3:"), std::string::npos) << bad.column << "\n"
                                                                        << r.err;
    EXPECT_NE(r.err.find(bad.message), std::string::npos) << bad.column << "\n" << r.err;
  }
  // The good spellings pass.
  TempDir dir;
  dir.Write("alab.yaml", kYaml);
  dir.Write(
      "schemas/app/thing.js",
      "export default table({\n  id: col.id(),\n  a: col.integer().default(-2147483648),\n"
      "  a2: col.bigint().default(-9007199254740991),\n  a3: "
      "col.bigint().default(sql(\"9223372036854775807\")),\n"
      "  b: col.date().default(\"2024-02-29\"),\n  d: "
      "col.datetime().default(\"2024-01-31T09:30:00.5+02:00\"),\n"
      "  e: col.time().default(\"09:30\"),\n  f: "
      "col.uuid().default(\"00000000-0000-4000-8000-000000000000\"),\n"
      "  g: col.string(20).pattern(\"^[a-z]+(?:-[a-z]+)*$\").format(\"email\"),\n"
      "  h: col.datetime().default(sql({ postgres: \"now()\", sqlite: \"CURRENT_TIMESTAMP\" })),\n"
      "  i: col.string(5).default(\"ééééé\"),\n  j: col.decimal(5, 2).default(-999.99),\n"
      "  k: col.datetime().default(\"2024-01-31T09:30:00-15:59\"),\n  l: "
      "col.date().default(\"0001-01-01\"),\n"
      "});\n");
  RunResult ok = Alab({"new", "init"}, dir.path());
  EXPECT_EQ(ok.exit_code, 0) << Describe(ok);
  ok = Alab({"check"}, dir.path());
  EXPECT_EQ(ok.exit_code, 0) << Describe(ok);
}

// The boundary defaults that check accepts are ones PostgreSQL accepts too: a row inserted with
// every default gets exactly them.
TEST(OfflineValidation, AcceptedBoundaryDefaultsInsertOnPostgres) {
  ALAB_REQUIRE_PG();
  std::string url = ::alab::testing::CreatePgDatabase("boundary_defaults");
  ASSERT_FALSE(url.empty());
  TempDir dir;
  dir.Write("alab.yaml", "database:\n  dialect: postgres\n  url: \"" + url + "\"\n");
  dir.Write("schemas/app/thing.js",
            "export default table({\n  id: col.id(),\n  a: col.integer().default(-2147483648),\n"
            "  i: col.string(5).default(\"ééééé\"),\n  j: col.decimal(5, 2).default(-999.99),\n"
            "  k: col.datetime().default(\"2024-01-31T09:30:00-15:59\"),\n  l: "
            "col.date().default(\"0001-01-01\"),\n"
            "});\n");
  RunResult r = RunAlab({"new", "init"}, dir.path(), {"NO_COLOR=1"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  r = RunAlab({"migrate"}, dir.path(), {"NO_COLOR=1"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  auto conn = dialect::GetDialect("postgres").Connect(url);
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  ASSERT_TRUE((*conn)->Exec("INSERT INTO app_thing DEFAULT VALUES").ok());
  auto rows = (*conn)->Query("SELECT a::text, i, j::text, k::text, l::text FROM app_thing");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0].value_or(""), "-2147483648");
  EXPECT_EQ(rows->rows[0][1].value_or(""), "ééééé");
  EXPECT_EQ(rows->rows[0][2].value_or(""), "-999.99");
  EXPECT_EQ(rows->rows[0][3].value_or(""), "2024-02-01 01:29:00+00");
  EXPECT_EQ(rows->rows[0][4].value_or(""), "0001-01-01");
}

// An index name given in a migration is an identifier: a NUL or quote in it is refused at its
// line, and nothing is printed or applied.
TEST(OfflineValidation, MigrationIndexNameMustBeAnIdentifier) {
  TempDir dir;
  dir.Write("alab.yaml", kYaml);
  fs::create_directories(dir.path() / "schemas");
  dir.Write("migrations/001_a.js",
            "export default migration({\n  up(m) {\n    m.create_table(\"app.acct\", (t) => { "
            "t.id(); t.integer(\"n\"); });\n"
            "    m.create_index(\"app.acct\", [\"n\"], { name: \"ix\\u0000; DROP\" });\n  },\n"
            "  down(m) { m.drop_table(\"app.acct\"); },\n});\n");
  for (const char* cmd : {"check", "sql", "migrate"}) {
    RunResult r = Alab({cmd}, dir.path());
    EXPECT_EQ(r.exit_code, 1) << cmd << "\n" << Describe(r);
    EXPECT_NE(r.err.find("migrations/001_a.js:4:"), std::string::npos) << cmd << "\n" << r.err;
    EXPECT_NE(r.err.find("create_index() name:"), std::string::npos) << cmd << "\n" << r.err;
    EXPECT_EQ(r.out.find("CREATE"), std::string::npos) << cmd << "\n" << r.out;
  }
  auto conn = dialect::GetDialect("sqlite").Connect((dir.path() / "app.db").string());
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto has = (*conn)->HasTable("app_acct");
  ASSERT_TRUE(has.ok());
  EXPECT_FALSE(*has);
}

// Columns named like Object.prototype's members are columns like any other: pull writes
// __proto__ as a computed key (a plain key would set the prototype), the schema reads them
// back, and the database matches the files.
TEST(HostileNames, PrototypeNamedColumnsSurvivePullAndCheck) {
  TempDir dir;
  dir.Write("alab.yaml", kYaml);
  fs::create_directories(dir.path() / "schemas");
  fs::create_directories(dir.path() / "migrations");
  {
    auto conn = dialect::GetDialect("sqlite").Connect((dir.path() / "app.db").string());
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    ASSERT_TRUE((*conn)
                    ->Exec("CREATE TABLE app_acct (id integer PRIMARY KEY, \"__proto__\" text, "
                           "\"constructor\" "
                           "text, \"valueof\" text, name text)")
                    .ok());
  }
  RunResult r = Alab({"pull", "--namespace-by-prefix"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  std::string file = dir.Read("schemas/app/acct.js");
  EXPECT_NE(file.find("[\"__proto__\"]: col.text().optional(),"), std::string::npos) << file;
  EXPECT_NE(file.find("constructor: col.text().optional(),"), std::string::npos) << file;
  r = Alab({"diff", "--from", "db", "--to", "schemas"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  // (The integer key is not an alab id(), which pull does not yet keep exactly; the named columns
  // match.)
  for (const char* col : {"__proto__", "constructor", "valueof", "name"})
    EXPECT_EQ(r.out.find(std::string("COLUMN ") + col), std::string::npos) << col << "\n" << r.out;
}

TEST(OfflineValidation, Utf8BomIsIgnoredWithLinesKept) {
  TempDir dir;
  dir.Write("alab.yaml", kYaml);
  dir.Write("schemas/app/thing.js",
            std::string("\xEF\xBB\xBF") +
                "export default table({\n  id: col.id(),\n  c: col.wat(),\n});\n");
  RunResult r = Alab({"check"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_EQ(r.err.find("Unexpected keyword"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("schemas/app/thing.js:3:"), std::string::npos) << r.err;
  dir.Write("schemas/app/thing.js", std::string("\xEF\xBB\xBF") + kTable);
  dir.Write("migrations/001_init.js", std::string("\xEF\xBB\xBF") + Migration("001", "null"));
  r = Alab({"migrate"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  auto conn = dialect::GetDialect("sqlite").Connect((dir.path() / "app.db").string());
  ASSERT_TRUE(conn.ok());
  EXPECT_TRUE((*conn)->Exec("SELECT id FROM app_thing").ok());
}

TEST(OfflineValidation, MigrationsPathThatIsAFileIsSaidSo) {
  TempDir dir;
  dir.Write("alab.yaml", kYaml);
  dir.Write("schemas/app/thing.js", kTable);
  dir.Write("migrations", "not a folder\n");
  RunResult r = Alab({"check"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_NE(r.err.find("migrations: error: the migrations path is not a folder"), std::string::npos)
      << r.err;
}

TEST(OfflineValidation, RollbackCountMustBeAWholeNumber) {
  TempDir dir;
  dir.Write("alab.yaml", kYaml);
  RunResult r = Alab({"rollback", "abc"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << Describe(r);  // a usage error
  EXPECT_NE(r.err.find("N must be a whole number of migrations such as 1 or 3 (got 'abc')"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("1797693"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "app.db"));
}

TEST(OfflineValidation, UnknownUrlSchemeIsRefusedNamingTheSupportedOnes) {
  TempDir dir;
  dir.Write("alab.yaml", kYaml);
  RunResult r = Alab({"--database-url", "mysql://app@localhost/app", "status"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_NE(r.err.find("unsupported url scheme 'mysql://'; alab supports postgres://"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(FilesUnder(dir.path()), std::vector<std::string>{"alab.yaml"});
}

// A one-slash url is no SQLite file name: an unknown scheme is unsupported, a postgres one is
// malformed (its password hidden); nothing is created.
TEST(OfflineValidation, OneSlashUrlsAreRefusedNotOpenedAsFiles) {
  TempDir dir;
  dir.Write("alab.yaml", kYaml);
  for (const char* url :
       {"mysql:/u@h/db", "mysql:/u:S3cretA@h/db", "postgresql:/u:S3cretA@127.0.0.1:1/db"}) {
    for (const char* cmd : {"status", "migrate"}) {
      RunResult r = Alab({"--database-url", url, cmd}, dir.path());
      EXPECT_EQ(r.exit_code, 1) << url << " " << cmd << Describe(r);
      EXPECT_TRUE(r.err.find("unsupported url scheme 'mysql:'") != std::string::npos ||
                  r.err.find("malformed url 'postgresql:****@127.0.0.1:1/db'") != std::string::npos)
          << url << r.err;
      EXPECT_EQ((r.out + r.err).find("S3cret"), std::string::npos) << r.out << r.err;
      EXPECT_EQ(FilesUnder(dir.path()), std::vector<std::string>{"alab.yaml"}) << url;
    }
  }
}

// Read-only commands never create a SQLite file (a typo'd url stays a typo, not an empty database).
TEST(OfflineValidation, ReadOnlyCommandsCreateNoSqliteFile) {
  TempDir dir;
  dir.Write("alab.yaml", "database:\n  dialect: sqlite\n  url: ./typo.db\n");
  dir.Write("schemas/app/thing.js", kTable);
  for (const char* cmd : {"status", "check", "diff", "pull", "history"}) {
    RunResult r = Alab({cmd}, dir.path());
    EXPECT_FALSE(fs::exists(dir / "typo.db")) << cmd << "\n" << Describe(r);
    if (std::string(cmd) == "pull") {
      EXPECT_NE(r.exit_code, 0) << cmd << "\n" << Describe(r);
    }
    if (std::string(cmd) == "status" || std::string(cmd) == "pull") {
      EXPECT_NE(r.err.find("typo.db does not exist"), std::string::npos) << cmd << "\n" << r.err;
    }
    fs::remove(dir / "typo.db");
  }
}

// The same for file: URIs (relative, file:///abs, with a query): their path is the file.
TEST(OfflineValidation, ReadOnlyCommandsCreateNoSqliteFileForUris) {
  TempDir dir;
  dir.Write("schemas/app/thing.js", kTable);
  dir.Write("migrations/001_init.js", Migration("001", "null"));
  const std::string abs = (dir / "typo.db").string();
  for (const std::string& url :
       std::vector<std::string>{"file:typo.db", "file://" + abs, "file:" + abs + "?cache=shared",
                                "file:typo.db?mode=ro"}) {
    dir.Write("alab.yaml", "database:\n  dialect: sqlite\n  url: \"" + url + "\"\n");
    for (std::vector<std::string> cmd : {std::vector<std::string>{"status"},
                                         {"check"},
                                         {"diff", "--from", "db"},
                                         {"pull"},
                                         {"dump"},
                                         {"migrate", "--dry"}}) {
      RunResult r = Alab(cmd, dir.path());
      EXPECT_FALSE(fs::exists(dir / "typo.db")) << url << " " << cmd[0] << "\n" << Describe(r);
      EXPECT_EQ(r.err.find("internal error"), std::string::npos) << url << " " << cmd[0] << "\n"
                                                                 << Describe(r);
      fs::remove(dir / "typo.db");
    }
  }
  // In memory: nothing to look for, status reads it.
  dir.Write("alab.yaml", "database:\n  dialect: sqlite\n  url: \"file:mem?mode=memory\"\n");
  RunResult mem = Alab({"status"}, dir.path());
  EXPECT_EQ(mem.exit_code, 0) << Describe(mem);
  EXPECT_FALSE(fs::exists(dir / "mem"));
}

// A project folder that cannot take alab.lock: migrate fails before touching the database.
TEST(OfflineValidation, ReadOnlyProjectFailsBeforeApplying) {
  Sandbox box;
  const fs::path db = box.outer.path() / "app.db";
  box.Write("alab.yaml", "database:\n  dialect: sqlite\n  url: \"" + db.string() + "\"\n");
  box.Write("schemas/app/thing.js", kTable);
  box.Write("migrations/001_init.js", Migration("001", "null"));
  {
    auto conn = dialect::GetDialect("sqlite").Connect(db.string());  // an existing, empty database
    ASSERT_TRUE(conn.ok());
  }
  // Root ignores permission bits: make the folder immutable instead.
  const bool root = ::geteuid() == 0;
  const std::string lock = (root ? "chattr +i " : "chmod 0555 ") + box.project.string();
  const std::string unlock = (root ? "chattr -i " : "chmod 0755 ") + box.project.string();
  ASSERT_EQ(std::system(lock.c_str()), 0) << lock;
  RunResult r = Alab({"migrate"}, box.project);
  RunResult again = Alab({"migrate"}, box.project);
  ASSERT_EQ(std::system(unlock.c_str()), 0) << unlock;
  EXPECT_EQ(r.exit_code, 3) << Describe(r);
  EXPECT_NE(r.err.find("alab.lock: cannot be written"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was applied"), std::string::npos) << r.err;
  EXPECT_EQ(again.err, r.err);
  auto conn = dialect::GetDialect("sqlite").Connect(db.string());
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE((*conn)->Exec("SELECT 1 FROM app_thing").ok()) << "the migration was applied";
  // Writable again: migrate applies and records.
  RunResult ok = Alab({"migrate"}, box.project);
  EXPECT_EQ(ok.exit_code, 0) << Describe(ok);
  EXPECT_TRUE((*conn)->Exec("SELECT 1 FROM app_thing").ok());
  EXPECT_TRUE(fs::exists(box.project / "alab.lock"));
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// alab.lock itself refusing the write (immutable for root, who ignores permission bits;
// read-only otherwise): migrate fails before applying anything, with the right reason, and
// applies once the file is writable again.
TEST(OfflineValidation, ReadOnlyLockFileFailsBeforeApplying) {
  Sandbox box;
  const fs::path db = box.project / "app.db";
  box.Write("alab.yaml", "database:\n  dialect: sqlite\n  url: \"" + db.string() + "\"\n");
  box.Write("schemas/app/thing.js", kTable);
  box.Write("migrations/001_init.js", Migration("001", "null"));
  RunResult first = Alab({"migrate"}, box.project);
  ASSERT_EQ(first.exit_code, 0) << Describe(first);
  box.Write("migrations/002_more.js", R"JS(export default migration({
  description: "more",
  up_revision: "002",
  down_revision: "001",
  up(m) { m.sql("CREATE TABLE app_more (id integer PRIMARY KEY)"); },
  down(m) { m.sql("DROP TABLE app_more"); },
});
)JS");
  const fs::path lock_file = box.project / "alab.lock";
  const std::string before = Slurp(lock_file);
  const bool root = ::geteuid() == 0;
  const std::string lock = (root ? "chattr +i " : "chmod 0444 ") + lock_file.string();
  const std::string unlock = (root ? "chattr -i " : "chmod 0644 ") + lock_file.string();
  ASSERT_EQ(std::system(lock.c_str()), 0) << lock;
  RunResult r = Alab({"migrate"}, box.project);
  RunResult again = Alab({"migrate"}, box.project);
  ASSERT_EQ(std::system(unlock.c_str()), 0) << unlock;
  EXPECT_EQ(r.exit_code, 3) << Describe(r);
  EXPECT_NE(r.err.find("alab.lock: cannot be written ("), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(root ? "Operation not permitted" : "Permission denied"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing was applied"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Success"), std::string::npos) << r.err;
  EXPECT_EQ(again.exit_code, 3) << Describe(again);
  EXPECT_EQ(Slurp(lock_file), before);
  auto conn = dialect::GetDialect("sqlite").Connect(db.string());
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE((*conn)->Exec("SELECT 1 FROM app_more").ok()) << "the migration was applied";
  RunResult ok = Alab({"migrate"}, box.project);
  EXPECT_EQ(ok.exit_code, 0) << Describe(ok);
  EXPECT_TRUE((*conn)->Exec("SELECT 1 FROM app_more").ok());
  EXPECT_NE(Slurp(lock_file).find("002_more.js"), std::string::npos);
}

}  // namespace
}  // namespace alab::cli
