#pragma once
// Whole-schema validation: identifiers, references, defaults, indexes, FK cycles.
// Problems go to the sink as diagnostics at the declaring call's location.
#include <string>

#include "diag/diagnostic.h"
#include "schema/ir.h"

namespace alab::schema {

// "" when ident is a valid identifier (^[a-z_][a-z0-9_]*$, at most 63 bytes), else the problem.
std::string IdentifierProblem(const std::string& ident);

// Reports every problem of `schema` (which holds every table, junctions included).
void Validate(const Schema& schema, diag::DiagnosticSink& diags);

// Checks that `v` fits column `c` ("" when it does).
std::string ValueFitProblem(const Column& c, const Value& v);

}  // namespace alab::schema
