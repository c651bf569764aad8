// The evaluation cache end to end: a tampered or damaged .alab/cache/migrations.pack never
// changes what `alab migrate` runs or what `alab sql` prints.
#include <gtest/gtest.h>

#include "base/sha256.h"
#include "runner/runner_test_util.h"

namespace alab::js {
namespace {

namespace testkit = runner::testkit;

const char kAudit[] =
    "export default migration({\n  description: \"audit log\",\n  up_revision: \"001\",\n  "
    "down_revision: null,\n"
    "  up(m) {\n    m.sql(\"CREATE TABLE audit_log (n INTEGER NOT NULL)\");\n"
    "    m.sql(\"INSERT INTO audit_log VALUES (1)\");\n    m.sql(\"INSERT INTO audit_log VALUES "
    "(2)\");\n"
    "    m.create_table(\"app.item\", (t) => {\n      t.id();\n      t.string(\"title\", 20);\n    "
    "});\n  },\n"
    "  down(m) {\n    m.drop_table(\"app.item\");\n    m.sql(\"DROP TABLE audit_log\");\n  "
    "},\n});\n";

testkit::Project AuditProject(const std::string& hint) {
  auto p = testkit::MakeProject("sqlite", hint);
  p.WriteMigration("001_audit.js", kAudit);
  testkit::WriteAlabYaml(p);
  return p;
}

TEST(EvalCacheCliTest, TamperedSqlInThePackIsNeverRun) {
  for (bool same_length : {true, false}) {
    auto p = AuditProject("cache_tamper");
    auto fresh = testing::RunAlab({"sql"}, p.dir->path());
    ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
    std::string pack = p.dir->Read(".alab/cache/migrations.pack");
    size_t at = pack.find("INSERT INTO audit_log VALUES (2)");
    ASSERT_NE(at, std::string::npos);
    if (same_length) {
      pack.replace(at, 32, "DELETE FROM audit_log           ");
    } else {
      // A shorter string: its CBOR length byte and the entry's byte count are fixed up too.
      // (CBOR: 0x78 0x20 is a 32-byte text string, 0x75 a 21-byte one.)
      ASSERT_EQ(pack.substr(at - 2, 2), "\x78\x20");
      pack.replace(at - 2, 34,
                   "\x75"
                   "DELETE FROM audit_log");
      size_t header = pack.find('\n') + 1;
      size_t s1 = pack.find(' ', header);
      size_t s2 = pack.find(' ', s1 + 1);
      size_t n = std::stoul(pack.substr(s1 + 1, s2 - s1 - 1));
      pack.replace(s1 + 1, s2 - s1 - 1, std::to_string(n - 12));
    }
    p.dir->Write(".alab/cache/migrations.pack", pack);
    auto sql = testing::RunAlab({"sql"}, p.dir->path());
    EXPECT_EQ(sql.exit_code, 0) << sql.err;
    EXPECT_EQ(sql.out, fresh.out);
    p.dir->Write(".alab/cache/migrations.pack", pack);
    auto r = testing::RunAlab({"migrate"}, p.dir->path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // migrate never reads the pack (it evaluates the files), so it does not even see the damage.
    EXPECT_EQ(r.err.find("corrupt"), std::string::npos) << r.err;
    auto conn = testkit::ConnectOrDie(p.cfg);
    EXPECT_EQ(testkit::RowsText(*conn, "SELECT n FROM audit_log ORDER BY n"), "1\n2\n");
    // The entry was rewritten from the file: the next run is silent.
    auto again = testing::RunAlab({"sql"}, p.dir->path());
    EXPECT_EQ(again.out, fresh.out);
    EXPECT_EQ(again.err.find("corrupt"), std::string::npos) << again.err;
  }
}

// Rewrites `from` into `to` (same length) in every entry of a pack and recomputes each
// entry's digest, as anyone who can write the pack can: the digest has no secret.
std::string ForgePack(const std::string& pack, const std::string& from, const std::string& to) {
  size_t pos = pack.find('\n') + 1;
  std::string out = pack.substr(0, pos);
  while (pos < pack.size()) {
    size_t nl = pack.find('\n', pos);
    std::string header = pack.substr(pos, nl - pos);
    size_t s1 = header.find(' ');
    size_t s2 = header.find(' ', s1 + 1);
    std::string key = header.substr(0, s1);
    size_t n = std::stoul(header.substr(s1 + 1, s2 - s1 - 1));
    std::string bytes = pack.substr(nl + 1, n);
    for (size_t at = bytes.find(from); at != std::string::npos;
         at = bytes.find(from, at + to.size()))
      bytes.replace(at, from.size(), to);
    out += key + " " + std::to_string(bytes.size()) + " " + Sha256Hex(key + " " + bytes) + "\n" +
           bytes;
    pos = nl + 1 + n;
  }
  return out;
}

TEST(EvalCacheCliTest, ForgedEntryWithValidDigestIsNeverRunNorJudged) {
  auto p = AuditProject("cache_forged");
  auto fresh = testing::RunAlab({"sql"}, p.dir->path());
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  const std::string good = p.dir->Read(".alab/cache/migrations.pack");
  const std::string forged =
      ForgePack(good, "INSERT INTO audit_log VALUES (2)", "DELETE FROM audit_log           ");
  ASSERT_NE(forged, good);
  ASSERT_NE(forged.find("DELETE FROM audit_log"), std::string::npos);
  p.dir->Write(".alab/cache/migrations.pack", forged);
  auto r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto conn = testkit::ConnectOrDie(p.cfg);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT n FROM audit_log ORDER BY n"), "1\n2\n");
  // migrate wrote the fresh result back: the forged entry is gone.
  EXPECT_EQ(p.dir->Read(".alab/cache/migrations.pack").find("DELETE FROM audit_log"),
            std::string::npos);
  // rollback runs the file's down() too.
  p.dir->Write(".alab/cache/migrations.pack",
               ForgePack(good, "DROP TABLE audit_log", "SELECT 1 AS audit_lo"));
  auto back = testing::RunAlab({"rollback"}, p.dir->path());
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT name FROM sqlite_master WHERE name = 'audit_log'"),
            "");
}

// A file's code can see its own path (an Error's stack names it): two files with one text are
// two cache entries, and the cached answers equal the fresh ones.
TEST(EvalCacheCliTest, IdenticalTextAtTwoPathsIsTwoEntries) {
  auto p = testkit::MakeProject("sqlite", "cache_paths");
  const std::string text = R"JS(export default migration({
  up(m) {
    const where = new Error("x").stack.split("@")[1].split(":")[0].replace(/[^a-z0-9]/g, "_");
    m.sql("CREATE TABLE " + where + " (n INTEGER)");
  },
  down(m) { m.sql("SELECT 1"); },
});
)JS";
  p.WriteMigration("001_a.js", text);
  p.WriteMigration("002_b.js", text);
  testkit::WriteAlabYaml(p);
  auto fresh = testing::RunAlab({"sql"}, p.dir->path(), {"ALAB_CACHE=off"});
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_NE(fresh.out.find("001_a_js"), std::string::npos) << fresh.out;
  EXPECT_NE(fresh.out.find("002_b_js"), std::string::npos) << fresh.out;
  auto warm1 = testing::RunAlab({"sql"}, p.dir->path());  // fills the cache
  auto warm2 = testing::RunAlab({"sql"}, p.dir->path());  // reads it
  ASSERT_EQ(warm2.exit_code, 0) << warm2.err;
  EXPECT_EQ(warm1.out, fresh.out);
  EXPECT_EQ(warm2.out, fresh.out);
  auto r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST(EvalCacheCliTest, DamagedPackGivesTheFreshResultNeverExit70) {
  auto p = AuditProject("cache_flips");
  auto fresh = testing::RunAlab({"sql"}, p.dir->path());
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  auto fresh_plan = testing::RunAlab({"migrate", "--dry"}, p.dir->path());
  ASSERT_EQ(fresh_plan.exit_code, 0) << fresh_plan.err;
  const std::string good = p.dir->Read(".alab/cache/migrations.pack");
  ASSERT_GT(good.size(), 300u);
  int runs = 0;
  for (size_t i = 0; i < good.size(); i += good.size() / 37 + 1) {
    std::string flipped = good;
    flipped[i] = static_cast<char>(flipped[i] ^ (1 << (i % 8)));
    for (const std::string& bad : {flipped, good.substr(0, i)}) {
      p.dir->Write(".alab/cache/migrations.pack", bad);
      auto r = testing::RunAlab({"sql"}, p.dir->path());
      ASSERT_EQ(r.exit_code, 0) << "offset " << i << ": " << r.err;
      ASSERT_EQ(r.out, fresh.out) << "offset " << i;
      p.dir->Write(".alab/cache/migrations.pack", bad);
      auto plan = testing::RunAlab({"migrate", "--dry"}, p.dir->path());
      ASSERT_EQ(plan.exit_code, 0) << "offset " << i << ": " << plan.err;
      ASSERT_EQ(plan.out, fresh_plan.out) << "offset " << i;
      ++runs;
    }
  }
  EXPECT_GE(runs, 70);
  auto conn = testkit::ConnectOrDie(p.cfg);  // nothing was applied by the dry runs
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT name FROM sqlite_master WHERE name = 'audit_log'"),
            "");
}

}  // namespace
}  // namespace alab::js
