// Runs rendered SQL on the real PostgreSQL test server (libpq directly): native ALTERs keep
// rows, constraints follow renames, the enum checks and gen_random_uuid() defaults work.
#include <libpq-fe.h>

#include <gtest/gtest.h>

#include "dialect/dialect.h"
#include "dialect/sqlite/render_test_util.h"
#include "test_support.h"

namespace alab::dialect {
namespace {

using schema::Type;
using schema::Value;
using testing::AlterPost;
using testing::BlogSchema;
using testing::Col;
using testing::ColumnOf;
using testing::Str;

class Pg {
 public:
  explicit Pg(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    EXPECT_EQ(PQstatus(conn_), CONNECTION_OK) << PQerrorMessage(conn_);
    Exec("SET client_min_messages = warning");
  }
  ~Pg() { PQfinish(conn_); }

  std::string Exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::string err;
    auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
    PQclear(r);
    return err;
  }
  std::vector<std::vector<std::string>> Query(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQresultErrorMessage(r) << sql;
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < PQntuples(r); ++i) {
      std::vector<std::string> row;
      for (int j = 0; j < PQnfields(r); ++j)
        row.push_back(PQgetisnull(r, i, j) ? "NULL" : PQgetvalue(r, i, j));
      rows.push_back(row);
    }
    PQclear(r);
    return rows;
  }
  std::string One(const std::string& sql) {
    auto rows = Query(sql);
    return rows.empty() ? "" : rows[0][0];
  }
  std::string Apply(schema::Schema& state, const std::vector<ops::Op>& list) {
    auto r = RenderAll(*MakeDialect("postgres"), list, state);
    if (!r.ok()) return r.error().message;
    Exec("BEGIN");
    for (const auto& s : *r) {
      if (std::string e = Exec(s.sql); !e.empty()) {
        Exec("ROLLBACK");
        return e + "  in: " + s.sql;
      }
    }
    if (std::string e = Exec("COMMIT"); !e.empty()) return e;
    for (auto op : list) {
      if (Status st = ops::Resolve(op, state); !st.ok()) return st.error().message;
      if (Status st = ops::Apply(op, state); !st.ok()) return st.error().message;
    }
    return "";
  }
  std::string Indexes(const std::string& table) {
    std::string out;
    for (const auto& r : Query("SELECT indexname FROM pg_indexes WHERE tablename = '" + table +
                               "' AND indexname NOT LIKE '%_pkey' ORDER BY 1"))
      out += r[0] + ";";
    return out;
  }
  std::string Constraints(const std::string& table) {
    std::string out;
    for (const auto& r : Query("SELECT conname, contype FROM pg_constraint WHERE conrelid = '\"" +
                               table + "\"'::regclass AND contype <> 'p' ORDER BY 1"))
      out += r[0] + ":" + r[1] + ";";
    return out;
  }

 private:
  PGconn* conn_;
};

schema::Schema Populated(Pg& db) {
  schema::Schema state;
  std::vector<ops::Op> creates;
  for (const auto& t : BlogSchema().tables) creates.push_back(ops::CreateTable{t, {}});
  EXPECT_EQ(db.Apply(state, ops::Order(creates)), "");
  EXPECT_EQ(db.Exec("INSERT INTO auth_user (id, email) VALUES "
                    "('00000000-0000-4000-8000-000000000001', 'a@x.io'),"
                    " ('00000000-0000-4000-8000-000000000002', 'b@x.io')"),
            "");
  EXPECT_EQ(db.Exec("INSERT INTO blog_post (author_id, title, rating, meta) VALUES"
                    " ('00000000-0000-4000-8000-000000000001', 'one', 1, '{\"k\":1}'),"
                    " ('00000000-0000-4000-8000-000000000001', 'two', NULL, NULL),"
                    " ('00000000-0000-4000-8000-000000000002', 'three', 3, '[]')"),
            "");
  return state;
}

TEST(PostgresExecTest, CreateDefaultsAndChecks) {
  ALAB_REQUIRE_PG();
  Pg db(alab::testing::CreatePgDatabase("render_create"));
  Populated(db);
  for (const auto& r : db.Query("SELECT id FROM blog_post"))
    EXPECT_TRUE(alab::testing::IsUuidV4(r[0])) << r[0];
  EXPECT_EQ(db.One("SELECT count(DISTINCT id) FROM blog_post"), "3");
  EXPECT_EQ(db.One("SELECT status || active::text FROM blog_post JOIN auth_user u ON u.id = "
                   "author_id LIMIT 1"),
            "drafttrue");
  EXPECT_NE(db.Exec("INSERT INTO blog_post (author_id, title, status) VALUES "
                    "('00000000-0000-4000-8000-000000000001', 't', 'bogus')"),
            "");
  EXPECT_NE(db.Exec("INSERT INTO blog_post (author_id, title, meta) VALUES "
                    "('00000000-0000-4000-8000-000000000001', 't', 'not json')"),
            "");
  EXPECT_NE(db.Exec("INSERT INTO auth_user (email) VALUES ('a@x.io')"), "");
  EXPECT_EQ(db.Indexes("blog_post"), "idx_blog_post_status;");
  EXPECT_EQ(db.Constraints("blog_post"),
            "chk_blog_post_status_enum:c;fk_blog_post_author_id:f;title_not_empty:c;");
}

TEST(PostgresExecTest, RenamesCarryConstraintsAndIndexes) {
  ALAB_REQUIRE_PG();
  Pg db(alab::testing::CreatePgDatabase("render_rename"));
  schema::Schema state = Populated(db);
  ASSERT_EQ(db.Apply(state, {ops::RenameColumn{"blog.post", "status", "state", {}},
                             ops::RenameTable{"blog.post", "blog.article", {}},
                             ops::RenameColumn{"auth.user", "email", "mail", {}}}),
            "");
  EXPECT_EQ(db.Constraints("blog_article"),
            "chk_blog_article_state_enum:c;fk_blog_post_author_id:f;title_not_empty:c;");
  EXPECT_EQ(db.Indexes("auth_user"), "uniq_auth_user_mail;");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_article WHERE state = 'draft'"), "3");
  // The renamed objects can be dropped by their new names.
  schema::Column plain = ColumnOf(state, "blog.article", "state");
  plain.type = Type::kText;
  plain.enum_values.clear();
  ASSERT_EQ(
      db.Apply(
          state,
          {ops::AlterColumn{
              "blog.article", ColumnOf(state, "blog.article", "state"), plain, std::nullopt, {}}}),
      "");
  EXPECT_EQ(db.Exec("UPDATE blog_article SET state = 'anything'"), "");
}

TEST(PostgresExecTest, AddNotNullColumnWithBackfill) {
  ALAB_REQUIRE_PG();
  Pg db(alab::testing::CreatePgDatabase("render_backfill"));
  schema::Schema state = Populated(db);
  schema::Column slug = Str("slug", 80);
  slug.backfill = Value::String("untitled");
  ASSERT_EQ(db.Apply(state, {ops::AddColumn{"blog.post", slug, {}}}), "");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_post WHERE slug = 'untitled'"), "3");
  EXPECT_EQ(db.One("SELECT is_nullable FROM information_schema.columns WHERE table_name = "
                   "'blog_post' AND column_name = 'slug'"),
            "NO");
  EXPECT_NE(db.Apply(state, {ops::AddColumn{"blog.post", Col("body", Type::kText), {}}}), "");
  schema::Column rating = ColumnOf(state, "blog.post", "rating");
  rating.nullable = false;
  rating.backfill = Value::Number("0");
  ASSERT_EQ(db.Apply(state, {AlterPost("rating", rating)}), "");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_post WHERE rating = 0"), "1");
}

TEST(PostgresExecTest, EveryOperationAndItsInverseRun) {
  ALAB_REQUIRE_PG();
  schema::Column summary = Col("summary", Type::kText, true);
  schema::Column flag = Col("pinned", Type::kBoolean);
  flag.default_value = Value::Bool(false);
  schema::Table tag;
  tag.ns = "blog";
  tag.name = "tag";
  tag.columns = {testing::IdCol(), Col("label", Type::kText)};
  schema::Column status_text = ColumnOf(BlogSchema(), "blog.post", "status");
  status_text.enum_values = {"draft", "published", "archived"};
  std::vector<ops::Op> list = {
      ops::CreateTable{tag, {}},
      ops::AddColumn{"blog.post", summary, {}},
      ops::AddColumn{"blog.post", flag, {}},
      ops::DropColumn{"blog.post", Col("rating", Type::kText), {}},
      ops::DropColumn{"auth.user", Col("nickname", Type::kText), {}},
      ops::RenameColumn{"auth.user", "email", "mail", {}},
      ops::RenameTable{"auth.user", "auth.account", {}},
      ops::CreateIndex{
          "blog.post",
          schema::Index{"idx_title", {"title"}, false, "\"rating\" > 0", {}, false, {}},
          {}},
      ops::DropIndex{"", schema::Index{"idx_blog_post_status", {}, false, "", {}, false, {}}, {}},
      ops::AddCheck{"blog.post", schema::Check{"rating_small", "\"rating\" < 10", {}}, {}},
      ops::DropCheck{"blog.post", schema::Check{"title_not_empty", "", {}}, {}},
      ops::DropForeignKey{"blog.post",
                          schema::ForeignKey{"fk_blog_post_author_id", {}, "", {}, {}, {}, {}, {}},
                          {}},
      AlterPost("rating", Col("rating", Type::kFloat, true)),
      AlterPost("title", Str("title", 20)),
      AlterPost("status", status_text),
      ops::RawSql{
          {{"postgres", "CREATE TABLE raw_t (x int)"}}, {{"postgres", "DROP TABLE raw_t"}}, {}},
  };
  int n = 0;
  for (const auto& op : list) {
    Pg db(alab::testing::CreatePgDatabase("render_every_" + std::to_string(n++)));
    schema::Schema state = Populated(db);
    std::string indexes = db.Indexes("blog_post") + db.Indexes("auth_user");
    std::string constraints = db.Constraints("blog_post") + db.Constraints("auth_user");
    ops::Op resolved = op;
    ASSERT_TRUE(ops::Resolve(resolved, state).ok());
    ASSERT_EQ(db.Apply(state, {resolved}), "") << ops::Describe(op);
    auto inv = ops::Invert(resolved);
    ASSERT_TRUE(inv);
    ASSERT_EQ(db.Apply(state, {*inv}), "") << "inverse of " << ops::Describe(op);
    EXPECT_TRUE(schema::SameDatabaseShape(state, BlogSchema())) << ops::Describe(op);
    EXPECT_EQ(db.Indexes("blog_post") + db.Indexes("auth_user"), indexes) << ops::Describe(op);
    EXPECT_EQ(db.Constraints("blog_post") + db.Constraints("auth_user"), constraints)
        << ops::Describe(op);
    EXPECT_EQ(db.One("SELECT count(*) FROM blog_post"), "3") << ops::Describe(op);
  }
}

TEST(PostgresExecTest, EveryTypeTableAndComputedColumns) {
  ALAB_REQUIRE_PG();
  Pg db(alab::testing::CreatePgDatabase("render_every_type"));
  schema::Schema state = Populated(db);
  ASSERT_EQ(db.Apply(state, {ops::CreateTable{testing::EveryTypeTable(), {}}}), "");
  ASSERT_EQ(db.Exec("INSERT INTO lab_every (amount, code, note, ref) VALUES (9.5, 'ab', 'x', "
                    "'00000000-0000-4000-8000-000000000001')"),
            "");
  EXPECT_EQ(db.One("SELECT full_label || '|' || half || '|' || kind || '|' || doc::text || '|' || "
                   "flag || '|' || qty "
                   "FROM lab_every"),
            "AB-x|0.8|a|{\"a\": [1, 2]}|false|-3");
  EXPECT_NE(db.Exec("INSERT INTO lab_every (amount, code, qty) VALUES (1, 'cd', -11)"), "");
  EXPECT_NE(db.Exec("INSERT INTO lab_every (amount, code, kind) VALUES (1, 'cd', 'b')"), "");
  EXPECT_EQ(db.Exec("INSERT INTO lab_every (amount, code, kind) VALUES (1, 'cd', 'b''c')"), "");
  EXPECT_NE(db.Exec("INSERT INTO lab_every (amount, code) VALUES (1, 'ab')"), "");
  EXPECT_EQ(db.Indexes("lab_every"),
            "idx_lab_every_kind_day;uniq_lab_every_code;uniq_lab_every_ref;");
}

TEST(PostgresExecTest, TypeChangesRunWithRows) {
  ALAB_REQUIRE_PG();
  Pg db(alab::testing::CreatePgDatabase("render_types"));
  schema::Table t;
  t.ns = "lab";
  t.name = "t";
  t.columns = {testing::IdCol(),
               Str("s", 50),
               Col("x", Type::kText),
               Col("i", Type::kInteger),
               Col("da", Type::kDate),
               Col("j", Type::kJson),
               testing::Enum("e", {"a", "b"}),
               Col("b", Type::kBoolean)};
  schema::Canonicalize(t);
  schema::Schema state;
  ASSERT_EQ(db.Apply(state, {ops::CreateTable{t, {}}}), "");
  ASSERT_EQ(db.Exec("INSERT INTO lab_t (s, x, i, da, j, e, b) VALUES ('12', '{\"a\":1}', 1, "
                    "'2024-01-02', '[1]', 'a', true)"),
            "");
  auto alter = [&](const std::string& col, schema::Column to) {
    to.name = col;
    return db.Apply(
        state, {ops::AlterColumn{"lab.t", ColumnOf(state, "lab.t", col), to, std::nullopt, {}}});
  };
  EXPECT_EQ(alter("s", Col("", Type::kInteger)), "");
  EXPECT_EQ(alter("s", Col("", Type::kText)), "");
  EXPECT_EQ(alter("x", Col("", Type::kJson)), "");
  EXPECT_EQ(alter("i", Col("", Type::kBoolean)), "");
  EXPECT_EQ(alter("da", Col("", Type::kDatetime)), "");
  EXPECT_EQ(alter("j", Col("", Type::kText)), "");
  EXPECT_EQ(alter("e", testing::Enum("", {"a", "b", "c"})), "");
  EXPECT_NE(alter("e", testing::Enum("", {"b"})), "");  // row 'a' violates the narrower enum
  EXPECT_EQ(alter("b", Col("", Type::kText)), "");
  EXPECT_EQ(db.One("SELECT s || '|' || (x->>'a') || '|' || i::text || '|' || b FROM lab_t"),
            "12|1|true|true");
  EXPECT_EQ(db.One("SELECT count(*) FROM lab_t WHERE e = 'a'"), "1");
}

}  // namespace
}  // namespace alab::dialect
