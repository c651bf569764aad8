#pragma once
// The schemas that introspection compares with: the replay of the migration files (all of
// them, or only the revisions a database has applied), the schema files, or a live
// database.
#include <memory>
#include <set>
#include <string>

#include "base/expected.h"
#include "config/config.h"
#include "dialect/connection.h"
#include "schema/ir.h"

namespace alab::inspect {

// Replays migrations/ (only `applied` revisions when given, in DAG order). Diagnostics of
// broken migration files are printed to stderr.
Expected<schema::Schema> SchemaFromMigrations(const config::Config& cfg, const std::set<std::string>* applied = nullptr,
                                              bool color = false);

// The revisions recorded in the database's alab_migrations table (empty when none).
Expected<std::set<std::string>> AppliedRevisions(dialect::Connection& conn);

// Opens the database at `url` ("" = the configured one); the dialect is inferred from
// the URL when it is not the configured one.
// Opens the database for reading (a missing SQLite file is an error, never created).
Expected<std::unique_ptr<dialect::Connection>> OpenDatabase(const config::Config& cfg, const std::string& url = "");

}  // namespace alab::inspect
