#include "dialect/connection.h"

#include <fmt/format.h>

#include "base/check.h"
#include "base/db_url.h"
#include "dialect/dialect.h"
#include "dialect/postgres/connection.h"
#include "dialect/sqlite/connection.h"

namespace alab::dialect {

Connection::Connection() = default;
Connection::~Connection() = default;

const Dialect& Connection::sql_dialect() const {
  if (!sql_dialect_) sql_dialect_ = MakeDialect(dialect());
  ALAB_CHECK(sql_dialect_ != nullptr);
  return *sql_dialect_;
}

Status RefuseNul(const std::string& text) {
  size_t at = text.find('\0');
  if (at == std::string::npos) return Status::Ok();
  return MakeError(fmt::format("the SQL text holds a NUL byte (\\u0000) at character {} of {}; nothing was run: "
                               "remove it",
                               at + 1, text.size()),
                   ExitCode::kUserError);
}

Expected<std::unique_ptr<Connection>> Connect(const std::string& dialect, const std::string& url) {
  RememberPasswordsOf(url);
  if (dialect == "sqlite") return sqlite::OpenSqlite(url);
  if (dialect == "postgres") {
    if (url.rfind("postgres://", 0) != 0 && url.rfind("postgresql://", 0) != 0 && !IsConninfo(url)) {
      return MakeError("PostgreSQL url must start with postgres:// or postgresql://, or be a libpq "
                           "keyword/value string such as 'host=... dbname=...' (got '" +
                           postgres::RedactPostgresUrl(url) + "')",
                       ExitCode::kUserError);
    }
    return postgres::OpenPostgres(url);
  }
  return MakeError("unknown dialect '" + dialect + "' (expected sqlite or postgres)", ExitCode::kUserError);
}

}  // namespace alab::dialect
