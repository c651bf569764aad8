#pragma once
// types/tables.d.ts, the project's table references for the editor typings: written by
// `alab init`, and kept current by `alab new`, `alab check` and `alab types`.
#include <filesystem>
#include <string>

#include "schema/ir.h"

namespace alab::cli {

// Rewrites <root>/types/tables.d.ts from the schema when the project has editor typings
// (types/alab.d.ts) and the text changed; `create` writes it even without them. Returns ""
// or a warning naming the file (the typings are a convenience: callers never fail on them).
std::string UpdateTablesDts(const std::filesystem::path& root, const schema::Schema& s,
                            bool create = false);

}  // namespace alab::cli
