#include "runner/db_lock.h"

#include <thread>

#include <fmt/format.h>

#include "dialect/dialect.h"

namespace alab::runner {

MigrationLock::~MigrationLock() { Release(); }

Status MigrationLock::Acquire(dialect::Connection& conn, std::chrono::milliseconds timeout) {
  if (!conn.dialect().capabilities().migration_lock) return Status::Ok();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(5);
  while (true) {
    auto taken = conn.TryMigrationLock();
    if (!taken.ok()) return taken.error().WithContext("taking the migration lock");
    if (*taken) {
      conn_ = &conn;
      return Status::Ok();
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    // Polling (rather than a blocking wait) keeps this session out of any long-lived
    // transaction while it waits.
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(200));
  }
  std::string pid = conn.MigrationLockHolder();
  std::string holder = pid.empty() ? "" : fmt::format(" (held by server process {})", pid);
  return MakeError(
      fmt::format("timed out after {} waiting for the migration lock{}; another `alab migrate` is "
                  "running (or use `alab lock release --force` if it is stuck)",
                  fmt::format("{:.1f}s", timeout.count() / 1000.0), holder),
      ExitCode::kIo);
}

void MigrationLock::Release() {
  if (conn_ == nullptr) return;
  conn_->ReleaseMigrationLock();
  conn_ = nullptr;
}

Expected<int> ForceReleaseLock(dialect::Connection& conn) {
  if (!conn.dialect().capabilities().migration_lock) return 0;
  auto n = conn.ForceReleaseMigrationLock();
  if (!n.ok()) return n.error().WithContext("releasing the migration lock");
  return *n;
}

Expected<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  std::string num = text.substr(0, i), unit = text.substr(i);
  double v = 0;
  try {
    size_t used = 0;
    v = std::stod(num, &used);
    if (used != num.size()) throw std::invalid_argument(num);
  } catch (...) {
    return MakeError(fmt::format("invalid duration '{}' (e.g. 30s, 500ms, 2m)", text),
                     ExitCode::kUsage);
  }
  double ms = 0;
  if (unit.empty() || unit == "s") {
    ms = v * 1000;
  } else if (unit == "ms") {
    ms = v;
  } else if (unit == "m") {
    ms = v * 60000;
  } else {
    return MakeError(fmt::format("invalid duration '{}' (e.g. 30s, 500ms, 2m)", text),
                     ExitCode::kUsage);
  }
  return std::chrono::milliseconds(static_cast<long long>(ms));
}

}  // namespace alab::runner
