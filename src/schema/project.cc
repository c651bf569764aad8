#include "schema/project.h"

#include <algorithm>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "base/files.h"
#include "base/workers.h"
#include "js/engine.h"
#include "js/source_text.h"
#include "schema/dsl_names.h"
#include "schema/table_file.h"
#include "schema/validate.h"

namespace alab::schema {

namespace fs = std::filesystem;

namespace {

struct FileJob {
  std::string display;
  std::string ns;
  std::string name;
  std::string text;
  Table table;
  bool has_table = false;
};

// Evaluates and decodes jobs[k], jobs[k + stride], ... with one engine.
void RunJobs(std::vector<FileJob>& jobs, size_t first, size_t stride, const js::EngineOptions& eo,
             js::EvalCache& cache, std::vector<JunctionRequest>& junctions,
             diag::DiagnosticSink& diags) {
  js::LeasedEngine engine = js::LeaseEngine(eo);
  for (size_t i = first; i < jobs.size(); i += stride) {
    FileJob& job = jobs[i];
    auto exported = engine->Evaluate(job.display, job.text, diags, &cache);
    if (!exported) continue;
    job.has_table =
        DecodeTableFile(*exported, job.display, job.ns, job.name, job.table, junctions, diags);
  }
}

// A bare table name in a namespaced file means a table of that namespace ("user" in
// schemas/auth/ is auth.user); when the namespace has no such table but a table without a
// namespace has the name, it is that one (schemas/artist.js is reachable from any folder).
void ResolveTopLevelRefs(Schema& s, std::vector<JunctionRequest>& junctions) {
  std::set<std::string> refs;
  for (const auto& t : s.tables) refs.insert(t.Ref());
  auto resolve = [&refs](std::string& ref, const std::string& ns) {
    if (ns.empty() || refs.count(ref) || ref.size() <= ns.size() + 1 ||
        ref.compare(0, ns.size() + 1, ns + ".") != 0)
      return;
    std::string bare = ref.substr(ns.size() + 1);
    if (refs.count(bare)) ref = bare;
  };
  for (auto& t : s.tables) {
    for (auto& fk : t.foreign_keys) resolve(fk.ref_table, t.ns);
    for (auto& p : t.polymorphic)
      for (auto& r : p.refs) resolve(r, t.ns);
  }
  for (auto& j : junctions) resolve(j.to, SplitRef(j.from).first);
}

}  // namespace

LoadResult LoadSchemas(const fs::path& project_root, const fs::path& schemas_dir,
                       const LoadOptions& options) {
  LoadResult result;
  std::error_code ec;
  if (!fs::is_directory(schemas_dir, ec)) {
    result.diags.Error(diag::SourceLoc{DisplayPath(schemas_dir, project_root)},
                       "schema folder does not exist",
                       {"hint: run `alab init` or set `schemas:` in alab.yaml"});
    return result;
  }
  js::EngineOptions eo;
  eo.time_limit_seconds = options.time_limit_seconds;
  eo.max_file_bytes = 1024 * 1024;
  eo.dsl_config = DslConfig();

  std::vector<FileJob> jobs;
  std::vector<fs::path> leaving = SymlinksLeaving(schemas_dir, project_root);
  for (const auto& link : leaving)
    result.diags.Error(diag::SourceLoc{DisplayPath(link, project_root)},
                       "symbolic link to a path outside the project is refused",
                       {"hint: copy the file into the project instead of linking to it"});
  for (const fs::path& path : ListFiles(schemas_dir, ".js")) {
    if (std::find(leaving.begin(), leaving.end(), path) != leaving.end()) continue;
    FileJob job;
    job.display = DisplayPath(path, project_root);
    fs::path rel = path.lexically_relative(schemas_dir);
    // schemas/<table>.js is a table without a namespace (its SQL name is the file name);
    // schemas/<ns>/<table>.js is the table <ns>_<table>.
    auto depth = std::distance(rel.begin(), rel.end());
    if (depth != 1 && depth != 2) {
      result.diags.Error(
          diag::SourceLoc{job.display},
          "schema files live in schemas/<table>.js or schemas/<namespace>/<table>.js",
          {"hint: move the file up so that at most one folder (the namespace) is between it and "
           "schemas/"});
      continue;
    }
    if (depth == 2) job.ns = rel.begin()->string();
    job.name = path.stem().string();
    auto text = ReadFile(path);
    if (!text.ok()) {
      result.diags.Error(diag::SourceLoc{job.display}, "cannot read file: " + text.error().message);
      continue;
    }
    job.text = std::move(*text);
    StripUtf8Bom(job.text);
    if (job.text.size() <= eo.max_file_bytes)
      result.diags.AddSource(job.display, js::SourceForDisplay(job.text));
    jobs.push_back(std::move(job));
  }

  // Two engines on two threads for large projects (each engine costs a few ms to set up).
  size_t threads = WorkerCount(jobs.size(), 64);
  std::vector<std::vector<JunctionRequest>> junctions(threads);
  std::vector<diag::DiagnosticSink> sinks(threads);
  js::EvalCache cache = js::EvalCache::ForProject(project_root, "schemas");
  RunWorkers(threads,
             [&](size_t k) { RunJobs(jobs, k, threads, eo, cache, junctions[k], sinks[k]); });

  std::vector<JunctionRequest> all_junctions;
  for (size_t k = 0; k < threads; ++k) {
    for (const auto& d : sinks[k].diagnostics()) result.diags.Add(d);
    all_junctions.insert(all_junctions.end(), junctions[k].begin(), junctions[k].end());
  }
  std::stable_sort(all_junctions.begin(), all_junctions.end(),
                   [](const JunctionRequest& a, const JunctionRequest& b) {
                     return std::tie(a.file, a.loc.line, a.loc.col) <
                            std::tie(b.file, b.loc.line, b.loc.col);
                   });
  for (auto& job : jobs)
    if (job.has_table) result.schema.tables.push_back(std::move(job.table));
  Canonicalize(result.schema);
  ResolveTopLevelRefs(result.schema, all_junctions);
  AddJunctionTables(result.schema, all_junctions, result.diags);
  Canonicalize(result.schema);
  Validate(result.schema, result.diags);
  result.diags.SortByLocation();
  if (!result.diags.has_errors()) cache.Save();  // a failing run writes nothing
  return result;
}

}  // namespace alab::schema
