#include "config/config.h"

#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <system_error>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "base/db_url.h"
#include "base/files.h"
#include "base/strings.h"
#include "dialect/dialect.h"

namespace alab::config {
namespace fs = std::filesystem;

namespace {

constexpr const char* kFileName = "alab.yaml";

struct RawEnv {
  std::string url;
  std::string literal_password;  // the refusal when url holds a literal password, "" = none
  std::string dialect;
  bool confirm = false;  // environments only: migrate/rollback ask first (or need --yes)
};

// alab.yaml as written, before resolution.
struct RawConfig {
  std::string dialect;
  std::string url;
  std::string literal_password;  // the refusal when database.url holds a literal password
  std::string schemas = "./schemas";
  std::string migrations = "./migrations";
  std::map<std::string, RawEnv> environments;
  std::vector<std::string> ignore_tables;
  std::vector<OpenApiServer> openapi_servers;
};

Error UserError(const std::string& message) { return MakeError(message, ExitCode::kUserError); }

std::string MarkPrefix(const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return std::string(kFileName) + ": ";
  return fmt::format("{}:{}:{}: ", kFileName, m.line + 1, m.column + 1);
}

Expected<std::string> Scalar(const YAML::Node& node, const std::string& key) {
  if (node.IsNull()) return std::string();
  if (!node.IsScalar()) return UserError(MarkPrefix(node) + "'" + key + "' must be a string");
  return node.as<std::string>();
}

// A mapping key: alab.yaml's keys are plain names (YAML also allows lists or maps as keys).
Expected<std::string> KeyName(const YAML::Node& key) {
  if (!key.IsScalar())
    return UserError(MarkPrefix(key) + "a key must be a plain name, not a list or mapping");
  return key.as<std::string>();
}

// The password a URL carries (user:PASSWORD@host or password=PASSWORD), "" when none.
std::string UrlPassword(const std::string& url) {
  auto passwords = PasswordsOf(url);
  return passwords.empty() ? "" : passwords.front();
}

// alab.yaml is committed with the code: a password in it must be a ${VAR} reference.
Status CheckNoLiteralPassword(const YAML::Node& node, const std::string& key,
                              const std::string& url) {
  const std::string pw = UrlPassword(url);
  if (pw.empty()) return Status::Ok();
  const bool is_var = pw.size() > 3 && StartsWith(pw, "${") && pw.back() == '}' &&
                      pw.find_first_of("${}", 2) == pw.size() - 1;
  if (is_var) return Status::Ok();
  return UserError(
      MarkPrefix(node) + "'" + key +
      "' holds a literal password; alab.yaml is committed with the code, so write the "
      "password as an environment variable reference, e.g. postgres://user:${DB_PASSWORD}@host/db");
}

// `database:` or `environments.<name>:` (confirm != nullptr: the environment form, which
// also accepts `confirm: true|false`).
Status ReadDatabase(const YAML::Node& node, const std::string& key, std::string& url,
                    std::string& dialect, std::string& literal_password, bool* confirm = nullptr) {
  if (node.IsNull()) return Status::Ok();
  if (!node.IsMap()) return UserError(MarkPrefix(node) + "'" + key + "' must be a mapping");
  for (const auto& kv : node) {
    auto key_name = KeyName(kv.first);
    if (!key_name) return key_name.error();
    const std::string& name = *key_name;
    if (confirm != nullptr && name == "confirm") {
      auto v = Scalar(kv.second, key + ".confirm");
      if (!v) return v.error();
      if (*v != "true" && *v != "false") {
        return UserError(MarkPrefix(kv.second) + "'" + key +
                         ".confirm' must be true or false (got '" + *v + "')");
      }
      *confirm = *v == "true";
      continue;
    }
    if (name != "url" && name != "dialect") {
      return UserError(MarkPrefix(kv.first) + "unknown key '" + key + "." + name +
                       (confirm != nullptr ? "' (expected url, dialect, confirm)"
                                           : "' (expected url, dialect)"));
    }
    auto v = Scalar(kv.second, key + "." + name);
    if (!v) return v.error();
    (name == "url" ? url : dialect) = *v;
    if (name == "url") {
      // Refused only when this url is the one used (see LoadConfig); an override warns.
      if (auto s = CheckNoLiteralPassword(kv.second, key + ".url", *v); !s)
        literal_password = s.error().message;
    }
  }
  return Status::Ok();
}

// `openapi: { servers: [{url, description}] }`: the OpenAPI export's servers.
Status ReadOpenApi(const YAML::Node& node, std::vector<OpenApiServer>& servers) {
  if (node.IsNull()) return Status::Ok();
  if (!node.IsMap()) return UserError(MarkPrefix(node) + "'openapi' must be a mapping");
  for (const auto& kv : node) {
    auto key_name = KeyName(kv.first);
    if (!key_name) return key_name.error();
    if (*key_name != "servers")
      return UserError(MarkPrefix(kv.first) + "unknown key 'openapi." + *key_name +
                       "' (expected servers)");
    if (kv.second.IsNull()) continue;
    if (!kv.second.IsSequence())
      return UserError(MarkPrefix(kv.second) +
                       "'openapi.servers' must be a list of {url, description}");
    for (const auto& item : kv.second) {
      if (!item.IsMap())
        return UserError(MarkPrefix(item) +
                         "an 'openapi.servers' entry must be a mapping with url (and description)");
      OpenApiServer server;
      for (const auto& field : item) {
        auto name = KeyName(field.first);
        if (!name) return name.error();
        if (*name != "url" && *name != "description")
          return UserError(MarkPrefix(field.first) + "unknown key 'openapi.servers." + *name +
                           "' (expected url, description)");
        auto v = Scalar(field.second, "openapi.servers." + *name);
        if (!v) return v.error();
        (*name == "url" ? server.url : server.description) = *v;
      }
      if (server.url.empty())
        return UserError(MarkPrefix(item) + "an 'openapi.servers' entry needs a url");
      servers.push_back(std::move(server));
    }
  }
  return Status::Ok();
}

Expected<RawConfig> ParseRawNodes(const std::string& text) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return UserError(
        fmt::format("{}:{}:{}: {}", kFileName, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  RawConfig raw;
  if (root.IsNull()) return raw;
  if (!root.IsMap()) return UserError(MarkPrefix(root) + "the file must be a mapping of keys");
  for (const auto& kv : root) {
    auto key_name = KeyName(kv.first);
    if (!key_name) return key_name.error();
    const std::string& key = *key_name;
    const YAML::Node& value = kv.second;
    if (key == "database") {
      if (auto s = ReadDatabase(value, key, raw.url, raw.dialect, raw.literal_password); !s)
        return s.error();
    } else if (key == "schemas" || key == "migrations") {
      auto v = Scalar(value, key);
      if (!v) return v.error();
      if (!v->empty()) (key == "schemas" ? raw.schemas : raw.migrations) = *v;
    } else if (key == "environments") {
      if (value.IsNull()) continue;
      if (!value.IsMap()) return UserError(MarkPrefix(value) + "'environments' must be a mapping");
      for (const auto& env : value) {
        auto env_name = KeyName(env.first);
        if (!env_name) return env_name.error();
        const std::string& name = *env_name;
        RawEnv e;
        if (auto s = ReadDatabase(env.second, "environments." + name, e.url, e.dialect,
                                  e.literal_password, &e.confirm);
            !s) {
          return s.error();
        }
        raw.environments[name] = e;
      }
    } else if (key == "ignore_tables") {
      if (value.IsNull()) continue;
      if (!value.IsSequence()) {
        return UserError(MarkPrefix(value) + "'ignore_tables' must be a list of table names");
      }
      for (const auto& item : value) {
        auto v = Scalar(item, "ignore_tables");
        if (!v) return v.error();
        raw.ignore_tables.push_back(*v);
      }
    } else if (key == "openapi") {
      if (auto s = ReadOpenApi(value, raw.openapi_servers); !s) return s.error();
    } else {
      return UserError(
          MarkPrefix(kv.first) + "unknown key '" + key +
          "' (expected database, schemas, migrations, environments, ignore_tables, openapi)");
    }
  }
  return raw;
}

// Every node is type-checked before conversion; a conversion yaml-cpp still refuses (found
// by fuzzing: odd keys, tags) is a user error at its mark, never an escaped exception.
Expected<RawConfig> ParseRaw(const std::string& text) {
  try {
    return ParseRawNodes(text);
  } catch (const YAML::Exception& e) {
    return UserError(
        fmt::format("{}:{}:{}: {}", kFileName, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
}

std::optional<fs::path> FindConfigFile(const fs::path& start) {
  for (fs::path dir = start;; dir = dir.parent_path()) {
    std::error_code ec;
    if (fs::is_regular_file(dir / kFileName, ec)) return dir / kFileName;
    if (dir == dir.parent_path()) return std::nullopt;
  }
}

bool IsVarStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsVarChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// value as libpq reads it inside a keyword/value string: within '...' with \ and ' escaped
// (quoted: the quotes are the text's own), or made one quoted value of its own (whole).
std::string QuoteConninfoValue(const std::string& value, bool quoted, bool whole) {
  std::string out;
  for (char c : value) {
    bool escape = c == '\\' || c == '\'' ||
                  (!quoted && !whole && std::isspace(static_cast<unsigned char>(c)));
    if (escape) out += '\\';
    out += c;
  }
  return whole && !quoted ? "'" + out + "'" : out;
}

// Expands ${VAR} from the process environment; `where` names the value in errors. In a libpq
// keyword/value string a value is quoted as libpq reads it, so a space or a quote in it neither
// ends the value nor starts another keyword ("password=${PW}" with PW='a port=1').
Expected<std::string> ExpandVars(const std::string& in, const std::string& where) {
  const bool conninfo = IsConninfo(in);
  bool quoted = false;  // inside '...' of a conninfo value
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '$' || i + 1 >= in.size() || in[i + 1] != '{') {
      if (conninfo && in[i] == '\\' && i + 1 < in.size()) {
        out += in[i++];
      } else if (conninfo && in[i] == '\'') {
        quoted = !quoted;
      }
      out += in[i];
      continue;
    }
    const size_t close = in.find('}', i + 2);
    if (close == std::string::npos)
      return UserError(where + ": unterminated '${' in '" + RedactDbUrl(in) + "'");
    const std::string name = in.substr(i + 2, close - i - 2);
    bool valid = !name.empty() && IsVarStart(name[0]);
    for (char c : name) valid = valid && IsVarChar(c);
    if (!valid) return UserError(where + ": invalid variable name '${" + name + "}'");
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return UserError(where + ": environment variable '" + name + "' is not set");
    }
    if (conninfo) {
      // The whole value: after '=' (and spaces), up to a space or the end.
      size_t before = out.find_last_not_of(" \t\n\r\f\v");
      bool starts = before != std::string::npos && out[before] == '=';
      bool ends = close + 1 >= in.size() || std::isspace(static_cast<unsigned char>(in[close + 1]));
      out += QuoteConninfoValue(value, quoted, starts && ends);
    } else {
      out += value;
    }
    i = close;
  }
  return out;
}

Expected<std::string> NormalizeDialect(const std::string& d, const std::string& where) {
  if (Trim(d).empty()) return std::string();
  if (const dialect::Dialect* found = dialect::FindDialect(d)) return found->name();
  return UserError(where + ": unknown dialect '" + d + "' (expected " +
                   dialect::DialectNamesText() + ")");
}

fs::path ResolveDir(const std::string& dir, const fs::path& root) {
  fs::path p(dir);
  if (p.is_absolute()) return p.lexically_normal();
  return (root / p).lexically_normal();
}

// A project folder (.alab, schemas, migrations) as alab is about to read and write it: one that
// lies in the project may not resolve outside it through a symbolic link (a command would write
// there), nor be a link loop, a dangling link or a file. A missing folder is fine.
Status CheckProjectFolder(const fs::path& dir, const fs::path& root, const std::string& what) {
  std::error_code ec;
  const fs::path rel = dir.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return Status::Ok();  // configured outside: as given
  fs::path link;  // the first symbolic link on the way from root to dir, if any
  fs::path walk = root;
  for (const auto& part : rel) {
    walk /= part;
    if (fs::is_symlink(fs::symlink_status(walk, ec))) {
      link = walk;
      break;
    }
  }
  auto describe = [&](const fs::path& l) {
    std::error_code rec;
    fs::path target = fs::read_symlink(l, rec);
    return l.string() + " -> " + (rec ? std::string("?") : target.string());
  };
  (void)fs::canonical(dir, ec);
  if (ec == std::errc::too_many_symbolic_link_levels) {
    return UserError(
        fmt::format("the {} folder {} is a symbolic link loop ({}); replace the link with a folder",
                    what, dir.string(), link.empty() ? dir.string() : describe(link)));
  }
  if (!link.empty()) {
    std::error_code xec;
    if (!fs::exists(link, xec)) {
      return UserError(fmt::format(
          "the {} folder {} is a dangling symbolic link ({}, which does not exist); create "
          "the target or replace the link with a folder",
          what, dir.string(), describe(link)));
    }
    const fs::path real = fs::canonical(link, xec);
    const fs::path real_root = fs::canonical(root, xec);
    const fs::path inside = real.lexically_relative(real_root);
    if (!xec && (inside.empty() || *inside.begin() == "..")) {
      return UserError(fmt::format(
          "the {} folder {} resolves outside the project through a symbolic link ({}, "
          "outside {}): alab writes there, so a link leaving the project is refused; move "
          "the folder into the project and replace the link with it",
          what, dir.string(), describe(link), real_root.string()));
    }
  }
  std::error_code sec;
  auto st = fs::status(dir, sec);
  if (what != "migrations" && fs::exists(st) &&
      !fs::is_directory(st)) {  // migrations: said by its loader
    return UserError(fmt::format(
        "the {} folder {} is a file, not a folder; move the file away (alab creates the "
        "folder) or set the folder elsewhere in alab.yaml",
        what, dir.string()));
  }
  return Status::Ok();
}

}  // namespace

std::string Config::RedactedUrl() const { return RedactUrl(url); }

std::string RedactUrl(const std::string& url) { return RedactDbUrl(url); }

std::string InferDialect(const std::string& url) {
  auto d = dialect::DialectForUrl(url);
  return d.ok() && *d != nullptr ? (*d)->name() : "";
}

Expected<Config> LoadConfig(const ConfigOptions& options) {
  std::error_code ec;
  fs::path start = fs::absolute(options.start_dir, ec);
  if (ec) return MakeError("cannot resolve " + options.start_dir.string() + ": " + ec.message());
  start = start.lexically_normal();
  if (!start.has_filename() && start != start.root_path()) start = start.parent_path();

  RawConfig raw;
  Config cfg;
  if (auto file = FindConfigFile(start)) {
    cfg.root = file->parent_path();
    auto text = ReadFile(*file);
    if (!text) return text.error();
    auto parsed = ParseRaw(*text);
    if (!parsed) {
      Error e = parsed.error();
      e.message = cfg.root.string() + "/" + e.message;  // "/abs/alab.yaml:3:1: ..."
      return e;
    }
    raw = std::move(*parsed);
  } else if (options.require_file) {
    return UserError("no alab.yaml in " + start.string() +
                     " or any parent folder (run `alab init` to create a project)");
  } else {
    cfg.root = start;
  }

  auto base_dialect = NormalizeDialect(raw.dialect, "alab.yaml: database.dialect");
  if (!base_dialect) return base_dialect.error();

  // The url and the dialect that goes with where it came from.
  std::string url;
  std::string dialect;  // explicitly configured for that source ("" = infer)
  std::string source;
  const RawEnv* env = nullptr;
  if (!options.env.empty()) {
    auto it = raw.environments.find(options.env);
    if (it == raw.environments.end()) {
      std::vector<std::string> known;
      for (const auto& [name, unused] : raw.environments) known.push_back(name);
      std::string msg = "unknown environment '" + options.env + "'";
      msg += known.empty() ? " (alab.yaml defines no environments)"
                           : " (known: " + Join(known, ", ") + ")";
      return UserError(msg);
    }
    env = &it->second;
    cfg.env_name = options.env;
    cfg.confirm = env->confirm;
  }
  const char* env_url = std::getenv("DATABASE_URL");
  const std::string* literal_password = nullptr;  // the used url's refusal
  if (!options.database_url.empty()) {
    url = options.database_url;
    source = "--database-url";
  } else if (env_url != nullptr && *env_url != '\0') {
    url = env_url;
    source = "DATABASE_URL";
  } else if (env != nullptr && !env->url.empty()) {
    const std::string where = "alab.yaml: environments." + options.env + ".url";
    auto expanded = ExpandVars(env->url, where);
    if (!expanded) return expanded.error();
    url = *expanded;
    source = where;
    literal_password = &env->literal_password;
    auto d = NormalizeDialect(env->dialect, "alab.yaml: environments." + options.env + ".dialect");
    if (!d) return d.error();
    dialect = *d;
  } else if (!raw.url.empty()) {
    auto expanded = ExpandVars(raw.url, "alab.yaml: database.url");
    if (!expanded) return expanded.error();
    url = *expanded;
    source = "alab.yaml: database.url";
    dialect = *base_dialect;
    literal_password = &raw.literal_password;
  }
  // A literal password blocks only when its url is the one used; any other one warns.
  if (literal_password != nullptr && !literal_password->empty())
    return UserError(cfg.root.string() + "/" + *literal_password);
  std::vector<const std::string*> unused = {&raw.literal_password};
  for (const auto& [name, e] : raw.environments) unused.push_back(&e.literal_password);
  for (const std::string* p : unused)
    if (!p->empty())
      cfg.warnings.push_back(cfg.root.string() + "/" + *p +
                             " (not used: " + (source.empty() ? "no url" : source) + " is)");

  RememberPasswordsOf(url);  // every later message is redacted of it (cli/context.cc)
  auto url_dialect = dialect::DialectForUrl(url);
  if (!url_dialect) return url_dialect.error().WithContext(source);
  const std::string inferred = *url_dialect != nullptr ? (*url_dialect)->name() : "";
  if (!dialect.empty() && !inferred.empty() && dialect != inferred) {
    return UserError(source + ": the url looks like " + inferred + " but the dialect is " +
                     dialect + " (" + RedactUrl(url) + ")");
  }
  if (dialect.empty()) dialect = inferred;
  if (dialect.empty() && env != nullptr) {
    auto d = NormalizeDialect(env->dialect, "alab.yaml: environments." + options.env + ".dialect");
    if (!d) return d.error();
    dialect = *d;
  }
  if (dialect.empty()) dialect = *base_dialect;
  if (dialect.empty() && url.empty())
    dialect = dialect::DefaultDialect().name();  // the embedded default
  if (dialect.empty()) {
    return UserError(source + ": cannot infer the dialect from '" + RedactUrl(url) +
                     "'; set database.dialect to " + dialect::DialectNamesText());
  }
  url = dialect::GetDialect(dialect).ResolveUrl(url, cfg.root);

  cfg.dialect = dialect;
  cfg.url = url;
  cfg.schemas_dir = ResolveDir(raw.schemas, cfg.root);
  cfg.migrations_dir = ResolveDir(raw.migrations, cfg.root);
  cfg.ignore_tables = std::move(raw.ignore_tables);
  cfg.openapi_servers = std::move(raw.openapi_servers);
  for (const auto& [dir, what] :
       {std::pair{cfg.root / ".alab", ".alab"}, std::pair{cfg.schemas_dir, "schemas"},
        std::pair{cfg.migrations_dir, "migrations"}}) {
    if (auto s = CheckProjectFolder(dir, cfg.root, what); !s) return s.error();
  }
  return cfg;
}

}  // namespace alab::config
