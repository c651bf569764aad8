#pragma once
// The migration lock, on dialects with Capabilities::migration_lock (Connection::TryMigrationLock,
// tried in a loop outside any transaction; PostgreSQL: a session-level advisory lock, released when
// the process dies). Elsewhere nothing is taken here: each migration's transaction takes the
// database's write lock under the busy timeout (SQLite's BEGIN IMMEDIATE).
#include <chrono>
#include <string>

#include "base/expected.h"
#include "dialect/connection.h"

namespace alab::runner {

class MigrationLock {
 public:
  MigrationLock() = default;
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

  // Waits up to `timeout`; the error says who holds the lock (pid) when it is known.
  Status Acquire(dialect::Connection& conn, std::chrono::milliseconds timeout);
  void Release();
  bool held() const { return conn_ != nullptr; }

 private:
  dialect::Connection* conn_ = nullptr;
};

// `alab lock release --force`: ends the sessions holding the migration lock (0 on dialects
// without advisory locks).
// Returns how many were ended.
Expected<int> ForceReleaseLock(dialect::Connection& conn);

// "30s", "500ms", "2m", "45" (seconds) -> milliseconds.
Expected<std::chrono::milliseconds> ParseDuration(const std::string& text);

}  // namespace alab::runner
