#include "dialect/sqlite/urls.h"

#include "base/db_url.h"
#include "base/strings.h"
#include "dialect/sqlite/connection.h"

namespace alab::dialect::sqlite {

namespace fs = std::filesystem;

bool IsSqliteUrl(const std::string& url) {
  if (IsConninfo(url)) return false;  // host=... dbname=... (libpq keyword/value)
  const std::string l = ToLower(Trim(url));
  if (StartsWith(l, "sqlite:") || StartsWith(l, "file:") || l == ":memory:") return true;
  if (l.find("://") != std::string::npos) return false;
  std::string path = l.substr(0, l.find('?'));
  return EndsWith(path, ".db") || EndsWith(path, ".sqlite") || EndsWith(path, ".sqlite3");
}

std::string ResolveSqliteUrl(const std::string& url, const fs::path& root) {
  std::string rest = url;
  std::string prefix;
  if (StartsWith(rest, "sqlite://")) {
    rest = rest.substr(9);
  } else if (StartsWith(rest, "sqlite:")) {
    rest = rest.substr(7);
  } else if (StartsWith(rest, "file:")) {
    prefix = "file:";
    rest = rest.substr(5);
  }
  std::string query;
  if (!prefix.empty()) {
    if (size_t q = rest.find('?'); q != std::string::npos) {
      query = rest.substr(q);
      rest = rest.substr(0, q);
    }
  }
  if (rest.empty() || rest == ":memory:" || rest[0] == '/') return prefix + rest + query;
  return prefix + (root / fs::path(rest)).lexically_normal().string() + query;
}

bool SqliteFileMissing(const std::string& url) {
  auto target = ParseSqliteUrl(url);
  if (!target) return false;
  const std::string file = SqliteFilePath(*target);
  std::error_code ec;
  return !file.empty() && !fs::exists(file, ec);
}

Status RequireSqliteFile(const std::string& url) {
  auto target = ParseSqliteUrl(url);
  if (!target) return Status::Ok();
  const std::string file = SqliteFilePath(*target);
  if (file.empty()) return Status::Ok();
  std::error_code ec;
  if (fs::exists(file, ec)) return Status::Ok();
  fs::path parent = fs::absolute(file, ec).parent_path();
  if (!fs::is_directory(parent, ec))
    return MakeError("cannot open SQLite database " + file + ": the folder " + parent.string() +
                         " does not exist; check the url",
                     ExitCode::kIo);
  return MakeError(
      "SQLite database " + file +
          " does not exist (this command only reads it); check the url, or run `alab migrate` to "
          "create it",
      ExitCode::kUserError);
}

}  // namespace alab::dialect::sqlite
