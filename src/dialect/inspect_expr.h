#pragma once
// Generated-column expressions read back from SQL text into the fn.* tree of the IR.
#include <optional>
#include <string_view>

#include "schema/ir.h"

namespace alab::dialect {

// Parses column references, literals, || (concat), + - * / (add/sub/mul/div) and the
// functions upper, lower, trim, length, abs, round, coalesce, nullif. Casts are ignored.
// nullopt for anything outside that vocabulary.
std::optional<schema::Expr> ParseGeneratedExpr(std::string_view sql);

}  // namespace alab::dialect
