// The registry's dialects and the schema language's sql({...}) keys: every dialect reads a key
// the files can write, reads only its own, and a key is found through the registry.
#include "dialect/registry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "dialect/dialect.h"
#include "schema/dsl_names.h"

namespace alab::dialect {
namespace {

TEST(DialectRegistry, EveryDialectReadsAKeyOfTheSchemaLanguage) {
  const auto& keys = schema::SqlTextKeys();
  ASSERT_FALSE(DialectNames().empty());
  for (const std::string& name : DialectNames()) {
    const Dialect& d = GetDialect(name);
    EXPECT_NE(std::find(keys.begin(), keys.end(), d.sql_key()), keys.end())
        << name << " reads " << d.sql_key();
  }
  // Every key is read by some dialect: a key nothing reads would be accepted in files and ignored.
  for (const std::string& key : keys) {
    const Dialect* d = FindDialectReadingSqlKey(key);
    ASSERT_NE(d, nullptr) << key;
    EXPECT_EQ(d->sql_key(), key);
  }
  EXPECT_EQ(FindDialectReadingSqlKey("postgress"), nullptr);
}

TEST(DialectRegistry, ADialectReadsItsOwnTextOnly) {
  schema::SqlTexts texts;
  for (const std::string& key : schema::SqlTextKeys()) texts[key] = "text for " + key;
  const schema::Value every = schema::Value::Sql(texts);
  for (const std::string& name : DialectNames()) {
    const Dialect& d = GetDialect(name);
    EXPECT_EQ(d.SqlText(every), "text for " + d.sql_key()) << name;
    ops::RawSql raw{texts, {}, {}};
    ASSERT_NE(d.RawSqlText(raw), nullptr) << name;
    EXPECT_EQ(*d.RawSqlText(raw), "text for " + d.sql_key()) << name;
    // A text written for every other key only: nothing for this dialect.
    schema::SqlTexts others = texts;
    others.erase(d.sql_key());
    EXPECT_EQ(d.SqlText(schema::Value::Sql(others)), "") << name;
    EXPECT_EQ(d.RawSqlText(ops::RawSql{others, {}, {}}), nullptr) << name;
  }
  // sql("...") gives the same text to every dialect.
  for (const std::string& name : DialectNames())
    EXPECT_EQ(GetDialect(name).SqlText(schema::Value::SqlForEveryKey("now()")), "now()") << name;
}

}  // namespace
}  // namespace alab::dialect
