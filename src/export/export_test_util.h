#pragma once
// Test helpers for the export tests: fixtures, sample rows, and running external tools.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "export/export.h"
#include "schema/ir.h"
#include "test_support.h"

namespace alab::exports::testutil {

// testdata/export/<name>.schema.json through schema::SchemaFromJson; "project" loads the
// schema files of testdata/export/project with schema::LoadSchemas.
schema::Schema LoadFixture(const std::string& name);
// "dump": the project of testdata/dump (every column type; the wire-format round trip).
// Writes files under dir (creating folders).
void WriteFiles(const std::filesystem::path& dir, const Files& files);
// The fixtures every golden and toolchain test runs on.
inline const std::vector<std::string> kFixtures = {"demo", "everything", "project"};

// {"TypeName": [row with every column set, row with every nullable column null]}: values
// that satisfy the columns' constraints (formats, patterns, lengths, ranges).
nlohmann::json SampleRows(const schema::Schema& s);
// {"TypeName": insert shape with only the columns the database does not fill in}.
nlohmann::json SampleInserts(const schema::Schema& s);

// The rows of the database round trip: testdata/dump/project migrated into a fresh database of
// each dialect (SQLite; PostgreSQL when the test server is configured, its absence a test
// failure under CI=true), loaded with rows.<dialect>.sql and read back by `alab dump --format
// json`. The dump must be exactly testdata/dump/expected.json (the inserted values in the wire
// format; checked here). rows: the dump keyed by type name ({"ShopItem": [...]}) for the
// harnesses.
struct DumpedRows {
  std::string dialect;
  nlohmann::json rows;
};
std::vector<DumpedRows> DumpRoundTripRows();
// The fixtures the toolchain tests build: kFixtures and "dump".
inline const std::vector<std::string> kToolchainFixtures = {"demo", "everything", "project",
                                                            "dump"};
// The rows files a toolchain test feeds for fixture: rows-<fixture>.json (the sample rows,
// written here) and, for "dump", rows-dump-<dialect>.json of each dialect's dump.
std::vector<std::filesystem::path> WriteRowsFiles(const std::filesystem::path& dir,
                                                  const std::string& fixture,
                                                  const std::vector<DumpedRows>& dumps);

// Runs argv (argv[0] searched on PATH) in cwd with extra "NAME=value" environment entries.
testing::RunResult RunCommand(const std::vector<std::string>& argv,
                              const std::filesystem::path& cwd,
                              const std::vector<std::string>& extra_env = {});
// The tool's path (PATH, then extra folders), or nullopt.
std::optional<std::string> FindTool(const std::string& name,
                                    const std::vector<std::string>& extra_dirs = {});
// tests/toolchains/node_modules/.bin/<name> when installed.
std::optional<std::string> NodeTool(const std::string& name);

// Failure text for a command's result.
std::string Show(const testing::RunResult& r);
void WriteText(const std::filesystem::path& p, const std::string& text);
// tests/toolchains/<name>.
std::string ScriptPath(const std::string& name);
// Validates rows files ({"TypeName": [rows]}) against the fixture's exported JSON Schema
// with ajv (tests/toolchains/validate.mjs); a failure is a test failure.
void ExpectRowsValid(const std::filesystem::path& work, const std::string& fixture,
                     const std::vector<std::filesystem::path>& rows_files);

}  // namespace alab::exports::testutil

// Use when a toolchain is missing: skips locally, fails under CI=true.
#define ALAB_REQUIRE_TOOL(opt, what)                                                   \
  do {                                                                                 \
    if (!(opt)) {                                                                      \
      if (::alab::testing::InCi()) FAIL() << "missing toolchain under CI: " << (what); \
      GTEST_SKIP() << "missing toolchain (skipped outside CI): " << (what);            \
    }                                                                                  \
  } while (0)
