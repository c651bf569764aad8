#include "dialect/sqlite/connection.h"

#include <cctype>

#include <sqlite3.h>

#include <charconv>

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/sqlite/rebuild_frame.h"

namespace alab::dialect::sqlite {
namespace {

// Removes busy_timeout=<ms> from a query string; returns the remaining query.
Status TakeBusyTimeout(std::string& query, int& busy_timeout_ms) {
  std::vector<std::string> kept;
  for (const auto& part : Split(query, '&')) {
    if (part.empty()) continue;
    if (StartsWith(part, "busy_timeout=")) {
      std::string v = part.substr(13);
      int ms = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), ms);
      if (ec != std::errc() || p != v.data() + v.size() || ms < 0) {
        return MakeError(fmt::format("invalid busy_timeout '{}' in SQLite url (milliseconds)", v),
                         ExitCode::kUserError);
      }
      busy_timeout_ms = ms;
      continue;
    }
    kept.push_back(part);
  }
  query = Join(kept, "&");
  return Status::Ok();
}

class SqliteConnection : public Connection {
 public:
  SqliteConnection(const Dialect& dialect, sqlite3* db, std::string url)
      : Connection(dialect),
        db_(db),
        url_(std::move(url)),
        rebuild_frame_([this](bool on) { return QuotedStrings(on); }) {}
  ~SqliteConnection() override { sqlite3_close_v2(db_); }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  std::string redacted_url() const override { return url_; }

  Expected<bool> HasTable(const std::string& name) override {
    auto r = Query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1", {name});
    if (!r.ok()) return r.error();
    return !r->rows.empty() && r->rows[0][0].value_or("0") != "0";
  }

  Status Exec(const std::string& sql) override {
    // Runs every statement in sql (hooks may hold several), discarding result rows.
    if (Status s = RefuseNul(sql); !s.ok()) return s;
    const char* tail = sql.c_str();
    const char* end = tail + sql.size();
    while (tail < end) {
      sqlite3_stmt* stmt = nullptr;
      const char* next = nullptr;
      int rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &stmt, &next);
      if (rc != SQLITE_OK) return Err();
      if (next <= tail) {
        // SQLite reads no further than a NUL byte: stop instead of preparing nothing forever.
        sqlite3_finalize(stmt);
        return MakeError(
            fmt::format(
                "SQLite stopped reading the SQL text at byte {} of {}{}; nothing after it ran",
                tail - sql.c_str(), sql.size(), *tail == '\0' ? " (a NUL byte)" : ""),
            ExitCode::kIo);
      }
      tail = next;
      if (stmt == nullptr) continue;  // whitespace or comment
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      if (rc != SQLITE_DONE) {
        Error e = Err();
        sqlite3_finalize(stmt);
        return e;
      }
      sqlite3_finalize(stmt);
    }
    return Status::Ok();
  }

  Expected<QueryResult> Query(const std::string& sql,
                              const std::vector<std::string>& params) override {
    if (Status s = RefuseNul(sql); !s.ok()) return s.error();
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      return Err();
    }
    QueryResult result;
    if (stmt == nullptr) return result;
    int n = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= n; ++i) {
      // ?NNN and $NNN both name params[NNN-1]; an anonymous ? takes its position.
      size_t index = static_cast<size_t>(i);
      if (const char* name = sqlite3_bind_parameter_name(stmt, i); name != nullptr) {
        std::string_view digits(name + 1);
        size_t v = 0;
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (ec == std::errc() && p == digits.data() + digits.size()) index = v;
      }
      if (index == 0 || index > params.size()) {
        sqlite3_finalize(stmt);
        return MakeError(
            fmt::format("query parameter {} has no value ({} given)", index, params.size()),
            ExitCode::kInternal);
      }
      const std::string& v = params[index - 1];
      sqlite3_bind_text(stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    int cols = sqlite3_column_count(stmt);
    for (int c = 0; c < cols; ++c) result.columns.emplace_back(sqlite3_column_name(stmt, c));
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      Row row;
      row.reserve(cols);
      for (int c = 0; c < cols; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
          continue;
        }
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        int len = sqlite3_column_bytes(stmt, c);
        row.emplace_back(std::string(text ? text : "", static_cast<size_t>(len)));
      }
      result.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      Error e = Err();
      sqlite3_finalize(stmt);
      return e;
    }
    sqlite3_finalize(stmt);
    return result;
  }

  // IMMEDIATE: the write lock is taken now (waiting up to the busy timeout), so two
  // migrators never both read the applied set and then race to write.
  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  Status BeginSnapshot() override { return Exec("BEGIN DEFERRED"); }
  bool InTransaction() override { return sqlite3_get_autocommit(db_) == 0; }
  Status Commit() override { return Exec("COMMIT"); }
  Status Rollback() override {
    if (sqlite3_get_autocommit(db_) != 0) return Status::Ok();  // nothing open
    return Exec("ROLLBACK");
  }
  // What the IR does not know about a rebuilt table survives the rebuild (rebuild_frame.h).
  Status BeginRebuild(const Statement& first) override {
    return rebuild_frame_.Begin(*this, first);
  }
  Status EndRebuild(const Statement& last) override {
    (void)last;
    return rebuild_frame_.End(*this);
  }

 private:
  // SQLITE_DBCONFIG_DQS_DDL/DML: sets both, returns the previous DDL setting.
  bool QuotedStrings(bool on) {
    int was = 1;
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DDL, -1, &was);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DDL, on ? 1 : 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DML, on ? 1 : 0, nullptr);
    return was != 0;
  }

  Error Err() const {
    int code = sqlite3_extended_errcode(db_);
    std::string msg = sqlite3_errmsg(db_);
    if ((code & 0xff) == SQLITE_BUSY)
      msg += " (another process holds the database lock; busy timeout expired)";
    return MakeError(msg, ExitCode::kIo);
  }

  sqlite3* db_;
  std::string url_;
  RebuildFrame rebuild_frame_;
};

}  // namespace

Expected<SqliteTarget> ParseSqliteUrl(const std::string& url) {
  SqliteTarget t;
  std::string rest = url;
  if (StartsWith(rest, "file:")) {
    t.uri = true;
    auto q = rest.find('?');
    if (q != std::string::npos) {
      std::string query = rest.substr(q + 1);
      if (Status s = TakeBusyTimeout(query, t.busy_timeout_ms); !s.ok()) return s.error();
      rest = rest.substr(0, q) + (query.empty() ? "" : "?" + query);
    }
    t.path = rest;
    if (t.path == "file:")
      return MakeError("empty SQLite path in url '" + url + "'", ExitCode::kUserError);
    return t;
  }
  if (StartsWith(rest, "sqlite://")) {
    rest = rest.substr(9);  // sqlite:///abs -> /abs, sqlite://rel -> rel
  } else if (StartsWith(rest, "sqlite:")) {
    rest = rest.substr(7);
  }
  if (auto q = rest.find('?'); q != std::string::npos) {
    std::string query = rest.substr(q + 1);
    if (Status s = TakeBusyTimeout(query, t.busy_timeout_ms); !s.ok()) return s.error();
    if (!query.empty()) {
      return MakeError(
          fmt::format(
              "unknown SQLite url parameter(s) '{}' (use a file: url for SQLite URI options)",
              query),
          ExitCode::kUserError);
    }
    rest = rest.substr(0, q);
  }
  if (rest.empty())
    return MakeError("empty SQLite path in url '" + url + "'", ExitCode::kUserError);
  t.path = rest;
  return t;
}

std::string SqliteFilePath(const SqliteTarget& target) {
  if (!target.uri) return target.path == ":memory:" ? "" : target.path;
  std::string rest = target.path.substr(5);  // after "file:"
  std::string query;
  if (size_t q = rest.find_first_of("?#"); q != std::string::npos) {
    if (rest[q] == '?')
      query =
          rest.substr(q + 1, rest.find('#', q) == std::string::npos ? std::string::npos
                                                                    : rest.find('#', q) - q - 1);
    rest = rest.substr(0, q);
  }
  for (size_t i = 0; i <= query.size();) {
    size_t amp = query.find('&', i);
    if (amp == std::string::npos) amp = query.size();
    if (query.compare(i, amp - i, "mode=memory") == 0) return "";
    i = amp + 1;
  }
  if (rest.rfind("//", 0) == 0) {  // file://[localhost]/abs
    size_t slash = rest.find('/', 2);
    rest = slash == std::string::npos ? "" : rest.substr(slash);
  }
  std::string path;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() &&
        std::isxdigit(static_cast<unsigned char>(rest[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(rest[i + 2]))) {
      path += static_cast<char>(std::stoi(rest.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  return path == ":memory:" ? "" : path;
}

Expected<std::unique_ptr<Connection>> OpenSqlite(const Dialect& dialect, const std::string& url) {
  auto target = ParseSqliteUrl(url);
  if (!target) return target.error();
  // Before SQLite's first use: no memory statistics (alab never reads them), so an
  // allocation inside SQLite takes no global mutex. Schema changes reparse the whole
  // schema, allocation-heavy: about a tenth of a long migrate run was that mutex.
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;  // SQLITE_MISUSE if SQLite was already initialised: then it stays on
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (target->uri) flags |= SQLITE_OPEN_URI;
  int rc = sqlite3_open_v2(target->path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return MakeError(fmt::format("opening SQLite database {}: {}", url, msg), ExitCode::kIo);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, target->busy_timeout_ms);
  auto conn = std::make_unique<SqliteConnection>(dialect, db, url);
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON"}) {
    if (Status s = conn->Exec(pragma); !s.ok()) {
      return s.error().WithContext(fmt::format("opening SQLite database {}: {}", url, pragma));
    }
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace alab::dialect::sqlite
