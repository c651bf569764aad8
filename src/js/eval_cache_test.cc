#include "js/eval_cache.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "js/engine.h"
#include "test_support.h"

namespace alab::js {
namespace {

namespace fs = std::filesystem;

nlohmann::json Config() {
  return {{"column_types", {"string", "id"}},
          {"column_modifiers", {"optional"}},
          {"table_modifiers", {"index"}},
          {"fn_names", {"concat"}},
          {"t_types", {"string"}},
          {"migration_ops", {"create_table", "sql"}},
          {"alter_modifiers", {"set_not_null"}},
          {"hook_methods", {"before"}},
          {"sql_text_keys", {"postgres", "sqlite"}}};
}

class EvalCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions o;
    o.time_limit_seconds = 1;
    o.dsl_config = Config();
    lease_.emplace(LeaseEngine(o));
  }
  std::optional<nlohmann::ordered_json> Eval(const std::string& text, EvalCache& cache,
                                             diag::DiagnosticSink& sink) {
    return (**lease_).Evaluate("schemas/app/x.js", text, sink, &cache);
  }
  fs::path Pack() const { return tmp_.path() / ".alab/cache/schemas.pack"; }
  // The pack's entries as (key, CBOR) in file order ("<key> <count> <digest>\n<CBOR>").
  std::vector<std::pair<std::string, std::string>> Entries() const {
    std::string data = tmp_.Read(".alab/cache/schemas.pack");
    std::vector<std::pair<std::string, std::string>> out;
    size_t pos = data.find('\n') + 1;
    while (pos < data.size()) {
      size_t nl = data.find('\n', pos);
      std::string key = data.substr(pos, 64);
      size_t n = std::stoul(data.substr(pos + 65, nl - pos - 65 - 65));
      out.emplace_back(key, data.substr(nl + 1, n));
      pos = nl + 1 + n;
    }
    return out;
  }
  // A pack holding these entries, each with its (correct) checksum.
  static std::string PackOf(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string pack = "alab-eval-cache 2\n";
    for (const auto& [key, cbor] : entries)
      pack +=
          key + " " + std::to_string(cbor.size()) + " " + Sha256Hex(key + " " + cbor) + "\n" + cbor;
    return pack;
  }
  alab::testing::TempDir tmp_;
  std::optional<LeasedEngine> lease_;
};

const char kUser[] = "export default table({ id: col.id(), name: col.string(80) });\n";
const char kPost[] = "export default table({ id: col.id(), title: col.string(200).optional() });\n";

TEST_F(EvalCacheTest, StoredResultIsReturnedWithoutEvaluating) {
  diag::DiagnosticSink sink;
  nlohmann::ordered_json fresh;
  {
    EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
    auto r = Eval(kUser, cache, sink);
    ASSERT_TRUE(r.has_value()) << sink.Render();
    fresh = *r;
    cache.Save();
  }
  ASSERT_TRUE(fs::exists(Pack()));
  EXPECT_EQ(tmp_.Read(".alab/cache/.gitignore").find("*\n") != std::string::npos, true);
  auto entries = Entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(nlohmann::ordered_json::from_cbor(entries[0].second), fresh);

  // The same text is answered from the pack: swap the stored value (a well-formed entry with
  // its checksum) and it comes back.
  nlohmann::ordered_json marker = {{"kind", "table"},
                                   {"rec",
                                    {{"k", "table"},
                                     {"a", nlohmann::ordered_json::array()},
                                     {"mods", nlohmann::ordered_json::array()}}},
                                   {"marker", true}};
  auto cbor = nlohmann::ordered_json::to_cbor(marker);
  tmp_.Write(".alab/cache/schemas.pack",
             PackOf({{entries[0].first, std::string(cbor.begin(), cbor.end())}}));
  EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
  auto again = Eval(kUser, cache, sink);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, marker);
  // A different text is a different key: evaluated for real.
  auto other = Eval(kPost, cache, sink);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->value("kind", ""), "table");
  EXPECT_FALSE(other->contains("marker"));
  EXPECT_FALSE(sink.has_errors()) << sink.Render();
}

TEST_F(EvalCacheTest, PackKeepsOnlyWhatTheLastRunUsed) {
  diag::DiagnosticSink sink;
  {
    EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
    ASSERT_TRUE(Eval(kUser, cache, sink));
    ASSERT_TRUE(Eval(kPost, cache, sink));
    cache.Save();
  }
  EXPECT_EQ(Entries().size(), 2u);
  {
    EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
    ASSERT_TRUE(Eval(kPost, cache, sink));
    cache.Save();
  }
  EXPECT_EQ(Entries().size(), 1u);
  // A run that uses every entry and adds none leaves the pack's bytes alone.
  std::string before = tmp_.Read(".alab/cache/schemas.pack");
  auto mtime = fs::last_write_time(Pack());
  {
    EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
    ASSERT_TRUE(Eval(kPost, cache, sink));
    cache.Save();
  }
  EXPECT_EQ(tmp_.Read(".alab/cache/schemas.pack"), before);
  EXPECT_EQ(fs::last_write_time(Pack()), mtime);
}

TEST_F(EvalCacheTest, FailuresAreNeverStored) {
  diag::DiagnosticSink sink;
  EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
  // An unknown name is reported and the file goes on (every problem in one run), unstored.
  Eval("export default table({ id: col.strng() });\n", cache, sink);
  EXPECT_FALSE(Eval("export default table({ id: \n", cache, sink));
  EXPECT_EQ(sink.error_count(), 2);
  cache.Save();
  EXPECT_FALSE(fs::exists(Pack()));
  // And the same failing text fails again with its diagnostic (nothing was remembered).
  diag::DiagnosticSink again;
  Eval("export default table({ id: col.strng() });\n", cache, again);
  EXPECT_EQ(again.error_count(), 1);
  EXPECT_NE(again.Render().find("unknown column type 'strng'"), std::string::npos)
      << again.Render();
}

TEST_F(EvalCacheTest, DamagedPackIsIgnoredAndReplaced) {
  diag::DiagnosticSink sink;
  nlohmann::ordered_json fresh;
  {
    EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
    fresh = *Eval(kUser, cache, sink);
    cache.Save();
  }
  std::string good = tmp_.Read(".alab/cache/schemas.pack");
  for (const std::string& bad : {good.substr(0, good.size() - 5),                      // torn
                                 std::string("something else entirely\n"),             // not a pack
                                 good.substr(0, good.size() - 3) + "\xff\xff\xff"}) {  // bad CBOR
    tmp_.Write(".alab/cache/schemas.pack", bad);
    EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
    auto r = Eval(kUser, cache, sink);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(*r, fresh);
    cache.Save();
    EXPECT_EQ(tmp_.Read(".alab/cache/schemas.pack"), good);
  }
  EXPECT_FALSE(sink.has_errors()) << sink.Render();
}

const char kMigration[] =
    "export default migration({\n  up(m) {\n    m.create_table(\"app.item\", (t) => { "
    "t.string(\"name\"); });\n"
    "    m.sql(\"INSERT INTO audit_log VALUES (2)\");\n  },\n});\n";

TEST_F(EvalCacheTest, TamperedEntryIsReportedOnceAndReEvaluated) {
  diag::DiagnosticSink sink;
  nlohmann::ordered_json fresh;
  {
    EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
    fresh = *Eval(kMigration, cache, sink);
    cache.Save();
  }
  const std::string good = tmp_.Read(".alab/cache/schemas.pack");
  // Same length, in place (the checksum is left as it was).
  std::string same = good;
  size_t at = same.find("INSERT INTO audit_log VALUES (2)");
  ASSERT_NE(at, std::string::npos);
  same.replace(at, 32, "DELETE FROM audit_log           ");
  // Another length: re-encoded, with a correct byte count (only the checksum is stale).
  auto entries = Entries();
  auto value = nlohmann::ordered_json::from_cbor(entries[0].second);
  value["rec"]["up"][1]["a"][0] = "DELETE FROM audit_log";
  auto cbor = nlohmann::ordered_json::to_cbor(value);
  std::string other = PackOf({{entries[0].first, std::string(cbor.begin(), cbor.end())}});
  auto digest_at = [](const std::string& pack) {
    return pack.find(' ', pack.find(' ', pack.find('\n')) + 1) + 1;
  };
  other.replace(digest_at(other), 64, good.substr(digest_at(good), 64));
  for (const std::string& bad : {same, other}) {
    tmp_.Write(".alab/cache/schemas.pack", bad);
    EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
    auto r = Eval(kMigration, cache, sink);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(*r, fresh);
    EXPECT_EQ(r->dump().find("DELETE"), std::string::npos);
    // The same text again in this run: evaluated, not warned about twice.
    EXPECT_EQ(*Eval(kMigration, cache, sink), fresh);
    ASSERT_EQ(cache.warnings().size(), 1u);
    EXPECT_EQ(cache.warnings()[0],
              "warning: cache entry for schemas/app/x.js is corrupt; re-evaluating");
    cache.Save();
    EXPECT_EQ(tmp_.Read(".alab/cache/schemas.pack"), good);  // the entry is rewritten
  }
  EXPECT_FALSE(sink.has_errors()) << sink.Render();
}

// Every single-bit flip (one bit per byte, rotating) and every truncation of a real pack with
// two entries: each file's result is exactly the fresh one, and a damaged pack warns.
TEST_F(EvalCacheTest, EveryBitFlipAndTruncationGivesTheFreshResult) {
  diag::DiagnosticSink sink;
  nlohmann::ordered_json fresh_m;
  nlohmann::ordered_json fresh_u;
  {
    EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
    fresh_m = *Eval(kMigration, cache, sink);
    fresh_u = *(**lease_).Evaluate("schemas/app/user.js", kUser, sink, &cache);
    cache.Save();
  }
  const std::string good = tmp_.Read(".alab/cache/schemas.pack");
  ASSERT_GT(good.size(), 200u);
  std::vector<std::string> inputs;
  for (size_t i = 0; i < good.size(); ++i) {
    std::string flipped = good;
    flipped[i] = static_cast<char>(flipped[i] ^ (1 << (i % 8)));
    inputs.push_back(std::move(flipped));
    inputs.push_back(good.substr(0, i));
  }
  size_t warned = 0;
  for (size_t n = 0; n < inputs.size(); ++n) {
    tmp_.Write(".alab/cache/schemas.pack", inputs[n]);
    EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
    auto m = Eval(kMigration, cache, sink);
    auto u = (**lease_).Evaluate("schemas/app/user.js", kUser, sink, &cache);
    ASSERT_TRUE(m.has_value() && u.has_value()) << n;
    ASSERT_EQ(*m, fresh_m) << "input " << n;
    ASSERT_EQ(*u, fresh_u) << "input " << n;
    EXPECT_LE(cache.warnings().size(), 2u);
    if (!cache.warnings().empty()) ++warned;
    cache.Save();
    ASSERT_EQ(tmp_.Read(".alab/cache/schemas.pack"), good) << "input " << n;
  }
  // Silent only where nothing a file uses was damaged: a flipped key (that entry is simply not
  // found) or a truncation at an entry boundary.
  EXPECT_GT(warned, inputs.size() * 8 / 10) << warned << " of " << inputs.size();
  EXPECT_FALSE(sink.has_errors()) << sink.Render();
}

TEST_F(EvalCacheTest, OffDisablesIt) {
  ::setenv("ALAB_CACHE", "off", 1);
  EvalCache cache = EvalCache::ForProject(tmp_.path(), "schemas");
  ::unsetenv("ALAB_CACHE");
  EXPECT_FALSE(cache.enabled());
  diag::DiagnosticSink sink;
  EXPECT_TRUE(Eval(kUser, cache, sink));
  cache.Save();
  EXPECT_FALSE(fs::exists(tmp_.path() / ".alab"));
}

}  // namespace
}  // namespace alab::js
