// Adopting a database alab did not create: hand-written DDL on PostgreSQL and SQLite pulls
// into schema files that say exactly what the database holds (types alab has no name for
// kept as written, keys of any type, foreign keys between any columns, UNIQUE constraints,
// named checks, indexes of any kind, tables without a namespace), and a new database built
// from them has the same catalog, read with the database's own catalog queries.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "test_support.h"

namespace alab::drift {
namespace {

using alab::testing::RunAlab;
using alab::testing::RunResult;
using alab::testing::TempDir;

std::unique_ptr<dialect::Connection> Connect(const std::string& dialect, const std::string& url) {
  auto conn = dialect::GetDialect(dialect).Connect(url);
  EXPECT_TRUE(conn.ok()) << conn.error().message;
  return conn.ok() ? std::move(*conn) : nullptr;
}

void Exec(dialect::Connection& conn, const std::string& sql) {
  auto st = conn.Exec(sql);
  ASSERT_TRUE(st.ok()) << sql << "\n" << st.error().message;
}

std::vector<std::string> Lines(dialect::Connection& conn, const std::string& sql) {
  std::vector<std::string> out;
  auto rows = conn.Query(sql);
  EXPECT_TRUE(rows.ok()) << sql << "\n" << (rows.ok() ? "" : rows.error().message);
  if (!rows.ok()) return out;
  for (const auto& r : rows->rows) {
    std::string line;
    for (const auto& f : r) line += (line.empty() ? "" : " | ") + f.value_or("NULL");
    out.push_back(line);
  }
  return out;
}

// PostgreSQL's own description of every user table (alab's tracking tables left out):
// columns in their order with type, NOT NULL, default and identity; constraints and indexes
// by name with their definitions; the enum types.
std::vector<std::string> PgCatalog(dialect::Connection& conn) {
  std::vector<std::string> out;
  auto add = [&](const std::string& sql) {
    for (auto& l : Lines(conn, sql)) out.push_back(std::move(l));
  };
  const std::string user_tables =
      "c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname NOT LIKE "
      "'alab\\_%'";
  add("SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), "
      "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity FROM pg_class c JOIN "
      "pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped LEFT JOIN "
      "pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum WHERE " +
      user_tables + " ORDER BY 1, 2");
  add("SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
      "JOIN pg_class c ON c.oid = con.conrelid WHERE " +
      user_tables + " ORDER BY 1, 2");
  add("SELECT c.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class c ON "
      "c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid WHERE " +
      user_tables + " ORDER BY 1, 2");
  add("SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_type t "
      "JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1");
  return out;
}

// SQLite's pragmas for every user table: columns in order, indexes with their columns and
// order, foreign keys.
std::vector<std::string> SqliteCatalog(dialect::Connection& conn) {
  std::vector<std::string> out;
  for (const std::string& t :
       Lines(conn,
             "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
             "'alab\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1")) {
    for (auto& l : Lines(conn, fmt::format("SELECT '{0}', cid, name, type, \"notnull\", "
                                           "dflt_value, pk FROM pragma_table_info('{0}')",
                                           t)))
      out.push_back(std::move(l));
    for (auto& l :
         Lines(conn, fmt::format("SELECT '{0}', l.\"unique\", l.partial, i.seqno, i.name, i.desc "
                                 "FROM pragma_index_list('{0}') l, pragma_index_xinfo(l.name) i "
                                 "WHERE i.key ORDER BY l.name, i.seqno",
                                 t)))
      out.push_back(std::move(l));
    for (auto& l :
         Lines(conn, fmt::format("SELECT '{0}', \"table\", \"from\", \"to\", on_update, on_delete "
                                 "FROM pragma_foreign_key_list('{0}') ORDER BY id, seq",
                                 t)))
      out.push_back(std::move(l));
  }
  return out;
}

class Adopt : public ::testing::Test {
 protected:
  RunResult Alab(const std::string& url, std::vector<std::string> args) {
    args.insert(args.begin(), {"--no-color", "--database-url", url});
    return RunAlab(args, dir_.path());
  }
  void Init(const std::string& dialect) {
    ASSERT_EQ(RunAlab({"init", "-q"}, dir_.path()).exit_code, 0);
    std::string cfg = dir_.Read("alab.yaml");
    auto at = cfg.find("dialect: sqlite");
    ASSERT_NE(at, std::string::npos);
    cfg.replace(at, 15, "dialect: " + dialect);
    dir_.Write("alab.yaml", cfg);
  }
  TempDir dir_;
};

constexpr const char* kPgSchema = R"sql(
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE artist (
  id bigserial PRIMARY KEY,
  name varchar(200) NOT NULL,
  handle text CONSTRAINT artist_handle_key UNIQUE,
  born timestamp,
  seen timestamptz(3),
  feeling mood,
  tags text[],
  scores int[],
  span interval,
  price numeric,
  exact numeric(12, 4),
  ip inet,
  net cidr,
  mac macaddr,
  ratio double precision,
  r real,
  small smallint,
  big bigint,
  doc json,
  docb jsonb,
  raw bytea,
  code char(3),
  loose varchar,
  at_time time,
  at_timetz timetz,
  status text CHECK (status IN ('a', 'b')),
  neg integer DEFAULT -1,
  quoted text DEFAULT 'it''s',
  casted text DEFAULT 'x'::text,
  created date DEFAULT CURRENT_DATE
);
CREATE TABLE release (
  n integer,
  artist_id bigint REFERENCES artist (id) ON DELETE CASCADE,
  title text NOT NULL,
  PRIMARY KEY (n, artist_id)
);
CREATE TABLE track (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  artist_handle text REFERENCES artist (handle) ON UPDATE CASCADE,
  release_n integer NOT NULL,
  release_artist bigint NOT NULL,
  parent integer REFERENCES track (id),
  len integer CONSTRAINT track_len_positive CHECK (len > 0),
  CONSTRAINT track_release_fk FOREIGN KEY (release_n, release_artist)
    REFERENCES release (n, artist_id)
);
CREATE TABLE users (
  email text PRIMARY KEY,
  tenant integer GENERATED BY DEFAULT AS IDENTITY
);
CREATE INDEX release_title_lower ON release (lower(title)) WHERE n > 0;
CREATE INDEX artist_tags_gin ON artist USING gin (tags);
CREATE INDEX artist_name_desc ON artist (name DESC) INCLUDE (ratio);
CREATE UNIQUE INDEX track_len_partial ON track (len) WHERE len > 100;
CREATE INDEX track_parent ON track (parent);
)sql";

// The issue's reproduction, whole: every item alab lost or refused before.
TEST_F(Adopt, HandWrittenPostgresPullsExactlyAndRebuildsTheSameCatalog) {
  ALAB_REQUIRE_PG();
  const std::string live = alab::testing::CreatePgDatabase("adopt_live");
  const std::string fresh = alab::testing::CreatePgDatabase("adopt_fresh");
  auto db = Connect("postgres", live);
  ASSERT_NE(db, nullptr);
  Exec(*db, kPgSchema);
  Init("postgres");

  RunResult p = Alab(live, {"pull"});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  // Nothing is left out: the one warning is the enum type alab does not create.
  EXPECT_EQ(p.err.find("not represented"), std::string::npos) << p.err;
  EXPECT_EQ(p.err.find("plain column"), std::string::npos) << p.err;
  EXPECT_EQ(p.err.find("add it with a migration"), std::string::npos) << p.err;
  EXPECT_NE(p.err.find("enum type mood"), std::string::npos) << p.err;
  std::string artist = dir_.Read("schemas/artist.js");
  for (const char* want :
       {"id: col.native({ postgres: \"bigserial\" }).primary_key()", "name: col.string(200)",
        "born: col.native({ postgres: \"timestamp without time zone\" })",
        "seen: col.native({ postgres: \"timestamp(3) with time zone\" })",
        "feeling: col.native({ postgres: \"mood\" })", "tags: col.native({ postgres: \"text[]\" })",
        "price: col.native({ postgres: \"numeric\" })", "exact: col.decimal(12, 4)",
        "small: col.native({ postgres: \"smallint\" })", "big: col.bigint()",
        "doc: col.native({ postgres: \"json\" })", "docb: col.json()",
        "code: col.native({ postgres: \"character(3)\" })", "status: col.text()",
        ".unique(\"handle\", { name: \"artist_handle_key\", constraint: true })",
        "native: { postgres: \"USING gin (tags)\" }", ".check(\"artist_status_check\"",
        "neg: col.integer().optional().default(-1)"})
    EXPECT_NE(artist.find(want), std::string::npos) << want << "\n" << artist;
  std::string release = dir_.Read("schemas/release.js");
  EXPECT_NE(release.find("n: col.integer().primary_key()"), std::string::npos) << release;
  EXPECT_NE(release.find(".foreign_key(\"artist_id\", \"artist\", \"id\""), std::string::npos)
      << release;
  std::string track = dir_.Read("schemas/track.js");
  EXPECT_NE(track.find("col.native({ postgres: \"integer GENERATED ALWAYS AS IDENTITY\" })"),
            std::string::npos)
      << track;
  EXPECT_NE(track.find(".foreign_key([\"release_n\", \"release_artist\"], \"release\", [\"n\", "
                       "\"artist_id\"], { name: \"track_release_fk\" })"),
            std::string::npos)
      << track;
  EXPECT_NE(track.find("\"artist\", \"handle\""), std::string::npos) << track;

  RunResult d = Alab(live, {"diff", "--from", "schemas", "--to", "db"});
  EXPECT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(d.out, "no changes\n") << d.err;

  // A new database from the files: the migration creates the enum type first, by hand.
  RunResult n = Alab(live, {"new", "initial"});
  ASSERT_EQ(n.exit_code, 0) << n.out << n.err;
  auto f = Connect("postgres", fresh);
  ASSERT_NE(f, nullptr);
  Exec(*f, "CREATE TYPE mood AS ENUM ('happy', 'sad')");
  RunResult m = Alab(fresh, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(PgCatalog(*db), PgCatalog(*f));
  RunResult again = Alab(fresh, {"diff", "--from", "schemas", "--to", "db"});
  EXPECT_EQ(again.out, "no changes\n") << again.err;

  // The live database: recorded as at the migration without running it, then green.
  RunResult b = Alab(live, {"baseline", "--yes"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  RunResult c = Alab(live, {"check"});
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  RunResult s = Alab(live, {"migrate", "--yes"});
  EXPECT_EQ(s.exit_code, 0) << s.out << s.err;
  EXPECT_EQ(PgCatalog(*db), PgCatalog(*f));
}

// A UNIQUE constraint is dropped as a constraint (PostgreSQL refuses to drop its index), and a
// hand-written CHECK (status IN (...)) is a check of its own name, not alab's enum check.
TEST_F(Adopt, UniqueConstraintsAndHandWrittenChecksAreChangedAsTheyAre) {
  ALAB_REQUIRE_PG();
  const std::string url = alab::testing::CreatePgDatabase("adopt_constraints");
  auto db = Connect("postgres", url);
  ASSERT_NE(db, nullptr);
  Exec(*db,
       "CREATE TABLE products (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), sku text "
       "CONSTRAINT products_sku_key UNIQUE, status text CHECK (status IN ('a', 'b')))");
  Init("postgres");
  ASSERT_EQ(Alab(url, {"pull"}).exit_code, 0);
  std::string file = dir_.Read("schemas/products.js");
  ASSERT_NE(file.find("constraint: true"), std::string::npos) << file;
  // Drop both from the schema file and apply what diff prints.
  dir_.Write("schemas/products.js",
             "export default table({\n  id: col.id(),\n  sku: col.text().optional(),\n  status: "
             "col.enum([\"a\", \"b\", \"c\"]).optional(),\n});\n");
  RunResult sql = Alab(url, {"diff", "--from", "db", "--to", "schemas", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  EXPECT_NE(sql.out.find("DROP CONSTRAINT \"products_sku_key\""), std::string::npos) << sql.out;
  EXPECT_NE(sql.out.find("DROP CONSTRAINT \"products_status_check\""), std::string::npos)
      << sql.out;
  EXPECT_EQ(sql.out.find("chk_products_status_enum\";"), std::string::npos) << sql.out;
  Exec(*db, sql.out);
  EXPECT_EQ(Lines(*db,
                  "SELECT conname FROM pg_constraint WHERE conrelid = 'products'::regclass "
                  "ORDER BY 1"),
            (std::vector<std::string>{"chk_products_status_enum", "products_pkey"}));
  RunResult after = Alab(url, {"diff", "--from", "db", "--to", "schemas"});
  EXPECT_EQ(after.out, "no changes\n") << after.err;
}

// Changing a column to a native type that would cut or round a value is refused before the
// cast, and nothing changes (char(3) truncates 'abcd' silently on an explicit cast).
TEST_F(Adopt, NarrowingToANativeTypeNeverTruncates) {
  ALAB_REQUIRE_PG();
  const std::string url = alab::testing::CreatePgDatabase("adopt_narrow");
  Init("postgres");
  dir_.Write("schemas/code.js", "export default table({ id: col.id(), c: col.text() });\n");
  ASSERT_EQ(Alab(url, {"new", "init"}).exit_code, 0);
  ASSERT_EQ(Alab(url, {"migrate", "--yes"}).exit_code, 0);
  auto db = Connect("postgres", url);
  ASSERT_NE(db, nullptr);
  Exec(*db, "INSERT INTO code (c) VALUES ('abc'), ('abcd')");
  dir_.Write("schemas/code.js",
             "export default table({ id: col.id(), c: col.native(\"character(3)\") });\n");
  RunResult n = Alab(url, {"new", "narrow", "--yes"});
  ASSERT_EQ(n.exit_code, 0) << n.out << n.err;
  // Told to go ahead anyway, the migration still stops at the check, before the cast.
  RunResult m = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  EXPECT_NE(m.exit_code, 0) << m.out << m.err;
  EXPECT_NE(m.err.find("must_fit"), std::string::npos) << m.err;
  EXPECT_EQ(Lines(*db, "SELECT c FROM code ORDER BY c"), (std::vector<std::string>{"abc", "abcd"}));
  EXPECT_EQ(Lines(*db,
                  "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid "
                  "= 'code'::regclass AND attname = 'c'"),
            (std::vector<std::string>{"text"}));
  // Once every value fits, the same migration applies.
  Exec(*db, "UPDATE code SET c = 'xyz' WHERE c = 'abcd'");
  RunResult ok = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_EQ(Lines(*db, "SELECT c FROM code ORDER BY c"), (std::vector<std::string>{"abc", "xyz"}));
}

// Every change to or from a native type that would alter a value stops at the guard, even told
// to go ahead, and the value stays as it was (real would change 0.1, numeric(5,1) round 1.25).
TEST_F(Adopt, NativeTypeChangesNeverAlterAValue) {
  ALAB_REQUIRE_PG();
  struct Case {
    const char* from;
    const char* to;
    const char* value;
  };
  const Case cases[] = {
      {"col.float()", "col.native(\"real\")", "0.1"},
      {"col.native(\"numeric\")", "col.decimal(5, 1)", "1.25"},
      {"col.text()", "col.native(\"varchar(3)\")", "abcd"},
      {"col.integer()", "col.native(\"smallint\")", "70000"},
      {"col.native(\"numeric\")", "col.native(\"numeric(4,2)\")", "1.005"},
  };
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.from) + " -> " + c.to);
    TempDir dir;
    ASSERT_EQ(RunAlab({"init", "-q"}, dir.path()).exit_code, 0);
    std::string cfg = dir.Read("alab.yaml");
    cfg.replace(cfg.find("dialect: sqlite"), 15, "dialect: postgres");
    dir.Write("alab.yaml", cfg);
    const std::string url = alab::testing::CreatePgDatabase("native_change" + std::to_string(n++));
    auto run = [&](std::vector<std::string> args) {
      args.insert(args.begin(), {"--no-color", "--database-url", url});
      return RunAlab(args, dir.path());
    };
    dir.Write("schemas/v.js",
              fmt::format("export default table({{ id: col.id(), x: {} }});\n", c.from));
    ASSERT_EQ(run({"new", "init"}).exit_code, 0);
    ASSERT_EQ(run({"migrate", "--yes"}).exit_code, 0);
    auto db = Connect("postgres", url);
    ASSERT_NE(db, nullptr);
    Exec(*db, fmt::format("INSERT INTO v (x) VALUES ('{}')", c.value));
    const auto before = Lines(*db, "SELECT x::text FROM v");
    dir.Write("schemas/v.js",
              fmt::format("export default table({{ id: col.id(), x: {} }});\n", c.to));
    RunResult g = run({"new", "change", "--yes"});
    ASSERT_EQ(g.exit_code, 0) << g.out << g.err;
    RunResult m = run({"migrate", "--yes", "--confirm-destroy"});
    EXPECT_NE(m.exit_code, 0) << m.out << m.err;
    EXPECT_EQ(Lines(*db, "SELECT x::text FROM v"), before);
  }
}

// A column's own collation is kept (it is part of the type as PostgreSQL reads DDL), an enum
// type's default is pulled into a file alab accepts, and a key out of column order is named.
TEST_F(Adopt, CollationsEnumDefaultsAndKeyOrder) {
  ALAB_REQUIRE_PG();
  const std::string live = alab::testing::CreatePgDatabase("adopt_coll");
  const std::string fresh = alab::testing::CreatePgDatabase("adopt_coll_fresh");
  auto db = Connect("postgres", live);
  ASSERT_NE(db, nullptr);
  Exec(*db,
       "CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE TABLE c (id integer PRIMARY KEY, code "
       "text COLLATE \"C\", m mood DEFAULT 'happy'); CREATE TABLE k (a integer, b integer, "
       "PRIMARY KEY (b, a))");
  Init("postgres");
  RunResult p = Alab(live, {"pull"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_NE(p.err.find("primary key of k is (b, a), not in column order"), std::string::npos)
      << p.err;
  EXPECT_NE(dir_.Read("schemas/c.js").find(R"('text COLLATE "C"')"), std::string::npos)
      << dir_.Read("schemas/c.js");
  RunResult d = Alab(live, {"diff", "--from", "schemas", "--to", "db"});
  EXPECT_EQ(d.out, "no changes\n") << d.err;
  ASSERT_EQ(Alab(live, {"new", "initial"}).exit_code, 0);
  auto f = Connect("postgres", fresh);
  ASSERT_NE(f, nullptr);
  Exec(*f, "CREATE TYPE mood AS ENUM ('happy', 'sad')");
  RunResult m = Alab(fresh, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  const std::string q =
      "SELECT attname, format_type(atttypid, atttypmod), attcollation::regcollation::text, "
      "pg_get_expr(adbin, adrelid) FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid "
      "AND adnum = attnum WHERE attrelid = 'c'::regclass AND attnum > 0 ORDER BY attnum";
  EXPECT_EQ(Lines(*db, q), Lines(*f, q));
}

constexpr const char* kSqliteSchema = R"sql(
CREATE TABLE artist (
  id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  handle TEXT UNIQUE,
  anything,
  count INT,
  loose VARCHAR,
  score DOUBLE,
  money NUMERIC(10,2),
  big BIGINT DEFAULT 0,
  flag BOOLEAN,
  status TEXT CHECK (status IN ('a', 'b')),
  note TEXT DEFAULT 'it''s'
);
CREATE TABLE release (
  n INTEGER NOT NULL,
  artist_id INTEGER NOT NULL REFERENCES artist (id) ON DELETE CASCADE,
  title TEXT,
  PRIMARY KEY (n, artist_id)
);
CREATE TABLE track (
  id INTEGER PRIMARY KEY,
  artist_handle TEXT REFERENCES artist (handle),
  release_n INTEGER,
  release_artist INTEGER,
  FOREIGN KEY (release_n, release_artist) REFERENCES release (n, artist_id)
);
CREATE INDEX track_handle ON track (artist_handle);
CREATE INDEX release_title_desc ON release (title DESC);
)sql";

TEST_F(Adopt, HandWrittenSqlitePullsExactlyAndRebuildsTheSameCatalog) {
  const std::string live = (dir_ / "live.db").string();
  const std::string fresh = (dir_ / "fresh.db").string();
  auto db = Connect("sqlite", live);
  ASSERT_NE(db, nullptr);
  Exec(*db, kSqliteSchema);
  Init("sqlite");
  RunResult p = Alab(live, {"pull"});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  std::string artist = dir_.Read("schemas/artist.js");
  for (const char* want :
       {"anything: col.native({ sqlite: \"\" })", "count: col.native({ sqlite: \"INT\" })",
        "score: col.native({ sqlite: \"DOUBLE\" })",
        "money: col.native({ sqlite: \"NUMERIC(10,2)\" })", "name: col.string(200)"})
    EXPECT_NE(artist.find(want), std::string::npos) << want << "\n" << artist;
  RunResult d = Alab(live, {"diff", "--from", "schemas", "--to", "db"});
  EXPECT_EQ(d.out, "no changes\n") << d.err;
  ASSERT_EQ(Alab(live, {"new", "initial"}).exit_code, 0);
  RunResult m = Alab(fresh, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  auto f = Connect("sqlite", fresh);
  ASSERT_NE(f, nullptr);
  const auto a = SqliteCatalog(*db), b = SqliteCatalog(*f);
  EXPECT_EQ(a, b);
  RunResult bl = Alab(live, {"baseline", "--yes"});
  EXPECT_EQ(bl.exit_code, 0) << bl.out << bl.err;
}

// The large hand-written schemas of testdata/adopt_corpus (310 PostgreSQL tables, 100 SQLite
// ones): pull, then nothing differs; new + migrate on an empty database gives the same catalog;
// baseline on the original, then check is green.
TEST_F(Adopt, LargeHandWrittenSchemasRoundTrip) {
  for (const std::string d : {"sqlite", "postgres"}) {
    SCOPED_TRACE(d);
    if (d == "postgres" && alab::testing::PgBaseUrl().empty()) {
      if (alab::testing::InCi()) ADD_FAILURE() << "ALAB_TEST_PG_URL is not set under CI";
      continue;
    }
    TempDir dir;
    ASSERT_EQ(RunAlab({"init", "-q"}, dir.path()).exit_code, 0);
    std::string cfg = dir.Read("alab.yaml");
    cfg.replace(cfg.find("dialect: sqlite"), 15, "dialect: " + d);
    dir.Write("alab.yaml", cfg);
    std::string live = (dir / "live.db").string(), fresh = (dir / "fresh.db").string();
    if (d == "postgres") {
      live = alab::testing::CreatePgDatabase("large_live");
      fresh = alab::testing::CreatePgDatabase("large_fresh");
    }
    auto run = [&](const std::string& url, std::vector<std::string> args) {
      args.insert(args.begin(), {"--no-color", "--database-url", url});
      return RunAlab(args, dir.path());
    };
    auto db = Connect(d, live);
    auto f = Connect(d, fresh);
    ASSERT_TRUE(db && f);
    Exec(*db, alab::testing::ReadText(alab::testing::SourceDir() / "testdata/adopt_corpus" /
                                      ("large_" + d + ".sql")));
    RunResult p = run(live, {"pull"});
    ASSERT_EQ(p.exit_code, 0) << p.err;
    EXPECT_NE(p.out.find(d == "postgres" ? "pulled 310 tables" : "pulled 100 tables"),
              std::string::npos)
        << p.out;
    RunResult diff = run(live, {"diff", "--from", "schemas", "--to", "db"});
    EXPECT_EQ(diff.out, "no changes\n") << diff.err;
    ASSERT_EQ(run(live, {"new", "initial"}).exit_code, 0);
    if (d == "postgres") Exec(*f, "CREATE TYPE status_kind AS ENUM ('new', 'active', 'gone')");
    RunResult m = run(fresh, {"migrate", "--yes"});
    ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
    if (d == "postgres")
      EXPECT_EQ(PgCatalog(*db), PgCatalog(*f));
    else
      EXPECT_EQ(SqliteCatalog(*db), SqliteCatalog(*f));
    RunResult b = run(live, {"baseline", "--yes"});
    ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
    RunResult c = run(live, {"check"});
    EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  }
}

// A PostgreSQL schema other than public: the connection's search_path names it (libpq's
// options=-csearch_path=NAME in the url), and pull, migrate and the tracking tables use it.
TEST_F(Adopt, PostgresSchemaOtherThanPublic) {
  ALAB_REQUIRE_PG();
  const std::string live = alab::testing::CreatePgDatabase("adopt_schema");
  const std::string fresh = alab::testing::CreatePgDatabase("adopt_schema_fresh");
  const std::string in_music = "&options=-csearch_path%3Dmusic";
  auto db = Connect("postgres", live);
  auto f = Connect("postgres", fresh);
  ASSERT_TRUE(db && f);
  Exec(*db,
       "CREATE SCHEMA music; CREATE TABLE music.artist (id serial PRIMARY KEY, name text NOT "
       "NULL); CREATE TABLE public.unrelated (id integer PRIMARY KEY)");
  Exec(*f, "CREATE SCHEMA music");
  Init("postgres");
  RunResult p = Alab(live + in_music, {"pull"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_TRUE(std::filesystem::exists(dir_ / "schemas/artist.js"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "schemas/unrelated.js"));
  RunResult d = Alab(live + in_music, {"diff", "--from", "schemas", "--to", "db"});
  EXPECT_EQ(d.out, "no changes\n") << d.err;
  ASSERT_EQ(Alab(live + in_music, {"new", "initial"}).exit_code, 0);
  RunResult m = Alab(fresh + in_music, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  const std::string q =
      "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname IN ('music', "
      "'public') ORDER BY 1";
  EXPECT_EQ(Lines(*f, q), (std::vector<std::string>{"music.alab_migrations", "music.artist"}));
  RunResult b = Alab(live + in_music, {"baseline", "--yes"});
  EXPECT_EQ(b.exit_code, 0) << b.out << b.err;
  EXPECT_EQ(Lines(*db, q), (std::vector<std::string>{"music.alab_migrations", "music.artist",
                                                     "public.unrelated"}));
}

// schemas/<table>.js is a table without a namespace, reachable by its bare name from a
// namespaced file; the two spellings of one SQL name are refused.
TEST_F(Adopt, TablesWithoutANamespace) {
  Init("sqlite");
  dir_.Write("schemas/artist.js", "export default table({ id: col.id(), name: col.text() });\n");
  dir_.Write("schemas/shop/item.js",
             "export default table({ id: col.id(), artist: col.belongs_to(\"artist\") });\n");
  RunResult s = Alab((dir_ / "app.db").string(), {"schema", "-f", "json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("\"ref_table\": \"artist\""), std::string::npos) << s.out;
  dir_.Write("schemas/shop_item.js", "export default table({ id: col.id() });\n");
  RunResult clash = Alab((dir_ / "app.db").string(), {"check"});
  EXPECT_NE(clash.exit_code, 0);
  EXPECT_NE(clash.err.find("same SQL name 'shop_item'"), std::string::npos) << clash.err;
}

TEST_F(Adopt, MalformedDeclarationsNameTheirLine) {
  Init("sqlite");
  dir_.Write("schemas/t.js",
             "export default table({\n  id: col.id(),\n  a: col.native(\"int; DROP TABLE x\"),\n"
             "  b: col.integer().primary_key().optional(),\n  c: col.text(),\n"
             "}).foreign_key(\"c\", \"t\", \"c\");\n");
  RunResult r = Alab((dir_ / "app.db").string(), {"check"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("schemas/t.js:3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("one column type"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is a primary key and optional"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("neither its primary key nor unique"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "app.db"));
}

}  // namespace
}  // namespace alab::drift
