// The original AstrolaDB's export layout (export.h: AstroladbLayout).
#include <algorithm>

#include <fmt/format.h>

#include "base/strings.h"
#include "export/export.h"
#include "export/naming.h"

namespace alab::exports {

namespace {

// The TYPES map the original appends to each per-namespace file.
std::string TypesMap(const std::string& ext, const std::vector<const schema::Table*>& tables,
                     const TypeNames& names) {
  std::string out;
  if (ext == "ts") {
    out = "\n// Schema reference to type name.\nexport const TYPES: Record<string, string> = {\n";
    for (const auto* t : tables)
      out += fmt::format("  {}: {},\n", QuoteC(t->Ref()), QuoteC(names.Table(*t)));
    out += "};\n";
  } else if (ext == "go") {
    out = "\n// TYPES maps schema references to type names.\nvar TYPES = map[string]string{\n";
    for (const auto* t : tables)
      out += fmt::format("\t{}: {},\n", QuoteC(t->Ref()), QuoteC(names.Table(*t)));
    out += "}\n";
  } else if (ext == "py") {
    out = "\n\n# Schema reference to type name.\nTYPES: dict[str, str] = {\n";
    for (const auto* t : tables)
      out += fmt::format("    {}: {},\n", QuoteC(t->Ref()), QuoteC(names.Table(*t)));
    out += "}\n";
  } else if (ext == "rs") {
    std::vector<std::string> pairs;
    for (const auto* t : tables)
      pairs.push_back(fmt::format("({}, {})", QuoteRust(t->Ref()), QuoteRust(names.Table(*t))));
    out = "\n/// Schema reference to type name.\npub const TYPES: &[(&str, &str)] = &[" +
          Join(pairs, ", ") + "];\n";
  }
  return out;
}

}  // namespace

Files AstroladbLayout(const schema::Schema& schema, Files files) {
  TypeNames names(schema);
  auto groups = TablesByNamespace(schema);
  Files out;
  for (auto& f : files) {
    // (folder of alab's layout, extension) -> <stem>/types.<ext>
    std::string stem, ext;
    if (StartsWith(f.path, "ts/") && EndsWith(f.path, ".ts")) {
      stem = f.path.substr(3, f.path.size() - 6);
      ext = "ts";
    } else if (StartsWith(f.path, "go/") && EndsWith(f.path, "/models.go")) {
      stem = f.path.substr(3, f.path.size() - 3 - 10);
      ext = "go";
      // package <name> -> package types (the original's package name).
      size_t at = f.content.find("\npackage ");
      size_t line_end = at == std::string::npos ? at : f.content.find('\n', at + 1);
      if (line_end != std::string::npos) f.content.replace(at, line_end - at, "\npackage types");
    } else if (StartsWith(f.path, "python/") && EndsWith(f.path, ".py")) {
      stem = f.path.substr(7, f.path.size() - 10);
      ext = "py";
    } else if (StartsWith(f.path, "rust/") && EndsWith(f.path, ".rs")) {
      if (f.path == "rust/mod.rs") continue;  // each namespace file stands alone
      stem = f.path.substr(5, f.path.size() - 8);
      ext = "rs";
    } else if (f.path == "openapi/openapi.json" || f.path == "graphql/schema.graphql") {
      out.push_back({f.path.substr(f.path.find('/') + 1), std::move(f.content)});
      continue;
    }
    auto group = groups.find(stem);
    if (ext.empty() || group == groups.end()) {
      out.push_back(std::move(f));
      continue;
    }
    out.push_back({stem + "/types." + ext, f.content + TypesMap(ext, group->second, names)});
  }
  std::sort(out.begin(), out.end(), [](const File& a, const File& b) { return a.path < b.path; });
  return out;
}

}  // namespace alab::exports
