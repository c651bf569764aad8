// libFuzzer target: the evaluation cache reader. The input is a list of damages done to a
// real pack (.alab/cache/schemas.pack or migrations.pack, written by evaluating a small
// project): single-bit flips at chosen offsets and an optional truncation. With the damaged
// pack in place, every file must evaluate to exactly its fresh result (from the pack or by
// evaluating it again), with no error, and the pack the run writes back must be the real one
// again; the loaders that read it must give the fresh schema and migrations. Never a crash.
//
// Input: byte 0 bit 0 picks the pack, bit 1 asks for a truncation at the little-endian
// 16-bit length in bytes 1-2 (modulo the pack size + 1); then every 3 bytes flip one bit:
// offset (16 bits, modulo the size), bit (low 3 bits).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "base/files.h"
#include "js/engine.h"
#include "js/eval_cache.h"
#include "migration/load.h"
#include "schema/dsl_names.h"
#include "schema/ir.h"
#include "schema/project.h"

namespace fs = std::filesystem;
namespace js = alab::js;
using Json = nlohmann::ordered_json;

namespace {

const std::map<std::string, std::string> kSchemas = {
    {"schemas/app/user.js",
     "export default table({\n  id: col.id(),\n  email: col.email().unique(),\n  name: "
     "col.string(80).optional(),\n"
     "  role: col.enum([\"admin\", \"member\"]).default(\"member\"),\n}).timestamps();\n"},
    {"schemas/app/post.js",
     "export default table({\n  id: col.id(),\n  author: col.belongs_to(\"app.user\"),\n  title: "
     "col.string(200),\n"
     "  body: col.text().docs(\"Markdown\"),\n  views: "
     "col.integer().default(0),\n}).index(\"title\");\n"},
};
const std::map<std::string, std::string> kMigrations = {
    {"migrations/001_init.js",
     "export default migration({\n  description: \"init\",\n  up_revision: \"001\",\n  "
     "down_revision: null,\n"
     "  up(m) {\n    m.create_table(\"app.audit\", (t) => {\n      t.id();\n      "
     "t.string(\"what\", 20);\n    });\n"
     "    m.sql(\"INSERT INTO app_audit (id, what) VALUES ('1', 'created')\");\n  },\n"
     "  down(m) {\n    m.drop_table(\"app.audit\");\n  },\n});\n"},
    {"migrations/002_more.js",
     "export default migration({\n  description: \"more\",\n  up_revision: \"002\",\n  "
     "down_revision: \"001\",\n"
     "  up(m) {\n    m.add_column(\"app.audit\", (t) => { t.integer(\"level\").default(1); });\n"
     "    m.create_index(\"app.audit\", [\"what\"], { name: \"idx_audit_what\" });\n  },\n"
     "  down(m) {\n    m.drop_index(\"idx_audit_what\");\n    m.drop_column(\"app.audit\", "
     "\"level\");\n  },\n});\n"},
};

struct Set {
  const std::map<std::string, std::string>* files;
  fs::path pack;
  std::string good;                   // the real pack
  std::map<std::string, Json> fresh;  // engine result per file
};

struct World {
  fs::path root;
  Set sets[2];
  std::string fresh_schema;  // LoadSchemas' canonical schema
  std::string fresh_migrations;
};

js::EngineOptions Options(bool migrations) {
  js::EngineOptions eo;
  eo.time_limit_seconds = 5;
  eo.max_file_bytes = migrations ? 16 * 1024 * 1024 : 1024 * 1024;
  eo.dsl_config = alab::schema::DslConfig();
  return eo;
}

std::string MigrationsSummary(const alab::migration::LoadMigrationsResult& r) {
  std::string out = r.diags.Render();
  for (const auto& m : r.migrations)
    out += m.file + " " + m.revision + " " + m.description + " " + std::to_string(m.up.size()) +
           "/" + std::to_string(m.down.size()) + "\n";
  return out;
}

void Die(const std::string& what) {
  std::fprintf(stderr, "fuzz_cache: %s\n", what.c_str());
  std::abort();
}

World& TheWorld() {
  static World* w = [] {
    auto* world = new World();
    world->root = fs::temp_directory_path() / ("alab-fuzz-cache-" + std::to_string(::getpid()));
    fs::remove_all(world->root);
    for (const auto* files : {&kSchemas, &kMigrations})
      for (const auto& [rel, text] : *files) {
        fs::create_directories((world->root / rel).parent_path());
        std::ofstream(world->root / rel, std::ios::binary) << text;
      }
    ::unsetenv("ALAB_CACHE");
    // Fresh results (no cache), then the real packs as the loaders write them.
    for (int s = 0; s < 2; ++s) {
      Set& set = world->sets[s];
      set.files = s == 0 ? &kSchemas : &kMigrations;
      set.pack = world->root / ".alab" / "cache" / (s == 0 ? "schemas.pack" : "migrations.pack");
      js::LeasedEngine engine = js::LeaseEngine(Options(s == 1));
      for (const auto& [rel, text] : *set.files) {
        alab::diag::DiagnosticSink sink;
        auto r = engine->Evaluate(rel, text, sink);
        if (!r || sink.has_errors()) Die("seed file fails: " + rel + "\n" + sink.Render());
        set.fresh[rel] = *r;
      }
    }
    auto schemas = alab::schema::LoadSchemas(world->root, world->root / "schemas");
    if (!schemas.ok()) Die("seed schemas fail:\n" + schemas.diags.Render());
    world->fresh_schema = alab::schema::ToJson(schemas.schema, true).dump();
    auto migrations = alab::migration::LoadMigrations(world->root, world->root / "migrations", 5);
    if (!migrations.ok()) Die("seed migrations fail:\n" + migrations.diags.Render());
    world->fresh_migrations = MigrationsSummary(migrations);
    for (Set& set : world->sets) {
      auto data = alab::ReadFile(set.pack);
      if (!data.ok() || data->size() < 100) Die("no pack written: " + set.pack.string());
      set.good = *data;
    }
    return world;
  }();
  return *w;
}

void WritePack(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& world = TheWorld();
  if (size == 0) return 0;
  const bool migrations = (data[0] & 1) != 0;
  Set& set = world.sets[migrations ? 1 : 0];
  std::string bad = set.good;
  size_t i = 1;
  if ((data[0] & 2) != 0 && size >= 3) {
    size_t n =
        (static_cast<size_t>(data[1]) | (static_cast<size_t>(data[2]) << 8)) % (bad.size() + 1);
    bad.resize(n);
    i = 3;
  }
  for (; i + 3 <= size && !bad.empty(); i += 3) {
    size_t at =
        (static_cast<size_t>(data[i]) | (static_cast<size_t>(data[i + 1]) << 8)) % bad.size();
    bad[at] = static_cast<char>(bad[at] ^ (1 << (data[i + 2] & 7)));
  }

  // The engine with the cache: every file's exact fresh result, no error; the pack is repaired.
  WritePack(set.pack, bad);
  {
    js::EvalCache cache(set.pack);
    js::LeasedEngine engine = js::LeaseEngine(Options(migrations));
    for (const auto& [rel, text] : *set.files) {
      alab::diag::DiagnosticSink sink;
      auto r = engine->Evaluate(rel, text, sink, &cache);
      if (!r || sink.has_errors()) Die("damaged pack made " + rel + " fail:\n" + sink.Render());
      if (*r != set.fresh.at(rel)) Die("damaged pack changed the result of " + rel);
    }
    cache.Save();
    auto after = alab::ReadFile(set.pack);
    if (!after.ok() || *after != set.good) Die("the pack written back differs from the real one");
  }
  // The loaders reading the damaged pack: the fresh schema / migrations.
  WritePack(set.pack, bad);
  if (migrations) {
    auto r = alab::migration::LoadMigrations(world.root, world.root / "migrations", 5);
    if (MigrationsSummary(r) != world.fresh_migrations) Die("damaged pack changed the migrations");
  } else {
    auto r = alab::schema::LoadSchemas(world.root, world.root / "schemas");
    if (!r.ok() || alab::schema::ToJson(r.schema, true).dump() != world.fresh_schema)
      Die("damaged pack changed the schema:\n" + r.diags.Render());
  }
  WritePack(set.pack, set.good);
  return 0;
}
