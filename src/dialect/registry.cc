// The dialect registry: the built-in dialects and the lookups by name.
#include "dialect/registry.h"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "base/check.h"
#include "base/db_url.h"
#include "base/strings.h"
#include "dialect/dialect.h"
#include "dialect/postgres/render.h"
#include "dialect/sqlite/render.h"

namespace alab::dialect {
namespace {

struct Registered {
  DialectEntry entry;
  std::unique_ptr<Dialect> current;  // at kRenderVersion, made on first use
};

struct Registry {
  std::mutex mu;
  std::vector<std::unique_ptr<Registered>> dialects;  // stable addresses
  std::vector<std::unique_ptr<Registered>> removed;   // unregistered: their objects stay alive
};

Registry& TheRegistry() {
  static Registry* r = [] {
    auto* reg = new Registry;  // never destroyed: dialect references outlive static destructors
    auto add = [reg](DialectEntry e) {
      auto item = std::make_unique<Registered>();
      item->entry = std::move(e);
      reg->dialects.push_back(std::move(item));
    };
    // The first is the default (an embedded database needs no server).
    add({"sqlite", {"sqlite3"}, [](int) { return sqlite::MakeSqliteDialect(); }});
    add({"postgres", {"postgresql", "pg"}, [](int) { return postgres::MakePostgresDialect(); }});
    return reg;
  }();
  return *r;
}

Registered* FindLocked(Registry& r, std::string_view name) {
  const std::string l = ToLower(Trim(std::string(name)));
  for (auto& d : r.dialects) {
    if (d->entry.name == l) return d.get();
    for (const auto& a : d->entry.aliases)
      if (a == l) return d.get();
  }
  return nullptr;
}

std::unique_ptr<Dialect> Make(const DialectEntry& e, int render_version) {
  std::unique_ptr<Dialect> d = e.make(render_version);
  ALAB_CHECK(d != nullptr);
  d->set_render_version(render_version);
  return d;
}

}  // namespace

void RegisterDialect(DialectEntry entry) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  ALAB_CHECK(FindLocked(r, entry.name) == nullptr);
  for (const auto& a : entry.aliases) ALAB_CHECK(FindLocked(r, a) == nullptr);
  auto item = std::make_unique<Registered>();
  item->entry = std::move(entry);
  r.dialects.push_back(std::move(item));
}

bool UnregisterDialect(std::string_view name) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  Registered* d = FindLocked(r, name);
  if (d == nullptr) return false;
  for (auto it = r.dialects.begin(); it != r.dialects.end(); ++it) {
    if (it->get() != d) continue;
    r.removed.push_back(std::move(*it));
    r.dialects.erase(it);
    break;
  }
  return true;
}

const Dialect* FindDialect(std::string_view name) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  Registered* d = FindLocked(r, name);
  if (d == nullptr) return nullptr;
  if (!d->current) d->current = Make(d->entry, kRenderVersion);
  return d->current.get();
}

const Dialect& GetDialect(std::string_view name) {
  const Dialect* d = FindDialect(name);
  ALAB_CHECK(d != nullptr);
  return *d;
}

std::unique_ptr<Dialect> MakeDialect(std::string_view name, int render_version) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  Registered* d = FindLocked(r, name);
  // Names come from config, a tracking row or a CLI option, each checked against the registry.
  if (d == nullptr) ALAB_UNREACHABLE("MakeDialect: a dialect name that was not validated");
  return Make(d->entry, render_version);
}

std::unique_ptr<Dialect> MakeDialect(std::string_view name) {
  return MakeDialect(name, kRenderVersion);
}

std::vector<std::string> DialectNames() {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  std::vector<std::string> out;
  for (const auto& d : r.dialects) out.push_back(d->entry.name);
  return out;
}

std::string DialectNamesText() {
  std::vector<std::string> names = DialectNames();
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

const Dialect& DefaultDialect() {
  Registry& r = TheRegistry();
  std::string first;
  {
    std::lock_guard<std::mutex> lock(r.mu);
    first = r.dialects.front()->entry.name;
  }
  return GetDialect(first);
}

namespace {

// Every registered dialect, in registration order.
std::vector<const Dialect*> AllDialects() {
  std::vector<const Dialect*> out;
  for (const auto& name : DialectNames()) out.push_back(&GetDialect(name));
  return out;
}

// "postgres:// or postgresql:// (PostgreSQL) and sqlite:, file: or a file path (SQLite)": each
// dialect's forms, by name.
std::string SupportedUrlForms() {
  std::vector<const Dialect*> all = AllDialects();
  std::sort(all.begin(), all.end(),
            [](const Dialect* a, const Dialect* b) { return a->name() < b->name(); });
  std::string out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) out += i + 1 == all.size() ? " and " : ", ";
    out += all[i]->UrlForms();
  }
  return out;
}

Error UnsupportedScheme(const std::string& scheme) {
  return MakeError("unsupported url scheme '" + scheme + "'; alab supports " + SupportedUrlForms(),
                   ExitCode::kUserError);
}

}  // namespace

Expected<const Dialect*> DialectForUrl(const std::string& url) {
  const std::vector<const Dialect*> all = AllDialects();
  for (const Dialect* d : all)
    if (d->RecognizesUrl(url)) return d;
  if (size_t sep = url.find("://");
      sep != std::string::npos && sep > 0 && url.find_first_of("/?#@", 0) == sep + 1)
    return UnsupportedScheme(url.substr(0, sep) + "://");
  // "mysql:/u@h/db", "postgresql:/u@h/db": a scheme alab does not read, or a known one missing
  // its "//", is refused rather than taken for a SQLite file name.
  if (size_t colon = url.find(':');
      colon != std::string::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(url[0]))) {
    bool scheme = true;
    for (size_t i = 1; i < colon; ++i)
      scheme = scheme && (std::isalnum(static_cast<unsigned char>(url[i])) || url[i] == '+' ||
                          url[i] == '-' || url[i] == '.');
    if (scheme) {
      const std::string name = ToLower(url.substr(0, colon));
      for (const Dialect* d : all) {
        const std::string hint = d->MalformedUrlHint(name);
        if (!hint.empty())
          return MakeError("malformed url '" + RedactDbUrl(url) + "': " + hint,
                           ExitCode::kUserError);
      }
      return UnsupportedScheme(url.substr(0, colon) + ":");
    }
  }
  return static_cast<const Dialect*>(nullptr);
}

}  // namespace alab::dialect
