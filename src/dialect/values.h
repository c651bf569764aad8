#pragma once
// What a dialect tells dump and seed about its data: how values are read for a dump and
// written back as SQL literals that load the identical value (ValueCodec), and how a SQL
// script is split into statements (ScriptSyntax). Each dialect implements them in its folder
// and hands them out from its Dialect object (value_codec(), script_syntax()); data/ and
// migration/ ask the Dialect.
#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "schema/ir.h"

namespace alab::dialect {

// A value as the database holds it. SQLite: its storage class; PostgreSQL: the server's text
// output, with booleans as integers 0/1, bytea as the bytes, integers and floats as numbers.
struct StoredValue {
  enum class Kind { kNull, kInteger, kReal, kText, kBlob };
  Kind kind = Kind::kNull;
  std::string bytes;  // kInteger/kReal: the number's text; kText: UTF-8; kBlob: raw bytes
};

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
  virtual Expected<std::string> Literal(const schema::Column& c,
                                        const std::optional<std::string>* fields) const = 0;
  // The same fields as the dialect-neutral value `alab dump --format json` writes in the wire
  // format (data/wire_json.h); c's alab type is the project's.
  virtual Expected<StoredValue> Stored(const schema::Column& c,
                                       const std::optional<std::string>* fields) const = 0;
};

// The quoting a SQL script splitter must know: 'strings' and "identifiers" with doubled
// quotes and -- and /* */ comments always, plus what the flags add.
struct ScriptSyntax {
  bool dollar_quotes = false;    // PostgreSQL $$...$$, $tag$...$tag$
  bool escape_strings = false;   // PostgreSQL E'...' (backslash escapes)
  bool nested_comments = false;  // PostgreSQL /* /* */ */
  bool bracket_idents = false;   // SQLite [name] and `name`
  bool trigger_bodies = false;   // SQLite CREATE TRIGGER ... BEGIN ...; END
};

// Hex text from the database ("0aff") as bytes; an internal error when it is not hex.
Expected<std::string> FromHex(const std::string& hex);

}  // namespace alab::dialect
