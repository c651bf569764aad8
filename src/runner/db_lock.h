#pragma once
// The migration lock. PostgreSQL: a session-level advisory lock (released when the
// process dies), taken with pg_try_advisory_lock in a loop outside any transaction, so a
// waiting migrator never holds a snapshot that `CREATE INDEX CONCURRENTLY` would wait on.
// SQLite: nothing to take here; each migration's BEGIN IMMEDIATE takes the database write
// lock under the busy timeout.
#include <chrono>
#include <string>

#include "base/expected.h"
#include "dialect/connection.h"

namespace alab::runner {

inline constexpr long long kAdvisoryLockKey = 0x616c61624d4947;  // "alabMIG"

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

// `alab lock release --force`: ends the sessions holding the advisory lock (PostgreSQL).
// Returns how many were ended.
Expected<int> ForceReleaseLock(dialect::Connection& conn);

// "30s", "500ms", "2m", "45" (seconds) -> milliseconds.
Expected<std::chrono::milliseconds> ParseDuration(const std::string& text);

}  // namespace alab::runner
