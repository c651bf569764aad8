#pragma once
// Schema files from the IR (`alab pull`): one `schemas/<ns>/<table>.js` per table, written
// with the col.* vocabulary (col.id(), col.belongs_to(ref), .optional(), .unique(),
// .default(v), .timestamps(), .index(...)) so that loading the files gives the same
// database shape back.
#include <string>
#include <vector>

#include "schema/ir.h"

namespace alab::codegen {

struct SchemaFile {
  std::string path;  // "auth/user.js", relative to the schemas folder
  std::string content;
  std::vector<std::string> notes;  // what the file cannot express (composite keys, ...)
};

// Shapes an introspected schema for writing files: junction tables of many_to_many
// (`<a>_<b>`: two uuid foreign keys to a and b) become namespace-less junctions (the types
// a catalog cannot tell apart are the dialect's to guess first: Dialect::GuessPulledTypes).
void PrepareForFiles(schema::Schema& schema);

// The file for one table of `schema` (the whole schema resolves references).
SchemaFile WriteSchemaFile(const schema::Table& table, const schema::Schema& schema);

// One file per table that has a namespace, in table order (junction tables are written as
// .many_to_many() of their first table).
std::vector<SchemaFile> WriteSchemaFiles(const schema::Schema& schema);

}  // namespace alab::codegen
