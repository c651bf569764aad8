#pragma once
// SQLite connections through the system library: WAL, foreign keys on, a busy timeout.
#include <memory>
#include <string>

#include "base/expected.h"
#include "dialect/connection.h"

namespace alab::dialect::sqlite {

inline constexpr int kDefaultBusyTimeoutMs = 5000;

struct SqliteTarget {
  std::string path;  // what sqlite3_open_v2 receives
  bool uri = false;  // path is a file: URI
  int busy_timeout_ms = kDefaultBusyTimeoutMs;
};

// "sqlite:app.db", "sqlite://app.db", "sqlite:///abs/app.db", "sqlite::memory:",
// "file:app.db?mode=rwc", or a plain path. A `busy_timeout=<ms>` query parameter sets the
// busy timeout (and is removed from the path). Errors for an empty path or a bad timeout.
Expected<SqliteTarget> ParseSqliteUrl(const std::string& url);

// The file a target opens ("file:///abs/a.db?cache=shared" -> /abs/a.db, percent-decoded),
// "" for an in-memory database (":memory:", mode=memory), so that read-only commands can tell a
// missing file without letting SQLite create it.
std::string SqliteFilePath(const SqliteTarget& target);

// Opens (creating when missing) the database; sets journal_mode=WAL, foreign_keys=ON and
// the busy timeout. Begin() takes the write lock at once (BEGIN IMMEDIATE). The connection
// belongs to `dialect` (which outlives it).
Expected<std::unique_ptr<Connection>> OpenSqlite(const Dialect& dialect, const std::string& url);

}  // namespace alab::dialect::sqlite
