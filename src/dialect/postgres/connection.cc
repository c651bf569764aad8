#include "dialect/postgres/connection.h"

#include <libpq-fe.h>

#include <optional>

#include <fmt/format.h>

#include "base/db_url.h"
#include "base/strings.h"
#include "dialect/postgres/effect.h"

namespace alab::dialect::postgres {
namespace {

void IgnoreNotice(void*, const char*) {}

constexpr const char* kSessionSettings =
    "SET timezone = 'UTC'; SET standard_conforming_strings = on; SET client_encoding = 'UTF8'";

// text (a libpq message) without the url's passwords.
std::string Redact(std::string text, const std::string& url) {
  return RedactPasswords(std::move(text), PasswordsOf(url));
}

// "ERROR: message" (+ detail/hint lines) from a failed result.
std::string ResultError(const PGresult* res, PGconn* conn) {
  const char* sev = PQresultErrorField(res, PG_DIAG_SEVERITY);
  const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  if (primary == nullptr) {
    std::string m = res ? PQresultErrorMessage(res) : "";
    if (m.empty()) m = PQerrorMessage(conn);
    return Trim(m);
  }
  std::string msg = fmt::format("{}: {}", sev ? sev : "ERROR", primary);
  if (const char* d = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL))
    msg += fmt::format(" (DETAIL: {})", d);
  if (const char* h = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT))
    msg += fmt::format(" (HINT: {})", h);
  return msg;
}

// The migration lock's advisory key ("alabMIG") and the pg_locks condition naming it in this
// database.
constexpr long long kMigrationLockKey = 0x616c61624d4947;
std::string LockKey() { return std::to_string(kMigrationLockKey); }
constexpr const char* kThisLock =
    "database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND "
    "((CAST(classid AS BIGINT) << 32) | CAST(objid AS BIGINT)) = CAST($1 AS BIGINT)";

}  // namespace

PostgresConnection::PostgresConnection(const Dialect& d, PGconn* conn, std::string redacted)
    : Connection(d), conn_(conn), redacted_(std::move(redacted)) {}
PostgresConnection::~PostgresConnection() { PQfinish(conn_); }
std::string PostgresConnection::redacted_url() const { return redacted_; }

Expected<bool> PostgresConnection::HasTable(const std::string& name) {
  auto r = Query(
      "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename "
      "= $1",
      {name});
  if (!r.ok()) return r.error();
  return !r->rows.empty() && r->rows[0][0].value_or("0") != "0";
}

// A session-level advisory lock (released when the process dies), tried without waiting
// and outside any transaction, so a waiting migrator never holds a snapshot that
// `CREATE INDEX CONCURRENTLY` would wait on.
Expected<bool> PostgresConnection::TryMigrationLock() {
  auto r = Query("SELECT pg_try_advisory_lock(CAST($1 AS BIGINT))", {LockKey()});
  if (!r.ok()) return r.error();
  return !r->rows.empty() && r->rows[0][0].value_or("f") == "t";
}
void PostgresConnection::ReleaseMigrationLock() {
  (void)Query("SELECT pg_advisory_unlock(CAST($1 AS BIGINT))", {LockKey()});
}
std::string PostgresConnection::MigrationLockHolder() {
  auto who = Query("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND " +
                       std::string(kThisLock),
                   {LockKey()});
  if (!who.ok() || who->rows.empty()) return "";
  return who->rows[0][0].value_or("");
}
Expected<int> PostgresConnection::ForceReleaseMigrationLock() {
  auto r = Query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
      "pid <> pg_backend_pid() AND " +
          std::string(kThisLock),
      {LockKey()});
  if (!r.ok()) return r.error();
  return static_cast<int>(r->rows.size());
}

Status PostgresConnection::Exec(const std::string& sql) {
  if (Status s = RefuseNul(sql); !s.ok()) return s;  // libpq would send the text up to it
  if (pending_begin_) {  // a simple query may hold several statements: no pipelining
    pending_begin_ = false;
    if (Status s = Exec("BEGIN"); !s.ok()) return s;
  }
  PGresult* res = PQexec(conn_, sql.c_str());
  auto st = PQresultStatus(res);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
    PQclear(res);
    return Status::Ok();
  }
  std::string msg = ResultError(res, conn_);
  PQclear(res);
  return MakeError(msg, ExitCode::kIo);
}

Expected<QueryResult> PostgresConnection::Query(const std::string& sql,
                                                const std::vector<std::string>& params) {
  if (Status s = RefuseNul(sql); !s.ok()) return s.error();
  for (const auto& p : params)
    if (Status s = RefuseNul(p); !s.ok()) return s.error();
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p.c_str());
  if (pending_begin_) {
    pending_begin_ = false;
    return BeginAndQuery(sql, values);
  }
  PGresult* res = PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                               values.empty() ? nullptr : values.data(), nullptr, nullptr, 0);
  return ToQueryResult(res);
}

// A transaction's BEGIN is sent with its first query, in one round trip (libpq's
// pipeline mode): applying a migration starts with a query, so this saves a round trip
// per migration. Begin() only notes it; Commit/Rollback of an empty transaction send nothing.
Status PostgresConnection::Begin() {
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) return Exec("BEGIN");  // let the server say why
  pending_begin_ = true;
  return Status::Ok();
}
Expected<Connection::Effect> PostgresConnection::InspectEffect(const std::string& sql) {
  return postgres::InspectEffect(*this, sql);
}
Status PostgresConnection::BeginSnapshot() {
  return Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}
bool PostgresConnection::InTransaction() {
  const PGTransactionStatusType t = PQtransactionStatus(conn_);
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}
Status PostgresConnection::Commit() {
  if (pending_begin_) {
    pending_begin_ = false;
    return Status::Ok();
  }
  return Exec("COMMIT");
}
Status PostgresConnection::Rollback() {
  pending_begin_ = false;
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return Status::Ok();
  return Exec("ROLLBACK");
}

Expected<QueryResult> PostgresConnection::BeginAndQuery(const std::string& sql,
                                                        const std::vector<const char*>& values) {
  if (PQenterPipelineMode(conn_) != 1) {
    if (Status s = Exec("BEGIN"); !s.ok()) return s.error();
    return ToQueryResult(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                      values.empty() ? nullptr : values.data(), nullptr, nullptr,
                                      0));
  }
  bool sent =
      PQsendQueryParams(conn_, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
      PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                        values.empty() ? nullptr : values.data(), nullptr, nullptr, 0) == 1 &&
      PQpipelineSync(conn_) == 1;
  std::optional<Error> error;
  PGresult* query_res = nullptr;
  if (!sent) error = MakeError(Trim(PQerrorMessage(conn_)), ExitCode::kIo);
  // Results: BEGIN's, NULL, the query's, NULL, then the sync. A failed BEGIN makes the
  // query's result PGRES_PIPELINE_ABORTED.
  for (int k = 0; sent && k < 2; ++k) {
    PGresult* res = PQgetResult(conn_);
    if (res == nullptr) {
      error = MakeError(Trim(PQerrorMessage(conn_)), ExitCode::kIo);
      break;
    }
    ExecStatusType st = PQresultStatus(res);
    if (k == 0 && st != PGRES_COMMAND_OK && !error)
      error = MakeError(ResultError(res, conn_), ExitCode::kIo);
    if (k == 0)
      PQclear(res);
    else
      query_res = res;
    while ((res = PQgetResult(conn_)) != nullptr) PQclear(res);
  }
  // Up to the sync, so the connection leaves pipeline mode clean.
  for (int nulls = 0; sent && nulls < 4 && PQstatus(conn_) == CONNECTION_OK;) {
    PGresult* res = PQgetResult(conn_);
    if (res == nullptr) {
      ++nulls;
      continue;
    }
    bool sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
    PQclear(res);
    if (sync) break;
  }
  if (PQexitPipelineMode(conn_) != 1 && !error)
    error = MakeError(Trim(PQerrorMessage(conn_)), ExitCode::kIo);
  if (error) {
    PQclear(query_res);
    return *error;
  }
  return ToQueryResult(query_res);
}

// Takes ownership of res.
Expected<QueryResult> PostgresConnection::ToQueryResult(PGresult* res) {
  auto st = PQresultStatus(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    std::string msg = ResultError(res, conn_);
    PQclear(res);
    return MakeError(msg, ExitCode::kIo);
  }
  QueryResult out;
  int cols = PQnfields(res);
  int rows = PQntuples(res);
  for (int c = 0; c < cols; ++c) out.columns.emplace_back(PQfname(res, c));
  out.rows.reserve(rows);
  for (int r = 0; r < rows; ++r) {
    Row row;
    row.reserve(cols);
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(res, r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(
            std::string(PQgetvalue(res, r, c), static_cast<size_t>(PQgetlength(res, r, c))));
      }
    }
    out.rows.push_back(std::move(row));
  }
  PQclear(res);
  return out;
}

namespace {

// A short explanation for the usual connection failures.
std::string ExplainConnectFailure(const std::string& libpq_message) {
  std::string m = ToLower(libpq_message);
  if (m.find("password authentication failed") != std::string::npos ||
      m.find("no password supplied") != std::string::npos ||
      m.find("authentication failed") != std::string::npos) {
    return "authentication failed (check the user and password)";
  }
  if (m.find("role \"") != std::string::npos && m.find("does not exist") != std::string::npos) {
    return "authentication failed (unknown user)";
  }
  if (m.find("does not exist") != std::string::npos && m.find("database") != std::string::npos) {
    return "the database does not exist (create it first, e.g. createdb)";
  }
  if (m.find("connection refused") != std::string::npos ||
      m.find("no such file or directory") != std::string::npos) {
    return "connection refused (is the server running and accepting connections there?)";
  }
  if (m.find("could not translate host name") != std::string::npos) return "unknown host";
  if (m.find("timeout expired") != std::string::npos) return "connection timed out";
  return "";
}

}  // namespace

std::string RedactPostgresUrl(const std::string& url) { return RedactDbUrl(url); }

Expected<std::unique_ptr<Connection>> OpenPostgres(const Dialect& dialect, const std::string& url,
                                                   const MakePostgresConnection& make) {
  std::string redacted = RedactPostgresUrl(url);
  // The url is expanded by libpq; later keywords fill what it does not say. A password with
  // / ? @ written as it is (a generated one in ${PW}) is percent-encoded so libpq reads it whole.
  const std::string conninfo = EncodeUrlPassword(url);
  std::vector<const char*> keys{"dbname", "fallback_application_name"};
  std::vector<const char*> vals{conninfo.c_str(), "alab"};
  if (url.find("connect_timeout") == std::string::npos) {
    keys.push_back("connect_timeout");
    vals.push_back("10");
  }
  keys.push_back(nullptr);
  vals.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), vals.data(), /*expand_dbname=*/1);
  if (conn == nullptr)
    return MakeError("connecting to " + redacted + ": out of memory", ExitCode::kIo);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string raw = Redact(Trim(PQerrorMessage(conn)), url);
    PQfinish(conn);
    // libpq messages span lines ("connection to server ... failed: FATAL: ..."); keep one line.
    raw = ReplaceAll(raw, "\n", " ");
    std::string why = ExplainConnectFailure(raw);
    return MakeError(
        fmt::format("connecting to {}: {}{}", redacted, why.empty() ? "" : why + ": ", raw),
        ExitCode::kIo);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  std::unique_ptr<PostgresConnection> c =
      make ? make(dialect, conn, redacted)
           : std::make_unique<PostgresConnection>(dialect, conn, redacted);
  // What the renderer and the dump assume, whatever the server, database or role default:
  // standard strings (a backslash is an ordinary character in '...'), UTF-8 text, UTC.
  if (Status s = c->Exec(kSessionSettings); !s.ok()) {
    return s.error().WithContext("connecting to " + redacted);
  }
  return std::unique_ptr<Connection>(std::move(c));
}

std::map<std::string, std::string> ParseConninfo(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  std::map<std::string, std::string> out;
  if (opts == nullptr) {
    out["<unparsed>"] = err != nullptr ? err : "";
    PQfreemem(err);
    return out;
  }
  for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o)
    if (o->val != nullptr) out[o->keyword] = o->val;
  PQconninfoFree(opts);
  return out;
}

}  // namespace alab::dialect::postgres
