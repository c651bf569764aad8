// Runs rendered SQL on real SQLite databases (the sqlite3 API directly): rows, indexes and
// foreign keys survive rebuilds; the implicit checks reject bad values.
#include <sqlite3.h>

#include <set>

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

class Db {
 public:
  Db() {
    EXPECT_EQ(sqlite3_open((dir_ / "test.db").c_str(), &db_), SQLITE_OK);
    Exec("PRAGMA foreign_keys = ON");
  }
  ~Db() { sqlite3_close(db_); }

  // Runs one statement; returns "" or the error message.
  std::string Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return "";
    std::string msg = err ? err : "error";
    sqlite3_free(err);
    return msg;
  }
  std::vector<std::vector<std::string>> Query(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    std::vector<std::vector<std::string>> rows;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_) << "\n"
        << sql;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* t = sqlite3_column_text(st, i);
        row.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      rows.push_back(row);
    }
    sqlite3_finalize(st);
    return rows;
  }
  std::string One(const std::string& sql) {
    auto rows = Query(sql);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
  }
  // Runs statements the way the runner does: one transaction; foreign keys off around it
  // when a statement asks for it, with foreign_key_check before COMMIT.
  std::string Run(const std::vector<Statement>& stmts) {
    bool fk_off = false;
    for (const auto& s : stmts) fk_off = fk_off || s.needs_foreign_keys_off;
    if (fk_off) Exec("PRAGMA foreign_keys = OFF");
    Exec("BEGIN");
    for (const auto& s : stmts) {
      if (std::string e = Exec(s.sql); !e.empty()) {
        Exec("ROLLBACK");
        Exec("PRAGMA foreign_keys = ON");
        return e + "\n  in: " + s.sql;
      }
    }
    if (fk_off && !Query("PRAGMA foreign_key_check").empty()) {
      Exec("ROLLBACK");
      Exec("PRAGMA foreign_keys = ON");
      return "foreign_key_check failed";
    }
    Exec("COMMIT");
    Exec("PRAGMA foreign_keys = ON");
    return "";
  }
  // Renders ops from `state` and runs them; updates `state`.
  std::string Apply(schema::Schema& state, const std::vector<ops::Op>& list) {
    auto d = MakeDialect("sqlite");
    auto r = RenderAll(*d, list, state);
    if (!r.ok()) return r.error().message;
    if (std::string e = Run(*r); !e.empty()) return e;
    for (auto op : list) {
      if (Status st = ops::Resolve(op, state); !st.ok()) return st.error().message;
      if (Status st = ops::Apply(op, state); !st.ok()) return st.error().message;
    }
    return "";
  }
  std::vector<std::string> Indexes(const std::string& table) {
    std::vector<std::string> out;
    for (const auto& r : Query("SELECT name FROM pragma_index_list('" + table +
                               "') WHERE origin = 'c' ORDER BY name"))
      out.push_back(r[0]);
    return out;
  }
  std::string ForeignKeys(const std::string& table) {
    std::string out;
    for (const auto& r :
         Query("SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('" +
               table + "')"))
      out += r[0] + "." + r[1] + "->" + r[2] + " " + r[3] + ";";
    return out;
  }

 private:
  alab::testing::TempDir dir_;
  sqlite3* db_ = nullptr;
};

// BlogSchema() created, with two users and three posts.
schema::Schema Populated(Db& db) {
  schema::Schema empty;
  schema::Schema base = BlogSchema();
  std::vector<ops::Op> creates;
  for (const auto& t : base.tables) creates.push_back(ops::CreateTable{t, {}});
  EXPECT_EQ(db.Apply(empty, ops::Order(creates)), "");
  EXPECT_EQ(db.Exec("INSERT INTO auth_user (id, email) VALUES ('u1', 'a@x.io'), ('u2', 'b@x.io')"),
            "");
  EXPECT_EQ(db.Exec("INSERT INTO blog_post (author_id, title, rating, meta) VALUES ('u1', 'one', "
                    "1, '{\"k\":1}'),"
                    " ('u1', 'two', NULL, NULL), ('u2', 'three', 3, '[]')"),
            "");
  return empty;
}

TEST(SqliteExecTest, IdDefaultIsAV4Uuid) {
  Db db;
  Populated(db);
  auto ids = db.Query("SELECT id FROM blog_post");
  ASSERT_EQ(ids.size(), 3u);
  for (int i = 0; i < 50; ++i)
    ASSERT_EQ(db.Exec("INSERT INTO blog_post (author_id, title) VALUES ('u1', 't')"), "");
  std::set<std::string> seen;
  for (const auto& r : db.Query("SELECT id FROM blog_post")) {
    EXPECT_TRUE(alab::testing::IsUuidV4(r[0])) << r[0];
    seen.insert(r[0]);
  }
  EXPECT_EQ(seen.size(), 53u);
}

TEST(SqliteExecTest, ImplicitChecksRejectBadValues) {
  Db db;
  Populated(db);
  EXPECT_NE(db.Exec("INSERT INTO auth_user (id, email, active) VALUES ('u3', 'c@x.io', 2)"), "");
  EXPECT_EQ(db.Exec("INSERT INTO auth_user (id, email, active) VALUES ('u3', 'c@x.io', 0)"), "");
  EXPECT_NE(
      db.Exec("INSERT INTO blog_post (author_id, title, meta) VALUES ('u1', 't', 'not json')"), "");
  EXPECT_NE(db.Exec("INSERT INTO blog_post (author_id, title, status) VALUES ('u1', 't', 'bogus')"),
            "");
  EXPECT_NE(db.Exec("INSERT INTO blog_post (author_id, title) VALUES ('u1', '')"),
            "");  // title_not_empty
  EXPECT_NE(db.Exec("INSERT INTO blog_post (author_id, title) VALUES ('nobody', 't')"), "");  // FK
  EXPECT_NE(db.Exec("INSERT INTO auth_user (id, email) VALUES ('u4', 'a@x.io')"),
            "");  // unique email
  EXPECT_EQ(db.One("SELECT status FROM blog_post WHERE title = 'one'"), "draft");
}

TEST(SqliteExecTest, RebuildKeepsRowsIndexesAndForeignKeys) {
  Db db;
  schema::Schema state = Populated(db);
  auto indexes = db.Indexes("blog_post");
  auto fks = db.ForeignKeys("blog_post");
  ASSERT_EQ(indexes, (std::vector<std::string>{"idx_blog_post_status"}));
  schema::Column title = Col("title", Type::kText, true);
  ASSERT_EQ(db.Apply(state, {AlterPost("title", title)}), "");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_post"), "3");
  EXPECT_EQ(
      db.One("SELECT group_concat(title, ',') FROM (SELECT title FROM blog_post ORDER BY rating)"),
      "two,one,three");
  EXPECT_EQ(db.Indexes("blog_post"), indexes);
  EXPECT_EQ(db.ForeignKeys("blog_post"), fks);
  EXPECT_EQ(db.Exec("INSERT INTO blog_post (author_id, title) VALUES ('u1', NULL)"), "");
  // Rebuilding the parent neither cascades deletes nor loses the children's references.
  schema::Column nick = Str("nickname", 40, true);
  ASSERT_EQ(
      db.Apply(state,
               {ops::AlterColumn{
                   "auth.user", ColumnOf(state, "auth.user", "nickname"), nick, std::nullopt, {}}}),
      "");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_post"), "4");
  EXPECT_EQ(db.Indexes("auth_user"), (std::vector<std::string>{"uniq_auth_user_email"}));
  EXPECT_EQ(db.Exec("DELETE FROM auth_user WHERE id = 'u2'"), "");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_post"), "3");  // ON DELETE CASCADE still there
}

TEST(SqliteExecTest, RenameThenRebuildKeepsData) {
  Db db;
  schema::Schema state = Populated(db);
  schema::Column state_col = testing::Enum("state", {"draft", "published", "archived"});
  state_col.default_value = Value::String("draft");
  ASSERT_EQ(db.Exec("UPDATE blog_post SET status = 'published' WHERE title = 'two'"), "");
  ASSERT_EQ(
      db.Apply(state, {ops::RenameColumn{"blog.post", "status", "state", {}},
                       ops::AlterColumn{"blog.post",
                                        Col("state", Type::kText),
                                        {},
                                        ops::ColumnChange{state_col, std::nullopt, std::nullopt,
                                                          false, std::nullopt, std::nullopt,
                                                          std::nullopt, std::nullopt},
                                        {}}}),
      "");
  EXPECT_EQ(db.One("SELECT state FROM blog_post WHERE title = 'two'"), "published");
  EXPECT_EQ(db.Exec("UPDATE blog_post SET state = 'archived' WHERE title = 'one'"), "");
  EXPECT_NE(db.Exec("UPDATE blog_post SET state = 'bogus' WHERE title = 'one'"), "");
  EXPECT_EQ(db.Indexes("blog_post"), (std::vector<std::string>{"idx_blog_post_status"}));
  ASSERT_EQ(db.Apply(state, {ops::RenameTable{"blog.post", "blog.article", {}}}), "");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_article"), "3");
}

TEST(SqliteExecTest, AddNotNullColumnWithBackfill) {
  Db db;
  schema::Schema state = Populated(db);
  schema::Column slug = Str("slug", 80);
  slug.backfill = Value::String("untitled");
  slug.unique = false;
  ASSERT_EQ(db.Apply(state, {ops::AddColumn{"blog.post", slug, {}}}), "");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_post WHERE slug = 'untitled'"), "3");
  EXPECT_NE(db.Exec("INSERT INTO blog_post (author_id, title) VALUES ('u1', 't')"),
            "");  // NOT NULL
  // Without a default or backfill, adding a NOT NULL column to a non-empty table fails.
  EXPECT_NE(db.Apply(state, {ops::AddColumn{"blog.post", Col("body", Type::kText), {}}}), "");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_post"), "3");
}

TEST(SqliteExecTest, ConstraintsThroughRebuild) {
  Db db;
  schema::Schema state = Populated(db);
  // A check that existing rows violate fails and leaves the table as it was.
  EXPECT_NE(
      db.Apply(state,
               {ops::AddCheck{"blog.post", schema::Check{"rating_big", "\"rating\" > 2", {}}, {}}}),
      "");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_post"), "3");
  ASSERT_EQ(
      db.Apply(state, {ops::AddCheck{
                          "blog.post", schema::Check{"rating_small", "\"rating\" < 10", {}}, {}}}),
      "");
  EXPECT_NE(db.Exec("UPDATE blog_post SET rating = 11"), "");
  ASSERT_EQ(
      db.Apply(state, {ops::DropCheck{"blog.post", schema::Check{"rating_small", "", {}}, {}}}),
      "");
  EXPECT_EQ(db.Exec("UPDATE blog_post SET rating = 11 WHERE title = 'one'"), "");
  ASSERT_EQ(
      db.Apply(state, {ops::DropForeignKey{
                          "blog.post",
                          schema::ForeignKey{"fk_blog_post_author_id", {}, "", {}, {}, {}, {}, {}},
                          {}}}),
      "");
  EXPECT_EQ(db.ForeignKeys("blog_post"), "");
  EXPECT_EQ(db.Exec("INSERT INTO blog_post (author_id, title) VALUES ('nobody', 't')"), "");
  // Adding the FK back with an orphan row fails foreign_key_check; without it, it applies.
  ops::AddForeignKey add{"blog.post",
                         schema::ForeignKey{"fk_blog_post_author_id",
                                            {"author_id"},
                                            "auth.user",
                                            {"id"},
                                            schema::FkAction::kCascade,
                                            {},
                                            {},
                                            {}},
                         {}};
  EXPECT_NE(db.Apply(state, {add}), "");
  EXPECT_EQ(db.Exec("DELETE FROM blog_post WHERE author_id = 'nobody'"), "");
  ASSERT_EQ(db.Apply(state, {add}), "");
  EXPECT_EQ(db.ForeignKeys("blog_post"), "auth_user.author_id->id CASCADE;");
  EXPECT_EQ(db.One("SELECT count(*) FROM blog_post"), "3");
}

TEST(SqliteExecTest, EveryOperationAndItsInverseRun) {
  schema::Column summary = Col("summary", Type::kText, true);
  schema::Column flag = Col("pinned", Type::kBoolean);
  flag.default_value = Value::Bool(false);
  schema::Table tag;
  tag.ns = "blog";
  tag.name = "tag";
  tag.columns = {testing::IdCol(), Col("label", Type::kText)};
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
      AlterPost("rating", Col("rating", Type::kFloat, true)),
      AlterPost("title", Str("title", 20)),
  };
  for (const auto& op : list) {
    Db db;
    schema::Schema state = Populated(db);
    ops::Op resolved = op;
    ASSERT_TRUE(ops::Resolve(resolved, state).ok());
    ASSERT_EQ(db.Apply(state, {resolved}), "") << ops::Describe(op);
    auto inv = ops::Invert(resolved);
    ASSERT_TRUE(inv);
    ASSERT_EQ(db.Apply(state, {*inv}), "") << "inverse of " << ops::Describe(op);
    EXPECT_TRUE(schema::SameDatabaseShape(state, BlogSchema())) << ops::Describe(op);
    EXPECT_EQ(db.Indexes("blog_post").size() + db.Indexes("auth_user").size(), 2u)
        << ops::Describe(op);
    EXPECT_EQ(db.One("SELECT count(*) FROM blog_post"), "3") << ops::Describe(op);
  }
}

TEST(SqliteExecTest, EveryTypeTableAndComputedColumns) {
  Db db;
  schema::Schema state = Populated(db);
  ASSERT_EQ(db.Apply(state, {ops::CreateTable{testing::EveryTypeTable(), {}}}), "");
  ASSERT_EQ(
      db.Exec("INSERT INTO lab_every (amount, code, note, ref) VALUES (9.5, 'ab', 'x', 'u1')"), "");
  EXPECT_EQ(db.One("SELECT full_label || '|' || half || '|' || kind || '|' || doc || '|' || flag "
                   "|| '|' || qty FROM lab_every"),
            "AB-x|0.8|a|{\"a\":[1,2]}|0|-3");
  EXPECT_NE(db.One("SELECT created_at FROM lab_every"), "NULL");
  EXPECT_NE(db.Exec("INSERT INTO lab_every (amount, code, qty) VALUES (1, 'cd', -11)"),
            "");  // qty check
  EXPECT_NE(db.Exec("INSERT INTO lab_every (amount, code, kind) VALUES (1, 'cd', 'b')"),
            "");  // enum
  EXPECT_EQ(db.Exec("INSERT INTO lab_every (amount, code, kind) VALUES (1, 'cd', 'b''c')"), "");
  EXPECT_NE(db.Exec("INSERT INTO lab_every (amount, code) VALUES (1, 'ab')"), "");  // unique code
  // Rebuilding a table with generated columns keeps them generated.
  ASSERT_EQ(db.Apply(state, {ops::AddCheck{"lab.every",
                                           schema::Check{"code_short", "length(\"code\") < 5", {}},
                                           {}}}),
            "");
  ASSERT_EQ(db.Exec("UPDATE lab_every SET note = 'y' WHERE code = 'ab'"), "");
  EXPECT_EQ(db.One("SELECT full_label FROM lab_every WHERE code = 'ab'"), "AB-y");
  EXPECT_EQ(db.Indexes("lab_every"),
            (std::vector<std::string>{"idx_lab_every_kind_day", "uniq_lab_every_code",
                                      "uniq_lab_every_ref"}));
}

TEST(SqliteExecTest, TypeChangesKeepRows) {
  schema::Table t;
  t.ns = "lab";
  t.name = "t";
  t.columns = {testing::IdCol(),
               Col("u", Type::kUuid),
               Str("s", 50),
               Col("x", Type::kText),
               Col("i", Type::kInteger),
               Col("f", Type::kFloat),
               testing::Dec("d", 10, 2),
               Col("b", Type::kBoolean),
               Col("da", Type::kDate),
               Col("dt", Type::kDatetime),
               Col("j", Type::kJson),
               Col("bl", Type::kBase64),
               testing::Enum("e", {"a", "b"})};
  schema::Canonicalize(t);
  struct Change {
    std::string col;
    schema::Column to;
    std::string expect;  // the value read back after the change
  };
  std::vector<Change> changes = {
      {"u", Col("", Type::kText), "6f1c2a9e-0000-4000-8000-000000000000"},
      {"s", Str("", 100), "12"},
      {"s", Col("", Type::kInteger), "12"},
      {"x", Col("", Type::kJson), "{\"a\":1}"},
      {"i", Col("", Type::kFloat), "7.0"},
      {"i", Col("", Type::kText), "7"},
      {"i", Col("", Type::kBoolean), "1"},
      {"f", testing::Dec("", 10, 2), "2.5"},
      {"d", Col("", Type::kFloat), "3.25"},
      {"b", Col("", Type::kInteger), "1"},
      {"da", Col("", Type::kDatetime), "2024-01-02"},
      {"dt", Col("", Type::kText), "2024-01-02 03:04:05"},
      {"j", Col("", Type::kText), "[1]"},
      {"e", testing::Enum("", {"a", "b", "c"}), "a"},
      {"e", Col("", Type::kText), "a"},
  };
  for (const auto& ch : changes) {
    Db db;
    schema::Schema state;
    ASSERT_EQ(db.Apply(state, {ops::CreateTable{t, {}}}), "");
    ASSERT_EQ(db.Exec("INSERT INTO lab_t (u, s, x, i, f, d, b, da, dt, j, bl, e) VALUES ("
                      "'6f1c2a9e-0000-4000-8000-000000000000', '12', '{\"a\":1}', 7, 2.5, 3.25, 1, "
                      "'2024-01-02', "
                      "'2024-01-02 03:04:05', '[1]', x'00ff', 'a')"),
              "");
    schema::Column to = ch.to;
    to.name = ch.col;
    std::string what = ch.col + " -> " + schema::TypeName(to.type);
    ASSERT_EQ(
        db.Apply(state, {ops::AlterColumn{
                            "lab.t", ColumnOf(state, "lab.t", ch.col), to, std::nullopt, {}}}),
        "")
        << what;
    EXPECT_EQ(db.One("SELECT \"" + ch.col + "\" FROM lab_t"), ch.expect) << what;
    EXPECT_EQ(db.One("SELECT hex(bl) FROM lab_t"), "00FF") << what;
  }
  // A narrower enum is refused while a row holds a removed value; the table is unchanged.
  Db db;
  schema::Schema state;
  ASSERT_EQ(db.Apply(state, {ops::CreateTable{t, {}}}), "");
  ASSERT_EQ(db.Exec("INSERT INTO lab_t (u, s, x, i, f, d, b, da, dt, j, bl, e) VALUES ('u', 's', "
                    "'x', 1, 1, 1, 0, "
                    "'2024-01-01', '2024-01-01', '{}', x'00', 'a')"),
            "");
  schema::Column narrow = testing::Enum("e", {"b"});
  EXPECT_NE(db.Apply(state, {ops::AlterColumn{
                                "lab.t", ColumnOf(state, "lab.t", "e"), narrow, std::nullopt, {}}}),
            "");
  EXPECT_EQ(db.One("SELECT e FROM lab_t"), "a");
  // Text becomes boolean the way PostgreSQL casts it; anything else is refused.
  schema::Column flag = Col("s", Type::kBoolean);
  EXPECT_NE(db.Apply(state, {ops::AlterColumn{
                                "lab.t", ColumnOf(state, "lab.t", "s"), flag, std::nullopt, {}}}),
            "");
  ASSERT_EQ(db.Exec("UPDATE lab_t SET s = 'Yes'"), "");
  ASSERT_EQ(db.Apply(state, {ops::AlterColumn{
                                "lab.t", ColumnOf(state, "lab.t", "s"), flag, std::nullopt, {}}}),
            "");
  EXPECT_EQ(db.One("SELECT s FROM lab_t"), "1");
}

}  // namespace
}  // namespace alab::dialect
