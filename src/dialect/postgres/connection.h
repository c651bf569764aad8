#pragma once
// PostgreSQL connections through libpq.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/expected.h"
#include "dialect/connection.h"

struct pg_conn;    // libpq's PGconn: only connection.cc includes libpq-fe.h
struct pg_result;  // PGresult

namespace alab::dialect::postgres {

// A libpq connection. A dialect with PostgreSQL's wire protocol and SQL subclasses it (through
// OpenPostgres's `make`) to change what differs, e.g. how the migration lock is taken.
class PostgresConnection : public Connection {
 public:
  // Takes ownership of conn (PQfinish in the destructor).
  PostgresConnection(const Dialect& dialect, pg_conn* conn, std::string redacted);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  std::string redacted_url() const override;
  Expected<bool> HasTable(const std::string& name) override;
  // A session-level advisory lock (released when the process dies), tried without waiting
  // and outside any transaction, so a waiting migrator never holds a snapshot that
  // `CREATE INDEX CONCURRENTLY` would wait on.
  Expected<bool> TryMigrationLock() override;
  void ReleaseMigrationLock() override;
  std::string MigrationLockHolder() override;
  Expected<int> ForceReleaseMigrationLock() override;
  Status Exec(const std::string& sql) override;
  Expected<QueryResult> Query(const std::string& sql,
                              const std::vector<std::string>& params) override;
  // A transaction's BEGIN is sent with its first query, in one round trip (libpq's
  // pipeline mode): applying a migration starts with a query, so this saves a round trip
  // per migration. Begin() only notes it; Commit/Rollback of an empty transaction send nothing.
  Status Begin() override;
  Expected<Effect> InspectEffect(const std::string& sql) override;
  Status BeginSnapshot() override;
  bool InTransaction() override;
  Status Commit() override;
  Status Rollback() override;

 private:
  Expected<QueryResult> BeginAndQuery(const std::string& sql,
                                      const std::vector<const char*>& values);
  Expected<QueryResult> ToQueryResult(pg_result* res);  // takes ownership of res

  pg_conn* conn_;
  bool pending_begin_ = false;
  std::string redacted_;
};

// Builds the connection object around an open libpq connection (OpenPostgres's default: a
// PostgresConnection).
using MakePostgresConnection = std::function<std::unique_ptr<PostgresConnection>(
    const Dialect&, pg_conn*, const std::string& redacted)>;

// Opens a connection from a postgres:// or postgresql:// url or a libpq keyword/value string
// (user, password, host, port,
// dbname, sslmode, Unix sockets via ?host=/dir) and sets timezone 'UTC',
// standard_conforming_strings on and client_encoding UTF8 for the session. Errors say
// what went wrong (server refused / not running, authentication failed, database missing)
// and name the url with its password as ****. The connection belongs to `dialect` (which
// outlives it); `make` (when set) builds it.
Expected<std::unique_ptr<Connection>> OpenPostgres(const Dialect& dialect, const std::string& url,
                                                   const MakePostgresConnection& make = {});

// "postgres://u:secret@h/db?password=x" -> "postgres://u:****@h/db?password=****", and
// "host=h password=x" -> "host=h password=****" (structurally: base/db_url.h).
std::string RedactPostgresUrl(const std::string& url);

// The keywords and values libpq reads from a connection string or url (PQconninfoParse);
// {"<unparsed>": libpq's message} when it cannot parse it.
std::map<std::string, std::string> ParseConninfo(const std::string& conninfo);

}  // namespace alab::dialect::postgres
