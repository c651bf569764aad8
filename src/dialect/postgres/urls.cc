// The PostgreSQL dialect's urls and connections.
#include "base/db_url.h"
#include "base/strings.h"
#include "dialect/postgres/connection.h"
#include "dialect/postgres/render.h"

namespace alab::dialect::postgres {

Expected<std::unique_ptr<Connection>> PostgresDialect::Connect(const std::string& url) const {
  RememberPasswordsOf(url);
  if (url.rfind("postgres://", 0) != 0 && url.rfind("postgresql://", 0) != 0 && !IsConninfo(url)) {
    return MakeError(
        "PostgreSQL url must start with postgres:// or postgresql://, or be a libpq "
        "keyword/value string such as 'host=... dbname=...' (got '" +
            RedactPostgresUrl(url) + "')",
        ExitCode::kUserError);
  }
  return OpenPostgres(*this, url);
}

bool PostgresDialect::RecognizesUrl(const std::string& url) const {
  const std::string l = ToLower(Trim(url));
  if (StartsWith(l, "postgres://") || StartsWith(l, "postgresql://")) return true;
  return IsConninfo(url);  // host=... dbname=... (libpq keyword/value)
}

std::string PostgresDialect::UrlForms() const {
  return "postgres:// or postgresql:// (PostgreSQL)";
}

std::string PostgresDialect::MalformedUrlHint(const std::string& scheme) const {
  if (scheme != "postgres" && scheme != "postgresql") return "";
  return "a PostgreSQL url starts with " + scheme + "://, as in " + scheme +
         "://user:${DB_PASSWORD}@host/db";
}

}  // namespace alab::dialect::postgres
