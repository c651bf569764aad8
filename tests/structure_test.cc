// The shape of the source tree, read from its files (ARCHITECTURE.md "Dependency direction"):
// shared code never spells a dialect's name, the SQLite, libpq and JavaScriptCore headers stay
// in their one folder each, and every `#include "folder/..."` of production code follows an
// arrow of the drawing. Each failure names file:line and what it broke.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace alab {
namespace {

namespace fs = std::filesystem;

struct SourceFile {
  std::string rel;  // "src/runner/plan.cc"
  std::vector<std::string> lines;
  bool test = false;  // compiled into the test binary only
};

// A file of the test binary: a *_test.cc, a *test_util* helper, or a header that includes the
// test framework or tests/test_support.h (alab_core has neither on its include path, so such a
// header cannot be part of the production build).
bool IsTestFile(const std::string& rel, const std::vector<std::string>& lines) {
  const std::string name = fs::path(rel).filename().string();
  if (name.size() > 8 && name.substr(name.size() - 8) == "_test.cc") return true;
  if (name.find("test_util") != std::string::npos) return true;
  if (rel.rfind("tests/", 0) == 0) return true;
  for (const auto& l : lines) {
    if (l.rfind("#include", 0) != 0) continue;
    if (l.find("<gtest/") != std::string::npos || l.find("\"test_support.h\"") != std::string::npos)
      return true;
  }
  return false;
}

std::vector<SourceFile> ReadTree() {
  std::vector<SourceFile> out;
  const fs::path root = testing::SourceDir();
  for (const char* top : {"src", "tests"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / top)) {
      if (!e.is_regular_file()) continue;
      const std::string ext = e.path().extension().string();
      if (ext != ".cc" && ext != ".h") continue;
      SourceFile f;
      f.rel = fs::relative(e.path(), root).generic_string();
      std::istringstream in(testing::ReadText(e.path()));
      for (std::string line; std::getline(in, line);) f.lines.push_back(line);
      f.test = IsTestFile(f.rel, f.lines);
      out.push_back(std::move(f));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.rel < b.rel; });
  return out;
}

const std::vector<SourceFile>& Tree() {
  static const std::vector<SourceFile>* tree = new std::vector<SourceFile>(ReadTree());
  return *tree;
}

// The line without its comments (a // comment, and /* */ comments, tracked across lines by
// in_block), string literals kept as they are.
std::string CodeOf(const std::string& line, bool& in_block) {
  std::string out;
  bool in_string = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    const char next = i + 1 < line.size() ? line[i + 1] : '\0';
    if (in_block) {
      if (c == '*' && next == '/') {
        in_block = false;
        ++i;
      }
      continue;
    }
    if (in_string) {
      out += c;
      if (c == '\\' && next != '\0') {
        out += next;
        ++i;
      } else if (c == quote) {
        in_string = false;
      }
      continue;
    }
    if (c == '/' && next == '/') break;
    if (c == '/' && next == '*') {
      in_block = true;
      ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      in_string = true;
      quote = c;
    }
    out += c;
  }
  return out;
}

// --- 1. Shared code asks the Dialect object, never a dialect's name ------------------------

// Production files outside src/dialect/ that may spell a dialect's name, each with its reason.
const std::map<std::string, std::string>& NameAllowlist() {
  static const std::map<std::string, std::string> allowed = {
      // The schema language's vocabulary: `sql({postgres: ..., sqlite: ...})`, `postgres(...)`
      // and `sqlite(...)` are words of the file format, listed once beside the other DSL names.
      {"src/schema/dsl_names.cc", "the schema language's words postgres/sqlite"},
      {"src/schema/dsl_names.h", "the schema language's words postgres/sqlite"},
  };
  return allowed;
}

TEST(StructureTest, NoDialectNamesOutsideTheDialectFolder) {
  const std::regex name_literal(R"re("(sqlite|postgres|postgresql)")re");
  const std::regex name_compare(R"re(dialect\(\)\s*[!=]=|dialect\s*[!=]=\s*"|!=\s*"sqlite")re");
  std::vector<std::string> found;
  for (const auto& f : Tree()) {
    if (f.test || f.rel.rfind("src/", 0) != 0 || f.rel.rfind("src/dialect/", 0) == 0) continue;
    if (NameAllowlist().count(f.rel)) continue;
    bool in_block = false;
    for (size_t i = 0; i < f.lines.size(); ++i) {
      // Comments too: a comment that spells a dialect's name is as wrong as the code it describes.
      const std::string code = CodeOf(f.lines[i], in_block);
      std::smatch m;
      if (std::regex_search(f.lines[i], m, name_literal) ||
          std::regex_search(code, m, name_compare))
        found.push_back(f.rel + ":" + std::to_string(i + 1) + ": " + m.str(0));
    }
  }
  std::string report;
  for (const auto& s : found) report += "  " + s + "\n";
  EXPECT_TRUE(found.empty())
      << found.size()
      << " place(s) outside src/dialect/ name a dialect instead of asking the "
         "Dialect object (dialect/dialect.h, dialect/registry.h):\n"
      << report;
}

// --- 2. The include fences -----------------------------------------------------------------

TEST(StructureTest, LibraryHeadersStayInTheirFolder) {
  struct Fence {
    std::regex include;
    std::string folder;
    std::string what;
  };
  const std::vector<Fence> fences = {
      {std::regex(R"(^\s*#\s*include\s*[<"]sqlite3\.h[>"])"), "src/dialect/sqlite/", "sqlite3.h"},
      {std::regex(R"(^\s*#\s*include\s*[<"](postgresql/)?libpq-fe\.h[>"])"),
       "src/dialect/postgres/", "libpq-fe.h"},
      {std::regex(R"(^\s*#\s*include\s*[<"]JavaScriptCore/)"), "src/js/", "JavaScriptCore"},
  };
  std::vector<std::string> found;
  for (const auto& f : Tree()) {
    for (size_t i = 0; i < f.lines.size(); ++i) {
      for (const auto& fence : fences) {
        if (std::regex_search(f.lines[i], fence.include) && f.rel.rfind(fence.folder, 0) != 0)
          found.push_back(f.rel + ":" + std::to_string(i + 1) + ": " + fence.what + " outside " +
                          fence.folder);
      }
    }
  }
  std::string report;
  for (const auto& s : found) report += "  " + s + "\n";
  EXPECT_TRUE(found.empty()) << report;
}

// The fences are real: each header is included somewhere inside its folder (a renamed include
// would otherwise make the fence above pass vacuously).
TEST(StructureTest, EachFencedHeaderIsUsedInsideItsFolder) {
  std::map<std::string, bool> seen = {
      {"sqlite3.h", false}, {"libpq-fe.h", false}, {"JavaScriptCore/", false}};
  for (const auto& f : Tree()) {
    for (const auto& l : f.lines) {
      if (l.rfind("#include", 0) != 0) continue;
      if (f.rel.rfind("src/dialect/sqlite/", 0) == 0 && l.find("sqlite3.h") != std::string::npos)
        seen["sqlite3.h"] = true;
      if (f.rel.rfind("src/dialect/postgres/", 0) == 0 && l.find("libpq-fe.h") != std::string::npos)
        seen["libpq-fe.h"] = true;
      if (f.rel.rfind("src/js/", 0) == 0 && l.find("JavaScriptCore/") != std::string::npos)
        seen["JavaScriptCore/"] = true;
    }
  }
  for (const auto& [header, used] : seen)
    EXPECT_TRUE(used) << header << " is included nowhere in its folder";
}

// --- 3. The dependency direction -----------------------------------------------------------

// The arrows of ARCHITECTURE.md's "Dependency direction" drawing, folder → folders it may
// include directly; what they reach further is allowed too (the closure below).
// "dialect/*" is every dialect's own folder (dialect/sqlite, dialect/postgres, ...).
const std::map<std::string, std::set<std::string>>& DrawnArrows() {
  static const std::map<std::string, std::set<std::string>> arrows = {
      {"cli",
       {"rewrite", "drift", "runner", "migration", "data", "docs", "export", "codegen", "config"}},
      {"rewrite", {"runner", "migration"}},  // squash, rebase: rewriting the migration history
      {"drift", {"runner", "config"}},       // where a schema comes from; drift
      {"runner", {"migration", "data", "codegen", "config"}},
      {"migration", {"dialect", "diff", "codegen", "js"}},
      {"data", {"dialect"}},
      {"dialect/*", {"dialect"}},
      {"dialect", {"ops"}},
      {"diff", {"ops"}},
      {"codegen", {"ops"}},
      {"ops", {"schema"}},
      {"export", {"schema"}},
      {"docs", {"schema"}},
      {"schema", {"js"}},
      {"js", {"diag"}},
      {"diag", {"base"}},
      {"config", {"dialect"}},  // the registry's url table and dialect names
      {"base", {}},
  };
  return arrows;
}

// Edges the drawing does not have, each with why it is there.
const std::map<std::pair<std::string, std::string>, std::string>& KnownEdges() {
  static const std::map<std::pair<std::string, std::string>, std::string> known = {
      // known: the registry (dialect/registry.cc) is the one table that makes each built-in
      // dialect's object, so it includes their folders.
      {{"dialect", "dialect/*"}, "the registry makes the built-in dialects"},
      // known: migration/load_ops.cc splits an m.sql text into statements with data/'s SQL
      // script splitter (the transaction-control check of a migration file).
      {{"migration", "data"}, "m.sql's statements are split by data/sql_script"},
  };
  return known;
}

// "src/dialect/sqlite/render.cc" -> "dialect/*"; "src/runner/plan.cc" -> "runner";
// "dialect/registry.h" (an include) -> "dialect".
std::string FolderOf(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream in(path);
  for (std::string p; std::getline(in, p, '/');) parts.push_back(p);
  if (!parts.empty() && parts.front() == "src") parts.erase(parts.begin());
  if (parts.size() < 2) return "";
  if (parts[0] == "dialect" && parts.size() >= 3) return "dialect/*";
  return parts[0];
}

// Whether the drawn arrows lead from one folder to the other.
bool Reaches(const std::string& from, const std::string& to) {
  std::set<std::string> seen;
  std::vector<std::string> todo = {from};
  while (!todo.empty()) {
    std::string at = todo.back();
    todo.pop_back();
    auto it = DrawnArrows().find(at);
    if (it == DrawnArrows().end()) continue;
    for (const auto& next : it->second) {
      if (next == to) return true;
      if (seen.insert(next).second) todo.push_back(next);
    }
  }
  return false;
}

bool Allowed(const std::string& from, const std::string& to) {
  return from == to || KnownEdges().count({from, to}) > 0 || Reaches(from, to);
}

TEST(StructureTest, IncludesFollowTheDependencyDirection) {
  const std::regex include(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::vector<std::string> found;
  for (const auto& f : Tree()) {
    if (f.test || f.rel.rfind("src/", 0) != 0) continue;
    const std::string from = FolderOf(f.rel);
    if (from.empty()) continue;
    if (!DrawnArrows().count(from)) {
      found.push_back(f.rel + ": folder '" + from +
                      "' is not in the drawing (add it to ARCHITECTURE.md and here)");
      continue;
    }
    for (size_t i = 0; i < f.lines.size(); ++i) {
      std::smatch m;
      if (!std::regex_search(f.lines[i], m, include)) continue;
      const std::string to = FolderOf(m[1].str());
      if (to.empty() || Allowed(from, to)) continue;
      found.push_back(f.rel + ":" + std::to_string(i + 1) + ": " + from + " -> " + to +
                      " (#include \"" + m[1].str() + "\")");
    }
  }
  std::string report;
  for (const auto& s : found) report += "  " + s + "\n";
  EXPECT_TRUE(found.empty()) << found.size()
                             << " include(s) against ARCHITECTURE.md's dependency direction:\n"
                             << report;
}

// The table itself stays one way: no folder reaches itself through the arrows.
TEST(StructureTest, TheDrawingHasNoCycle) {
  for (const auto& [from, tos] : DrawnArrows()) {
    for (const auto& to : tos)
      EXPECT_FALSE(Reaches(to, from)) << from << " -> " << to << " closes a cycle";
  }
}

}  // namespace
}  // namespace alab
