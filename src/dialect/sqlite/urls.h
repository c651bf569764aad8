#pragma once
// SQLite's urls: which ones name a SQLite database, how a relative path resolves, whether the
// file is there yet (the SQLite dialect's "connecting and urls" answers).
#include <filesystem>
#include <string>

#include "base/expected.h"

namespace alab::dialect::sqlite {

// sqlite:, file:, :memory:, or a path ending in .db, .sqlite or .sqlite3 (not a libpq
// keyword/value string, not another scheme's url).
bool IsSqliteUrl(const std::string& url);
// The forms for messages.
inline constexpr const char* kSqliteUrlForms = "sqlite:, file: or a file path (SQLite)";
// Makes a relative SQLite path absolute against root (":memory:" and absolute paths stay).
std::string ResolveSqliteUrl(const std::string& url, const std::filesystem::path& root);
// Whether opening url would create its file (false for in-memory databases and urls that do
// not parse: opening them says why).
bool SqliteFileMissing(const std::string& url);
// An error naming the file when it is missing (kUserError; kIo when even its folder is missing).
Status RequireSqliteFile(const std::string& url);

}  // namespace alab::dialect::sqlite
