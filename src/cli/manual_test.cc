// `alab manual`: the alab(1) page names every command that `alab --help` lists (and the
// nested ones), carries the fixed sections, and renders without a single groff warning.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "cli/help_test_util.h"
#include "test_support.h"

namespace alab::cli {
namespace {

namespace fs = std::filesystem;
using ::alab::testing::InCi;
using ::alab::testing::ReadText;
using ::alab::testing::RunAlab;
using ::alab::testing::TempDir;

using testutil::HelpCommands;

struct Rendered {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Renders page with `groff -man -Tutf8 -ww` (every warning on).
Rendered RenderWithGroff(const fs::path& page, const fs::path& dir) {
  const std::string cmd = "groff -man -Tutf8 -ww -P-cbou '" + page.string() + "' > '" +
                          (dir / "out").string() + "' 2> '" + (dir / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  Rendered r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadText(dir / "out");
  r.err = ReadText(dir / "err");
  return r;
}

std::string Manual(const TempDir& dir) {
  auto r = RunAlab({"manual"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return r.out;
}

TEST(ManualTest, NamesEveryCommandAndNestedCommand) {
  TempDir dir;
  const std::string page = Manual(dir);
  auto commands = HelpCommands();
  ASSERT_TRUE(commands.count("migrate")) << "cannot read the command list from alab --help";
  for (const auto& cmd : commands) {
    EXPECT_NE(page.find(".SS \"alab " + cmd + "\"\n"), std::string::npos)
        << cmd << " has no section";
    for (const auto& sub : HelpCommands({cmd})) {
      EXPECT_NE(page.find(".SS \"alab " + cmd + " " + sub + "\"\n"), std::string::npos)
          << cmd << " " << sub << " has no section";
    }
  }
  // A subcommand shows its own examples, not those it inherits from the program.
  auto at = page.find(".SS \"alab lock status\"\n");
  ASSERT_NE(at, std::string::npos);
  std::string section = page.substr(at, page.find(".SS", at + 1) - at);
  EXPECT_EQ(section.find("alab init \\-\\-demo"), std::string::npos) << section;
  EXPECT_EQ(page.find(".SS \"alab manual\""), std::string::npos)
      << "the hidden command is left out";
}

TEST(ManualTest, HasTheFixedSections) {
  TempDir dir;
  const std::string page = Manual(dir);
  EXPECT_EQ(page.find(".TH ALAB 1 "), page.find(".TH"));
  for (const char* section : {"NAME", "SYNOPSIS", "DESCRIPTION", "GLOBAL OPTIONS", "COMMANDS",
                              "EXIT STATUS", "ENVIRONMENT", "FILES", "JSON OUTPUT"}) {
    EXPECT_NE(page.find(std::string(".SH ") + section + "\n"), std::string::npos) << section;
  }
  auto exit_section = page.substr(page.find(".SH EXIT STATUS"));
  for (const char* code : {".B 0\n", ".B 1\n", ".B 2\n", ".B 3\n", ".B 70\n"})
    EXPECT_NE(exit_section.find(code), std::string::npos) << code;
  for (const char* var : {".B DATABASE_URL", ".B NO_COLOR"})
    EXPECT_NE(page.find(var), std::string::npos) << var;
  for (const char* file : {".B alab.yaml", ".B alab.lock", "schemas/", "migrations/"})
    EXPECT_NE(page.find(file), std::string::npos) << file;
  EXPECT_NE(page.find("json_version"), std::string::npos);
}

TEST(ManualTest, RendersWithoutWarnings) {
  if (std::system("command -v groff > /dev/null 2>&1") != 0) {
    if (InCi()) FAIL() << "groff is not installed (scripts/install.sh installs groff-base)";
    GTEST_SKIP() << "groff is not installed";
  }
  TempDir dir;
  dir.Write("alab.1", Manual(dir));
  auto r = RenderWithGroff(dir / "alab.1", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "") << "groff warnings";
  // The rendered text: options with their values, the examples from the footers, the codes.
  EXPECT_NE(r.out.find("alab export"), std::string::npos);
  EXPECT_NE(r.out.find("-f, --format TEXT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("source <(alab completion bash)"), std::string::npos) << "footer examples";
  EXPECT_NE(r.out.find("EXIT STATUS"), std::string::npos);
  EXPECT_NE(r.out.find("--database-url"), std::string::npos) << "global options";
  EXPECT_NE(r.out.find("one of: bash, zsh, fish"), std::string::npos) << "choices of a value";
}

}  // namespace
}  // namespace alab::cli
