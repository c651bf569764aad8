#pragma once
// Type export: the schema IR rendered as native types (TypeScript, Go, Rust, Python) and
// specifications (OpenAPI 3.1, GraphQL SDL, JSON Schema 2020-12, Mermaid ER diagram).
// Every exporter is a pure function of the IR: same schema, same bytes.
// (The namespace is `exports` because `export` is a C++ keyword.)
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
  std::string go_package = "models";
};

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
