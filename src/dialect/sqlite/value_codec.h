#pragma once
// SQLite's values for dump and seed: read with their storage class (typeof) and written back
// in the same class: integers as they are, reals as the shortest text that parses to the same
// double, text as '...' (quotes doubled; SQLite has no backslash escapes; text holding a NUL
// byte as CAST(X'..' AS TEXT), which keeps every byte), blobs as X'..'. And the syntax of its
// scripts: [identifiers], `identifiers`, the semicolons inside CREATE TRIGGER ... BEGIN ... END.
#include <string>

#include "dialect/values.h"

namespace alab::dialect::sqlite {

const ValueCodec& SqliteValueCodec();
ScriptSyntax SqliteScriptSyntax();

// The shortest decimal text that reads back as the same double, always with '.' or 'e'
// (so SQLite stores a REAL); infinities as 9e999 / -9e999.
std::string RealLiteral(double v);

}  // namespace alab::dialect::sqlite
