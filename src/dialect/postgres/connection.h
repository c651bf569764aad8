#pragma once
// PostgreSQL connections through libpq.
#include <map>
#include <memory>
#include <string>

#include "base/expected.h"
#include "dialect/connection.h"

namespace alab::dialect::postgres {

// Opens a connection from a postgres:// or postgresql:// url or a libpq keyword/value string
// (user, password, host, port,
// dbname, sslmode, Unix sockets via ?host=/dir) and sets timezone 'UTC',
// standard_conforming_strings on and client_encoding UTF8 for the session. Errors say
// what went wrong (server refused / not running, authentication failed, database missing)
// and name the url with its password as ****.
Expected<std::unique_ptr<Connection>> OpenPostgres(const std::string& url);

// "postgres://u:secret@h/db?password=x" -> "postgres://u:****@h/db?password=****", and
// "host=h password=x" -> "host=h password=****" (structurally: base/db_url.h).
std::string RedactPostgresUrl(const std::string& url);

// The keywords and values libpq reads from a connection string or url (PQconninfoParse);
// {"<unparsed>": libpq's message} when it cannot parse it.
std::map<std::string, std::string> ParseConninfo(const std::string& conninfo);

}  // namespace alab::dialect::postgres
