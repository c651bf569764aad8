#include "dialect/connection.h"

#include "base/db_url.h"
#include "dialect/postgres/connection.h"
#include "dialect/sqlite/connection.h"

namespace alab::dialect {

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
