#pragma once
// The dialect interface: the only place where SQL text is born. Shared code asks
// capabilities, never "if (dialect == sqlite)".
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/check.h"
#include "base/expected.h"
#include "diag/diagnostic.h"
#include "dialect/connection.h"
#include "dialect/registry.h"
#include "dialect/values.h"
#include "ops/ops.h"
#include "schema/ir.h"

namespace alab::dialect {

// One SQL statement and why it exists: the operation behind it and the source location
// of the JS call that made that operation.
struct RawColumn;  // dialect/inspect.h
struct RawSchema;  // dialect/inspect.h

struct Statement {
  std::string sql;  // without trailing ';'
  std::string why;  // ops::Describe(op)
  diag::SourceLoc loc;
  // SQLite table rebuild: the runner turns foreign keys off before the migration's
  // transaction, runs PRAGMA foreign_key_check before COMMIT, and turns them back on after
  // (PRAGMA foreign_keys is a no-op inside a transaction).
  bool needs_foreign_keys_off = false;
  // A SQLite table rebuild spans several statements. The first carries the table's SQL name
  // and the columns the IR knows it has before the rebuild; the last has rebuild_last set.
  // The runner calls Connection::BeginRebuild before the first and EndRebuild after the last,
  // inside the same transaction, so that what the IR does not know (triggers, hand-made
  // indexes, views) survives and unknown columns stop the rebuild instead of vanishing.
  std::string rebuild_table;
  std::vector<std::string> rebuild_columns;
  std::string rebuild_ref;                       // "shop.item": names the schema file in errors
  std::vector<std::string> rebuild_index_names;  // alab's indexes of the table, before and after
  bool rebuild_last = false;
  // Cannot run inside a transaction (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE,
  // VACUUM): set by the planner from Dialect::CanRunInTransaction, or by a renderer. The
  // runner then records the statement's intent before sending it and, after an interruption,
  // asks Connection::InspectEffect whether it completed.
  bool no_transaction = false;
};

// A statement with no rebuild frame.
inline Statement MakeStatement(std::string sql, std::string why = {}, diag::SourceLoc loc = {}) {
  Statement s;
  s.sql = std::move(sql);
  s.why = std::move(why);
  s.loc = std::move(loc);
  return s;
}

// Render versions: how the SQL of an operation is spelled. When the SQL of an existing
// construct must change, kRenderVersion is bumped and the renderer keeps the old spelling for
// older versions (`if (RenderVersion() >= N)`), so `alab check --determinism` still recognises
// migrations an older alab applied (it re-renders with each version until one matches).
//   1: alab 0.1 as first released.
//   2: exact type changes, literals that do not depend on server settings.
//   3: SQLite: a datetime's CURRENT_TIMESTAMP default or backfill stores ISO 8601 UTC,
//      "YYYY-MM-DDTHH:MM:SSZ", the wire format, instead of "YYYY-MM-DD HH:MM:SS".
//   4: CREATE TABLE writes columns (and a composite primary key) in their
//      declared order (Column::position), so a pulled table is recreated as it was, instead
//      of the canonical order (id first, then by name).
//   5: this release: PostgreSQL, dropping a column of a composite primary key adds the key
//      back on its other columns (PostgreSQL drops the whole key with the column).
inline constexpr int kFirstRenderVersion = 1;
inline constexpr int kRenderVersion = 5;
// The render version in force on this thread: kRenderVersion unless a ScopedRenderVersion
// (set by RenderOne for the dialect's version) says otherwise.
int RenderVersion();
class ScopedRenderVersion {
 public:
  explicit ScopedRenderVersion(int version);
  ~ScopedRenderVersion();
  ScopedRenderVersion(const ScopedRenderVersion&) = delete;
  ScopedRenderVersion& operator=(const ScopedRenderVersion&) = delete;

 private:
  int saved_;
};

// What shared code asks a dialect before choosing a path; each one is read (a capability
// nothing reads is deleted, not kept "for later").
struct Capabilities {
  // A foreign key can be added to an existing table (ALTER TABLE ... ADD CONSTRAINT). false:
  // it needs a table rebuild, so a dump or `alab schema -f sql` keeps it in CREATE TABLE and
  // relies on the database accepting a reference to a table created later.
  bool add_foreign_key_in_place = false;
  // Concurrent migrators are serialised by a migration lock the runner takes through
  // Connection::TryMigrationLock (PostgreSQL: an advisory lock). false: the database's own
  // write lock serialises them and `alab lock` has nothing to release.
  bool migration_lock = false;
  // A UNIQUE constraint is an object of its own, added and dropped with ALTER TABLE. false: a
  // schema's .unique(..., { constraint: true }) is a unique index there, and the inspector
  // never reads one back (so drift does not report the difference).
  bool unique_constraints = false;
  // A column may be declared without a type (col.native("") on SQLite).
  bool typeless_columns = false;
};

class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual std::string name() const = 0;  // "sqlite" | "postgres"
  virtual Capabilities capabilities() const = 0;

  // ---- rendering
  // SQL for one resolved operation (ops::Resolve: the tables it names exist) applied to
  // `before` (the schema state just before it). A user error (exit 1) when the operation holds
  // something this dialect cannot express (CheckRenderable); the renderers themselves cannot
  // fail on what that check accepted.
  Expected<std::vector<Statement>> Render(const ops::Op& op, const schema::Schema& before) const;
  // A run of two or more operations with the same FoldKey; `before` holds the run's table (and
  // the tables its foreign keys reference) as they are before the first one.
  Expected<std::vector<Statement>> RenderFolded(const std::vector<ops::Op>& run,
                                                const schema::Schema& before) const;
  // CREATE TABLE + its indexes (`alab schema -f sql`, dumps), checked as a CreateTable is.
  Expected<std::vector<std::string>> CreateTableSql(const schema::Table& table) const;
  // The database types that CreateTableSql's tables use, created before the first of them
  // (PostgreSQL: CREATE TYPE ... AS ENUM for each Column::enum_type, once). None by default.
  virtual std::vector<std::string> TypeDefinitions(
      const std::vector<const schema::Table*>& tables) const {
    (void)tables;
    return {};
  }
  virtual std::string QuoteIdent(const std::string& ident) const = 0;
  virtual std::string QuoteString(const std::string& s) const = 0;
  // The SQL column type (e.g. "VARCHAR(255)", "TEXT", "TIMESTAMPTZ").
  virtual std::string ColumnType(const schema::Column& c) const = 0;
  // False for SQL text that the database refuses inside a transaction block (e.g.
  // PostgreSQL's CREATE INDEX CONCURRENTLY). Such statements run on their own.
  virtual bool CanRunInTransaction(const std::string& sql) const {
    (void)sql;
    return true;
  }

  // Consecutive operations on one table that this dialect renders as one statement group
  // (SQLite from render version 2: its table rebuilds, so seven alter_column calls copy the
  // table once). Returns the table's reference when `op` (resolved, against `before`) can
  // join such a run, "" otherwise (also when CheckRenderable refuses `op`: Render then reports
  // it).
  std::string FoldKey(const ops::Op& op, const schema::Schema& before) const;
  // The destructive-change guard's question for an AlterColumn on table_sql: a query that
  // returns one row (count, sample) over the rows whose value of `from` does not survive the
  // change to `to` unchanged (too long, too many digits, out of range, a removed enum value);
  // the sample names the first such row by its `key` columns and shows its value. "" when the
  // dialect cannot tell which rows (the guard then counts every value).
  virtual std::string UnfitRowsQuery(const std::string& table_sql,
                                     const std::vector<std::string>& key,
                                     const schema::Column& from, const schema::Column& to) const {
    (void)table_sql, (void)key, (void)from, (void)to;
    return "";
  }

  // The statements around a transaction (or a step) holding a statement flagged
  // needs_foreign_keys_off (a SQLite table rebuild: PRAGMA foreign_keys is a no-op inside a
  // transaction). `off` runs before BEGIN, `check` before COMMIT (a query returning one row per
  // violation: table, row, referenced table; any row fails the migration), `on` after COMMIT
  // or ROLLBACK. The runner executes and the script printer prints exactly these. All empty on
  // a dialect whose statements never need it.
  struct ForeignKeyFrame {
    std::string off;
    std::string check;
    std::string on;
    bool empty() const { return off.empty(); }
  };
  virtual ForeignKeyFrame ForeignKeysOffFrame() const { return {}; }

  // ---- values, sql() texts and scripts
  // The key of the sql({...}) / m.sql texts this dialect reads (one of schema::SqlTextKeys()):
  // a built-in reads the key named like it; a dialect with PostgreSQL's syntax reads
  // PostgreSQL's (a PostgresDialect subclass inherits it).
  virtual std::string sql_key() const = 0;
  // The text of an sql() value for this dialect; "" when the value gives none.
  const std::string& SqlText(const schema::Value& v) const { return v.SqlText(sql_key()); }
  // The text of an m.sql / hook statement for this dialect; nullptr when none was written for it.
  const std::string* RawSqlText(const ops::RawSql& raw) const {
    auto it = raw.up.find(sql_key());
    return it == raw.up.end() ? nullptr : &it->second;
  }
  // How dump and seed read values and write them back as SQL literals (dialect/values.h).
  virtual const ValueCodec& value_codec() const = 0;
  // How a SQL script in this dialect splits into statements (seed files, m.sql texts).
  virtual ScriptSyntax script_syntax() const = 0;
  // ---- end values, sql() texts and scripts
  // A migration's backfill hook: sets `column` of `table_sql` to `value_sql` where it is NULL.
  virtual std::string BackfillSql(const std::string& table_sql, const std::string& column,
                                  const std::string& value_sql) const {
    const std::string col = QuoteIdent(column);
    return "UPDATE " + QuoteIdent(table_sql) + " SET " + col + " = " + value_sql + " WHERE " + col +
           " IS NULL";
  }

  // ---- connecting and urls
  // Opens a connection to `url` (SQLite: WAL, foreign keys on, busy timeout; PostgreSQL:
  // timezone UTC, standard_conforming_strings on, client_encoding UTF8). The connection keeps a
  // reference to this object, which must outlive it (the registry's objects live as long as
  // the process). Errors name the redacted url.
  virtual Expected<std::unique_ptr<Connection>> Connect(const std::string& url) const = 0;
  // Whether `url` names a database of this dialect (DialectForUrl asks each registered dialect,
  // in registration order; a dialect with its own url scheme claims it here).
  virtual bool RecognizesUrl(const std::string& url) const = 0;
  // The url forms this dialect reads and the database's name, for the unsupported-scheme
  // message: "postgres:// or postgresql:// (PostgreSQL)".
  virtual std::string UrlForms() const = 0;
  // For a url "<scheme>:..." that RecognizesUrl refused: when the scheme is one of this
  // dialect's written without its "//", what such a url looks like ("a PostgreSQL url starts
  // with postgres://, as in ..."); "" otherwise.
  virtual std::string MalformedUrlHint(const std::string& scheme) const {
    (void)scheme;
    return "";
  }
  // The url as the project means it: what is relative to the project made absolute (SQLite's
  // file paths against the folder holding alab.yaml); servers' urls stay as given.
  virtual std::string ResolveUrl(const std::string& url,
                                 const std::filesystem::path& project_root) const {
    (void)project_root;
    return url;
  }
  // Whether opening `url` would create the database (a SQLite file not there yet). Servers:
  // false (the server says whether the database exists).
  virtual bool DatabaseMissing(const std::string& url) const {
    (void)url;
    return false;
  }
  // Read-only commands never create a database: an error naming the SQLite file when it is
  // missing (kUserError; kIo when even its folder is missing). Servers: always Ok.
  virtual Status RequireExistingDatabase(const std::string& url) const {
    (void)url;
    return Status::Ok();
  }
  // Waits up to `timeout` for another writer on conn (SQLite's busy timeout; PostgreSQL waits
  // on its advisory lock, which takes its own timeout: nothing to do).
  virtual Status SetLockWait(Connection& conn, std::chrono::milliseconds timeout) const {
    (void)conn, (void)timeout;
    return Status::Ok();
  }
  // ---- end of connecting and urls

  // ---- reading a live database (dialect/inspect.cc and dialect/compare.cc ask these)
  // The catalog rows of every user table.
  virtual Expected<RawSchema> ReadCatalog(Connection& conn) const = 0;
  // A declared column type as an alab type (type, length, precision, scale).
  virtual void MapColumnType(const RawColumn& raw, schema::Column& col) const = 0;
  // A default expression that is no literal, as the sql() value read back for `col`.
  virtual schema::Value SqlDefault(const std::string& expr, const schema::Column& col) const {
    (void)col;
    return schema::Value::Sql({{sql_key(), expr}});
  }
  // True for a CHECK that the dialect adds for a column's type (not one the user wrote).
  virtual bool IsTypeCheck(const std::string& expr, const schema::Table& t) const {
    (void)expr, (void)t;
    return false;
  }
  // True when two column types whose IR differs are the same column in this database.
  virtual bool SameStoredType(const schema::Column& expected,
                              const schema::Column& actual) const = 0;
  // A normalised default expression (dialect/inspect_sql.h's NormalizeExpr) in the spelling
  // drift compares: SQLite's datetime('now') is current_timestamp.
  virtual std::string CanonicalDefaultExpr(const std::string& normalized) const {
    return normalized;
  }
  // Whether the catalog tells a stored generated column from a virtual one.
  virtual bool ReadsGeneratedStorage() const { return true; }
  // `alab pull`: the types the catalog cannot tell apart, guessed for the files (SQLite
  // stores uuids as TEXT: a text column named *_id is taken for one).
  virtual void GuessPulledTypes(schema::Schema& s) const { (void)s; }
  // ---- end of reading a live database

  // The render version this dialect object spells SQL with (MakeDialect's argument).
  int render_version() const { return render_version_; }
  void set_render_version(int v) { render_version_ = v; }

 protected:
  // ---- what each dialect implements behind Render, RenderFolded and CreateTableSql
  // What this dialect cannot express in `op` (applied to `before`), as a user error naming the
  // column or table; everything else renders. The default refuses an sql() value (a default,
  // a backfill, a literal of a computed column) in the operation's own columns without a text
  // under sql_key(); a dialect adds its own refusals and calls it.
  virtual Status CheckRenderable(const ops::Op& op, const schema::Schema& before) const;
  // The renderers, handed only what CheckRenderable accepted and ops::Resolve resolved. An
  // error is a user error (SQLite: an operation its table rebuild cannot replay).
  virtual Expected<std::vector<Statement>> RenderChecked(const ops::Op& op,
                                                         const schema::Schema& before) const = 0;
  virtual Expected<std::vector<Statement>> RenderFoldedChecked(const std::vector<ops::Op>& run,
                                                               const schema::Schema& before) const {
    (void)run, (void)before;
    // Only a dialect whose FoldKey names a table is handed a run.
    ALAB_UNREACHABLE("this dialect folds no operations");
  }
  virtual std::vector<std::string> CreateTableChecked(const schema::Table& table) const = 0;
  // FoldKey for an operation CheckRenderable accepted; the default folds nothing.
  virtual std::string FoldKeyChecked(const ops::Op& op, const schema::Schema& before) const {
    (void)op, (void)before;
    return "";
  }
  // "column 'x': the sql() value has no <dialect> expression" when `c` holds an sql() value
  // without a text for this dialect; Ok otherwise.
  Status CheckSqlTexts(const schema::Column& c) const;

 private:
  int render_version_ = kRenderVersion;
};

// ---- values, sql() texts and scripts
// The first registered dialect that reads the sql({...}) texts under `key` (its sql_key());
// nullptr when none does.
const Dialect* FindDialectReadingSqlKey(const std::string& key);
// ---- end values, sql() texts and scripts

// Renders operations in order starting from `state`, applying each one to the state as
// it goes (ops are resolved first). Errors name the operation.
// fold: let the dialect fold runs (OpRenderer); off for `transaction: false` migrations,
// whose recorded steps map one to one onto their operations' statements.
Expected<std::vector<Statement>> RenderAll(const Dialect& d, std::vector<ops::Op> ops,
                                           schema::Schema state, bool fold = true);
// RenderAll appending to `out`; `resolved` (when given) receives each resolved operation.
Status RenderInto(const Dialect& d, std::vector<ops::Op> ops, schema::Schema state,
                  std::vector<Statement>& out, std::vector<ops::Op>* resolved, bool fold);

// One resolved operation against the state before it applies (RenderAll's step), with
// RenderAll's errors; appends to out.
Status RenderOne(const Dialect& d, const ops::Op& resolved, const schema::Schema& state,
                 std::vector<Statement>& out);

// Renders resolved operations one at a time, each given with the state just before it (no
// copy of the whole schema), folding the runs the dialect folds (Dialect::FoldKey). Flush()
// after the last operation (and before anything else is appended to `out`).
class OpRenderer {
 public:
  OpRenderer(const Dialect& d, std::vector<Statement>& out, bool fold = true)
      : d_(d), out_(out), fold_(fold) {}
  Status Add(const ops::Op& resolved, const schema::Schema& before);
  Status Flush();

 private:
  const Dialect& d_;
  std::vector<Statement>& out_;
  bool fold_;
  std::string key_;  // the current run's table
  std::vector<ops::Op> run_;
  schema::Schema run_before_;  // the run's table(s) before its first operation
};

}  // namespace alab::dialect
