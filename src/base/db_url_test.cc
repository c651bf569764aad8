// Passwords are found by where they stand in a url or a libpq connection string, whatever
// characters they hold, and only they are replaced.
#include "base/db_url.h"

#include <gtest/gtest.h>

namespace alab {
namespace {

TEST(DbUrlTest, RedactsUserinfoPasswordHoldingReservedCharacters) {
  EXPECT_EQ(RedactDbUrl("postgresql://secretuser:Sup3r/S3cret@db.example.com:5432/app"),
            "postgresql://secretuser:****@db.example.com:5432/app");
  EXPECT_EQ(RedactDbUrl("postgresql://secretuser:Qu3ry?S3cret@db/app?sslmode=require"),
            "postgresql://secretuser:****@db/app?sslmode=require");
  EXPECT_EQ(RedactDbUrl("postgresql://secretuser:At@S3cret@db/app"),
            "postgresql://secretuser:****@db/app");
  EXPECT_EQ(RedactDbUrl("postgresql://u:a/b?c@d#e@[::1]:5432,h2:5433/app"),
            "postgresql://u:****@[::1]:5432,h2:5433/app");
  EXPECT_EQ(RedactDbUrl("postgresql://u:Pct%2FS3cret%40x@h/app"), "postgresql://u:****@h/app");
  EXPECT_EQ(RedactDbUrl("postgresql://postgres:pw/x@/app?host=/tmp/sock&port=5"),
            "postgresql://postgres:****@/app?host=/tmp/sock&port=5");
  EXPECT_EQ(RedactDbUrl("postgres://u:${PW}@${HOST}/db"), "postgres://u:****@${HOST}/db");
}

TEST(DbUrlTest, RedactsQueryAndConninfoPasswords) {
  EXPECT_EQ(RedactDbUrl("postgresql://u@h/db?sslmode=off&password=x/y?z&sslpassword=k"),
            "postgresql://u@h/db?sslmode=off&password=****&sslpassword=****");
  EXPECT_EQ(RedactDbUrl("host=/tmp port=5432 password=Conn/1nfo?S3cret dbname=app"),
            "host=/tmp port=5432 password=**** dbname=app");
  EXPECT_EQ(RedactDbUrl("host=h password = 'it\\'s a s3cret' dbname=app"),
            "host=h password = **** dbname=app");
  EXPECT_EQ(RedactDbUrl("host=h password='unterminated s3cret"), "host=h password****");
  EXPECT_EQ(RedactDbUrl("user=passwordless dbname=password"), "user=passwordless dbname=password");
  EXPECT_EQ(RedactDbUrl("./app.db"), "./app.db");
}

TEST(DbUrlTest, PasswordsAsWrittenAndAsLibpqReadsThem) {
  EXPECT_EQ(PasswordsOf("postgresql://u:Pct%2FS3cret%40x@h/app"),
            (std::vector<std::string>{"Pct/S3cret@x", "Pct%2FS3cret%40x"}));
  EXPECT_EQ(PasswordsOf("host=h password='a b\\'c'"),
            (std::vector<std::string>{"a b'c", "'a b\\'c'"}));
  EXPECT_TRUE(PasswordsOf("postgresql://u@h/app").empty());
}

// libpq percent-decodes query keys, and a key that merely holds "password" (PASSWORD,
// an unknown or misspelt one) is hidden too, in a url and in a keyword/value string.
TEST(DbUrlTest, RedactsPercentEncodedAndCaseVariantPasswordKeys) {
  EXPECT_EQ(RedactDbUrl("postgresql://u@127.0.0.1:1/db?pass%77ord=S3cretB"),
            "postgresql://u@127.0.0.1:1/db?pass%77ord=****");
  EXPECT_EQ(RedactDbUrl("postgresql://u@h/db?ssl%70assword=S3cretB&sslmode=off"),
            "postgresql://u@h/db?ssl%70assword=****&sslmode=off");
  EXPECT_EQ(RedactDbUrl("postgresql://u@h/db?PASSWORD=S3cretB"),
            "postgresql://u@h/db?PASSWORD=****");
  EXPECT_EQ(RedactDbUrl("postgresql://u@h/db?%50assWord_x=S3cretB"),
            "postgresql://u@h/db?%50assWord_x=****");
  EXPECT_EQ(RedactDbUrl("postgresql://h/db?password=S3cretA@b"), "postgresql://h/db?password=****");
  EXPECT_EQ(RedactDbUrl("host=127.0.0.1 PASSWORD=S3cretA dbname=db"),
            "host=127.0.0.1 PASSWORD=**** dbname=db");
  EXPECT_EQ(RedactDbUrl("PASSWORD=S3cretA host=h"), "PASSWORD=**** host=h");
  EXPECT_EQ(PasswordsOf("postgresql://u@h/db?pass%77ord=S3cret%42"),
            (std::vector<std::string>{"S3cretB", "S3cret%42"}));
  EXPECT_EQ(PasswordsOf("host=h PASSWORD='S3cretA x'"),
            (std::vector<std::string>{"S3cretA x", "'S3cretA x'"}));
}

// A url that does not parse is never echoed with what may be its password.
TEST(DbUrlTest, RedactsUnparsableUrls) {
  EXPECT_EQ(RedactDbUrl("postgresql:/u:S3cretA@127.0.0.1:1/db"), "postgresql:****@127.0.0.1:1/db");
  EXPECT_EQ(RedactDbUrl("postgresql:u:S3cretA@127.0.0.1:1/db"), "postgresql:****@127.0.0.1:1/db");
  EXPECT_EQ(RedactDbUrl("postgres:u:S3cretA"), "postgres:****");
  EXPECT_EQ(RedactDbUrl("mysql:/u:S3cretA@h/db"), "mysql:****@h/db");
  EXPECT_EQ(RedactDbUrl("postgresql://u:S3cretA@bad host/db"), "postgresql://****@bad host/db");
  EXPECT_EQ(PasswordsOf("postgresql:/u:S3cretA@127.0.0.1:1/db"),
            (std::vector<std::string>{"S3cretA"}));
  // SQLite urls and paths carry no password: left whole.
  EXPECT_EQ(RedactDbUrl("file:app.db?mode=ro"), "file:app.db?mode=ro");
  EXPECT_EQ(RedactDbUrl("sqlite:/home/me@work/app.db"), "sqlite:/home/me@work/app.db");
  EXPECT_EQ(RedactDbUrl("postgresql://u@h/db"), "postgresql://u@h/db");
  EXPECT_EQ(RedactDbUrl("postgresql://h/db"), "postgresql://h/db");
}

TEST(DbUrlTest, EncodesReservedCharactersOfUserinfoPassword) {
  EXPECT_EQ(EncodeUrlPassword("postgresql://u:Sup3r/S3cret@h/app"),
            "postgresql://u:Sup3r%2FS3cret@h/app");
  EXPECT_EQ(EncodeUrlPassword("postgresql://u:a?b@c%zz%41@h/app"),
            "postgresql://u:a%3Fb%40c%25zz%41@h/app");
  EXPECT_EQ(EncodeUrlPassword("postgresql://u:plain@h/app"), "postgresql://u:plain@h/app");
  EXPECT_EQ(EncodeUrlPassword("host=h password=a/b"), "host=h password=a/b");
}

TEST(DbUrlTest, ShortPasswordDoesNotMangleWords) {
  std::string msg =
      "connection to server on socket \"/no/such/.s.PGSQL.5432\" failed: No such file or directory";
  EXPECT_EQ(RedactPasswords(msg, {"o"}), msg);
  EXPECT_EQ(RedactPasswords("password o was refused", {"o"}), "password **** was refused");
  EXPECT_EQ(RedactDbUrl("postgresql://postgres:o@/app?host=/tmp"),
            "postgresql://postgres:****@/app?host=/tmp");
  EXPECT_EQ(RedactPasswords("port \"Sup3r\" and Sup3r/S3cretX", {"Sup3r/S3cret"}),
            "port \"Sup3r\" and ****X");
}

TEST(DbUrlTest, RecognisesConninfo) {
  EXPECT_TRUE(IsConninfo("host=/tmp dbname=app"));
  EXPECT_TRUE(IsConninfo("  dbname = app"));
  EXPECT_FALSE(IsConninfo("postgresql://u@h/db?host=x"));
  EXPECT_FALSE(IsConninfo("app.db"));
  EXPECT_FALSE(IsConninfo("file=app.db"));
}

}  // namespace
}  // namespace alab
