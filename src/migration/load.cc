#include "migration/load.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "base/files.h"
#include "base/strings.h"
#include "base/workers.h"
#include "js/engine.h"
#include "js/source_text.h"
#include "migration/dag.h"
#include "migration/load_ops.h"
#include "schema/dsl_names.h"

namespace alab::migration {

namespace {

namespace fs = std::filesystem;
using schema::dsl::Json;
namespace dsl = schema::dsl;

constexpr size_t kMaxMigrationBytes = 16 * 1024 * 1024;

js::EngineOptions MigrationEngineOptions(double time_limit_seconds) {
  js::EngineOptions eo;
  eo.time_limit_seconds = time_limit_seconds;
  eo.max_file_bytes = kMaxMigrationBytes;
  eo.dsl_config = schema::DslConfig();
  return eo;
}

// "migrations/002_add_email.js" -> "002".
std::string RevisionFromFileName(const std::string& path) {
  std::string stem = fs::path(path).stem().string();
  size_t us = stem.find('_');
  return us == std::string::npos ? stem : stem.substr(0, us);
}

// Revisions name files (`alab squash` moves files by revision): letters, digits, '_' and '-',
// starting with a letter or digit, so no revision can spell a path.
std::string RevisionProblem(const std::string& rev) {
  bool ok = !rev.empty() && rev.size() <= 64 && std::isalnum(static_cast<unsigned char>(rev[0]));
  for (char c : rev)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  if (ok) return {};
  return fmt::format(
      "revision \"{}\" is not valid: use digits or a timestamp (letters, digits, _ and -, at most "
      "64, "
      "such as \"002\" or \"20240101120000\")",
      rev);
}

void DecodeFields(const Json& fields, const diag::SourceLoc& loc, Migration& m,
                  diag::DiagnosticSink& diags) {
  static const std::vector<std::string> kKnown = {
      "description", "up_revision", "down_revision", "renames",  "transaction",      "up",
      "down",        "up_hook",     "down_hook",     "replaces", "replaces_checksum"};
  if (!fields.is_object()) {
    diags.Error(loc, fmt::format("migration() needs an object, got {}", dsl::DescribeArg(fields)));
    return;
  }
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = *it;
    auto bad = [&](const char* want) {
      diags.Error(loc, fmt::format("migration field '{}' must be {}, got {}", k, want,
                                   dsl::DescribeArg(v)));
    };
    if (k == "description") {
      if (v.is_string())
        m.description = v.get<std::string>();
      else
        bad("a string");
    } else if (k == "up_revision") {
      if (v.is_string() && !v.get<std::string>().empty()) {
        m.revision = v.get<std::string>();
        if (std::string p = RevisionProblem(m.revision); !p.empty())
          diags.Error(loc, "up_revision: " + p);
      } else {
        bad("a revision string such as \"002\"");
      }
    } else if (k == "down_revision") {
      m.down_revision_given = !dsl::IsMarker(v, "undefined");
      if (v.is_null() || dsl::IsMarker(v, "undefined")) continue;
      if (v.is_string()) {
        m.down_revisions = {v.get<std::string>()};
      } else if (v.is_array() &&
                 std::all_of(v.begin(), v.end(), [](const Json& e) { return e.is_string(); })) {
        for (const auto& e : v) m.down_revisions.push_back(e.get<std::string>());
      } else {
        bad("null, a revision string or an array of revision strings");
      }
    } else if (k == "renames") {
      if (!v.is_object() || v.contains("$alab")) {
        bad("an object {columns: {...}, tables: {...}}");
        continue;
      }
      for (auto r = v.begin(); r != v.end(); ++r) {
        if ((r.key() != "columns" && r.key() != "tables") || !r->is_object()) {
          diags.Error(
              loc,
              fmt::format("renames.{} is not understood (use renames.columns and renames.tables)",
                          r.key()));
          continue;
        }
        auto& into = r.key() == "columns" ? m.rename_columns : m.rename_tables;
        for (auto e = r->begin(); e != r->end(); ++e) {
          if (e->is_string())
            into[e.key()] = e->get<std::string>();
          else
            diags.Error(loc,
                        fmt::format("renames.{}[\"{}\"] must be the new name", r.key(), e.key()));
        }
      }
    } else if (k == "replaces") {
      if (v.is_array() && !v.empty() && std::all_of(v.begin(), v.end(), [](const Json& e) {
            return e.is_string() && !e.get<std::string>().empty();
          })) {
        for (const auto& e : v) m.replaces.push_back(e.get<std::string>());
      } else {
        bad("a non-empty array of revision strings (the revisions a squash baseline replaces)");
      }
    } else if (k == "replaces_checksum") {
      if (v.is_string())
        m.replaces_checksum = v.get<std::string>();
      else
        bad("the chain checksum of the last replaced revision");
    } else if (k == "transaction") {
      if (v.is_boolean())
        m.transactional = v.get<bool>();
      else
        bad("true or false");
    } else if (k == "up" || k == "down" || k == "up_hook" || k == "down_hook") {
      if (!dsl::IsMarker(v, "called")) bad("a function");
    } else {
      std::string best = ClosestMatch(k, kKnown);
      diags.Warning(loc,
                    fmt::format("unknown migration field '{}'{}", k,
                                best.empty() ? "" : fmt::format("; did you mean '{}'?", best)));
    }
  }
}

Migration Decode(const Json& exported, const std::string& display_path, const std::string& content,
                 diag::DiagnosticSink& diags) {
  Migration m;
  m.file = display_path;
  m.content = content;
  if (exported.value("kind", "") != "migration") {
    diag::SourceLoc loc{display_path, 1, 1, 0};
    std::string kind = exported.value("kind", "none");
    if (kind == "table")
      diags.Error(loc,
                  "this is a schema file; a migration file must `export default migration({...})`");
    else if (kind == "none")
      diags.Error(loc, "the file has no `export default migration({...})`");
    else
      diags.Error(loc, "the default export must be migration({...})");
    return m;
  }
  const Json& rec = exported["rec"];
  diag::SourceLoc loc = dsl::Loc(rec["loc"], display_path);
  DecodeFields(rec["fields"], loc, m, diags);
  if (m.is_baseline() && !m.down_revisions.empty())
    diags.Error(
        loc,
        "a baseline (a migration with `replaces`) starts the history: set down_revision: null");
  if (m.is_baseline() && m.replaces_checksum.empty())
    diags.Error(loc,
                "a baseline (a migration with `replaces`) needs replaces_checksum, as `alab "
                "squash` writes it");
  if (m.revision.empty()) m.revision = RevisionFromFileName(display_path);
  for (const auto& d : m.down_revisions)
    if (std::string p = RevisionProblem(d); !p.empty()) diags.Error(loc, "down_revision: " + p);
  for (const auto& r : m.replaces)
    if (std::string p = RevisionProblem(r); !p.empty()) diags.Error(loc, "replaces: " + p);
  for (const auto& e : rec["up"]) DecodeOp(e, display_path, diags, m.up);
  for (const auto& e : rec["down"]) DecodeOp(e, display_path, diags, m.down);
  for (const auto& e : rec["up_hook"]) DecodeHook(e, display_path, diags, m.up_hooks);
  for (const auto& e : rec["down_hook"]) DecodeHook(e, display_path, diags, m.down_hooks);
  return m;
}

Migration Evaluate(js::Engine& engine, const std::string& display_path, const std::string& content,
                   diag::DiagnosticSink& diags, js::EvalCache* cache = nullptr) {
  if (content.size() <= kMaxMigrationBytes)
    diags.AddSource(display_path, js::SourceForDisplay(content));
  auto exported = engine.Evaluate(display_path, content, diags, cache);
  if (!exported) {
    Migration m;
    m.file = display_path;
    m.content = content;
    m.revision = RevisionFromFileName(display_path);
    return m;
  }
  return Decode(*exported, display_path, content, diags);
}

}  // namespace

LoadMigrationsResult LoadMigrations(const fs::path& project_root, const fs::path& migrations_dir,
                                    double time_limit_seconds, Evaluation evaluation) {
  LoadMigrationsResult result;
  std::error_code ec;
  if (!fs::is_directory(migrations_dir, ec)) {
    if (fs::exists(migrations_dir, ec))
      result.diags.Error(
          diag::SourceLoc{DisplayPath(migrations_dir, project_root)},
          "the migrations path is not a folder",
          {"hint: point `migrations:` in alab.yaml at a folder, or move this file away"});
    return result;  // else: no migrations yet
  }
  std::vector<fs::path> leaving = SymlinksLeaving(migrations_dir, project_root);
  for (const auto& link : leaving)
    result.diags.Error(diag::SourceLoc{DisplayPath(link, project_root)},
                       "symbolic link to a file outside the project is refused",
                       {"hint: copy the file into the project instead of linking to it"});
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(migrations_dir, ec)) {
    if (std::find(leaving.begin(), leaving.end(), entry.path()) != leaving.end()) continue;
    if (entry.is_regular_file() && entry.path().extension() == ".js") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename().string() < b.filename().string();
  });
  if (files.empty()) return result;

  // Files are read and evaluated on two threads for long histories; results keep file order.
  js::EvalCache cache =
      js::EvalCache::ForProject(project_root, "migrations",
                                evaluation == Evaluation::kFresh ? js::EvalCache::Use::kWriteOnly
                                                                 : js::EvalCache::Use::kReuse);
  std::vector<std::optional<Migration>> loaded(files.size());
  size_t threads = WorkerCount(files.size(), 16);
  std::vector<diag::DiagnosticSink> sinks(threads);
  auto run = [&](size_t first) {
    js::LeasedEngine engine = js::LeaseEngine(MigrationEngineOptions(time_limit_seconds));
    for (size_t i = first; i < files.size(); i += threads) {
      std::string display = DisplayPath(files[i], project_root);
      auto text = ReadFile(files[i]);
      if (!text.ok()) {
        sinks[first].Error(diag::SourceLoc{display}, "cannot read file: " + text.error().message);
        continue;
      }
      StripUtf8Bom(*text);
      loaded[i] = Evaluate(*engine, display, *text, sinks[first], &cache);
    }
  };
  RunWorkers(threads, run);
  for (auto& m : loaded)
    if (m) result.migrations.push_back(std::move(*m));
  LinkImplicitParents(result.migrations);
  for (auto& sink : sinks) result.diags.Merge(std::move(sink));
  if (!result.diags.has_errors()) cache.Save();  // a failing run writes nothing
  result.diags.SortByLocation();
  return result;
}

Migration LoadMigrationText(const std::string& display_path, const std::string& content,
                            diag::DiagnosticSink& diags, double time_limit_seconds) {
  js::LeasedEngine engine = js::LeaseEngine(MigrationEngineOptions(time_limit_seconds));
  return Evaluate(*engine, display_path, content, diags);
}

Migration LoadMigrationTextForCheck(const std::string& display_path, const std::string& content,
                                    diag::DiagnosticSink& diags) {
  constexpr size_t kParts = 2;
  std::optional<Json> parts[kParts];
  diag::DiagnosticSink sinks[kParts];
  auto run = [&](size_t part) {
    js::LeasedEngine engine = js::LeaseEngine(MigrationEngineOptions(5.0));
    js::EvaluateMode mode;
    mode.locations = false;
    mode.part = static_cast<int>(part);
    mode.parts = static_cast<int>(kParts);
    parts[part] = engine->Evaluate(display_path, content, sinks[part], nullptr, mode);
  };
  RunWorkers(kParts, run);
  // Both parts evaluate the whole file, so each reports the same problems: keep one sink's.
  const bool failed = !parts[0] || !parts[1] || sinks[0].has_errors() || sinks[1].has_errors();
  if (failed) {
    diags.Merge(std::move(sinks[!parts[0] || sinks[0].has_errors() ? 0 : 1]));
    Migration m;
    m.file = display_path;
    m.content = content;
    return m;
  }
  Json& merged = *parts[0];
  if (merged.value("kind", "") == "migration") {
    for (const char* body : {"up", "down"}) {
      Json& mine = merged["rec"][body];
      const Json& other = (*parts[1])["rec"][body];
      for (size_t k = 0; k < mine.size() && k < other.size(); ++k)
        if (mine[k].is_null()) mine[k] = other[k];
    }
  }
  return Decode(merged, display_path, content, diags);
}

}  // namespace alab::migration
