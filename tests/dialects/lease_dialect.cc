#include "dialects/lease_dialect.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/postgres/connection.h"
#include "dialect/postgres/render.h"
#include "dialect/registry.h"
#include "test_dialects.h"

namespace alab::testing::lease {
namespace {

constexpr char kName[] = "pglease";
constexpr char kScheme[] = "pglease://";

// A PostgreSQL connection whose migration lock is a leased row: taken with one INSERT that
// takes over an expired row, released by deleting the holder's own row.
class LeaseConnection : public dialect::postgres::PostgresConnection {
 public:
  using PostgresConnection::PostgresConnection;

  Expected<bool> TryMigrationLock() override {
    if (Status s = EnsureTable(); !s.ok()) return s.error();
    auto me = Query("SELECT pg_backend_pid()::text", {});
    if (!me.ok()) return me.error();
    holder_ = me->rows.at(0).at(0).value_or("");
    auto r =
        Query(fmt::format(
                  "INSERT INTO {0} (name, holder, expires_at) VALUES ('migrate', $1, now() + "
                  "make_interval(secs => {1})) ON CONFLICT (name) DO UPDATE SET holder = "
                  "EXCLUDED.holder, expires_at = EXCLUDED.expires_at WHERE {0}.expires_at < now() "
                  "RETURNING holder",
                  kLockTable, kLeaseSeconds),
              {holder_});
    if (!r.ok()) return r.error();
    return !r->rows.empty();
  }
  void ReleaseMigrationLock() override {
    (void)Query(fmt::format("DELETE FROM {} WHERE name = 'migrate' AND holder = $1", kLockTable),
                {holder_});
  }
  std::string MigrationLockHolder() override {
    auto r =
        Query(fmt::format("SELECT holder FROM {} WHERE name = 'migrate' AND expires_at >= now()",
                          kLockTable),
              {});
    if (!r.ok() || r->rows.empty()) return "";
    return r->rows[0][0].value_or("");
  }
  Expected<int> ForceReleaseMigrationLock() override {
    auto exists = HasTable(kLockTable);
    if (!exists.ok()) return exists.error();
    if (!*exists) return 0;
    auto r = Query(
        fmt::format("DELETE FROM {} WHERE name = 'migrate' RETURNING holder", kLockTable), {});
    if (!r.ok()) return r.error();
    return static_cast<int>(r->rows.size());
  }

 private:
  // Two migrators may create the table at once: the loser's unique violation on the catalog is
  // not an error when the table is there afterwards.
  Status EnsureTable() {
    Status s = Exec(
        fmt::format("CREATE TABLE IF NOT EXISTS {} (name text PRIMARY KEY, holder text NOT NULL, "
                    "expires_at timestamptz NOT NULL)",
                    kLockTable));
    if (s.ok()) return s;
    auto exists = HasTable(kLockTable);
    if (exists.ok() && *exists) return Status::Ok();
    return s;
  }
  std::string holder_;
};

class LeaseDialect : public dialect::postgres::PostgresDialect {
 public:
  std::string name() const override { return kName; }
  Expected<std::unique_ptr<dialect::Connection>> Connect(const std::string& url) const override {
    if (!RecognizesUrl(url))
      return MakeError("a " + std::string(kName) + " url starts with " + kScheme,
                       ExitCode::kUserError);
    return dialect::postgres::OpenPostgres(
        *this, "postgresql://" + url.substr(std::string(kScheme).size()),
        [](const dialect::Dialect& d, pg_conn* conn, const std::string& redacted) {
          return std::make_unique<LeaseConnection>(d, conn, redacted);
        });
  }
  bool RecognizesUrl(const std::string& url) const override {
    return StartsWith(ToLower(Trim(url)), kScheme);
  }
  std::string UrlForms() const override {
    return std::string(kScheme) + " (PostgreSQL with a lease lock)";
  }
  std::string MalformedUrlHint(const std::string& scheme) const override {
    return scheme == kName ? std::string("a url of this dialect starts with ") + kScheme : "";
  }
};

const bool kAdded = AddTestDialect(TestDialect{
    kName,
    [] {
      dialect::RegisterDialect(
          dialect::DialectEntry{kName, {}, [](int) { return std::make_unique<LeaseDialect>(); }});
    },
    [](const std::string& postgres_url) {
      return kScheme + postgres_url.substr(postgres_url.find("://") + 3);
    },
});

}  // namespace
}  // namespace alab::testing::lease
