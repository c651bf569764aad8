#pragma once
// Internal to migration loading: recorded m.* / h.* calls -> operations and hooks.
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "migration/migration.h"
#include "ops/ops.h"
#include "schema/dsl_decode.h"
#include "schema/table_file.h"

namespace alab::migration {

// One recorded m.* call -> zero or more unresolved operations (create_table with
// .index() columns or many_to_many also yields CreateIndex / junction CreateTable).
void DecodeOp(const schema::dsl::Json& entry, const std::string& file, diag::DiagnosticSink& diags,
              std::vector<ops::Op>& out);
void DecodeHook(const schema::dsl::Json& entry, const std::string& file,
                diag::DiagnosticSink& diags, std::vector<Hook>& out);
// A statement: "text", postgres("..."), sqlite("...") or sql({postgres, sqlite}).
std::optional<ops::RawSql> DecodeRawSql(const schema::dsl::Json& v, const schema::dsl::Context& ctx,
                                        const diag::SourceLoc& loc, const std::string& what);

}  // namespace alab::migration
