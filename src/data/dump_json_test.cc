// `alab dump --format json` on SQLite and PostgreSQL: the project in testdata/dump (every
// column type and semantic types, a polymorphic reference) migrated, loaded with the rows of
// rows.<dialect>.sql (NULLs, unicode with emoji and RTL text, the largest decimal(19,4) and its
// negative, fractions, time zones, nested JSON, bytes 0x00/0xff) and dumped: exactly the bytes of
// expected.json from both dialects. Also: keyset pages give the same document, values with no
// wire form are errors naming table, column and key with nothing written, and the pieces of
// the format (base64, UTC datetimes, canonical decimals, UTF-8).
#include <gtest/gtest.h>

#include <filesystem>

#include "data/data_test_util.h"
#include "data/wire_json.h"

namespace alab::data {
namespace {

using alab::testing::RunAlab;
using alab::testing::RunResult;
using testing::TwoDatabases;
namespace fs = std::filesystem;

TEST(WireJson, Base64IsStandardAndPadded) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64(std::string("\0", 1)), "AA==");
  EXPECT_EQ(Base64(std::string("\0\xff", 2)), "AP8=");
  EXPECT_EQ(Base64(std::string("\0\xff\x10\0", 4)), "AP8QAA==");
  EXPECT_EQ(Base64("\xfb\xff\xbf"), "+/+/");
}

TEST(WireJson, DatetimesBecomeUtcWithZ) {
  EXPECT_EQ(*UtcDatetime("2026-12-02 06:09:42"),
            "2026-12-02T06:09:42Z");  // SQLite CURRENT_TIMESTAMP
  EXPECT_EQ(*UtcDatetime("2024-03-01 12:00:00+05:30"), "2024-03-01T06:30:00Z");
  EXPECT_EQ(*UtcDatetime("2024-03-01 06:30:00+00"),
            "2024-03-01T06:30:00Z");  // PostgreSQL, TimeZone UTC
  EXPECT_EQ(*UtcDatetime("2024-02-29T23:59:59.120-08:00"), "2024-03-01T07:59:59.12Z");
  EXPECT_EQ(*UtcDatetime("2024-03-01T00:10:00+0100"), "2024-02-29T23:10:00Z");
  EXPECT_EQ(*UtcDatetime("2000-01-01T00:00:00.000Z"), "2000-01-01T00:00:00Z");
  EXPECT_EQ(*UtcDatetime("2024-01-01 10:00"), "2024-01-01T10:00:00Z");
  for (const char* bad : {"infinity", "2024-02-30 00:00:00", "2024-01-01", "2024-01-01 25:00:00",
                          "0001-01-01 00:00:00+01", "2024-01-01 00:00:00 PST", "1234567890"})
    EXPECT_FALSE(UtcDatetime(bad).ok()) << bad;
}

TEST(WireJson, DecimalsAreCanonicalAndChecked) {
  EXPECT_EQ(*CanonicalDecimal("999999999999999.9999", 19, 4), "999999999999999.9999");
  EXPECT_EQ(*CanonicalDecimal("-1.5", 19, 4), "-1.5000");
  EXPECT_EQ(*CanonicalDecimal("007.50000", 5, 2), "7.50");
  EXPECT_EQ(*CanonicalDecimal(".5", 3, 2), "0.50");
  EXPECT_EQ(*CanonicalDecimal("-0.00", 3, 2), "0.00");
  EXPECT_EQ(*CanonicalDecimal("42", 0, 0), "42");
  EXPECT_EQ(*CanonicalDecimal("-0.000000001", 0, 0), "-0.000000001");
  EXPECT_FALSE(CanonicalDecimal("1000000000000000", 19, 4).ok());
  EXPECT_FALSE(CanonicalDecimal("0.00001", 19, 4).ok());
  for (const char* bad : {"", "-", ".", "1e5", "1.2.3", "NaN", "+1", "1-"})
    EXPECT_FALSE(CanonicalDecimal(bad, 19, 4).ok()) << bad;
}

TEST(WireJson, StringsAreEscapedAndMustBeUtf8) {
  std::string out;
  static const char kText[] = "a\"\\\n\t\x01\0 😀 שלום";
  ASSERT_TRUE(AppendJsonString(std::string(kText, sizeof kText - 1), out).ok());
  EXPECT_EQ(out, "\"a\\\"\\\\\\n\\t\\u0001\\u0000 😀 שלום\"");
  for (const char* bad : {"\xff", "\xc0\x80", "\xed\xa0\x80", "\xe2\x82"}) {
    std::string o;
    EXPECT_FALSE(AppendJsonString(bad, o).ok()) << bad;
  }
}

TEST(WireJson, EveryTypeRefusesWhatItCannotCarry) {
  using K = StoredValue::Kind;
  auto wire = [](schema::Type t, StoredValue v) {
    schema::Column c;
    c.type = t;
    c.precision = 19;
    c.scale = 4;
    c.enum_values = {"a"};
    std::string out;
    Status s = AppendWireValue(c, v, out);
    return s.ok() ? out : "error: " + s.error().message;
  };
  EXPECT_EQ(wire(schema::Type::kInteger, {K::kText, "abc"}),
            "error: 'abc' (text) is not an integer");
  EXPECT_EQ(wire(schema::Type::kInteger, {K::kInteger, "3000000000"}),
            "error: 3000000000 (integer) is not a 32-bit integer() (-2147483648..2147483647)");
  EXPECT_EQ(wire(schema::Type::kBoolean, {K::kInteger, "2"}),
            "error: 2 (integer) is not a boolean (0 or 1)");
  EXPECT_EQ(wire(schema::Type::kBoolean, {K::kInteger, "0"}), "false");
  EXPECT_EQ(wire(schema::Type::kFloat, {K::kReal, "NaN"}),
            "error: NaN (real) is not a finite float (JSON has no NaN or Infinity)");
  EXPECT_EQ(wire(schema::Type::kFloat, {K::kReal, "1e+308"}), "1e+308");
  EXPECT_EQ(wire(schema::Type::kDecimal, {K::kReal, "1.5"}),
            "\"1.5000\"");  // an old NUMERIC column
  EXPECT_EQ(wire(schema::Type::kDecimal, {K::kText, "1e3"}),
            "error: '1e3' (text) is not a decimal(19,4): not a decimal number (-digits.digits)");
  EXPECT_EQ(wire(schema::Type::kEnum, {K::kText, "b"}),
            "error: 'b' (text) is not one of the enum's values");
  EXPECT_EQ(wire(schema::Type::kUuid, {K::kText, "not-a-uuid"}),
            "error: 'not-a-uuid' (text) is not a uuid");
  EXPECT_EQ(wire(schema::Type::kJson, {K::kText, "{"}), "error: '{' (text) is not valid JSON");
  EXPECT_EQ(wire(schema::Type::kJson, {K::kText, "{\"b\": 1, \"a\": [1.5, \"\\u00e9\"]}"}),
            "{\"a\":[1.5,\"é\"],\"b\":1}");
  EXPECT_EQ(wire(schema::Type::kTime, {K::kText, "12:30:00.250"}), "\"12:30:00.25\"");
  EXPECT_EQ(wire(schema::Type::kDate, {K::kText, "2024-13-01"}),
            "error: '2024-13-01' (text) is not a date (YYYY-MM-DD, years 0001..9999)");
  EXPECT_EQ(wire(schema::Type::kText, {K::kBlob, "x"}), "error: 1 byte (blob) is not text");
  EXPECT_EQ(wire(schema::Type::kBase64, {K::kBlob, std::string("\0\xff", 2)}), "\"AP8=\"");
  EXPECT_EQ(wire(schema::Type::kDatetime, {K::kNull, ""}), "null");
}

class DumpJson : public TwoDatabases {
 protected:
  void SetUp() override {
    TwoDatabases::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    fs::copy(alab::testing::SourceDir() / "testdata/dump/project", dir_.path(),
             fs::copy_options::recursive);
    ASSERT_EQ(Alab({"new", "init"}).exit_code, 0);
    RunResult m = Alab({"migrate"});
    ASSERT_EQ(m.exit_code, 0) << m.err;
    fs::path rows = alab::testing::SourceDir() / ("testdata/dump/rows." + GetParam() + ".sql");
    RunResult s = Alab({"seed", rows.string()});
    ASSERT_EQ(s.exit_code, 0) << s.err;
  }
  RunResult Alab(std::vector<std::string> args) {
    args.insert(args.begin(), {"--no-color", "--database-url", src_url_});
    return RunAlab(args, dir_.path());
  }
  static std::string Expected() {
    return alab::testing::ReadText(alab::testing::SourceDir() / "testdata/dump/expected.json");
  }
};

TEST_P(DumpJson, EveryTypeInTheWireFormatSameBytesOnBothDialects) {
  RunResult out = Alab({"dump", "--format", "json"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.err, "");
  EXPECT_EQ(out.out, Expected());
  RunResult file = Alab({"dump", "--format", "json", "-o", "rows.json"});
  ASSERT_EQ(file.exit_code, 0) << file.err;
  EXPECT_EQ(file.out, "");
  EXPECT_EQ(file.err, "dumped 6 rows of 2 tables to rows.json\n");
  EXPECT_EQ(dir_.Read("rows.json"), Expected());
  // The SQL dump is unchanged by the new format (its own tests hold its bytes).
  RunResult sql = Alab({"dump", "--format", "sql", "--data-only"});
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  EXPECT_EQ(sql.out, Alab({"dump", "--data-only"}).out);
  EXPECT_EQ(sql.out.rfind("-- alab dump (", 0), 0u) << sql.out;
}

TEST_P(DumpJson, TableFilterAndEmptyTables) {
  RunResult one = Alab({"dump", "--format", "json", "--table", "shop_note"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out,
            "{\n  \"shop_note\": [\n"
            "    {\"id\": \"00000000-0000-4000-8000-0000000000b1\", \"about_id\": "
            "\"00000000-0000-4000-8000-000000000003\", \"about_type\": \"shop_item\", \"body\": "
            "\"first ✓\", "
            "\"item_id\": \"00000000-0000-4000-8000-000000000002\"},\n"
            "    {\"id\": \"00000000-0000-4000-8000-0000000000b2\", \"about_id\": "
            "\"00000000-0000-4000-8000-0000000000b1\", \"about_type\": \"shop_note\", \"body\": "
            "\"second\", "
            "\"item_id\": \"00000000-0000-4000-8000-000000000002\"}\n  ]\n}\n");
  Exec(*src_, "DELETE FROM \"shop_note\"");
  EXPECT_EQ(Alab({"dump", "--format", "json", "--table", "shop.note"}).out,
            "{\n  \"shop_note\": []\n}\n");
  RunResult bad = Alab({"dump", "--format", "json", "--table", "shop_nte"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "alab: error: unknown table 'shop_nte'; did you mean 'shop_note'?\n");
  EXPECT_EQ(Alab({"dump", "--format", "yaml"}).exit_code, 2);
  EXPECT_EQ(Alab({"dump", "--format", "json", "--data-only"}).exit_code, 2);
}

TEST_P(DumpJson, KeysetPagesGiveTheSameDocument) {
  // Through the library, typed as the database declares (no project schema): the same bytes.
  auto dump = [&](size_t page) {
    std::string text;
    DumpOptions o;
    o.page_rows = page;
    auto r = data::DumpJson(*src_, o, schema::Schema{}, [&](const std::string& piece) {
      text += piece;
      return Status::Ok();
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    if (r) {
      EXPECT_EQ(r->rows, 6u);
    }
    return text;
  };
  std::string expected = Expected();
  // SQLite declares a uuid column TEXT, so typed from the database its text is not lowercased:
  // the reason the CLI types columns by the migrations' schema.
  if (!pg()) {
    std::string lower = "abcdef00-0000-4000-8000-00000000000f";
    expected.replace(expected.find(lower), lower.size(), "ABCDEF00-0000-4000-8000-00000000000F");
  }
  EXPECT_EQ(dump(1), dump(5000));
  EXPECT_EQ(dump(3), expected);
}

TEST_P(DumpJson, AValueWithNoWireFormIsAnErrorAndNothingIsWritten) {
  Exec(*src_,
       pg() ? "UPDATE \"shop_item\" SET \"a_datetime\" = 'infinity' WHERE \"an_integer\" = 0"
            : "UPDATE \"shop_item\" SET \"a_datetime\" = 'next tuesday' WHERE \"an_integer\" = 0");
  RunResult out = Alab({"dump", "--format", "json"});
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_EQ(out.out, "");
  std::string shown = pg() ? "'infinity'" : "'next tuesday'";
  EXPECT_EQ(out.err,
            "alab: error: table shop_item, column a_datetime (datetime), the row with "
            "id='00000000-0000-4000-8000-000000000004' (text): " +
                shown +
                " (text) is not a datetime (expected YYYY-MM-DD HH:MM:SS with an optional fraction "
                "and zone); "
                "the wire format has no form for it: correct the value (or the column's type) and "
                "dump again; "
                "nothing was written\n");
  dir_.Write("old.json", "previous");
  RunResult file = Alab({"dump", "--format", "json", "-o", "old.json"});
  EXPECT_EQ(file.exit_code, 1);
  EXPECT_EQ(dir_.Read("old.json"), "previous");
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir_.path()))
    if (e.path().filename().string().find(".tmp.") != std::string::npos)
      left.push_back(e.path().string());
  EXPECT_TRUE(left.empty()) << left[0];
}

TEST_P(DumpJson, TablesAndColumnsTheMigrationsDoNotHave) {
  // A hand-made table and column: typed as the database declares them, with a warning.
  Exec(*src_, "CREATE TABLE \"extra\" (\"id\" INTEGER PRIMARY KEY, \"flag\" BOOLEAN)");
  Exec(*src_, "INSERT INTO \"extra\" VALUES (1, " + std::string(pg() ? "TRUE" : "1") + ")");
  Exec(*src_, "ALTER TABLE \"shop_note\" ADD COLUMN \"mood\" TEXT");
  RunResult out = Alab({"dump", "--format", "json", "--table", "extra", "--table", "shop_note"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(out.out.find("\"extra\": [\n    {\"id\": 1, \"flag\": true}\n  ]"), std::string::npos)
      << out.out;
  EXPECT_NE(out.out.find("\"item_id\": \"00000000-0000-4000-8000-000000000002\", \"mood\": null}"),
            std::string::npos)
      << out.out;
  EXPECT_EQ(out.err,
            "alab: warning: table shop_note: column mood is not in the migrations' schema; typed "
            "as the database "
            "declares it\n"
            "alab: warning: table extra is not in the migrations' schema; typed as the database "
            "declares it\n");
  // A column of the migrations that the database does not have yet: migrate first.
  dir_.Write("schemas/shop/note.js",
             "export default table({\n  id: col.id(),\n  item: col.belongs_to(\"shop.item\"),\n  "
             "body: col.text(),\n"
             "  stars: col.rating().optional(),\n}).belongs_to_any([\".item\", \".note\"], { as: "
             "\"about\" });\n");
  ASSERT_EQ(Alab({"new", "add_stars"}).exit_code, 0);
  RunResult stale = Alab({"dump", "--format", "json"});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_EQ(stale.out, "");
  EXPECT_EQ(stale.err,
            "alab: error: table shop_note: column \"stars\" is in the migrations' schema but not "
            "in the database; "
            "apply the migrations (alab migrate) and dump again\n");
}

TEST_P(DumpJson, UnwritableOutputIsAnErrorWithoutAPartialFile) {
  dir_.Write("blocker", "a file, not a folder");
  RunResult r = Alab({"dump", "--format", "json", "-o", "blocker/rows.json"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("alab: error: cannot write blocker/rows.json: "), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("; choose a writable path for -o (nothing was written)\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(dir_.Read("blocker"), "a file, not a folder");
}

TEST_P(DumpJson, HelpPointsAtTheWireFormat) {
  RunResult help = RunAlab({"dump", "--help"}, dir_.path());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--format"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("README.md, section \"Wire format\""), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("alab dump --format json --table auth_user -o users.json"),
            std::string::npos)
      << help.out;
  // The section it points at has a row for every column type.
  std::string readme = alab::testing::ReadText(alab::testing::SourceDir() / "README.md");
  size_t at = readme.find("\n## Wire format\n");
  ASSERT_NE(at, std::string::npos);
  std::string section = readme.substr(at, readme.find("\n## ", at + 1) - at);
  for (const char* type : {"uuid", "string", "text", "enum", "integer", "float", "decimal",
                           "boolean", "date", "time", "datetime", "json", "base64", "belongs_to"})
    EXPECT_NE(section.find(std::string("`") + type), std::string::npos) << type;
  RunResult docs = RunAlab({"docs", "--help"}, dir_.path());
  EXPECT_NE(docs.out.find("README.md, section \"Wire format\""), std::string::npos) << docs.out;
}

INSTANTIATE_TEST_SUITE_P(Dialects, DumpJson, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace alab::data
