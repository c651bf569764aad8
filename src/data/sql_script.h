#pragma once
// Splitting a SQL script (a seed file, a dump) into statements, each with the line where it
// starts, so that a failure can point at file:line. The splitter knows the dialect's quoting
// (dialect::ScriptSyntax):
// 'strings' and "identifiers" with doubled quotes, -- and /* */ comments; PostgreSQL E'' strings
// with backslash escapes, $tag$ dollar quotes and nested comments; SQLite [identifiers],
// `identifiers` and the semicolons inside CREATE TRIGGER ... BEGIN ... END.
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "dialect/values.h"

namespace alab::data {

struct ScriptStatement {
  std::string sql;  // without the terminating ';', leading comments and whitespace removed
  int line = 0;     // 1-based line of the statement's first character
};

// The quoting of a dialect's scripts: its Dialect::script_syntax().
using dialect::ScriptSyntax;

// Splits `text` into statements. An unterminated quote or comment is a user error naming
// the line where it began ("line 12: unterminated string"). Empty statements are dropped.
Expected<std::vector<ScriptStatement>> SplitSqlScript(std::string_view text,
                                                      const ScriptSyntax& syntax);

// The first keyword of a statement, upper-cased ("INSERT", "BEGIN"); "" when none.
std::string FirstKeyword(std::string_view sql);

}  // namespace alab::data
