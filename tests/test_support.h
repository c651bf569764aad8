#pragma once
// Helpers shared by every test: temp dirs, running the built binary, the test
// PostgreSQL server, golden files.
#include <filesystem>
#include <string>
#include <vector>

namespace alab::testing {

// A fresh directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }
  // Writes rel (creating parent folders) with content.
  void Write(const std::string& rel, const std::string& content) const;
  std::string Read(const std::string& rel) const;

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built `alab` binary with args in cwd (no shell), capturing stdout/stderr.
// stdin is /dev/null. extra_env entries are "NAME=value".
RunResult RunAlab(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                  const std::vector<std::string>& extra_env = {});

// Source tree root (for testdata/ and golden files).
std::filesystem::path SourceDir();
std::string ReadText(const std::filesystem::path& p);

// A .txtar fixture: the text before the first "-- name --" line, then each section's name and
// body exactly as written (FormatTxtar(ParseTxtar(t)) == t for a text that ends in a newline).
struct TxtarSection {
  std::string name;
  std::string body;
};
struct Txtar {
  std::string comment;
  std::vector<TxtarSection> sections;
};
Txtar ParseTxtar(const std::string& text);
std::string FormatTxtar(const Txtar& txtar);
// Compares actual with the golden file; with ALAB_UPDATE_GOLDEN=1 rewrites it instead.
// Returns "" when equal, else a unified-ish diff for the failure message.
std::string CompareGolden(const std::filesystem::path& golden, const std::string& actual);

// A random (version 4) UUID in lowercase canonical form: 8-4-4-4-12 hex digits, version nibble
// 4, variant 8/9/a/b.
bool IsUuidV4(const std::string& s);

// The test PostgreSQL server: the base URL exported by scripts/test.sh as ALAB_TEST_PG_URL
// (postgresql://postgres@/postgres?host=SOCK&port=PORT). Empty when not set.
std::string PgBaseUrl();
// Creates a fresh database on the test server and returns its URL. Under CI=true a missing
// server is a test failure (never a skip): callers use ALAB_REQUIRE_PG().
std::string CreatePgDatabase(const std::string& name_hint);
bool InCi();

}  // namespace alab::testing

// Use at the top of a PostgreSQL test: skips locally without a server, fails under CI.
#define ALAB_REQUIRE_PG()                                                            \
  do {                                                                               \
    if (::alab::testing::PgBaseUrl().empty()) {                                      \
      if (::alab::testing::InCi()) FAIL() << "ALAB_TEST_PG_URL is not set under CI"; \
      GTEST_SKIP() << "no test PostgreSQL server (run through scripts/test.sh)";     \
    }                                                                                \
  } while (0)
