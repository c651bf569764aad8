#pragma once
// Type export: the schema IR rendered as native types (TypeScript, Go, Rust, Python) and
// specifications (OpenAPI 3.1 or 3.0, GraphQL SDL, JSON Schema 2020-12, Mermaid ER diagram).
// Every exporter is a pure function of the IR: same schema, same bytes.
// (The namespace is `exports` because `export` is a C++ keyword.)
//
// Column types, per target (nullable: `| null`, pointer, Option<T>, Optional[T], type arrays):
//   IR        TypeScript  Go               Rust                 Python        JSON (specs)
//   uuid      string      string           uuid::Uuid           UUID          string, format uuid
//   string    string      string           String               str           string, maxLength
//   text      string      string           String               str           string
//   integer   number      int32            i32                  int           integer, 32-bit
//   bounds (OAS int32) bigint    string      int64 `,string`  i64 (wire_i64)       int (dataclass;
//   string, pattern of digits (OAS int64);
//                                                              pydantic str) GraphQL scalar BigInt
//   float     number      float64          f64                  float         number
//   decimal   string      string           String               Decimal       string, pattern
//   (scale, precision) boolean   boolean     bool             bool                 bool boolean
//   date      string      string           chrono::NaiveDate    date          string, format date
//   time      string      string           chrono::NaiveTime    time          string, pattern
//   hh:mm:ss datetime  string      time.Time        DateTime<Utc>        datetime      string,
//   date-time + pattern ...Z json      Json        json.RawMessage  serde_json::Value    Any any
//   value base64    string      []byte           String               bytes (dataclass) string,
//   contentEncoding + pattern <as>_type union of    named string     enum (serde rename)  Literal
//   enum of the tables' SQL names (belongs_to_any) its tables' SQL names enum      union typed
//   string     enum (serde rename)  str Enum      enum
// Every table's JSON row (all columns present, no others) is the wire format (README, "Wire
// format") in every language, so a row serialised by any of them validates against the
// exported JSON Schema. Python dataclasses decode and encode it with from_dict / to_dict.
// Dates stay strings in Go (the standard library has no date-only type; time.Time would
// re-encode "2024-02-29" with a time and zone) and are chrono::NaiveDate in Rust, which reads
// and writes exactly "YYYY-MM-DD": both decode the same JSON and re-encode it unchanged.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/ir.h"

namespace alab::exports {

// One generated file; path is relative to the export folder, with '/' separators.
struct File {
  std::string path;
  std::string content;
};
using Files = std::vector<File>;

enum class Target { kTypeScript, kGo, kRust, kPython, kOpenApi, kGraphQl, kJsonSchema, kMermaid };

enum class PythonStyle { kDataclass, kPydantic };

struct Options {
  PythonStyle python_style = PythonStyle::kDataclass;
  // One file per namespace (TypeScript, Go, Rust, Python); the specs are always one document.
  bool per_namespace = false;
  // TypeScript: a runtime validator per table without dependencies: isX(x): x is X, parseX(x)
  // (throws naming every field not in the wire format) and validateX(x) (the problems).
  bool ts_validator = false;
  std::string go_package = "models";
  // Go field names with Go's initialisms (ExternalID); false: plain PascalCase (ExternalId),
  // as the original AstrolaDB writes them (the astroladb layout).
  bool go_initialisms = true;
  // OpenAPI: "3.1" (3.1.0, JSON Schema 2020-12 schemas) or "3.0" (3.0.3: `nullable: true`
  // instead of type arrays, `format: byte` for base64).
  std::string openapi_version = "3.1";
  // OpenAPI: list, get-by-key and create operations per table (false: `paths: {}`).
  bool openapi_paths = true;
  // OpenAPI `servers` (alab.yaml `openapi.servers`); none: one server "/" (the default the
  // OpenAPI specification gives an absent `servers`, written out so that linters see it).
  struct Server {
    std::string url;
    std::string description;
  };
  std::vector<Server> openapi_servers;
};

// `alab export --layout astroladb`: the files where the original AstrolaDB writes them, so
// that code importing them keeps working: <ns>/types.ts, <ns>/types.go (package types),
// <ns>/types.py, <ns>/types.rs, each with its TYPES map ("auth.user" -> "AuthUser"),
// openapi.json and schema.graphql at the top. `files` is the per-namespace export of the
// targets (Options::per_namespace, go_initialisms = false); other files keep their paths.
Files AstroladbLayout(const schema::Schema& schema, Files files);

// "ts"/"typescript", "go", "rust"/"rs", "python"/"py", "openapi", "graphql"/"gql",
// "jsonschema", "mermaid"/"mmd".
std::optional<Target> TargetFromName(std::string_view name);
const char* TargetName(Target t);  // canonical short name ("ts", "go", ...)
std::vector<Target> AllTargets();

// The files of one target, sorted by path.
Files Export(const schema::Schema& schema, Target target, const Options& options = {});

Files ExportTypeScript(const schema::Schema& schema, const Options& options);
Files ExportGo(const schema::Schema& schema, const Options& options);
Files ExportRust(const schema::Schema& schema, const Options& options);
Files ExportPython(const schema::Schema& schema, const Options& options);
Files ExportOpenApi(const schema::Schema& schema, const Options& options);
Files ExportGraphQl(const schema::Schema& schema, const Options& options);
Files ExportJsonSchema(const schema::Schema& schema, const Options& options);
Files ExportMermaid(const schema::Schema& schema, const Options& options);

}  // namespace alab::exports
