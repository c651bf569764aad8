#pragma once
// Loading a project's schema files (schemas/<ns>/<table>.js) into the IR.
#include <filesystem>
#include <string>

#include "diag/diagnostic.h"
#include "schema/ir.h"

namespace alab::schema {

struct LoadOptions {
  double time_limit_seconds = 5.0;  // per file
};

struct LoadResult {
  Schema schema;               // canonical; includes junction tables
  diag::DiagnosticSink diags;  // every problem of every file, sorted by location
  bool ok() const { return !diags.has_errors(); }
};

// Evaluates every schemas_dir/<ns>/<table>.js, validates the whole schema, and reports
// all problems. File paths in diagnostics are shown relative to project_root.
LoadResult LoadSchemas(const std::filesystem::path& project_root,
                       const std::filesystem::path& schemas_dir, const LoadOptions& options = {});

}  // namespace alab::schema
