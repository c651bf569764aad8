#include "export/export.h"

#include <algorithm>

namespace alab::exports {

namespace {
struct TargetEntry {
  Target target;
  const char* name;
  const char* alias;
};
constexpr TargetEntry kTargets[] = {
    {Target::kTypeScript, "ts", "typescript"},
    {Target::kGo, "go", "golang"},
    {Target::kRust, "rust", "rs"},
    {Target::kPython, "python", "py"},
    {Target::kOpenApi, "openapi", "oas"},
    {Target::kGraphQl, "graphql", "gql"},
    {Target::kJsonSchema, "jsonschema", "json-schema"},
    {Target::kMermaid, "mermaid", "mmd"},
};
}  // namespace

std::optional<Target> TargetFromName(std::string_view name) {
  for (const auto& e : kTargets)
    if (name == e.name || name == e.alias) return e.target;
  return std::nullopt;
}

const char* TargetName(Target t) {
  for (const auto& e : kTargets)
    if (e.target == t) return e.name;
  return "?";
}

std::vector<Target> AllTargets() {
  std::vector<Target> out;
  for (const auto& e : kTargets) out.push_back(e.target);
  return out;
}

Files Export(const schema::Schema& schema, Target target, const Options& options) {
  Files files;
  switch (target) {
    case Target::kTypeScript:
      files = ExportTypeScript(schema, options);
      break;
    case Target::kGo:
      files = ExportGo(schema, options);
      break;
    case Target::kRust:
      files = ExportRust(schema, options);
      break;
    case Target::kPython:
      files = ExportPython(schema, options);
      break;
    case Target::kOpenApi:
      files = ExportOpenApi(schema, options);
      break;
    case Target::kGraphQl:
      files = ExportGraphQl(schema, options);
      break;
    case Target::kJsonSchema:
      files = ExportJsonSchema(schema, options);
      break;
    case Target::kMermaid:
      files = ExportMermaid(schema, options);
      break;
  }
  std::sort(files.begin(), files.end(),
            [](const File& a, const File& b) { return a.path < b.path; });
  return files;
}

}  // namespace alab::exports
