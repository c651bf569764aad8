// Introspection on real databases: apply the SQL alab renders for a schema, read the
// database back, and require the same IR ("synced"); hand-made drift is named.
#include "dialect/inspect.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "dialect/registry.h"

#include "dialect/compare.h"
#include "dialect/inspect_test_util.h"
#include "test_support.h"

namespace alab::dialect {
namespace {

using alab::testing::TempDir;

schema::Schema Blog() {
  auto j = nlohmann::json::parse(
      alab::testing::ReadText(alab::testing::SourceDir() / "testdata/inspect/blog.json"));
  return *schema::SchemaFromJson(j);
}

// The parts of two schemas that differ in database shape, as JSON (for failure messages).
std::string ShapeDiff(const schema::Schema& e, const schema::Schema& a) {
  std::string out;
  for (const auto& et : e.tables) {
    const schema::Table* at = a.Find(et.Ref());
    if (!at) {
      out += "missing table " + et.Ref() + "\n";
      continue;
    }
    for (const auto& ec : et.columns) {
      const schema::Column* ac = at->FindColumn(ec.name);
      if (!ac || !ec.SameDatabaseShape(*ac))
        out += schema::ToJson(ec).dump() + "\n  vs " + (ac ? schema::ToJson(*ac).dump() : "none") +
               "\n";
    }
    auto ej = schema::ToJson(et), aj = schema::ToJson(*at);
    for (const char* k : {"indexes", "foreign_keys", "checks"})
      if (ej[k] != aj[k]) out += ej[k].dump() + "\n  vs " + aj[k].dump() + "\n";
  }
  return out;
}

std::vector<std::string> Lines(const std::string& dialect, const schema::Schema& e,
                               const schema::Schema& a) {
  std::vector<std::string> out;
  for (const auto& d : CompareSchemas(GetDialect(dialect), e, a))
    out.push_back(DescribeDifference(d));
  return out;
}

class InspectTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
    conn_ = testing::OpenFresh(GetParam(), dir_, "inspect");
    ASSERT_NE(conn_, nullptr);
  }
  TempDir dir_;
  std::unique_ptr<Connection> conn_;
};

TEST_P(InspectTest, AppliedSchemaReadsBackAsTheSameIr) {
  schema::Schema blog = Blog();
  ASSERT_TRUE(testing::ApplyDiff(*conn_, {}, blog).ok());
  InspectOptions o;
  o.expected = &blog;
  auto got = Inspect(*conn_, o);
  ASSERT_TRUE(got.ok()) << got.error().message;
  schema::Schema synced = Reconcile(GetDialect(GetParam()), blog, *got);
  EXPECT_TRUE(schema::SameDatabaseShape(blog, synced)) << ShapeDiff(blog, synced);
  EXPECT_TRUE(diff::Diff(blog, synced, {}).empty());
  EXPECT_EQ(Lines(GetParam(), blog, *got), std::vector<std::string>{});
}

TEST_P(InspectTest, WithoutExpectedTheTypesAndNamesStillMapBack) {
  schema::Schema blog = Blog();
  ASSERT_TRUE(testing::ApplyDiff(*conn_, {}, blog).ok());
  InspectOptions o;
  o.namespace_by_prefix = true;
  auto got = Inspect(*conn_, o);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_EQ(got->tables.size(), 3u);
  const schema::Table* user = got->Find("auth.user");
  ASSERT_NE(user, nullptr);
  const schema::Column* id = user->FindColumn("id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->type, schema::Type::kUuid);
  EXPECT_TRUE(id->primary_key);
  EXPECT_FALSE(id->default_value.has_value());
  EXPECT_EQ(user->FindColumn("role")->type, schema::Type::kEnum);
  EXPECT_EQ(user->FindColumn("role")->enum_values,
            (std::vector<std::string>{"admin", "member", "guest"}));
  EXPECT_EQ(user->FindColumn("is_active")->type, schema::Type::kBoolean);
  EXPECT_EQ(user->FindColumn("is_active")->default_value, schema::Value::Bool(true));
  EXPECT_EQ(user->FindColumn("settings")->type, schema::Type::kJson);
  EXPECT_EQ(user->FindColumn("email")->length, 255);
  EXPECT_TRUE(user->FindColumn("email")->unique);
  EXPECT_EQ(user->FindColumn("age")->check, "age >= 13");
  EXPECT_EQ(user->FindColumn("balance")->precision, 10);
  EXPECT_TRUE(user->FindColumn("full_name")->computed.has_value());
  const schema::Table* post = got->Find("blog.post");
  ASSERT_NE(post, nullptr);
  EXPECT_EQ(post->FindColumn("author_id")->type, schema::Type::kUuid);
  EXPECT_EQ(post->FindColumn("views")->default_value, schema::Value::Number("-1"));
  ASSERT_EQ(post->foreign_keys.size(), 2u);
  EXPECT_EQ(post->foreign_keys[0].ref_table, "auth.user");
  EXPECT_EQ(post->foreign_keys[0].on_delete, schema::FkAction::kCascade);
  EXPECT_EQ(post->foreign_keys[1].on_delete, schema::FkAction::kSetNull);
  EXPECT_EQ(post->foreign_keys[1].on_update, schema::FkAction::kCascade);
  ASSERT_EQ(post->indexes.size(), 3u);
  EXPECT_EQ(post->indexes[1].where, "deleted_at IS NULL");
  // Semantically the same as the source schema.
  EXPECT_EQ(Lines(GetParam(), blog, *got), std::vector<std::string>{});
}

TEST_P(InspectTest, HandMadeDriftIsNamed) {
  schema::Schema blog = Blog();
  ASSERT_TRUE(testing::ApplyDiff(*conn_, {}, blog).ok());
  ASSERT_TRUE(conn_->Exec("ALTER TABLE auth_user ADD COLUMN phone TEXT").ok());
  ASSERT_TRUE(conn_->Exec("DROP INDEX idx_blog_post_author_id").ok());
  ASSERT_TRUE(conn_->Exec("CREATE INDEX idx_extra ON blog_tag (weight)").ok());
  if (GetParam() == "postgres") {
    ASSERT_TRUE(conn_->Exec("ALTER TABLE blog_tag ALTER COLUMN weight SET DEFAULT 20").ok());
  } else {
    // SQLite cannot alter a default: rebuild the table the plain way.
    ASSERT_TRUE(testing::ExecScript(
                    *conn_,
                    "CREATE TABLE t2 (id TEXT NOT NULL PRIMARY KEY, label VARCHAR(40) NOT NULL "
                    "CONSTRAINT chk_blog_tag_label CHECK (length(label) > 0), weight INTEGER "
                    "DEFAULT 20); DROP TABLE blog_tag; ALTER TABLE t2 RENAME TO blog_tag; "
                    "CREATE UNIQUE INDEX uniq_blog_tag_label ON blog_tag (label); "
                    "CREATE INDEX idx_extra ON blog_tag (weight)")
                    .ok());
  }
  InspectOptions o;
  o.expected = &blog;
  auto got = Inspect(*conn_, o);
  ASSERT_TRUE(got.ok()) << got.error().message;
  auto lines = Lines(GetParam(), blog, *got);
  std::vector<std::string> want = {
      "column auth_user.phone exists in the database but not in the migrations",
      "index idx_blog_post_author_id on blog_post exists in the migrations but not in the database",
      "column blog_tag.weight differs in default: 10 in the migrations, 20 in the database",
      "index idx_extra on blog_tag exists in the database but not in the migrations",
  };
  EXPECT_EQ(lines, want);
}

TEST_P(InspectTest, SkipsAlabTablesAndIgnoredOnes) {
  ASSERT_TRUE(testing::ExecScript(
                  *conn_,
                  "CREATE TABLE alab_migrations (revision TEXT); CREATE TABLE legacy (a INTEGER); "
                  "CREATE TABLE kept (a INTEGER)")
                  .ok());
  InspectOptions o;
  o.ignore_tables = {"legacy"};
  auto got = Inspect(*conn_, o);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->tables.size(), 1u);
  EXPECT_EQ(got->tables[0].name, "kept");
}

INSTANTIATE_TEST_SUITE_P(Dialects, InspectTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace alab::dialect

namespace alab::dialect {
namespace {

// Counts the queries that reach the database.
class CountingConnection : public Connection {
 public:
  explicit CountingConnection(Connection& inner) : Connection(inner.dialect()), inner_(inner) {}
  Status Exec(const std::string& sql) override { return inner_.Exec(sql); }
  Expected<QueryResult> Query(const std::string& sql,
                              const std::vector<std::string>& params) override {
    ++queries;
    return inner_.Query(sql, params);
  }
  Status Begin() override { return inner_.Begin(); }
  Status BeginSnapshot() override { return inner_.BeginSnapshot(); }
  Status Commit() override { return inner_.Commit(); }
  Status Rollback() override { return inner_.Rollback(); }
  bool InTransaction() override { return inner_.InTransaction(); }
  std::string redacted_url() const override { return inner_.redacted_url(); }
  Expected<bool> HasTable(const std::string& name) override { return inner_.HasTable(name); }
  int queries = 0;

 private:
  Connection& inner_;
};

TEST_P(InspectTest, QueryCountDoesNotGrowWithTables) {
  auto count_for = [this](int tables) {
    for (int i = 0; i < tables; ++i)
      EXPECT_TRUE(conn_
                      ->Exec(fmt::format("CREATE TABLE q_{}_{} (id INTEGER PRIMARY KEY, a TEXT)",
                                         tables, i))
                      .ok());
    CountingConnection counting(*conn_);
    EXPECT_TRUE(Inspect(counting).ok());
    return counting.queries;
  };
  int few = count_for(2);
  int many = count_for(40);
  EXPECT_EQ(few, many);
  EXPECT_LE(many, 4);
}

}  // namespace
}  // namespace alab::dialect
