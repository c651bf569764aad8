#include "dialect/session.h"

#include <filesystem>

#include <fmt/format.h>

#include "dialect/sqlite/connection.h"

namespace alab::dialect {

Status SetLockWait(Connection& conn, std::chrono::milliseconds timeout) {
  if (conn.dialect() != "sqlite") return Status::Ok();
  return conn.Exec(fmt::format("PRAGMA busy_timeout={}", timeout.count()));
}

Status RequireExistingDatabase(const std::string& dialect, const std::string& url) {
  if (dialect != "sqlite") return Status::Ok();
  auto target = sqlite::ParseSqliteUrl(url);
  if (!target) return Status::Ok();
  const std::string file = sqlite::SqliteFilePath(*target);
  if (file.empty()) return Status::Ok();
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) return Status::Ok();
  std::filesystem::path parent = std::filesystem::absolute(file, ec).parent_path();
  if (!std::filesystem::is_directory(parent, ec))
    return MakeError("cannot open SQLite database " + file + ": the folder " + parent.string() +
                         " does not exist; check the url",
                     ExitCode::kIo);
  return MakeError("SQLite database " + file +
                       " does not exist (this command only reads it); check the url, or run `alab migrate` to "
                       "create it",
                   ExitCode::kUserError);
}

bool DatabaseNotCreatedYet(const std::string& dialect, const std::string& url) {
  if (dialect != "sqlite") return false;
  auto target = sqlite::ParseSqliteUrl(url);
  if (!target) return false;
  const std::string file = sqlite::SqliteFilePath(*target);
  std::error_code ec;
  return !file.empty() && !std::filesystem::exists(file, ec);
}

const std::string& SqlTextFor(const schema::Value& v, const std::string& dialect) {
  return dialect == "sqlite" ? v.sqlite : v.postgres;
}

}  // namespace alab::dialect
