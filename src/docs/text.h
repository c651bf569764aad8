#pragma once
// Text helpers shared by the docs page and its ER diagram: HTML escaping and the short and
// long descriptions of a column's type and constraints.
#include <string>
#include <string_view>
#include <vector>

#include "schema/ir.h"

namespace alab::docs {

// Escapes &, <, >, " and ' so any text is safe in element content and quoted attributes.
std::string HtmlEscape(std::string_view s);

// A default/backfill value as the user wrote it: 'draft', 0, true, [], sql: now() /
// CURRENT_TIMESTAMP.
std::string ValueText(const schema::Value& v);
// A generated column's expression: concat(first_name, ' ', last_name).
std::string ExprText(const schema::Expr& e);
// Names of the columns that take part in one of the table's foreign keys.
std::vector<std::string> ForeignKeyColumns(const schema::Table& t);

}  // namespace alab::docs
