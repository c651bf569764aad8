// The typings declare exactly the names the DSL accepts (schema/dsl_names.h), both ways.
#include "cli/templates.h"

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "schema/dsl_names.h"

namespace alab::cli::templates {
namespace {

bool IsIdentChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// Member names declared in `header { ... }` (4-space indented `name(` or `name<`).
std::set<std::string> Members(const std::string& dts, const std::string& header) {
  const size_t start = dts.find(header + " {\n");
  EXPECT_NE(start, std::string::npos) << header;
  if (start == std::string::npos) return {};
  const size_t end = dts.find("\n  }\n", start);
  std::stringstream body(dts.substr(start, end - start));
  std::set<std::string> out;
  for (std::string line; std::getline(body, line);) {
    if (line.rfind("    ", 0) != 0 || line.size() < 5 || !IsIdentChar(line[4]) || line[4] == '_')
      continue;
    size_t i = 4;
    while (i < line.size() && IsIdentChar(line[i])) ++i;
    if (i < line.size() && (line[i] == '(' || line[i] == '<')) out.insert(line.substr(4, i - 4));
  }
  return out;
}

std::set<std::string> Allowed(const std::vector<std::string>& names) {
  std::set<std::string> out;
  for (const auto& n : names) {
    if (schema::ForbiddenTypeHint(n) == nullptr) out.insert(n);
  }
  return out;
}

std::set<std::string> Union(std::set<std::string> a, const std::set<std::string>& b) {
  a.insert(b.begin(), b.end());
  return a;
}

TEST(TypingsNamesTest, MatchTheDslTables) {
  const std::string dts = AlabDts();
  EXPECT_EQ(Members(dts, "interface Col"), Allowed(schema::ColumnTypeNames()));
  EXPECT_EQ(Members(dts, "interface T"), Allowed(schema::TableBuilderTypeNames()));
  EXPECT_EQ(Union(Members(dts, "interface Column<V>"),
                  Members(dts, "interface Relation extends Column<string>")),
            Allowed(schema::ColumnModifierNames()));
  EXPECT_EQ(Members(dts, "interface Table"), Allowed(schema::TableModifierNames()));
  EXPECT_EQ(Members(dts, "interface Fn"), Allowed(schema::FnNames()));
  EXPECT_EQ(Members(dts, "interface M"), Allowed(schema::MigrationOpNames()));
  EXPECT_EQ(Members(dts, "interface AlterColumn"), Allowed(schema::AlterModifierNames()));
  EXPECT_EQ(Members(dts, "interface Hooks"), Allowed(schema::HookMethodNames()));
}

TEST(TypingsNamesTest, ForbiddenTypesAreNotDeclared) {
  const std::string dts = AlabDts();
  for (const char* name : {"serial", "double"}) {
    EXPECT_EQ(dts.find(std::string("    ") + name + "("), std::string::npos) << name;
  }
}

TEST(TemplatesTest, DemoFilesLiveInNamespaceFolders) {
  const auto files = DemoSchemaFiles();
  EXPECT_GE(files.size(), 6u);
  for (const auto& f : files) {
    // schemas/<ns>/<table>.js with identifier names.
    const size_t slash1 = f.path.find('/');
    const size_t slash2 = f.path.find('/', slash1 + 1);
    ASSERT_NE(slash2, std::string::npos) << f.path;
    EXPECT_EQ(f.path.substr(0, slash1), "schemas");
    EXPECT_EQ(f.path.find('/', slash2 + 1), std::string::npos) << f.path;
    EXPECT_TRUE(f.path.size() > 3 && f.path.compare(f.path.size() - 3, 3, ".js") == 0) << f.path;
    for (char c : f.path.substr(slash1 + 1, f.path.size() - 3 - slash1 - 1)) {
      EXPECT_TRUE(IsIdentChar(c) || c == '/') << f.path;
    }
    EXPECT_NE(f.content.find("export default table("), std::string::npos) << f.path;
  }
}

}  // namespace
}  // namespace alab::cli::templates
