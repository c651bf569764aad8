#pragma once
// The dialect interface: the only place where SQL text is born. Shared code asks
// capabilities, never "if (dialect == sqlite)".
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/expected.h"
#include "diag/diagnostic.h"
#include "ops/ops.h"
#include "schema/ir.h"

namespace alab::dialect {

// One SQL statement and why it exists: the operation behind it and the source location
// of the JS call that made that operation.
struct Statement {
  std::string sql;  // without trailing ';'
  std::string why;  // ops::Describe(op)
  diag::SourceLoc loc;
  // SQLite table rebuild: the runner turns foreign keys off before the migration's
  // transaction, runs PRAGMA foreign_key_check before COMMIT, and turns them back on after
  // (PRAGMA foreign_keys is a no-op inside a transaction).
  bool needs_foreign_keys_off = false;
};

// Thrown by Dialect::Render for an operation the dialect cannot express (e.g. an sql()
// default without text for this dialect, an unknown fn.* in a computed column).
// RenderAll returns it as an Error naming the operation.
struct RenderError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Capabilities {
  bool transactional_ddl = true;
  bool alter_column_in_place = false;  // false: alter/add FK/check needs a table rebuild
  bool advisory_locks = false;
};

class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual std::string name() const = 0;  // "sqlite" | "postgres"
  virtual Capabilities capabilities() const = 0;

  // SQL for one resolved operation applied to `before` (the schema state just before it).
  virtual std::vector<Statement> Render(const ops::Op& op, const schema::Schema& before) const = 0;
  // CREATE TABLE + its indexes (for `alab schema -f sql`).
  virtual std::vector<std::string> CreateTableSql(const schema::Table& table) const = 0;
  virtual std::string QuoteIdent(const std::string& ident) const = 0;
  virtual std::string QuoteString(const std::string& s) const = 0;
  // The SQL column type (e.g. "VARCHAR(255)", "TEXT", "TIMESTAMPTZ").
  virtual std::string ColumnType(const schema::Column& c) const = 0;
};

// "sqlite" | "postgres"; nullptr for anything else.
std::unique_ptr<Dialect> MakeDialect(const std::string& name);

// Renders operations in order starting from `state`, applying each one to the state as
// it goes (ops are resolved first). Errors name the operation.
Expected<std::vector<Statement>> RenderAll(const Dialect& d, std::vector<ops::Op> ops, schema::Schema state);

// One resolved operation against the state before it applies (RenderAll's step), with
// RenderAll's errors; appends to out.
Status RenderOne(const Dialect& d, const ops::Op& resolved, const schema::Schema& state, std::vector<Statement>& out);

}  // namespace alab::dialect
