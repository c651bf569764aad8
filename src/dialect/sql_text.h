#pragma once
// SQL text pieces both dialects spell the same way: quoted identifiers and string literals,
// numeric-looking text, and a Value written as JSON text.
#include <string>

#include "schema/ir.h"

namespace alab::dialect {

// "a""b" — always quoted, quotes doubled: never injectable.
std::string QuoteSqlIdent(const std::string& ident);
// 'it''s' — quotes doubled; backslashes are literal in both dialects' standard strings.
std::string QuoteSqlString(const std::string& s);
// True for text such as 12, -1.5, 2e10 (what a numeric literal may be written as).
bool LooksNumeric(const std::string& s);
// A value as JSON text: strings JSON-quoted, null as null, numbers/booleans/json as they are.
std::string JsonText(const schema::Value& v);

}  // namespace alab::dialect
