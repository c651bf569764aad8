#include "cli/editor_typings.h"

#include <algorithm>
#include <vector>

#include "base/files.h"
#include "cli/templates.h"

namespace alab::cli {

std::string UpdateTablesDts(const std::filesystem::path& root, const schema::Schema& s,
                            bool create) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!create && !fs::exists(root / "types/alab.d.ts", ec)) return "";
  std::vector<std::string> refs;
  for (const auto& t : s.tables)
    if (!t.junction)
      refs.push_back(t.Ref());  // junctions are made by many_to_many, never referenced
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  const fs::path path = root / "types/tables.d.ts";
  const std::string text = templates::TablesDts(refs);
  auto existing = ReadFile(path);
  if (existing.ok() && *existing == text) return "";
  if (Status st = WriteFileAtomic(path, text); !st.ok())
    return "warning: the editor typings' table list was not updated: " + st.error().message;
  return "";
}

}  // namespace alab::cli
