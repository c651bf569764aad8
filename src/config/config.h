#pragma once
// alab.yaml: the project's configuration, resolved (environment, ${VAR} expansion,
// --database-url > DATABASE_URL > environment > database.url, dialect inference).
#include <filesystem>
#include <string>
#include <vector>

#include "base/expected.h"

namespace alab::config {

// One entry of `openapi.servers` in alab.yaml (the OpenAPI export's `servers`).
struct OpenApiServer {
  std::string url;
  std::string description;  // "" = none
};

struct Config {
  std::filesystem::path root;                  // folder holding alab.yaml (absolute)
  std::string dialect;                         // a registered dialect's name (dialect/registry.h)
  std::string url;                             // resolved URL ("" when none configured)
  std::filesystem::path schemas_dir;           // absolute
  std::filesystem::path migrations_dir;        // absolute
  std::vector<std::string> ignore_tables;      // database tables outside alab's management
  std::string env_name;                        // selected --env ("" = none)
  bool confirm = false;                        // the environment says `confirm: true`: migrate and
                                               // rollback ask (or need --yes without a terminal)
  std::vector<OpenApiServer> openapi_servers;  // `openapi.servers` (alab export -f openapi)
  std::vector<std::string> warnings;           // problems that do not stop the command (printed)
  std::string RedactedUrl() const;             // password shown as ****
};

struct ConfigOptions {
  std::filesystem::path start_dir = ".";  // alab.yaml is searched here and in parents
  std::string env;                        // --env
  std::string database_url;               // --database-url
  bool require_file = true;               // false: defaults when no alab.yaml exists
};

Expected<Config> LoadConfig(const ConfigOptions& options);

// "postgres://u:secret@h/db" -> "postgres://u:****@h/db", read structurally (RedactDbUrl): also
// ?password=..., a password holding / ? @, and libpq's "host=h password=secret" strings.
std::string RedactUrl(const std::string& url);
// Dialect from a URL: postgres://, postgresql://, a libpq keyword/value string -> postgres;
// sqlite:, file:, *.db, *.sqlite, *.sqlite3 -> sqlite; "" when unknown.
std::string InferDialect(const std::string& url);

}  // namespace alab::config
