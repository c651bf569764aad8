#pragma once
// `alab docs`: the schema as one self-contained static HTML page (inline CSS and SVG, no
// scripts, no external assets, renders offline): a header with the project name and table
// count, a table of contents by namespace, the ER diagram laid out by er_layout, and a
// section per table with its docs, deprecations, columns (type and constraints, foreign keys
// as in-page links), indexes, foreign keys and checks. Deterministic bytes.
#include <string>

#include "schema/ir.h"

namespace alab::docs {

struct PageOptions {
  std::string title;  // the project's name, shown in the header and <title>
};

std::string RenderPage(const schema::Schema& schema, const PageOptions& options);

// The section of one table (<section id="table-<sql_name>">...</section>).
std::string RenderTableSection(const schema::Schema& schema, const schema::Table& table);

// The page's inline stylesheet.
const char* PageStyle();

}  // namespace alab::docs
