#include "runner/db_lock.h"

#include <thread>

#include <fmt/format.h>

namespace alab::runner {
namespace {

std::string Key() { return std::to_string(kAdvisoryLockKey); }

}  // namespace

MigrationLock::~MigrationLock() { Release(); }

Status MigrationLock::Acquire(dialect::Connection& conn, std::chrono::milliseconds timeout) {
  if (conn.dialect() != "postgres") return Status::Ok();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(5);
  while (true) {
    auto r = conn.Query("SELECT pg_try_advisory_lock(CAST($1 AS BIGINT))", {Key()});
    if (!r.ok()) return r.error().WithContext("taking the migration lock");
    if (!r->rows.empty() && r->rows[0][0].value_or("f") == "t") {
      conn_ = &conn;
      return Status::Ok();
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    // Polling (rather than a blocking pg_advisory_lock) keeps this session out of any
    // long-lived transaction while it waits.
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(200));
  }
  std::string holder;
  auto who = conn.Query(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
      "(SELECT oid FROM pg_database WHERE datname = current_database()) AND "
      "((CAST(classid AS BIGINT) << 32) | CAST(objid AS BIGINT)) = CAST($1 AS BIGINT)",
      {Key()});
  if (who.ok() && !who->rows.empty()) holder = fmt::format(" (held by server process {})", who->rows[0][0].value_or("?"));
  return MakeError(fmt::format("timed out after {} waiting for the migration lock{}; another `alab migrate` is "
                               "running (or use `alab lock release --force` if it is stuck)",
                               fmt::format("{:.1f}s", timeout.count() / 1000.0), holder),
                   ExitCode::kIo);
}

void MigrationLock::Release() {
  if (conn_ == nullptr) return;
  (void)conn_->Query("SELECT pg_advisory_unlock(CAST($1 AS BIGINT))", {Key()});
  conn_ = nullptr;
}

Expected<int> ForceReleaseLock(dialect::Connection& conn) {
  if (conn.dialect() != "postgres") return 0;
  auto r = conn.Query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
      "pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
      "AND ((CAST(classid AS BIGINT) << 32) | CAST(objid AS BIGINT)) = CAST($1 AS BIGINT)",
      {Key()});
  if (!r.ok()) return r.error().WithContext("releasing the migration lock");
  return static_cast<int>(r->rows.size());
}

Expected<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  std::string num = text.substr(0, i), unit = text.substr(i);
  double v = 0;
  try {
    size_t used = 0;
    v = std::stod(num, &used);
    if (used != num.size()) throw std::invalid_argument(num);
  } catch (...) {
    return MakeError(fmt::format("invalid duration '{}' (e.g. 30s, 500ms, 2m)", text), ExitCode::kUsage);
  }
  double ms = 0;
  if (unit.empty() || unit == "s") {
    ms = v * 1000;
  } else if (unit == "ms") {
    ms = v;
  } else if (unit == "m") {
    ms = v * 60000;
  } else {
    return MakeError(fmt::format("invalid duration '{}' (e.g. 30s, 500ms, 2m)", text), ExitCode::kUsage);
  }
  return std::chrono::milliseconds(static_cast<long long>(ms));
}

}  // namespace alab::runner
