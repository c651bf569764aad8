#pragma once
// A live database connection. Only dialect/sqlite/ includes sqlite3.h and only
// dialect/postgres/ includes libpq-fe.h; everything else talks through this interface.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"

namespace alab::dialect {

struct Statement;  // dialect.h
class Dialect;     // dialect.h

using Row = std::vector<std::optional<std::string>>;  // nullopt = SQL NULL

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

class Connection {
 public:
  // A connection is made by its Dialect (Dialect::Connect), which outlives it.
  explicit Connection(const Dialect& dialect) : dialect_(&dialect) {}
  virtual ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  // This database's dialect: its capabilities, its foreign-key frame, its rendering, its name.
  const Dialect& dialect() const { return *dialect_; }
  // Runs one statement (no result rows expected). The error carries the database's message.
  virtual Status Exec(const std::string& sql) = 0;
  // Runs one query with $1.. / ?1.. positional text parameters.
  virtual Expected<QueryResult> Query(const std::string& sql,
                                      const std::vector<std::string>& params = {}) = 0;
  virtual Status Begin() = 0;
  // A read transaction whose reads all see one consistent snapshot (introspection while other
  // processes migrate): PostgreSQL REPEATABLE READ, SQLite a deferred (WAL snapshot) read.
  // Ended with Rollback().
  virtual Status BeginSnapshot() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Whether a transaction opened by Begin() is still open (a statement such as COMMIT or
  // ROLLBACK sent inside it would have ended it): checked before a migration is recorded.
  virtual bool InTransaction() = 0;
  // Around the statements of a table rebuild (Statement::rebuild_table on the first,
  // rebuild_last on the last), inside the migration's transaction: BeginRebuild captures what
  // the IR does not know about the table (triggers, hand-made indexes, dependent views) and
  // refuses columns the IR does not know; EndRebuild recreates what was captured. Dialects
  // that never rebuild keep the defaults.
  virtual Status BeginRebuild(const Statement& first) {
    (void)first;
    return Status::Ok();
  }
  virtual Status EndRebuild(const Statement& last) {
    (void)last;
    return Status::Ok();
  }
  // A statement that runs outside a transaction may have been sent and not recorded as done
  // (the process died, or the server failed it half way): what does the catalog show of it?
  // kDone: its effect is there (a valid index exists); kNotDone: nothing of it is there, run
  // it; kLeftInvalid: a leftover (an INVALID index) that `cleanup` removes, then run it;
  // kUnknown: the catalog cannot tell (the caller asks the user).
  struct Effect {
    enum class State { kUnknown, kNotDone, kDone, kLeftInvalid };
    State state = State::kUnknown;
    std::string cleanup;  // kLeftInvalid
    std::string detail;   // for messages: "index \"ix_a\" exists and is valid"
  };
  virtual Expected<Effect> InspectEffect(const std::string& sql) {
    (void)sql;
    return Effect{};
  }
  // The URL with any password replaced by ****.
  virtual std::string redacted_url() const = 0;

  // Whether a table of this name exists where unqualified names resolve (the current schema).
  virtual Expected<bool> HasTable(const std::string& name) = 0;

  // The migration lock between alab processes, on dialects whose capabilities() say
  // migration_lock (elsewhere the database's own write lock serialises migrators, and these
  // answer "taken", do nothing and release nothing). TryMigrationLock does not wait.
  virtual Expected<bool> TryMigrationLock() { return true; }
  virtual void ReleaseMigrationLock() {}
  // The server process holding the lock ("" when unknown or not held).
  virtual std::string MigrationLockHolder() { return ""; }
  // Ends the sessions holding the lock; the number ended.
  virtual Expected<int> ForceReleaseMigrationLock() { return 0; }

 private:
  const Dialect* dialect_;
};

// An error (nothing is sent) when text holds a NUL byte: SQLite stops reading SQL there and
// libpq sends the text up to it, so what ran would not be what was written.
Status RefuseNul(const std::string& text);

}  // namespace alab::dialect
