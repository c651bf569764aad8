// No command prints a database password: 12 commands × 6 url shapes (a userinfo password
// holding / ? @ as written, a percent-encoded one, a libpq conninfo string, ?password=), with
// the server unreachable and on the real test server; and a password "o" leaves messages whole.
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace alab::cli {
namespace {

using ::alab::testing::RunAlab;
using ::alab::testing::RunResult;
using ::alab::testing::TempDir;

// Every password below holds "S3cret" on both sides of its special character, so a leak of
// any part of it (libpq's `invalid port number: "..."` would show the part before a '/')
// shows up as "S3cret".
const char* kMark = "S3cret";

struct Shape {
  const char* name;
  std::string url;
};

// host: "127.0.0.1:1" (nothing listens: refused at once) or "" for the Unix socket in query.
std::vector<Shape> Shapes(const std::string& user, const std::string& host, const std::string& db,
                          const std::string& query, const std::string& conninfo_host) {
  std::string at = "@" + host + "/" + db + query;
  std::string sep = query.empty() ? "?" : "&";
  return {
      {"slash", "postgresql://" + user + ":S3cretA/S3cretB" + at},
      {"question", "postgresql://" + user + ":S3cretA?S3cretB" + at},
      {"at", "postgresql://" + user + ":S3cretA@S3cretB" + at},
      {"percent", "postgresql://" + user + ":S3cretA%2FS3cretB%3F%40" + at},
      {"conninfo", conninfo_host + " user=" + user + " password=S3cretA/S3cretB?@ dbname=" + db},
      {"query",
       "postgresql://" + user + "@" + host + "/" + db + query + sep + "password=S3cretA/S3cretB"},
  };
}

const std::vector<std::vector<std::string>> kCommands = {
    {"status"},
    {"status", "--json"},
    {"migrate"},
    {"migrate", "--dry"},
    {"check"},
    {"check", "--json"},
    {"history", "--json"},
    {"diff", "--from", "db"},
    {"pull"},
    {"seed", "seed.sql"},
    {"dump"},
    {"rollback", "-v"},
};

void WriteProject(const TempDir& dir) {
  dir.Write("alab.yaml", "database:\n  dialect: postgres\n");
  dir.Write("schemas/app/item.js",
            "export default table({\n  id: col.id(),\n  name: col.string(80),\n});\n");
  dir.Write("migrations/001_init.js", R"JS(export default migration({
  description: "init",
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("app.item", (t) => {
      t.id();
      t.string("name", 80);
    });
  },
  down(m) {
    m.drop_table("app.item");
  },
});
)JS");
  dir.Write("seed.sql", "SELECT 1;\n");
}

// Runs every command with the url given both ways (--database-url and DATABASE_URL).
void ExpectNoPasswordPrinted(const TempDir& dir, const Shape& shape, bool reachable) {
  int ran = 0, failed = 0;
  for (const auto& cmd : kCommands) {
    for (bool by_env : {false, true}) {
      std::vector<std::string> args;
      std::vector<std::string> env = {"NO_COLOR=1"};
      if (by_env)
        env.push_back("DATABASE_URL=" + shape.url);
      else
        args = {"--database-url", shape.url};
      args.insert(args.end(), cmd.begin(), cmd.end());
      ::unsetenv("DATABASE_URL");
      RunResult r = RunAlab(args, dir.path(), env);
      std::string what = fmt::format(
          "{} {} ({}): exit {}\nstdout:\n{}\nstderr:\n{}", shape.name, fmt::join(cmd, " "),
          by_env ? "DATABASE_URL" : "--database-url", r.exit_code, r.out, r.err);
      EXPECT_EQ(r.out.find(kMark), std::string::npos) << what;
      EXPECT_EQ(r.err.find(kMark), std::string::npos) << what;
      // A failure is the connection's, named with the redacted url (history reads no database;
      // migrate --dry says it could not read it and prints every migration).
      if (!reachable && r.exit_code != 0) {
        EXPECT_NE((r.out + r.err).find("****"), std::string::npos) << what;
      }
      if (!reachable) failed += r.exit_code != 0;
      ++ran;
    }
  }
  EXPECT_EQ(ran, 24);
  if (!reachable) {
    EXPECT_GE(failed, 18);  // all but history, migrate --dry, diff
  }
}

class SecretsTest : public ::testing::TestWithParam<int> {};

TEST_P(SecretsTest, UnreachableServer) {
  TempDir dir;
  WriteProject(dir);
  auto shape =
      Shapes("secretuser", "127.0.0.1:1", "alabdb", "", "host=127.0.0.1 port=1")[GetParam()];
  ExpectNoPasswordPrinted(dir, shape, false);
}

TEST_P(SecretsTest, RealServer) {
  ALAB_REQUIRE_PG();
  std::string url = ::alab::testing::CreatePgDatabase("secrets");
  ASSERT_FALSE(url.empty());
  // postgresql://postgres@/DB?host=SOCK&port=PORT (trust: the password is not checked).
  auto slash = url.rfind('/', url.find('?'));
  std::string db = url.substr(slash + 1, url.find('?') - slash - 1);
  std::string query = url.substr(url.find('?'));
  std::string sock = query.substr(6, query.find('&') - 6);
  std::string port = query.substr(query.find("port=") + 5);
  TempDir dir;
  WriteProject(dir);
  auto shape = Shapes("postgres", "", db, query, "host=" + sock + " port=" + port)[GetParam()];
  // The password is read whole: the url connects (migrate applies 001).
  ::unsetenv("DATABASE_URL");
  RunResult up = RunAlab({"--database-url", shape.url, "migrate"}, dir.path(), {"NO_COLOR=1"});
  EXPECT_EQ(up.exit_code, 0) << up.out << up.err;
  ExpectNoPasswordPrinted(dir, shape, true);
  RunResult st =
      RunAlab({"--database-url", shape.url, "status", "--json"}, dir.path(), {"NO_COLOR=1"});
  EXPECT_EQ(st.exit_code, 0) << st.out << st.err;
  EXPECT_NE(st.out.find("****"), std::string::npos) << st.out;
}

INSTANTIATE_TEST_SUITE_P(UrlShapes, SecretsTest, ::testing::Range(0, 6),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(Shapes("u", "h", "d", "", "")[info.param].name);
                         });

// Spellings libpq reads as a password that a search for "password=" misses (a percent-encoded
// key, another case), and urls that do not parse (one slash, none): nothing of them is printed.
const std::vector<Shape> kHiddenShapes = {
    {"encoded_key", "postgresql://secretuser@127.0.0.1:1/alabdb?pass%77ord=S3cretB"},
    {"encoded_sslkey",
     "postgresql://secretuser@127.0.0.1:1/alabdb?sslmode=disable&ssl%70assword=S3cretB"},
    {"upper_query_key", "postgresql://secretuser@127.0.0.1:1/alabdb?PASSWORD=S3cretB"},
    {"upper_conninfo_key", "host=127.0.0.1 port=1 dbname=alabdb PASSWORD=S3cretA"},
    {"one_slash", "postgresql:/secretuser:S3cretA@127.0.0.1:1/alabdb"},
    {"no_slash", "postgresql:secretuser:S3cretA@127.0.0.1:1/alabdb"},
};

class SecretsHiddenShapeTest : public ::testing::TestWithParam<int> {};

TEST_P(SecretsHiddenShapeTest, UnreachableServer) {
  TempDir dir;
  WriteProject(dir);
  ExpectNoPasswordPrinted(dir, kHiddenShapes[GetParam()], false);
}

INSTANTIATE_TEST_SUITE_P(UrlShapes, SecretsHiddenShapeTest, ::testing::Range(0, 6),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(kHiddenShapes[info.param].name);
                         });

// A literal password in alab.yaml is refused whatever the key's spelling.
TEST(SecretsLiteralTest, EncodedPasswordKeyInAlabYamlIsRefused) {
  for (std::string key : {"pass%77ord", "ssl%70assword", "PASSWORD"}) {
    TempDir dir;
    WriteProject(dir);
    dir.Write("alab.yaml", "database:\n  dialect: postgres\n  url: postgresql://u@127.0.0.1:1/db?" +
                               key + "=S3cretB\n");
    ::unsetenv("DATABASE_URL");
    RunResult r = RunAlab({"status"}, dir.path(), {"NO_COLOR=1"});
    EXPECT_EQ(r.exit_code, 1) << key << r.out << r.err;
    EXPECT_NE(r.err.find("holds a literal password"), std::string::npos) << key << r.err;
    EXPECT_EQ((r.out + r.err).find(kMark), std::string::npos) << key << r.out << r.err;
  }
}

// ${PW} in a keyword/value string of alab.yaml is quoted: a password holding a space or
// "port=..." connects as written (the server of the tests trusts, so any password is taken,
// but an unquoted one would end the value and set the port), and no part of it is printed.
TEST(SecretsConninfoVariableTest, PasswordWithSpaceAndKeywordConnects) {
  ALAB_REQUIRE_PG();
  std::string url = ::alab::testing::CreatePgDatabase("secretvar");
  ASSERT_FALSE(url.empty());
  auto slash = url.rfind('/', url.find('?'));
  std::string db = url.substr(slash + 1, url.find('?') - slash - 1);
  std::string query = url.substr(url.find('?'));
  std::string sock = query.substr(6, query.find('&') - 6);
  std::string port = query.substr(query.find("port=") + 5);
  for (std::string pw : {"S3cretA S3cretB", "S3cretA port=S3cretB", "S3cretA' port='S3cretB"}) {
    TempDir dir;
    WriteProject(dir);
    dir.Write("alab.yaml", "database:\n  dialect: postgres\n  url: \"host=" + sock +
                               " port=" + port + " dbname=" + db +
                               " user=postgres password=${ALAB_SECRET_PW}\"\n");
    ::unsetenv("DATABASE_URL");
    std::vector<std::string> env = {"NO_COLOR=1", "ALAB_SECRET_PW=" + pw};
    for (const auto& cmd : kCommands) {
      RunResult r = RunAlab(cmd, dir.path(), env);
      std::string what = fmt::format("{} [{}]: exit {}\n{}\n{}", fmt::join(cmd, " "), pw,
                                     r.exit_code, r.out, r.err);
      EXPECT_EQ((r.out + r.err).find(kMark), std::string::npos) << what;
      if (cmd == std::vector<std::string>{"migrate"}) {
        EXPECT_EQ(r.exit_code, 0) << what;
      }
    }
    RunResult st = RunAlab({"status", "--json"}, dir.path(), env);
    EXPECT_EQ(st.exit_code, 0) << st.out << st.err;
    EXPECT_NE(st.out.find("password=****"), std::string::npos) << st.out;
    EXPECT_NE(st.out.find("\"applied\""), std::string::npos) << st.out;
    RunResult down =
        RunAlab({"rollback"}, dir.path(), env);  // the next password starts from none applied
    EXPECT_EQ(down.exit_code, 0) << down.out << down.err;
  }
}

// A one-letter password hides only itself: the libpq message stays readable.
TEST(SecretsShortPasswordTest, PasswordOIsNotReplacedInsideWords) {
  TempDir dir;
  WriteProject(dir);
  ::unsetenv("DATABASE_URL");
  RunResult r =
      RunAlab({"--database-url", "postgresql://secretuser:o@127.0.0.1:1/alabdb", "status"},
              dir.path(), {"NO_COLOR=1"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("postgresql://secretuser:****@127.0.0.1:1/alabdb"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("connection refused"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Connection refused"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("N****"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("t****"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace alab::cli
