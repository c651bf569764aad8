#pragma once
// Where a command's schema comes from: the schema files, or the replay of the migrations up
// to a revision. Diagnostics are printed to stderr; errors come back as Expected.
#include <string>

#include "base/expected.h"
#include "config/config.h"
#include "schema/ir.h"

namespace alab::cli {

// Evaluates and validates schemas/; prints its diagnostics (warnings too) to stderr.
// Fails (exit 1) when a schema file has errors.
Expected<schema::Schema> SchemaFromFiles(const config::Config& cfg, bool color);

// Replays the migrations' up() in revision order up to and including `revision`.
Expected<schema::Schema> SchemaAtRevision(const config::Config& cfg, const std::string& revision,
                                          bool color);

}  // namespace alab::cli
