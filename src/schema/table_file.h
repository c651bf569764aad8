#pragma once
// Schema files: a recorded `table({...})` -> an IR Table; many_to_many -> junction tables.
#include <string>
#include <vector>

#include "schema/dsl_decode.h"
#include "schema/ir.h"

namespace alab::schema {

struct JunctionRequest {
  std::string from;  // table ref that declared .many_to_many()
  std::string to;    // resolved target ref
  std::string file;
  diag::SourceLoc loc;
  // .many_to_many(ref, {on_delete, on_update}); the default, as the original's seeds show, is
  // plain references (NO ACTION).
  FkAction on_delete = FkAction::kNoAction;
  FkAction on_update = FkAction::kNoAction;
};

// Decodes the engine's result for schemas/<ns>/<name>.js. Returns false (after
// diagnostics) when the file does not export a table.
bool DecodeTableFile(const dsl::Json& exported, const std::string& file, const std::string& ns,
                     const std::string& name, Table& table, std::vector<JunctionRequest>& junctions,
                     diag::DiagnosticSink& diags);

// Adds one junction table per distinct pair (both sides may declare it): a uuid column and a
// foreign key per side, an index `idx_<junction>_<col>` on each and the unique pair
// `idx_<junction>_unique`, the shape the original AstrolaDB generates.
void AddJunctionTables(Schema& schema, const std::vector<JunctionRequest>& requests,
                       diag::DiagnosticSink& diags);

// Adds the columns of `parts` to `table`, reporting duplicates.
void AddColumnParts(Table& table, dsl::ColumnParts& parts, const std::string& file,
                    diag::DiagnosticSink& diags);

// A key whose columns give `.primary_key(n)` places: every key column gives one, and they are
// 1..n once each. Reported at the column, with the fix.
void CheckKeyPositions(const Table& table, diag::DiagnosticSink& diags);

}  // namespace alab::schema
