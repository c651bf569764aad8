#pragma once
// Dialects that exist only in the tests (tests/dialects/), registered in the product's registry
// (dialect/registry.h) for as long as a test uses one, and the databases the runner's tests make
// for every dialect. A test dialect adds itself with a static AddTestDialect; tests iterate
// TestDialectNames() and never spell a test dialect's name.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace alab::testing {

struct TestDialect {
  std::string name;
  std::function<void()> register_it;  // calls dialect::RegisterDialect
  // The url of a database of this dialect for the test server's postgresql:// url of it.
  std::function<std::string(const std::string& postgres_url)> url_for;
};

// Static registration (a namespace-scope `const bool x = AddTestDialect(...)`).
bool AddTestDialect(TestDialect d);

// The registry's dialects plus the tests' own, in that order.
std::vector<std::string> TestDialectNames();

// The tests' own dialects only.
std::vector<std::string> TestOnlyDialectNames();

// True for a dialect whose databases live on the test PostgreSQL server (every one but SQLite).
bool OnTestServer(const std::string& dialect);

// Holds a test dialect registered for its lifetime (nothing for a built-in one).
class DialectInUse {
 public:
  explicit DialectInUse(const std::string& name);
  ~DialectInUse();
  DialectInUse(const DialectInUse&) = delete;
  DialectInUse& operator=(const DialectInUse&) = delete;

 private:
  std::string registered_;
};

// A fresh, empty database of `dialect` in its own url form: a SQLite file in `dir`, a new
// database on the test server otherwise ("" when the server cannot be reached).
std::string FreshDatabaseUrl(const std::string& dialect, const std::filesystem::path& dir,
                             const std::string& name_hint);

}  // namespace alab::testing
