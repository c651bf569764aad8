#include "test_dialects.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "dialect/dialect.h"
#include "dialect/registry.h"
#include "test_support.h"

namespace alab::testing {
namespace {

struct TestDialects {
  std::mutex mu;
  std::vector<TestDialect> all;
  std::map<std::string, int> in_use;
};

TestDialects& Registered() {
  static TestDialects* t = new TestDialects;  // never destroyed: used from static registrars
  return *t;
}

const TestDialect* Find(const std::string& name) {
  for (const auto& d : Registered().all)
    if (d.name == name) return &d;
  return nullptr;
}

}  // namespace

bool AddTestDialect(TestDialect d) {
  std::lock_guard<std::mutex> lock(Registered().mu);
  Registered().all.push_back(std::move(d));
  return true;
}

std::vector<std::string> TestOnlyDialectNames() {
  std::lock_guard<std::mutex> lock(Registered().mu);
  std::vector<std::string> out;
  for (const auto& d : Registered().all) out.push_back(d.name);
  return out;
}

std::vector<std::string> TestDialectNames() {
  std::vector<std::string> out = dialect::DialectNames();
  for (const std::string& name : TestOnlyDialectNames())
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  return out;
}

bool OnTestServer(const std::string& dialect) {
  // A dialect whose database is a file it creates on first open says so for a path that is not
  // there; a server's database never is (a test dialect not registered yet is a server's).
  const dialect::Dialect* d = dialect::FindDialect(dialect);
  return d == nullptr ||
         !d->DatabaseMissing(
             (std::filesystem::temp_directory_path() / "alab-no-such-dir" / "x.db").string());
}

DialectInUse::DialectInUse(const std::string& name) {
  std::lock_guard<std::mutex> lock(Registered().mu);
  const TestDialect* d = Find(name);
  if (d == nullptr) return;
  if (Registered().in_use[name]++ == 0) d->register_it();
  registered_ = name;
}

DialectInUse::~DialectInUse() {
  if (registered_.empty()) return;
  std::lock_guard<std::mutex> lock(Registered().mu);
  if (--Registered().in_use[registered_] == 0) dialect::UnregisterDialect(registered_);
}

std::string FreshDatabaseUrl(const std::string& dialect, const std::filesystem::path& dir,
                             const std::string& name_hint) {
  if (!OnTestServer(dialect)) return (dir / (name_hint + ".db")).string();
  std::string url = CreatePgDatabase(name_hint);
  if (url.empty()) return "";
  std::lock_guard<std::mutex> lock(Registered().mu);
  const TestDialect* d = Find(dialect);
  return d == nullptr ? url : d->url_for(url);
}

}  // namespace alab::testing
