#pragma once
// The JavaScript engine behind schema and migration files: one sandboxed
// JavaScriptCore context reused for every file. Each file's text runs as the body
// of its own function (its `export default` rewritten in place, so lines and columns
// stay exact); intrinsics and the DSL globals are frozen, so files cannot see each
// other. The engine knows nothing of the IR: it returns what the DSL recorded, as
// JSON, and turns JS failures into diagnostics at the user's file:line:col.
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.h"
#include "js/eval_cache.h"

namespace alab::js {

struct EngineOptions {
  double time_limit_seconds = 5.0;      // per file; 0 = no limit
  size_t max_file_bytes = 1024 * 1024;  // larger files are a diagnostic
  // How much one evaluation may grow the process (resident memory); 0 = no limit. Checked
  // every few milliseconds of the file's CPU time, so the overshoot is at most what one
  // native call allocates (a String.prototype.repeat, say) plus a few milliseconds' worth.
  size_t memory_limit_bytes = size_t{512} * 1024 * 1024;
  // Names the DSL recorders accept (see schema/dsl_names.h): column_types,
  // column_modifiers, table_modifiers, fn_names, t_types, migration_ops,
  // alter_modifiers, hook_methods, sql_text_keys (the keys of sql({...}), each also a global).
  nlohmann::json dsl_config;
};

// How one evaluation runs. The default records everything. Internal checks that only
// need the operations (the `alab new` self-check) may skip call locations, which are most
// of the cost of a DSL call, and may split a migration's bodies across engines: with
// parts = N, operation k of up() and down() is recorded only by part k % N (the others are
// null in the result, and their bodies do not run).
struct EvaluateMode {
  bool locations = true;  // false: every "loc" is [0, 0, 0]
  int part = 0;
  int parts = 1;
};

class Engine {
 public:
  explicit Engine(EngineOptions options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Evaluates one file. On success returns the recorded default export:
  // {"kind": "table"|"migration"|"other"|"none", "rec": {...}}; every "loc" in it is
  // [line, col, length] in the user's file (col and length in bytes, 1-based).
  // On failure adds diagnostics (file = display_path) and returns nullopt.
  // With a cache, a result stored for the same text is returned without evaluating,
  // and a fresh successful result is added to it (plain mode only).
  std::optional<nlohmann::ordered_json> Evaluate(const std::string& display_path,
                                                 const std::string& text,
                                                 diag::DiagnosticSink& diags,
                                                 EvalCache* cache = nullptr,
                                                 const EvaluateMode& mode = {});

  const EngineOptions& options() const { return options_; }
  void set_max_file_bytes(size_t n) { options_.max_file_bytes = n; }
  void set_memory_limit_bytes(size_t n) { options_.memory_limit_bytes = n; }

 private:
  struct Impl;
  void StartVm();
  void SetMode(const EvaluateMode& mode);
  EngineOptions options_;
  std::string cache_salt_;  // what besides the text decides a result (see EvalCache)
  std::unique_ptr<Impl> impl_;
};

// Engines live for the whole process and are lent to one thread at a time: setting
// one up costs a few milliseconds, and tearing a JavaScriptCore VM down at thread or
// process exit is avoided on purpose. Sharing is safe: files are evaluated in isolation.
class LeasedEngine {
 public:
  explicit LeasedEngine(Engine* engine) : engine_(engine) {}
  ~LeasedEngine();
  LeasedEngine(LeasedEngine&& o) noexcept : engine_(o.engine_) { o.engine_ = nullptr; }
  LeasedEngine(const LeasedEngine&) = delete;
  LeasedEngine& operator=(const LeasedEngine&) = delete;
  LeasedEngine& operator=(LeasedEngine&&) = delete;
  Engine& operator*() const { return *engine_; }
  Engine* operator->() const { return engine_; }

 private:
  Engine* engine_;
};

// An idle engine with these options, or a new one.
LeasedEngine LeaseEngine(const EngineOptions& options);

}  // namespace alab::js
