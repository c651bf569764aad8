// The typings declare exactly the names the DSL accepts (schema/dsl_names.h), both ways.
#include "cli/templates.h"

#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "schema/dsl_names.h"

namespace alab::cli::templates {
namespace {

// Member names declared in `header { ... }` (4-space indented `name(` or `name<`).
std::set<std::string> Members(const std::string& dts, const std::string& header) {
  const size_t start = dts.find(header + " {\n");
  EXPECT_NE(start, std::string::npos) << header;
  if (start == std::string::npos) return {};
  const size_t end = dts.find("\n  }\n", start);
  const std::string body = dts.substr(start, end - start);
  std::set<std::string> out;
  std::regex member("\n    ([a-z_][a-z0-9_]*)[<(]");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), member); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1]);
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
  EXPECT_EQ(Union(Members(dts, "interface Column<V>"), Members(dts, "interface Relation extends Column<string>")),
            Allowed(schema::ColumnModifierNames()));
  EXPECT_EQ(Members(dts, "interface Table"), Allowed(schema::TableModifierNames()));
  EXPECT_EQ(Members(dts, "interface Fn"), Allowed(schema::FnNames()));
  EXPECT_EQ(Members(dts, "interface M"), Allowed(schema::MigrationOpNames()));
  EXPECT_EQ(Members(dts, "interface AlterColumn"), Allowed(schema::AlterModifierNames()));
  EXPECT_EQ(Members(dts, "interface Hooks"), Allowed(schema::HookMethodNames()));
}

TEST(TypingsNamesTest, ForbiddenTypesAreNotDeclared) {
  const std::string dts = AlabDts();
  for (const char* name : {"bigint", "serial", "double"}) {
    EXPECT_EQ(dts.find(std::string("    ") + name + "("), std::string::npos) << name;
  }
}

TEST(TemplatesTest, DemoFilesLiveInNamespaceFolders) {
  std::regex path("^schemas/[a-z_]+/[a-z_]+\\.js$");
  const auto files = DemoSchemaFiles();
  EXPECT_GE(files.size(), 6u);
  for (const auto& f : files) {
    EXPECT_TRUE(std::regex_match(f.path, path)) << f.path;
    EXPECT_NE(f.content.find("export default table("), std::string::npos) << f.path;
  }
}

}  // namespace
}  // namespace alab::cli::templates
