// Database enum types (col.enum(values, { type })) on a real PostgreSQL: created with the first
// column that uses one and dropped with the last, values added in place (ALTER TYPE ... ADD
// VALUE), removed or reordered by replacing the type with every column that uses it, never
// while a row holds a removed value; rollback undoes each step; pull reads them back.
#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "drift/adopt_test_util.h"
#include "test_support.h"

namespace alab::drift {
namespace {

using alab::testing::RunAlab;
using alab::testing::RunResult;
using alab::testing::TempDir;

using adopt_testing::Connect;
using adopt_testing::Exec;
using adopt_testing::InitProject;
using adopt_testing::Lines;
using adopt_testing::PgCatalog;

using Strings = std::vector<std::string>;

class EnumTypes : public ::testing::Test {
 protected:
  RunResult Alab(const std::string& url, std::vector<std::string> args) {
    args.insert(args.begin(), {"--no-color", "--database-url", url});
    return RunAlab(args, dir_.path());
  }
  void Schemas(const std::string& order_values, const std::string& refund_values) {
    dir_.Write("schemas/orders.js",
               fmt::format("export default table({{\n  id: col.id(),\n  status: col.enum({}, "
                           "{{ type: \"order_status\" }}).default(\"new\"),\n}});\n",
                           order_values));
    if (refund_values.empty()) {
      std::filesystem::remove(dir_.path() / "schemas/refunds.js");
      return;
    }
    dir_.Write("schemas/refunds.js",
               fmt::format("export default table({{\n  id: col.id(),\n  status: col.enum({}, "
                           "{{ type: \"order_status\" }}).optional(),\n}});\n",
                           refund_values));
  }
  static Strings Labels(dialect::Connection& db) {
    return Lines(db,
                 "SELECT t.typname || '=' || string_agg(e.enumlabel, ',' ORDER BY "
                 "e.enumsortorder) FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP "
                 "BY t.typname ORDER BY 1");
  }
  static Strings ColumnTypes(dialect::Connection& db) {
    return Lines(db,
                 "SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, "
                 "a.atttypmod) || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') FROM "
                 "pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON "
                 "n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND "
                 "d.adnum = a.attnum WHERE n.nspname = 'public' AND c.relkind = 'r' AND "
                 "a.attname = 'status' AND NOT a.attisdropped ORDER BY 1");
  }
  static Strings Checks(dialect::Connection& db) {
    return Lines(db,
                 "SELECT conname FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
                 "WHERE c.relname IN ('orders', 'refunds') AND contype = 'c' ORDER BY 1");
  }
  TempDir dir_;
};

TEST_F(EnumTypes, LifecycleOnPostgres) {
  ALAB_REQUIRE_PG();
  const std::string url = alab::testing::CreatePgDatabase("enum_types");
  InitProject(dir_, "postgres");
  auto db = Connect("postgres", url);
  ASSERT_NE(db, nullptr);

  // Two tables share the type: it is created once, before the first of them.
  Schemas(R"(["new", "paid"])", R"(["new", "paid"])");
  RunResult n = Alab(url, {"new", "init"});
  ASSERT_EQ(n.exit_code, 0) << n.out << n.err;
  RunResult m = Alab(url, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=new,paid"});
  EXPECT_EQ(ColumnTypes(*db), (Strings{"orders.status order_status 'new'::order_status",
                                       "refunds.status order_status "}));
  EXPECT_EQ(Checks(*db), Strings{});  // the type holds the values, no CHECK
  Exec(*db,
       "INSERT INTO orders (status) VALUES ('new'), ('paid'); INSERT INTO refunds (status) "
       "VALUES ('paid'), (NULL)");
  const std::string rows =
      "SELECT 'o:' || status FROM orders UNION ALL SELECT 'r:' || coalesce(status::text, '-') "
      "FROM refunds ORDER BY 1";
  const Strings before_rows{"o:new", "o:paid", "r:-", "r:paid"};
  ASSERT_EQ(Lines(*db, rows), before_rows);
  EXPECT_EQ(Alab(url, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");

  // A value added in the middle: ALTER TYPE ... ADD VALUE, once for the shared type.
  Schemas(R"(["new", "shipped", "paid"])", R"(["new", "shipped", "paid"])");
  ASSERT_EQ(Alab(url, {"new", "add_shipped"}).exit_code, 0);
  RunResult sql = Alab(url, {"migrate", "--dry"});
  EXPECT_NE(sql.out.find("ALTER TYPE \"order_status\" ADD VALUE IF NOT EXISTS 'shipped' AFTER "
                         "'new'"),
            std::string::npos)
      << sql.out;
  EXPECT_EQ(sql.out.find("RENAME TO"), std::string::npos) << sql.out;
  m = Alab(url, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=new,shipped,paid"});
  EXPECT_EQ(Lines(*db, rows), before_rows);
  EXPECT_EQ(Alab(url, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");

  // A value removed while a row of the other table holds it: the migration stops before any
  // change, even told to go ahead.
  Exec(*db, "INSERT INTO refunds (status) VALUES ('shipped')");
  Schemas(R"(["new", "paid"])", R"(["new", "paid"])");
  ASSERT_EQ(Alab(url, {"new", "drop_shipped", "--yes"}).exit_code, 0);
  RunResult refused = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  EXPECT_NE(refused.exit_code, 0) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("must_fit"), std::string::npos) << refused.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=new,shipped,paid"});
  EXPECT_EQ(Lines(*db, "SELECT count(*) FROM refunds WHERE status = 'shipped'"), Strings{"1"});

  // Once no row holds it, the type is replaced with every column that uses it; rows and the
  // default survive.
  Exec(*db, "DELETE FROM refunds WHERE status = 'shipped'");
  m = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=new,paid"});
  EXPECT_EQ(ColumnTypes(*db), (Strings{"orders.status order_status 'new'::order_status",
                                       "refunds.status order_status "}));
  EXPECT_EQ(Lines(*db, rows), before_rows);
  EXPECT_EQ(Alab(url, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");

  // Rollback adds the value back, then takes it away again.
  RunResult r = Alab(url, {"rollback", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=new,shipped,paid"});
  r = Alab(url, {"rollback", "--yes", "--confirm-destroy"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=new,paid"});
  EXPECT_EQ(Lines(*db, rows), before_rows);
  m = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;

  // Reordered values: the type is replaced, each row keeps its value.
  Schemas(R"(["paid", "new"])", R"(["paid", "new"])");
  ASSERT_EQ(Alab(url, {"new", "reorder", "--yes"}).exit_code, 0);
  m = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=paid,new"});
  EXPECT_EQ(Lines(*db, rows), before_rows);

  // The type outlives the first table that drops it and goes with the last.
  Schemas(R"(["paid", "new"])", "");
  ASSERT_EQ(Alab(url, {"new", "drop_refunds", "--yes"}).exit_code, 0);
  m = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=paid,new"});
  dir_.Write("schemas/orders.js", "export default table({ id: col.id() });\n");
  ASSERT_EQ(Alab(url, {"new", "drop_status", "--yes"}).exit_code, 0);
  m = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(Labels(*db), Strings{});
  // And comes back with its column on rollback.
  r = Alab(url, {"rollback", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=paid,new"});
  EXPECT_EQ(ColumnTypes(*db), Strings{"orders.status order_status 'new'::order_status"});
}

// A shared type whose values change in the migration that also moves a column's default to an
// added value, then away from a removed one: the type is made anew where PostgreSQL would refuse
// an added value in the same transaction, and no default naming a removed value is set again.
TEST_F(EnumTypes, SharedTypeChangesWithTheirDefaults) {
  ALAB_REQUIRE_PG();
  const std::string url = alab::testing::CreatePgDatabase("enum_types_defaults");
  InitProject(dir_, "postgres");
  auto db = Connect("postgres", url);
  ASSERT_NE(db, nullptr);
  auto write = [&](const std::string& values, const std::string& def) {
    dir_.Write("schemas/orders.js", "export default table({ id: col.id(), status: col.enum(" +
                                        values + ", { type: \"order_status\" }).optional() });\n");
    dir_.Write("schemas/refunds.js", "export default table({ id: col.id(), status: col.enum(" +
                                         values + ", { type: \"order_status\" }).default(\"" + def +
                                         "\") });\n");
  };
  write(R"(["new", "paid"])", "new");
  ASSERT_EQ(Alab(url, {"new", "init"}).exit_code, 0);
  ASSERT_EQ(Alab(url, {"migrate", "--yes"}).exit_code, 0);
  Exec(*db, "INSERT INTO orders (status) VALUES ('paid'); INSERT INTO refunds DEFAULT VALUES");
  write(R"(["new", "paid", "void"])", "void");
  ASSERT_EQ(Alab(url, {"new", "add_void", "--yes"}).exit_code, 0);
  RunResult m = Alab(url, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=new,paid,void"});
  EXPECT_EQ(ColumnTypes(*db), (Strings{"orders.status order_status ",
                                       "refunds.status order_status 'void'::order_status"}));
  EXPECT_EQ(Alab(url, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");
  write(R"(["new", "paid"])", "paid");
  ASSERT_EQ(Alab(url, {"new", "drop_void", "--yes"}).exit_code, 0);
  m = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=new,paid"});
  EXPECT_EQ(ColumnTypes(*db), (Strings{"orders.status order_status ",
                                       "refunds.status order_status 'paid'::order_status"}));
  EXPECT_EQ(Lines(*db,
                  "SELECT status::text FROM orders UNION ALL SELECT status::text FROM "
                  "refunds ORDER BY 1"),
            (Strings{"new", "paid"}));
}

// alab's own enum (text + CHECK) to a database enum type and back: the values survive, the
// type and the check come and go.
TEST_F(EnumTypes, FromTextCheckToTypeAndBack) {
  ALAB_REQUIRE_PG();
  const std::string url = alab::testing::CreatePgDatabase("enum_types_switch");
  InitProject(dir_, "postgres");
  auto db = Connect("postgres", url);
  ASSERT_NE(db, nullptr);
  dir_.Write("schemas/orders.js",
             "export default table({ id: col.id(), status: col.enum([\"new\", "
             "\"paid\"]).default(\"new\") });\n");
  ASSERT_EQ(Alab(url, {"new", "init"}).exit_code, 0);
  ASSERT_EQ(Alab(url, {"migrate", "--yes"}).exit_code, 0);
  Exec(*db, "INSERT INTO orders (status) VALUES ('new'), ('paid')");
  EXPECT_EQ(Checks(*db), Strings{"chk_orders_status_enum"});
  dir_.Write("schemas/orders.js",
             "export default table({ id: col.id(), status: col.enum([\"new\", \"paid\"], { type: "
             "\"order_status\" }).default(\"new\") });\n");
  RunResult n = Alab(url, {"new", "to_type", "--yes"});
  ASSERT_EQ(n.exit_code, 0) << n.out << n.err;
  RunResult m = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(Labels(*db), Strings{"order_status=new,paid"});
  EXPECT_EQ(Checks(*db), Strings{});
  EXPECT_EQ(ColumnTypes(*db), Strings{"orders.status order_status 'new'::order_status"});
  EXPECT_EQ(Lines(*db, "SELECT status::text FROM orders ORDER BY 1"), (Strings{"new", "paid"}));
  EXPECT_EQ(Alab(url, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");
  RunResult r = Alab(url, {"rollback", "--yes", "--confirm-destroy"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Labels(*db), Strings{});
  EXPECT_EQ(Checks(*db), Strings{"chk_orders_status_enum"});
  EXPECT_EQ(Lines(*db, "SELECT status FROM orders ORDER BY 1"), (Strings{"new", "paid"}));
}

// A hand-written enum type pulls as col.enum(values, { type }) and a new database built from
// the files has the same catalog, the type included, with nothing created by hand.
TEST_F(EnumTypes, PulledTypeIsRecreated) {
  ALAB_REQUIRE_PG();
  const std::string live = alab::testing::CreatePgDatabase("enum_types_live");
  const std::string fresh = alab::testing::CreatePgDatabase("enum_types_fresh");
  InitProject(dir_, "postgres");
  auto db = Connect("postgres", live);
  ASSERT_NE(db, nullptr);
  Exec(*db,
       "CREATE TYPE mood AS ENUM ('happy', 'sad', 'it''s ok'); CREATE TABLE person (id serial "
       "PRIMARY KEY, m mood NOT NULL DEFAULT 'sad', other mood); CREATE TABLE diary (id integer "
       "PRIMARY KEY, m mood)");
  RunResult p = Alab(live, {"pull"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(p.err.find("enum type"), std::string::npos) << p.err;  // no warning left
  EXPECT_NE(dir_.Read("schemas/person.js")
                .find(R"(col.enum(["happy", "sad", "it's ok"], { type: "mood" }))"),
            std::string::npos)
      << dir_.Read("schemas/person.js");
  EXPECT_EQ(Alab(live, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");
  ASSERT_EQ(Alab(live, {"new", "initial"}).exit_code, 0);
  RunResult m = Alab(fresh, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  auto f = Connect("postgres", fresh);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(PgCatalog(*db), PgCatalog(*f));
  EXPECT_EQ(Labels(*f), Strings{"mood=happy,sad,it's ok"});
  // alab schema -f sql and a dump create the type once, before the tables.
  RunResult s = Alab(live, {"schema", "-f", "sql"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  auto first = s.out.find("CREATE TYPE \"mood\" AS ENUM ('happy', 'sad', 'it''s ok');");
  EXPECT_NE(first, std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("CREATE TYPE", first + 1), std::string::npos) << s.out;
  EXPECT_LT(first, s.out.find("CREATE TABLE")) << s.out;
  // A dump of the live database loads into an empty one with its rows.
  Exec(*db, "INSERT INTO person (m, other) VALUES ('it''s ok', NULL), ('happy', 'sad')");
  RunResult dump = Alab(live, {"dump", "-o", "dump.sql"});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  const std::string empty = alab::testing::CreatePgDatabase("enum_types_seeded");
  RunResult seed = Alab(empty, {"seed", "dump.sql"});
  ASSERT_EQ(seed.exit_code, 0) << seed.out << seed.err;
  auto e = Connect("postgres", empty);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(Labels(*e), Strings{"mood=happy,sad,it's ok"});
  const std::string q = "SELECT m || '/' || coalesce(other::text, '-') FROM person ORDER BY id";
  EXPECT_EQ(Lines(*e, q), Lines(*db, q));
  EXPECT_EQ(Lines(*e, q), (Strings{"it's ok/-", "happy/sad"}));
}

// Columns sharing a type give it one list of values; a table cannot have the type's name.
TEST_F(EnumTypes, InconsistentDeclarationsNameTheirLine) {
  InitProject(dir_, "sqlite");  // the rules hold on every dialect
  dir_.Write("schemas/a.js",
             "export default table({\n  id: col.id(),\n  s: col.enum([\"x\", \"y\"], { type: "
             "\"kind\" }),\n});\n");
  dir_.Write("schemas/b.js",
             "export default table({\n  id: col.id(),\n  s: col.enum([\"y\", \"x\"], { type: "
             "\"kind\" }),\n});\n");
  RunResult r = RunAlab({"--no-color", "schema", "-f", "json"}, dir_.path());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("schemas/b.js:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("enum type 'kind' of b.s has the values [y, x], but a.s gives it [x, y]"),
            std::string::npos)
      << r.err;
  dir_.Write("schemas/b.js",
             "export default table({\n  id: col.id(),\n  s: col.enum([\"x\", \"y\"], { type: "
             "\"a\" }),\n});\n");
  r = RunAlab({"--no-color", "schema", "-f", "json"}, dir_.path());
  EXPECT_NE(r.err.find("enum type 'a' of b.s has the name of table 'a'"), std::string::npos)
      << r.err;
  dir_.Write("schemas/b.js",
             "export default table({\n  id: col.id(),\n  s: col.enum([\"x\"], { type: \"Bad "
             "Name\" }),\n});\n");
  r = RunAlab({"--no-color", "schema", "-f", "json"}, dir_.path());
  EXPECT_NE(r.err.find("schemas/b.js:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("enum() type name: 'Bad Name' is not a valid identifier"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace alab::drift
