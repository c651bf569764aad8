#pragma once
// The dialects alab knows, found by name or by url: the one place shared code gets a Dialect
// object from. Each built-in dialect is registered in registry.cc; a test may register one
// more (RegisterDialect) before it looks dialects up. Shared code never spells a dialect's
// name: it holds the `const Dialect&` it was given and asks it.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"

namespace alab::dialect {

class Dialect;  // dialect.h

struct DialectEntry {
  std::string name;                  // canonical (alab.yaml's database.dialect, --dialect)
  std::vector<std::string> aliases;  // other accepted spellings, lower case
  // The dialect object spelling SQL at a render version (see kRenderVersion).
  std::function<std::unique_ptr<Dialect>(int render_version)> make;
};

// Adds a dialect; a later entry with a taken name or alias replaces nothing (internal error).
void RegisterDialect(DialectEntry entry);
// Removes a dialect that RegisterDialect added (a test's own dialect, for the test's duration);
// the objects it made stay alive, so references to them stay valid. False when none is called
// `name`.
bool UnregisterDialect(std::string_view name);

// The dialect called `name` (canonical or an alias, any case) at the current render version;
// nullptr when no dialect has that name. The object lives as long as the process.
const Dialect* FindDialect(std::string_view name);
// FindDialect for a name that was already validated (config, a tracking row): an unknown name
// is an invariant failure.
const Dialect& GetDialect(std::string_view name);
// A dialect object of its own at a render version (check --determinism), for a name that was
// already validated (as GetDialect; never null).
std::unique_ptr<Dialect> MakeDialect(std::string_view name, int render_version);
std::unique_ptr<Dialect> MakeDialect(std::string_view name);  // at kRenderVersion
// The canonical names, in registration order (built-ins first).
std::vector<std::string> DialectNames();
// "sqlite or postgres": the names for messages.
std::string DialectNamesText();
// The dialect of an embedded database used when nothing is configured.
const Dialect& DefaultDialect();

// The url table: the dialect whose RecognizesUrl claims `url` (the first registered). nullptr
// when none does and the url has no scheme (a path without a known extension, "": the
// configured dialect decides). An error (kUserError, no context) for a url with a scheme no
// dialect reads ("unsupported url scheme 'mysql://'; alab supports ...", the supported forms
// built from the registered dialects) or a known scheme missing its "//" ("malformed url ...").
Expected<const Dialect*> DialectForUrl(const std::string& url);

}  // namespace alab::dialect
