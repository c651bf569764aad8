#pragma once
// How each dialect's values are read for a dump and written back as SQL literals that load
// the identical value. This file is the dump's one dialect hook: everything else in data/
// asks a ValueCodec.
//
// SQLite: values are read with their storage class (typeof) and written back in the same
// class: integers as they are, reals as the shortest text that parses to the same double,
// text as '...' (quotes doubled; SQLite has no backslash escapes; text holding a NUL byte as
// CAST(X'..' AS TEXT), which keeps every byte), blobs as X'..'.
// PostgreSQL: values are read in the server's text format (DateStyle ISO, timezone UTC, floats
// with round-trip digits, bytea as hex) and written as string literals that the column's input
// function reads back exactly (E'..' with doubled backslashes when the text has one), numbers
// of numeric columns bare, booleans as TRUE/FALSE. PostgreSQL text cannot hold a NUL byte, so
// none is ever read.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "data/wire_json.h"
#include "dialect/connection.h"
#include "schema/ir.h"

namespace alab::data {

class ValueCodec {
 public:
  virtual ~ValueCodec() = default;
  // Statements run on the dumping connection before reading (session settings).
  virtual std::vector<std::string> SessionSetup() const = 0;
  // The dump's first statement: defers the foreign-key checks the dialect can defer.
  virtual std::string DeferForeignKeys() const = 0;
  // True when DeferForeignKeys() defers every foreign key (rows may load in any order).
  virtual bool DefersAllForeignKeys() const = 0;
  // Result fields per column and the SELECT expressions that read `quoted` (a quoted column).
  virtual int FieldsPerColumn() const = 0;
  virtual std::vector<std::string> SelectExprs(const std::string& quoted) const = 0;
  // ORDER BY term for a table without a primary key (every type must sort).
  virtual std::string OrderExpr(const std::string& quoted) const = 0;
  // The literal for one column's fields (FieldsPerColumn() of them).
  virtual Expected<std::string> Literal(const schema::Column& c, const std::optional<std::string>* fields) const = 0;
  // The same fields as the dialect-neutral value `alab dump --format json` writes in the wire
  // format (data/wire_json.h); c's alab type is the project's.
  virtual Expected<StoredValue> Stored(const schema::Column& c, const std::optional<std::string>* fields) const = 0;
};

// "sqlite" | "postgres"; nullptr otherwise.
std::unique_ptr<ValueCodec> MakeValueCodec(const std::string& dialect);

// 'it''s' or, when s holds a backslash, E'a\\b' (PostgreSQL escape string, valid whatever
// standard_conforming_strings says).
std::string PostgresStringLiteral(const std::string& s);
// The shortest decimal text that reads back as the same double, always with '.' or 'e'
// (so SQLite stores a REAL); infinities as 9e999 / -9e999.
std::string RealLiteral(double v);

}  // namespace alab::data
