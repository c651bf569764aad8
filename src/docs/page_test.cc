// The docs page: golden bytes for the demo project, escaping of user text, what a table section
// shows (constraints, FK links, deprecations), and `alab docs` end to end through the binary.
#include <gtest/gtest.h>

#include "docs/docs_test_util.h"
#include "docs/page.h"
#include "docs/text.h"
#include "test_support.h"

namespace alab::docs {
namespace {

using testing::CompareGolden;
using testing::RunAlab;
using testing::SourceDir;
using testing::TempDir;

std::filesystem::path Golden() { return SourceDir() / "testdata/docs/demo.html"; }

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

TEST(DocsPage, DemoMatchesGolden) {
  const std::string page = RenderPage(testschemas::Demo(), {"demo"});
  const std::string diff = CompareGolden(Golden(), page);
  EXPECT_TRUE(diff.empty()) << diff;
  EXPECT_EQ(page, RenderPage(testschemas::Demo(), {"demo"}));
}

TEST(DocsPage, DemoShowsEveryTableAndTheDiagram) {
  const schema::Schema demo = testschemas::Demo();
  const std::string page = RenderPage(demo, {"demo"});
  EXPECT_NE(page.find("<h1>demo</h1>"), std::string::npos);
  EXPECT_NE(page.find("9 tables (2 junction) in 3 namespaces &middot; 11 foreign keys"),
            std::string::npos);
  for (const auto& t : demo.tables) {
    EXPECT_EQ(Count(page, "<section class=\"table\" id=\"table-" + t.SqlName() + "\""), 1u)
        << t.Ref();
    EXPECT_EQ(Count(page, "id=\"er-" + t.SqlName() + "\""), 1u) << t.Ref();
    EXPECT_NE(page.find("<li><a href=\"#table-" + t.SqlName() + "\">"), std::string::npos)
        << t.Ref();
  }
  EXPECT_EQ(Count(page, "<svg "), 1u);
  EXPECT_EQ(Count(page, "<path class=\"er-edge"), 11u);
  // Self-contained: no scripts, no external resources.
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("url(http"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  // Constraints a reader needs: FK targets as in-page links with their actions, enums, defaults.
  EXPECT_NE(
      page.find(
          "references <a href=\"#table-auth_user\"><code>auth.user</code></a>.<code>id</code> on "
          "delete cascade"),
      std::string::npos);
  EXPECT_NE(page.find("one of <code>draft</code>, <code>published</code>, <code>archived</code>"),
            std::string::npos);
  EXPECT_NE(page.find("default <code>&#39;draft&#39;</code>"), std::string::npos);
  EXPECT_NE(page.find("<code>published_has_date</code>: <code>status &lt;&gt; &#39;published&#39;"),
            std::string::npos);
  EXPECT_NE(page.find("<code>string(255)</code> <span class=\"semantic\">email</span>"),
            std::string::npos);
}

TEST(DocsPage, EscapesUserText) {
  schema::Table t;
  t.ns = "app";
  t.name = "note";
  t.docs = "<script>alert(\"x\")</script> & 'quotes'";
  t.deprecated = "use <b>app.memo</b> & co";
  schema::Column id = testschemas::Col("id", schema::Type::kUuid);
  id.primary_key = true;
  schema::Column body = testschemas::Col("body", schema::Type::kText);
  body.docs = "</td><img src=x onerror=alert(1)>";
  body.deprecated = "\"gone\"";
  body.default_value = schema::Value::String("it's <b>");
  body.check = "length(body) < 10 && 1 > 0";
  schema::Column kind = testschemas::Col("kind", schema::Type::kEnum);
  kind.enum_values = {"a<b", "c\"d"};
  t.columns = {id, body, kind};
  t.checks.push_back({"short_body", "length(body) <> 0 AND body <> '<x>'", {}});
  schema::Schema s;
  s.tables.push_back(t);
  schema::Canonicalize(s);
  const std::string page = RenderPage(s, {"<Acme & \"Co\">"});

  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b>app"), std::string::npos);
  EXPECT_EQ(page.find("<b>'"), std::string::npos);
  EXPECT_NE(page.find("<h1>&lt;Acme &amp; &quot;Co&quot;&gt;</h1>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;"),
            std::string::npos);
  EXPECT_NE(page.find("&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(page.find("<code>a&lt;b</code>, <code>c&quot;d</code>"), std::string::npos);
  EXPECT_NE(page.find("<code>length(body) &lt; 10 &amp;&amp; 1 &gt; 0</code>"), std::string::npos);
  EXPECT_NE(page.find("<code>&#39;it\\&#39;s &lt;b&gt;&#39;</code>"), std::string::npos);
  // Deprecations are marked on the table (section, badge, contents, diagram) and on the column.
  EXPECT_NE(page.find("<section class=\"table deprecated\" id=\"table-app_note\""),
            std::string::npos);
  EXPECT_NE(page.find("<strong>Deprecated</strong>: use &lt;b&gt;app.memo&lt;/b&gt; &amp; co"),
            std::string::npos);
  EXPECT_NE(page.find("<tr id=\"col-app_note-body\" class=\"deprecated\">"), std::string::npos);
  EXPECT_NE(page.find("<strong>Deprecated</strong>: &quot;gone&quot;"), std::string::npos);
  EXPECT_NE(page.find("class=\"er-table er-deprecated\""), std::string::npos);
  EXPECT_NE(page.find("<text class=\"er-col er-dep\""), std::string::npos);
  EXPECT_NE(page.find("1 deprecated"), std::string::npos);
}

TEST(DocsPage, HtmlEscape) {
  EXPECT_EQ(HtmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(HtmlEscape("unicodé ✓"), "unicodé ✓");
}

TEST(DocsCli, WritesThePageOfTheDemoProject) {
  TempDir dir;
  ASSERT_EQ(RunAlab({"init", "-q", "--demo"}, dir.path()).exit_code, 0);
  auto r = RunAlab({"docs", "--title", "demo"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "wrote site/index.html (9 tables)\n");
  EXPECT_EQ(r.err.find("alab:"), std::string::npos) << r.err;  // no error or warning
  // The same bytes as the golden page: the command adds nothing of its own.
  EXPECT_EQ(dir.Read("site/index.html"), testing::ReadText(Golden()));

  auto quiet = RunAlab({"-q", "docs", "--out", "public/schema"}, dir.path());
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.out, "");
  const std::string named = dir.Read("public/schema/index.html");
  EXPECT_NE(named.find("<h1>" + dir.path().filename().string() + "</h1>"), std::string::npos)
      << "the default title is the project folder's name";
  EXPECT_FALSE(std::filesystem::exists(dir / "public/schema/index.html.tmp"));
}

TEST(DocsCli, ExitCodes) {
  TempDir dir;
  ASSERT_EQ(RunAlab({"init", "-q", "--demo"}, dir.path()).exit_code, 0);
  auto usage = RunAlab({"docs", "--bogus"}, dir.path());
  EXPECT_EQ(usage.exit_code, 2) << usage.err;

  dir.Write("taken", "a file, not a folder");
  auto io = RunAlab({"docs", "--out", "taken"}, dir.path());
  EXPECT_EQ(io.exit_code, 3) << io.err;
  EXPECT_NE(io.err.find("exists and is not a folder"), std::string::npos) << io.err;

  dir.Write("schemas/blog/broken.js", "export default table({ id: col.idd() });\n");
  auto bad = RunAlab({"docs"}, dir.path());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("schemas/blog/broken.js:1:"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "site/index.html"))
      << "nothing written for a broken schema";

  auto help = RunAlab({"docs", "--help"}, dir.path());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("alab docs --out"), std::string::npos);
}

}  // namespace
}  // namespace alab::docs
