// dump -> seed round trips on SQLite and PostgreSQL: a table per tricky kind of value (quotes,
// backslashes, newlines, unicode, NULLs, NUL bytes, binary with 0x00/0xff, json, exact
// decimals, floats, timestamps, booleans, big integers) reloads into a fresh database with
// identical rows (compared with SELECTs); the same database dumps to the same bytes; parents
// load before children, self-references and cycles included.
#include <gtest/gtest.h>

#include "data/data_test_util.h"

namespace alab::data {
namespace {

using testing::TwoDatabases;

// One table per kind of value: id INTEGER primary key, v of the kind.
struct Kind {
  std::string table, type;
  std::vector<std::string> values;  // SQL literals, inserted as ids 1..n
};

std::vector<Kind> SqliteKinds() {
  return {
      {"texts",
       "TEXT",
       {"'it''s \"quoted\"'", "'back\\slash \\\\ end\\'",
        "'line1' || char(10) || 'line2' || char(13, 9) || 'x'", "'héllo ✓ 😀 中文'", "''", "NULL",
        "CAST(X'6100620063' AS TEXT)", "'-- no comment; /* nor */ $$ '''"}},
      {"blobs", "BLOB", {"X'00FF10'", "X''", "NULL", "X'00'", "X'27225C0A'", "X'FF'"}},
      {"jsons",
       "TEXT CHECK (v IS NULL OR json_valid(v))",
       {"'{\"a\":[1,2.5,\"é\\\"q\"],\"b\":null}'", "'[]'", "NULL", "'\"str\\\\n\"'"}},
      {"decimals",
       "DECIMAL_TEXT(30,9)",
       {"'12345678901234567890.123456789'", "'0.000000001'", "-1.5", "NULL", "42", "'-0.5'"}},
      {"floats",
       "REAL",
       {"0.1", "1e308", "-2.5e-300", "1.0/3", "9e999", "-9e999", "3.0", "NULL", "5e-324"}},
      {"stamps",
       "DATETIME",
       {"'2024-02-29T23:59:59.123456+05:30'", "'1970-01-01 00:00:00'", "NULL"}},
      {"flags", "BOOLEAN CHECK (v IN (0, 1))", {"1", "0", "NULL"}},
      {"bigints", "INTEGER", {"9223372036854775807", "-9223372036854775808", "0", "NULL"}},
  };
}

std::vector<Kind> PostgresKinds() {
  return {
      {"texts",
       "TEXT",
       {"'it''s \"quoted\"'", "'back\\slash \\\\ end\\'", "E'line1\\nline2\\r\\tx'",
        "'héllo ✓ 😀 中文'", "''", "NULL", "E'\\\\x00 is not a NUL'",
        "'-- no comment; /* nor */ $$ '''"}},
      {"blobs", "BYTEA", {"'\\x00ff10'", "''", "NULL", "'\\x00'", "'\\x27225c0a'", "'\\xff'"}},
      {"jsons",
       "JSONB",
       {"'{\"a\":[1,2.5,\"é\\\"q\"],\"b\":null}'", "'[]'", "NULL", "'\"str\\\\n\"'"}},
      {"decimals",
       "NUMERIC(30,9)",
       {"12345678901234567890.123456789", "0.000000001", "-1.5", "NULL", "42", "'NaN'"}},
      {"floats",
       "DOUBLE PRECISION",
       {"0.1", "1e308", "-2.5e-300", "1.0::float8/3", "'Infinity'", "'-Infinity'", "'NaN'", "NULL",
        "5e-324"}},
      {"stamps",
       "TIMESTAMPTZ",
       {"'2024-02-29 23:59:59.123456+05:30'", "'1970-01-01 00:00:00+00'", "NULL"}},
      {"flags", "BOOLEAN", {"TRUE", "FALSE", "NULL"}},
      {"bigints", "INTEGER", {"2147483647", "-2147483648", "0", "NULL"}},
      {"uuids", "UUID", {"'7f1d2c3b-0000-4000-8000-00000000000a'", "NULL"}},
      {"dates", "DATE", {"'2024-02-29'", "'0001-01-01'", "NULL"}},
      {"times", "TIME", {"'23:59:59.999999'", "'00:00:00'", "NULL"}},
  };
}

DumpOptions DataOnly() {
  DumpOptions o;
  o.data_only = true;
  return o;
}
DumpOptions Only(const std::string& table) {
  DumpOptions o;
  o.tables = {table};
  return o;
}
DumpOptions Ignoring(const std::string& table) {
  DumpOptions o;
  o.ignore_tables = {table};
  return o;
}

class DataDump : public TwoDatabases {
 protected:
  std::vector<Kind> Kinds() const { return pg() ? PostgresKinds() : SqliteKinds(); }
  void CreateKinds(dialect::Connection& c) {
    for (const auto& k : Kinds()) {
      Exec(c, "CREATE TABLE \"" + k.table + "\" (\"id\" INTEGER NOT NULL, \"v\" " + k.type +
                  ", PRIMARY KEY (\"id\"))");
      for (size_t i = 0; i < k.values.size(); ++i)
        Exec(c, "INSERT INTO \"" + k.table + "\" (\"id\", \"v\") VALUES (" + std::to_string(i + 1) +
                    ", " + k.values[i] + ")");
    }
  }
  void ExpectSameRows(const std::vector<std::string>& tables, const std::vector<std::string>& cols,
                      const std::string& order = "id") {
    for (const auto& t : tables) {
      auto a = Rows(*src_, t, cols, order);
      auto b = Rows(*dst_, t, cols, order);
      EXPECT_FALSE(a.empty()) << t;
      EXPECT_EQ(a, b) << "table " << t;
    }
  }
};

TEST_P(DataDump, EveryKindOfValueRoundTripsIntoAFreshDatabase) {
  CreateKinds(*src_);
  std::string dump = DumpText(*src_);
  auto seeded = SeedText(*dst_, dump);
  ASSERT_TRUE(seeded.ok()) << seeded.error().message << "\n" << dump;
  std::vector<std::string> tables;
  for (const auto& k : Kinds()) tables.push_back(k.table);
  ExpectSameRows(tables, {"id", "v"});
  // The reloaded database dumps to the very same bytes.
  EXPECT_EQ(DumpText(*dst_), dump);
}

TEST_P(DataDump, ValuesAreWrittenAsExplicitLiterals) {
  CreateKinds(*src_);
  std::string dump = DumpText(*src_, DataOnly());
  if (pg()) {
    EXPECT_NE(dump.find("E'back\\\\slash \\\\\\\\ end\\\\'"), std::string::npos) << dump;
    EXPECT_NE(dump.find("(1, E'\\\\x00ff10')"), std::string::npos) << dump;
    EXPECT_NE(dump.find("(1, 12345678901234567890.123456789)"), std::string::npos) << dump;
    EXPECT_NE(dump.find("(6, 'NaN')"), std::string::npos) << dump;
    EXPECT_NE(dump.find("(1, TRUE)"), std::string::npos) << dump;
    EXPECT_NE(dump.find("(1, '2024-02-29 18:29:59.123456+00')"), std::string::npos) << dump;
    EXPECT_EQ(dump.find("CREATE TABLE"), std::string::npos);
  } else {
    EXPECT_NE(dump.find("PRAGMA defer_foreign_keys = ON;"), std::string::npos);
    EXPECT_NE(dump.find("'back\\slash \\\\ end\\'"), std::string::npos) << dump;
    EXPECT_NE(dump.find("(1, X'00FF10')"), std::string::npos) << dump;
    EXPECT_NE(dump.find("(7, CAST(X'6100620063' AS TEXT))"), std::string::npos) << dump;
    EXPECT_NE(dump.find("(1, 0.1)"), std::string::npos) << dump;
    EXPECT_NE(dump.find("(5, 9e999)"), std::string::npos) << dump;
    EXPECT_NE(dump.find("(7, 3.0)"), std::string::npos) << dump;   // a REAL stays a REAL
    EXPECT_NE(dump.find("(3, 0)"), std::string::npos) << dump;     // an INTEGER stays an INTEGER
    EXPECT_NE(dump.find("(5, '42')"), std::string::npos) << dump;  // a decimal is its text
  }
  EXPECT_NE(dump.find("(6, NULL)"), std::string::npos) << dump;
}

TEST_P(DataDump, SameDatabaseGivesSameBytesAndBatchesRows) {
  Exec(*src_,
       "CREATE TABLE \"items\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"name\" TEXT NOT NULL)");
  // Inserted out of key order: the dump is in primary-key order regardless.
  std::string values;
  for (int i = 1200; i >= 1; --i)
    values +=
        (i == 1200 ? "" : ", ") + ("(" + std::to_string(i) + ", 'n" + std::to_string(i) + "')");
  Exec(*src_, "INSERT INTO \"items\" (\"id\", \"name\") VALUES " + values);
  std::string a = DumpText(*src_, DataOnly());
  std::string b = DumpText(*src_, DataOnly());
  EXPECT_EQ(a, b);
  size_t inserts = 0;
  for (size_t p = a.find("INSERT INTO"); p != std::string::npos; p = a.find("INSERT INTO", p + 1))
    ++inserts;
  EXPECT_EQ(inserts, 3u);  // 500 + 500 + 200
  EXPECT_LT(a.find("(1, 'n1')"), a.find("(2, 'n2')"));
  EXPECT_LT(a.find("(999, 'n999')"), a.find("(1000, 'n1000')"));
  Exec(*dst_,
       "CREATE TABLE \"items\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"name\" TEXT NOT NULL)");
  auto seeded = SeedText(*dst_, a);
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;
  ExpectSameRows({"items"}, {"id", "name"});
}

TEST_P(DataDump, TablesWithoutPrimaryKeyAreOrderedByEveryColumn) {
  std::string json = pg() ? "JSON" : "TEXT";
  Exec(*src_, "CREATE TABLE \"log\" (\"a\" TEXT, \"b\" INTEGER, \"j\" " + json + ")");
  Exec(*src_,
       "INSERT INTO \"log\" VALUES ('b', 2, '{\"x\": 1}'), ('a', 1, NULL), ('b', 2, '{\"x\": 1}'), "
       "(NULL, 3, '[]')");
  std::string a = DumpText(*src_, DataOnly());
  Exec(*src_, "DELETE FROM \"log\"");
  Exec(*src_,
       "INSERT INTO \"log\" VALUES (NULL, 3, '[]'), ('b', 2, '{\"x\": 1}'), ('a', 1, NULL), ('b', "
       "2, '{\"x\": 1}')");
  EXPECT_EQ(DumpText(*src_, DataOnly()), a);
}

TEST_P(DataDump, ParentsLoadBeforeChildrenSelfReferencesAndCycles) {
  // a_child references z_parent (sorts after it); node references itself with children
  // before parents in key order; ping and pong reference each other.
  std::string ddl =
      "CREATE TABLE \"z_parent\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"name\" TEXT NOT NULL);"
      "CREATE TABLE \"a_child\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"parent_id\" INTEGER NOT "
      "NULL,"
      " CONSTRAINT \"fk_a_child_parent_id\" FOREIGN KEY (\"parent_id\") REFERENCES \"z_parent\" "
      "(\"id\"));"
      "CREATE TABLE \"node\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"up_id\" INTEGER,"
      " CONSTRAINT \"fk_node_up_id\" FOREIGN KEY (\"up_id\") REFERENCES \"node\" (\"id\"));"
      "CREATE TABLE \"ping\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"pong_id\" INTEGER);"
      "CREATE TABLE \"pong\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"ping_id\" INTEGER,"
      " CONSTRAINT \"fk_pong_ping_id\" FOREIGN KEY (\"ping_id\") REFERENCES \"ping\" (\"id\"));";
  std::string fk = pg() ? "ALTER TABLE \"ping\" ADD CONSTRAINT \"fk_ping_pong_id\" FOREIGN KEY "
                          "(\"pong_id\") REFERENCES \"pong\" (\"id\")"
                        : "";
  for (const auto& s : Split(ddl, ';'))
    if (!s.empty()) Exec(*src_, s);
  if (pg()) {
    Exec(*src_, fk);
  } else {
    // SQLite cannot add a constraint: recreate ping with it.
    Exec(*src_, "DROP TABLE \"ping\"");
    Exec(*src_,
         "CREATE TABLE \"ping\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"pong_id\" INTEGER,"
         " CONSTRAINT \"fk_ping_pong_id\" FOREIGN KEY (\"pong_id\") REFERENCES \"pong\" (\"id\"))");
  }
  Exec(*src_, "INSERT INTO \"z_parent\" VALUES (1, 'p1'), (2, 'p2')");
  Exec(*src_, "INSERT INTO \"a_child\" VALUES (1, 2), (2, 1)");
  Exec(*src_, "INSERT INTO \"node\" VALUES (5, NULL), (3, 5), (1, 3), (2, 5), (4, NULL)");
  Exec(*src_, "INSERT INTO \"ping\" VALUES (1, NULL)");
  Exec(*src_, "INSERT INTO \"pong\" VALUES (1, 1)");
  Exec(*src_, "UPDATE \"ping\" SET \"pong_id\" = 1");

  std::string dump = DumpText(*src_);
  EXPECT_LT(dump.find("INSERT INTO \"z_parent\""), dump.find("INSERT INTO \"a_child\""));
  // node rows: 4 and 5 have no parent; 3 after 5, 1 after 3, 2 after 5.
  EXPECT_NE(dump.find("(5, NULL),\n  (3, 5),\n  (1, 3),\n  (2, 5),\n  (4, NULL);"),
            std::string::npos)
      << dump;
  auto seeded = SeedText(*dst_, dump);
  ASSERT_TRUE(seeded.ok()) << seeded.error().message << "\n" << dump;
  ExpectSameRows({"z_parent"}, {"id", "name"});
  ExpectSameRows({"a_child"}, {"id", "parent_id"});
  ExpectSameRows({"node"}, {"id", "up_id"});
  ExpectSameRows({"ping"}, {"id", "pong_id"});
  ExpectSameRows({"pong"}, {"id", "ping_id"});
  // The cycle's foreign keys survive the full dump.
  auto fks =
      pg() ? dst_->Query("SELECT conname FROM pg_constraint WHERE contype = 'f' ORDER BY conname")
           : dst_->Query(
                 "SELECT m.name || ':' || f.\"table\" FROM sqlite_master m, "
                 "pragma_foreign_key_list(m.name) f "
                 "WHERE m.type = 'table' ORDER BY 1");
  ASSERT_TRUE(fks.ok()) << fks.error().message;
  EXPECT_EQ(fks->rows.size(), 4u);

  // Data only, into the same schema made by hand: SQLite defers every check; PostgreSQL
  // gets parents first within a table, a warning for the cycle, and loads it when the
  // cycle's foreign keys are DEFERRABLE (the dump starts with SET CONSTRAINTS ALL DEFERRED).
  auto fresh = Open(pg() ? alab::testing::CreatePgDatabase("dump_fk") : (dir_ / "fk.db").string());
  std::string deferrable =
      ReplaceAll(ddl, "REFERENCES \"ping\" (\"id\")", "REFERENCES \"ping\" (\"id\") DEFERRABLE");
  for (const auto& s : Split(pg() ? deferrable : ddl, ';'))
    if (!s.empty()) Exec(*fresh, s);
  if (pg()) Exec(*fresh, fk + " DEFERRABLE");
  DumpStats stats;
  std::string data = DumpText(*src_, DataOnly(), &stats);
  EXPECT_EQ(stats.warnings.size(), pg() ? 1u : 0u);
  if (pg()) {
    EXPECT_NE(stats.warnings[0].find("ping, pong"), std::string::npos) << stats.warnings[0];
  }
  auto loaded = SeedText(*fresh, data, "data.sql");
  EXPECT_TRUE(loaded.ok()) << loaded.error().message;
}

TEST_P(DataDump, TableFilterAndIgnoredAndTrackingTables) {
  Exec(*src_, "CREATE TABLE \"keep\" (\"id\" INTEGER NOT NULL PRIMARY KEY)");
  Exec(*src_, "CREATE TABLE \"other\" (\"id\" INTEGER NOT NULL PRIMARY KEY)");
  Exec(*src_, "CREATE TABLE \"legacy\" (\"id\" INTEGER NOT NULL PRIMARY KEY)");
  Exec(*src_, "CREATE TABLE \"alab_migrations\" (\"revision\" TEXT NOT NULL PRIMARY KEY)");
  Exec(*src_, "INSERT INTO \"alab_migrations\" VALUES ('001')");
  std::string all = DumpText(*src_, Ignoring("legacy"));
  EXPECT_NE(all.find("\"keep\""), std::string::npos);
  EXPECT_NE(all.find("\"other\""), std::string::npos);
  EXPECT_EQ(all.find("legacy"), std::string::npos);
  EXPECT_EQ(all.find("alab_migrations"), std::string::npos);
  std::string one = DumpText(*src_, Only("keep"));
  EXPECT_NE(one.find("\"keep\""), std::string::npos);
  EXPECT_EQ(one.find("\"other\""), std::string::npos);
  auto bad = Dump(*src_, Only("kep"), [](const std::string&) { return Status::Ok(); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "unknown table 'kep'; did you mean 'keep'?");
  EXPECT_EQ(bad.error().code, ExitCode::kUserError);
}

INSTANTIATE_TEST_SUITE_P(Dialects, DataDump, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace alab::data
