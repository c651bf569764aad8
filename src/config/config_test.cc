#include "config/config.h"

#include <cstdlib>
#include <map>
#include <optional>

#include <gtest/gtest.h>

#include "dialect/postgres/connection.h"
#include "test_support.h"

namespace alab::config {
namespace {

namespace fs = std::filesystem;
using ::alab::testing::TempDir;

// Sets (or unsets) an environment variable for the scope of a test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

class ConfigTest : public ::testing::Test {
 protected:
  Expected<Config> Load(const std::string& yaml, ConfigOptions opts = {}) {
    dir_.Write("alab.yaml", yaml);
    if (opts.start_dir == ".") opts.start_dir = dir_.path();
    return LoadConfig(opts);
  }
  TempDir dir_;
  ScopedEnv no_database_url_{"DATABASE_URL", nullptr};
};

TEST_F(ConfigTest, DefaultsFromInitFile) {
  auto cfg = Load("database:\n  dialect: sqlite\n  url: ./app.db\n");
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->dialect, "sqlite");
  EXPECT_EQ(cfg->root, dir_.path());
  EXPECT_EQ(cfg->url, (dir_.path() / "app.db").string());
  EXPECT_EQ(cfg->schemas_dir, dir_.path() / "schemas");
  EXPECT_EQ(cfg->migrations_dir, dir_.path() / "migrations");
  EXPECT_TRUE(cfg->ignore_tables.empty());
  EXPECT_EQ(cfg->env_name, "");
}

TEST_F(ConfigTest, FoundFromNestedFolder) {
  dir_.Write("schemas/auth/user.js", "");
  ConfigOptions opts;
  opts.start_dir = dir_.path() / "schemas" / "auth";
  auto cfg = Load("database:\n  url: data/x.sqlite3\nschemas: ./s\nmigrations: /abs/m\n", opts);
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->root, dir_.path());
  EXPECT_EQ(cfg->dialect, "sqlite");
  EXPECT_EQ(cfg->url, (dir_.path() / "data/x.sqlite3").string());
  EXPECT_EQ(cfg->schemas_dir, dir_.path() / "s");
  EXPECT_EQ(cfg->migrations_dir, fs::path("/abs/m"));
}

TEST_F(ConfigTest, MissingFileIsAnErrorUnlessOptional) {
  ConfigOptions opts;
  opts.start_dir = dir_.path();
  auto cfg = LoadConfig(opts);
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.error().code, ExitCode::kUserError);
  EXPECT_NE(cfg.error().message.find("no alab.yaml"), std::string::npos);
  opts.require_file = false;
  auto defaults = LoadConfig(opts);
  ASSERT_TRUE(defaults.ok()) << defaults.error().message;
  EXPECT_EQ(defaults->dialect, "sqlite");
  EXPECT_EQ(defaults->url, "");
  EXPECT_EQ(defaults->schemas_dir, dir_.path() / "schemas");
}

TEST_F(ConfigTest, IgnoreTables) {
  auto cfg = Load("database:\n  url: ./a.db\nignore_tables: [spatial_ref_sys, legacy]\n");
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->ignore_tables, (std::vector<std::string>{"spatial_ref_sys", "legacy"}));
}

TEST_F(ConfigTest, OpenApiServers) {
  auto cfg = Load(
      "openapi:\n  servers:\n    - url: https://api.example.org/v1\n      description: Production\n"
      "    - url: http://localhost:8080\n");
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  ASSERT_EQ(cfg->openapi_servers.size(), 2u);
  EXPECT_EQ(cfg->openapi_servers[0].url, "https://api.example.org/v1");
  EXPECT_EQ(cfg->openapi_servers[0].description, "Production");
  EXPECT_EQ(cfg->openapi_servers[1].url, "http://localhost:8080");
  EXPECT_EQ(cfg->openapi_servers[1].description, "");
  auto none = Load("database:\n  url: ./a.db\n");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->openapi_servers.empty());
  auto typo = Load("openapi:\n  server:\n    - url: /\n");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(
      typo.error().message.find("alab.yaml:2:3: unknown key 'openapi.server' (expected servers)"),
      std::string::npos)
      << typo.error().message;
  auto no_url = Load("openapi:\n  servers:\n    - description: x\n");
  ASSERT_FALSE(no_url.ok());
  EXPECT_NE(no_url.error().message.find("needs a url"), std::string::npos)
      << no_url.error().message;
  auto shape = Load("openapi:\n  servers: https://x\n");
  ASSERT_FALSE(shape.ok());
  EXPECT_NE(shape.error().message.find("must be a list"), std::string::npos)
      << shape.error().message;
}

constexpr const char* kEnvYaml =
    "database:\n"
    "  dialect: sqlite\n"
    "  url: ./dev.db\n"
    "environments:\n"
    "  staging:\n"
    "    url: postgres://app:${ALAB_TEST_PW}@db.example/app\n"
    "  local:\n"
    "    url: ./local.sqlite\n";

TEST_F(ConfigTest, EnvSelectsEnvironmentAndExpandsVariables) {
  ScopedEnv pw("ALAB_TEST_PW", "s3cret");
  ConfigOptions opts;
  opts.env = "staging";
  auto cfg = Load(kEnvYaml, opts);
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->dialect, "postgres");
  EXPECT_EQ(cfg->url, "postgres://app:s3cret@db.example/app");
  EXPECT_EQ(cfg->RedactedUrl(), "postgres://app:****@db.example/app");
  EXPECT_EQ(cfg->env_name, "staging");
}

// The value of keyword `key` as libpq parses conninfo; "<unparsed>" when it does not.
std::map<std::string, std::string> LibpqParse(const std::string& conninfo) {
  return dialect::postgres::ParseConninfo(conninfo);
}

// ${VAR} in a libpq keyword/value string is quoted as libpq reads it: a space, a quote or a
// backslash in the value neither ends it nor injects another keyword.
TEST_F(ConfigTest, VariableInConninfoIsQuoted) {
  for (std::string pw : {"S3cretA S3cretB", "S3cretA port=S3cretB", "it's \\ S3cret", "", "'q'"}) {
    ScopedEnv env("ALAB_TEST_PW", pw.c_str());
    for (std::string value : {"${ALAB_TEST_PW}", "'${ALAB_TEST_PW}'"}) {
      // dbname: a variable inside a value of other text (backslash-escaped).
      auto cfg = Load(
          "database:\n  dialect: postgres\n  url: \"host=127.0.0.1 port=1 dbname=d${ALAB_TEST_PW}x "
          "password=" +
          value + " user=u\"\n");
      ASSERT_TRUE(cfg.ok()) << cfg.error().message;
      auto parsed = LibpqParse(cfg->url);
      EXPECT_EQ(parsed["password"], pw) << cfg->url;
      EXPECT_EQ(parsed["dbname"], "d" + pw + "x") << cfg->url;
      EXPECT_EQ(parsed["port"], "1") << cfg->url;
      EXPECT_EQ(parsed["user"], "u") << cfg->url;
      EXPECT_EQ(parsed.count("<unparsed>"), 0u) << cfg->url;
      EXPECT_NE(cfg->RedactedUrl().find(" password=**** user=u"), std::string::npos)
          << cfg->RedactedUrl();
    }
  }
  // A url is not quoted: the value is percent-encoded where needed when connecting.
  ScopedEnv env("ALAB_TEST_PW", "a b");
  auto cfg =
      Load("database:\n  dialect: postgres\n  url: \"postgresql://u:${ALAB_TEST_PW}@h/db\"\n");
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->url, "postgresql://u:a b@h/db");
}

TEST_F(ConfigTest, UnsetVariableIsNamed) {
  ScopedEnv pw("ALAB_TEST_PW", nullptr);
  ConfigOptions opts;
  opts.env = "staging";
  auto cfg = Load(kEnvYaml, opts);
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.error().code, ExitCode::kUserError);
  EXPECT_EQ(cfg.error().message,
            "alab.yaml: environments.staging.url: environment variable 'ALAB_TEST_PW' is not set");
}

TEST_F(ConfigTest, UnselectedEnvironmentIsNotExpanded) {
  ScopedEnv pw("ALAB_TEST_PW", nullptr);
  auto cfg = Load(kEnvYaml);
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->url, (dir_.path() / "dev.db").string());
}

TEST_F(ConfigTest, UnknownEnvironmentListsKnownOnes) {
  ConfigOptions opts;
  opts.env = "prod";
  auto cfg = Load(kEnvYaml, opts);
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.error().message, "unknown environment 'prod' (known: local, staging)");
  auto none = Load("database:\n  url: ./a.db\n", opts);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message, "unknown environment 'prod' (alab.yaml defines no environments)");
}

TEST_F(ConfigTest, PrecedenceFlagThenDatabaseUrlThenEnvThenFile) {
  ConfigOptions opts;
  opts.env = "local";
  auto env_only = Load(kEnvYaml, opts);
  ASSERT_TRUE(env_only.ok()) << env_only.error().message;
  EXPECT_EQ(env_only->url, (dir_.path() / "local.sqlite").string());

  ScopedEnv db("DATABASE_URL", "postgresql://u@h/fromenv");
  auto from_env_var = Load(kEnvYaml, opts);
  ASSERT_TRUE(from_env_var.ok()) << from_env_var.error().message;
  EXPECT_EQ(from_env_var->url, "postgresql://u@h/fromenv");
  EXPECT_EQ(from_env_var->dialect, "postgres");

  opts.database_url = "sqlite:flag.db";
  auto from_flag = Load(kEnvYaml, opts);
  ASSERT_TRUE(from_flag.ok()) << from_flag.error().message;
  EXPECT_EQ(from_flag->url, (dir_.path() / "flag.db").string());
  EXPECT_EQ(from_flag->dialect, "sqlite");
}

TEST_F(ConfigTest, DialectConflictsAndUnknowns) {
  auto conflict = Load("database:\n  dialect: postgres\n  url: ./app.db\n");
  ASSERT_FALSE(conflict.ok());
  EXPECT_NE(conflict.error().message.find("looks like sqlite"), std::string::npos);
  auto unknown = Load("database:\n  dialect: mysql\n  url: x\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("unknown dialect 'mysql'"), std::string::npos);
  auto uninferable = Load("database:\n  url: app\n");
  ASSERT_FALSE(uninferable.ok());
  EXPECT_NE(uninferable.error().message.find("cannot infer the dialect"), std::string::npos);
  // A libpq keyword/value string is a PostgreSQL url.
  auto conninfo = Load("database:\n  url: host=localhost dbname=x\n");
  ASSERT_TRUE(conninfo.ok()) << conninfo.error().message;
  EXPECT_EQ(conninfo->dialect, "postgres");
  auto explicit_pg = Load("database:\n  dialect: postgresql\n  url: host=localhost dbname=x\n");
  ASSERT_TRUE(explicit_pg.ok()) << explicit_pg.error().message;
  EXPECT_EQ(explicit_pg->dialect, "postgres");
}

TEST_F(ConfigTest, BadYamlGivesLineAndColumn) {
  auto cfg = Load("database:\n  url: [unclosed\n");
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.error().code, ExitCode::kUserError);
  EXPECT_NE(cfg.error().message.find("alab.yaml:"), std::string::npos) << cfg.error().message;
  auto unknown_key = Load("databse:\n  url: ./a.db\n");
  ASSERT_FALSE(unknown_key.ok());
  EXPECT_NE(unknown_key.error().message.find("alab.yaml:1:1: unknown key 'databse'"),
            std::string::npos)
      << unknown_key.error().message;
  auto wrong_shape = Load("ignore_tables: nope\n");
  ASSERT_FALSE(wrong_shape.ok());
  EXPECT_NE(wrong_shape.error().message.find("must be a list"), std::string::npos);
}

TEST_F(ConfigTest, EnvironmentConfirmFlag) {
  constexpr const char* yaml =
      "database:\n  url: ./dev.db\n"
      "environments:\n"
      "  production:\n    url: ./prod.db\n    confirm: true\n"
      "  staging:\n    url: ./staging.db\n    confirm: false\n";
  ConfigOptions opts;
  EXPECT_FALSE(Load(yaml, opts)->confirm);
  opts.env = "production";
  auto prod = Load(yaml, opts);
  ASSERT_TRUE(prod.ok()) << prod.error().message;
  EXPECT_TRUE(prod->confirm);
  opts.env = "staging";
  EXPECT_FALSE(Load(yaml, opts)->confirm);
  auto bad = Load("environments:\n  production:\n    url: ./p.db\n    confirm: maybe\n", opts);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(
      bad.error().message.find(
          "alab.yaml:4:14: 'environments.production.confirm' must be true or false (got 'maybe')"),
      std::string::npos)
      << bad.error().message;
  auto top = Load("database:\n  url: ./a.db\n  confirm: true\n");
  ASSERT_FALSE(top.ok());
  EXPECT_NE(top.error().message.find("unknown key 'database.confirm' (expected url, dialect)"),
            std::string::npos)
      << top.error().message;
}

TEST_F(ConfigTest, PasswordsOnlyFromVariables) {
  ConfigOptions prod;
  prod.env = "production";
  auto literal =
      Load("environments:\n  production:\n    url: postgres://app:hunter2@db/app\n", prod);
  ASSERT_FALSE(literal.ok());
  EXPECT_EQ(literal.error().code, ExitCode::kUserError);
  EXPECT_NE(literal.error().message.find(
                "alab.yaml:3:10: 'environments.production.url' holds a literal password"),
            std::string::npos)
      << literal.error().message;
  EXPECT_EQ(literal.error().message.find("hunter2"), std::string::npos)
      << "the error must not echo the secret";
  auto query = Load("database:\n  url: postgresql://app@db/app?password=hunter2\n");
  ASSERT_FALSE(query.ok());
  EXPECT_NE(query.error().message.find("'database.url' holds a literal password"),
            std::string::npos);
  auto partial = Load("database:\n  url: postgres://app:x${PW}@db/app\n");
  EXPECT_FALSE(partial.ok());
  ScopedEnv pw("ALAB_TEST_PW", "s3cret");
  auto var =
      Load("database:\n  url: postgresql://app@db/app?sslmode=disable&password=${ALAB_TEST_PW}\n");
  ASSERT_TRUE(var.ok()) << var.error().message;
  EXPECT_EQ(var->RedactedUrl(), "postgresql://app@db/app?sslmode=disable&password=****");
  EXPECT_TRUE(Load("database:\n  url: postgres://app@db/app\n").ok());
}

// The original's examples/migrator commits postgres://alab:alab@localhost/... and overrides it:
// a literal password blocks only the url actually used; an overridden one warns, naming its line.
TEST_F(ConfigTest, OverriddenLiteralPasswordWarns) {
  const std::string yaml =
      "# alab.yaml\ndatabase:\n  dialect: postgres\n  url: postgres://alab:alab@localhost:5432/t\n"
      "environments:\n  staging:\n    url: postgres://app:hunter2@stage/app\n";
  auto used = Load(yaml);
  ASSERT_FALSE(used.ok());
  EXPECT_NE(used.error().message.find("alab.yaml:4:8: 'database.url' holds a literal password"),
            std::string::npos)
      << used.error().message;
  ConfigOptions flag;
  flag.database_url = "postgres://app@db/app";
  auto by_flag = Load(yaml, flag);
  ASSERT_TRUE(by_flag.ok()) << by_flag.error().message;
  EXPECT_EQ(by_flag->url, "postgres://app@db/app");
  ASSERT_EQ(by_flag->warnings.size(), 2u);
  EXPECT_NE(by_flag->warnings[0].find("alab.yaml:4:8: 'database.url' holds a literal password"),
            std::string::npos)
      << by_flag->warnings[0];
  EXPECT_NE(by_flag->warnings[0].find("not used: --database-url is"), std::string::npos)
      << by_flag->warnings[0];
  EXPECT_NE(by_flag->warnings[1].find("alab.yaml:7:10: 'environments.staging.url'"),
            std::string::npos)
      << by_flag->warnings[1];
  for (const auto& w : by_flag->warnings) {
    EXPECT_EQ(w.find("hunter2"), std::string::npos) << w;
    EXPECT_EQ(w.find(":alab@"), std::string::npos) << w;
  }
  ScopedEnv url("DATABASE_URL", "postgres://env@db/app");
  auto by_env = Load(yaml);
  ASSERT_TRUE(by_env.ok()) << by_env.error().message;
  EXPECT_EQ(by_env->url, "postgres://env@db/app");
  EXPECT_NE(by_env->warnings.at(0).find("not used: DATABASE_URL is"), std::string::npos)
      << by_env->warnings[0];
  ConfigOptions staging;
  staging.env = "staging";
  ScopedEnv no_url("DATABASE_URL", nullptr);
  auto by_stage = Load(yaml, staging);
  ASSERT_FALSE(by_stage.ok());
  EXPECT_NE(by_stage.error().message.find("'environments.staging.url' holds a literal password"),
            std::string::npos);
}

// Found by the fuzz campaign: a complex (non-scalar) key escaped as an exception.
TEST_F(ConfigTest, ComplexKeysAreUserErrors) {
  for (const char* yaml :
       {"\n?\n\n   trl: r\n:\x08    trl: r\n", "? [a, b]\n: 1\n",
        "environments:\n  ? {x: 1}\n  : {url: ./a.db}\n", "database:\n  ? [url]\n  : ./a.db\n"}) {
    auto cfg = Load(yaml);
    ASSERT_FALSE(cfg.ok()) << yaml;
    EXPECT_EQ(cfg.error().code, ExitCode::kUserError) << cfg.error().message;
    EXPECT_NE(cfg.error().message.find("alab.yaml:"), std::string::npos) << cfg.error().message;
  }
}

TEST(InferDialectTest, Urls) {
  EXPECT_EQ(InferDialect("postgres://u@h/db"), "postgres");
  EXPECT_EQ(InferDialect("postgresql://postgres@/postgres?host=/tmp&port=5"), "postgres");
  EXPECT_EQ(InferDialect("sqlite:app"), "sqlite");
  EXPECT_EQ(InferDialect("file:app?mode=ro"), "sqlite");
  EXPECT_EQ(InferDialect("./app.db"), "sqlite");
  EXPECT_EQ(InferDialect("data/App.SQLITE3"), "sqlite");
  EXPECT_EQ(InferDialect("x.sqlite"), "sqlite");
  EXPECT_EQ(InferDialect("mysql://h/x.db"), "");
  EXPECT_EQ(InferDialect("app"), "");
  EXPECT_EQ(InferDialect(""), "");
}

TEST(RedactUrlTest, HidesPasswords) {
  EXPECT_EQ(RedactUrl("postgres://u:secret@h:5432/db"), "postgres://u:****@h:5432/db");
  EXPECT_EQ(RedactUrl("postgres://u@h/db"), "postgres://u@h/db");
  EXPECT_EQ(RedactUrl("postgres://u:p@ss@h/db"), "postgres://u:****@h/db");
  EXPECT_EQ(RedactUrl("postgresql://h/db?user=u&password=x1&sslmode=off"),
            "postgresql://h/db?user=u&password=****&sslmode=off");
  EXPECT_EQ(RedactUrl("host=h password=pw dbname=d"), "host=h password=**** dbname=d");
  EXPECT_EQ(RedactUrl("./app.db"), "./app.db");
  // A key that is no password of libpq's but names one is hidden all the same.
  EXPECT_EQ(RedactUrl("postgres://h/db?mypassword=x"), "postgres://h/db?mypassword=****");
}

}  // namespace
}  // namespace alab::config
