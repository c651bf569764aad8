#pragma once
// Shared by the data/ tests: a source and a destination database of one dialect (SQLite files
// or fresh databases on the test PostgreSQL server), dump and seed through the library, and
// rows read back with SELECTs that show every byte (SQLite: storage class, quote() and hex()).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "base/files.h"
#include "base/strings.h"
#include "data/dump.h"
#include "data/seed.h"
#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "test_dialects.h"
#include "test_support.h"

namespace alab::data::testing {

class TwoDatabases : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (pg()) ALAB_REQUIRE_PG();
    src_url_ = alab::testing::FreshDatabaseUrl(GetParam(), dir_.path(), "src");
    dst_url_ = alab::testing::FreshDatabaseUrl(GetParam(), dir_.path(), "dst");
    src_ = Open(src_url_);
    dst_ = Open(dst_url_);
  }
  bool pg() const { return alab::testing::OnTestServer(GetParam()); }
  std::unique_ptr<dialect::Connection> Open(const std::string& url) {
    auto c = dialect::GetDialect(GetParam()).Connect(url);
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c ? std::move(*c) : nullptr;
  }
  static void Exec(dialect::Connection& c, const std::string& sql) {
    Status s = c.Exec(sql);
    ASSERT_TRUE(s.ok()) << sql << "\n" << s.error().message;
  }
  static std::string DumpText(dialect::Connection& c, DumpOptions o = {},
                              DumpStats* stats = nullptr) {
    std::string text;
    auto r = Dump(c, o, [&](const std::string& piece) {
      text += piece;
      return Status::Ok();
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    if (r && stats) *stats = *r;
    return text;
  }
  // Writes text to a file and seeds it into conn.
  Expected<SeedResult> SeedText(dialect::Connection& c, const std::string& text,
                                const std::string& name = "seed.sql") {
    dir_.Write(name, text);
    return Seed(c, {{dir_ / name, name}});
  }
  // Every row of `table` ordered by `order`, each value shown so that different bytes,
  // storage classes or types never compare equal.
  std::vector<dialect::Row> Rows(dialect::Connection& c, const std::string& table,
                                 const std::vector<std::string>& cols,
                                 const std::string& order = "id") {
    std::vector<std::string> exprs;
    for (const auto& col : cols) {
      std::string q = "\"" + col + "\"";
      exprs.push_back(pg() ? q + "::text"
                           : "typeof(" + q + ") || ':' || quote(" + q + ") || ':' || hex(" + q +
                                 ")");
    }
    std::string sql = "SELECT " + Join(exprs, ", ") + " FROM \"" + table + "\" ORDER BY " + order;
    auto r = c.Query(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.error().message;
    return r ? r->rows : std::vector<dialect::Row>{};
  }

  alab::testing::TempDir dir_;
  std::string src_url_, dst_url_;
  std::unique_ptr<dialect::Connection> src_, dst_;
};

}  // namespace alab::data::testing
