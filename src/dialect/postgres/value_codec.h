#pragma once
// PostgreSQL's values for dump and seed: read in the server's text format (DateStyle ISO,
// timezone UTC, floats with round-trip digits, bytea as hex) and written as string literals
// that the column's input function reads back exactly (E'..' with doubled backslashes when the
// text has one), numbers of numeric columns bare, booleans as TRUE/FALSE. PostgreSQL text
// cannot hold a NUL byte, so none is ever read. And the syntax of its scripts: E'' strings
// with backslash escapes, $tag$ dollar quotes and nested comments.
#include "dialect/values.h"

namespace alab::dialect::postgres {

const ValueCodec& PostgresValueCodec();
ScriptSyntax PostgresScriptSyntax();

}  // namespace alab::dialect::postgres
