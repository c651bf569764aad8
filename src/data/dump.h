#pragma once
// `alab dump`: a database's rows (and, unless data only, its tables) as SQL that `alab seed`
// loads back identically. Tables come parents first, rows in primary-key order, values written
// by the dialect's ValueCodec, INSERTs batched; the same database always gives the same bytes.
// The CREATE statements are rendered from the introspected IR by the dialect renderer: the
// dump describes the database as it is (which may differ from the migrations), and works for
// a database alab did not create.
#include <functional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "dialect/connection.h"
#include "schema/ir.h"

namespace alab::data {

struct DumpOptions {
  bool data_only = false;
  std::vector<std::string> tables;         // SQL names ("auth_user") or refs; empty = all
  std::vector<std::string> ignore_tables;  // alab.yaml ignore_tables
  size_t batch_rows = 500;                 // rows per INSERT statement
  size_t page_rows = 5000;                 // --format json: rows read per query
  // Called while a table's rows are written (after each batch), for a progress line.
  std::function<void(const std::string& table, size_t done, size_t total)> progress;
};

struct DumpStats {
  size_t tables = 0;
  size_t rows = 0;
  std::vector<std::string> warnings;  // what a seed of this dump may trip over
};

// Writes the dump through `write` (called with consecutive pieces of the text). All tables are
// read in one snapshot. An unknown --table is a user error with a "did you mean".
Expected<DumpStats> Dump(dialect::Connection& conn, const DumpOptions& options,
                         const std::function<Status(const std::string&)>& write);

// `alab dump --format json`: {"<sql table name>": [{row}, ...], ...} with the tables in Dump's
// order, rows in primary-key order (every column when there is none), every column in schema
// order, each value in the wire format (data/wire_json.h, README "Wire format"). A column's
// alab type is `types`' (the migrations' schema) when it has the table and column, else the
// inspected one (a warning names such tables). Rows are read in batches (keyset pages on a
// one-column primary key) and written as they come, one row a line; a value that has no wire
// form is an error naming the table, the column and the row's primary key, after which the
// caller must discard what was written.
Expected<DumpStats> DumpJson(dialect::Connection& conn, const DumpOptions& options,
                             const schema::Schema& types,
                             const std::function<Status(const std::string&)>& write);

// The tables of `db` that options select (all, or --table's, in the order given); an unknown
// name is a user error with a "did you mean".
Expected<std::vector<const schema::Table*>> SelectDumpTables(const schema::Schema& db,
                                                             const DumpOptions& options);

}  // namespace alab::data
