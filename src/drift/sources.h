#pragma once
// Where a schema comes from: the schema files, the replay of the migration files (all of them,
// up to a revision, or only the revisions a database has applied), or a live database. What
// `alab diff`, `alab check`, `alab schema` and drift compare. Diagnostics are printed to
// stderr; errors come back as Expected.
#include <memory>
#include <set>
#include <string>

#include "base/expected.h"
#include "config/config.h"
#include "dialect/connection.h"
#include "schema/ir.h"

namespace alab::drift {

// Evaluates and validates schemas/; prints its diagnostics (warnings too) to stderr.
// Fails (exit 1) when a schema file has errors.
Expected<schema::Schema> SchemaFromFiles(const config::Config& cfg, bool color);

// Replays the migrations' up() in revision order up to and including `revision`.
Expected<schema::Schema> SchemaAtRevision(const config::Config& cfg, const std::string& revision,
                                          bool color);

// Replays migrations/ (only `applied` revisions when given, in DAG order). Diagnostics of
// broken migration files are printed to stderr.
Expected<schema::Schema> SchemaFromMigrations(const config::Config& cfg,
                                              const std::set<std::string>* applied = nullptr,
                                              bool color = false);

// The revisions recorded in the database's alab_migrations table (empty when none).
Expected<std::set<std::string>> AppliedRevisions(dialect::Connection& conn);

// Opens the database at `url` ("" = the configured one); the dialect is inferred from
// the URL when it is not the configured one.
// Opens the database for reading (a missing SQLite file is an error, never created).
Expected<std::unique_ptr<dialect::Connection>> OpenDatabase(const config::Config& cfg,
                                                            const std::string& url = "");

}  // namespace alab::drift
