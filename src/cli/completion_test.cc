// `alab completion`: the scripts really complete in the real shells. bash: the generated
// function is driven with COMP_WORDS/COMP_CWORD; fish: `complete -C`; zsh: an interactive zsh
// on a pseudo-terminal completes a line. Every command that `alab --help` lists is offered.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/command_tree.h"
#include "cli/help_test_util.h"
#include "test_support.h"

namespace alab::cli {
namespace {

namespace fs = std::filesystem;
using ::alab::testing::InCi;
using ::alab::testing::ReadText;
using ::alab::testing::RunAlab;
using ::alab::testing::TempDir;

struct ShellResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs `shell script` in dir, output captured.
ShellResult RunShell(const std::string& shell, const fs::path& script, const fs::path& dir) {
  const fs::path log = dir / "shell.log";
  const std::string cmd = "cd '" + dir.string() + "' && " + shell + " '" + script.string() +
                          "' > '" + log.string() + "' 2>&1 < /dev/null";
  const int status = std::system(cmd.c_str());
  ShellResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadText(log);
  return r;
}

bool HaveShell(const std::string& name) {
  return std::system(("command -v " + name + " > /dev/null 2>&1").c_str()) == 0;
}

#define REQUIRE_SHELL(name)                                                               \
  do {                                                                                    \
    if (!HaveShell(name)) {                                                               \
      if (InCi()) FAIL() << name << " is not installed (scripts/install.sh installs it)"; \
      GTEST_SKIP() << name << " is not installed";                                        \
    }                                                                                     \
  } while (0)

using testutil::HelpCommands;

std::set<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::set<std::string> out;
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

// Output lines "<label>: <completions>" into a map.
std::map<std::string, std::string> Answers(const std::string& out) {
  std::map<std::string, std::string> answers;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    auto colon = line.find(": ");
    if (colon != std::string::npos) answers[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return answers;
}

fs::path WriteScript(const TempDir& dir, const std::string& shell, const std::string& file) {
  auto r = RunAlab({"completion", shell}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  dir.Write(file, r.out);
  return dir / file;
}

TEST(CompletionTest, HelpListsTheCommands) {
  auto commands = HelpCommands();
  EXPECT_TRUE(commands.count("migrate")) << "cannot read the command list from alab --help";
  EXPECT_TRUE(commands.count("completion"));
  EXPECT_FALSE(commands.count("manual")) << "alab manual is hidden from the command list";
}

TEST(CompletionTest, BashCompletesCommandsOptionsAndChoices) {
  REQUIRE_SHELL("bash");
  TempDir dir;
  fs::path script = WriteScript(dir, "bash", "alab.bash");
  dir.Write("drive.sh",
            "source '" + script.string() +
                "'\n"
                "c() { local label=\"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1));\n"
                "  _alab; echo \"$label: ${COMPREPLY[*]}\"; }\n"
                "c mi alab mi\n"
                "c all alab ''\n"
                "c export-dash alab export -\n"
                "c export-format alab export -f ''\n"
                "c export-format-j alab export --format j\n"
                "c export-equals alab export --format = ''\n"
                "c export-equals-m alab export --format = m\n"
                "c env-then-command alab --env prod mi\n"
                "c lock alab lock ''\n"
                "c lock-st alab lock st\n"
                "c release-dash alab lock release --f\n"
                "c shells alab completion ''\n"
                "c after-shell alab completion bash ''\n"
                "c global-after alab migrate --no\n");
  auto r = RunShell("bash", dir / "drive.sh", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto a = Answers(r.out);
  EXPECT_EQ(a["mi"], "migrate");
  EXPECT_EQ(Words(a["all"]), HelpCommands()) << "alab <TAB> offers exactly the commands of --help";
  auto dash = Words(a["export-dash"]);
  for (const char* opt :
       {"-f", "--format", "--dir", "--stdout", "-h", "--help", "--env", "--database-url"})
    EXPECT_TRUE(dash.count(opt)) << opt << " missing from: " << a["export-dash"];
  auto formats = Words(a["export-format"]);
  for (const char* f :
       {"ts", "go", "rust", "python", "openapi", "graphql", "jsonschema", "mermaid", "all"})
    EXPECT_TRUE(formats.count(f)) << f << " missing from: " << a["export-format"];
  EXPECT_EQ(a["export-format-j"], "jsonschema");
  EXPECT_EQ(Words(a["export-equals"]), formats);
  EXPECT_EQ(a["export-equals-m"], "mermaid");
  EXPECT_EQ(a["env-then-command"], "migrate") << "the value of --env is not a command";
  EXPECT_EQ(Words(a["lock"]), (std::set<std::string>{"status", "verify", "repair", "release"}));
  EXPECT_EQ(a["lock-st"], "status");
  EXPECT_EQ(a["release-dash"], "--force");
  EXPECT_EQ(Words(a["shells"]), (std::set<std::string>{"bash", "zsh", "fish"}));
  EXPECT_EQ(a["after-shell"], "") << "completion takes one shell";
  EXPECT_EQ(a["global-after"], "--no-color") << "global options work after the command";
}

TEST(CompletionTest, FishCompletesCommandsOptionsAndChoices) {
  REQUIRE_SHELL("fish");
  TempDir dir;
  fs::path script = WriteScript(dir, "fish", "alab.fish");
  dir.Write("drive.fish", "source '" + script.string() +
                              "'\n"
                              "function c\n"
                              "  set -l out\n"
                              "  for line in (complete -C $argv[2])\n"
                              "    set -a out (string split -f1 \\t -- $line)\n"
                              "  end\n"
                              "  echo \"$argv[1]: $out\"\n"
                              "end\n"
                              "c mi 'alab mi'\n"
                              "c all 'alab '\n"
                              "c export-dash 'alab export --'\n"
                              "c export-format 'alab export -f '\n"
                              "c env-then-command 'alab --env prod mi'\n"
                              "c lock 'alab lock '\n"
                              "c release-dash 'alab lock release --f'\n"
                              "c shells 'alab completion '\n");
  auto r = RunShell("fish", dir / "drive.fish", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto a = Answers(r.out);
  EXPECT_EQ(a["mi"], "migrate");
  EXPECT_EQ(Words(a["all"]), HelpCommands());
  auto dash = Words(a["export-dash"]);
  for (const char* opt : {"--format", "--dir", "--stdout", "--help", "--env"})
    EXPECT_TRUE(dash.count(opt)) << opt << " missing from: " << a["export-dash"];
  auto formats = Words(a["export-format"]);
  for (const char* f :
       {"ts", "go", "rust", "python", "openapi", "graphql", "jsonschema", "mermaid", "all"})
    EXPECT_TRUE(formats.count(f)) << f << " missing from: " << a["export-format"];
  EXPECT_EQ(a["env-then-command"], "migrate");
  EXPECT_EQ(Words(a["lock"]), (std::set<std::string>{"status", "verify", "repair", "release"}));
  EXPECT_EQ(a["release-dash"], "--force");
  EXPECT_EQ(Words(a["shells"]), (std::set<std::string>{"bash", "zsh", "fish"}));
}

// Completes `line` in an interactive zsh on a pseudo-terminal (zsh/zpty) with the script
// loaded after compinit, and returns the matches, one per line. compadd is wrapped to print
// what it adds; the pre/post completion hooks mark the start and end of the list.
const char* const kZshCapture = R"ZSH(zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PROMPT= ; RPROMPT='
zpty -w z "autoload -U compinit && compinit -u -d '$3/.zcompdump'"
zpty -w z "source '$1'"
zpty -w z 'bindkey "^I" complete-word'
zpty -w z 'zstyle ":completion:*" list-grouped false'
zpty -w z 'zstyle ":completion:*" insert-tab false'
zpty -w z 'null-line () { echo -E - $'"'"'\0'"'"' }'
zpty -w z 'compprefuncs=( null-line ); comppostfuncs=( null-line exit )'
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local ret=$?; for h in $__hits; do echo -E - "MATCH:$h"; done; return $ret }'
zpty -w z "$2"$'\t'
integer seen=0
while zpty -r z; do :; done | while IFS= read -r l; do
  if [[ $l == *$'\0\r' ]]; then (( seen++ )) && exit 0 || continue; fi
  (( seen )) && [[ $l == MATCH:* ]] && echo -E - "${${l#MATCH:}%$'\r'}"
done
)ZSH";

TEST(CompletionTest, ZshCompletesCommandsOptionsAndChoices) {
  REQUIRE_SHELL("zsh");
  TempDir dir;
  fs::path script = WriteScript(dir, "zsh", "_alab");
  auto syntax = RunShell("zsh -n", script, dir.path());
  EXPECT_EQ(syntax.exit_code, 0) << syntax.out;
  EXPECT_EQ(syntax.out, "");
  EXPECT_EQ(ReadText(script).rfind("#compdef alab\n", 0), 0u);
  dir.Write("capture.zsh", kZshCapture);
  auto complete = [&](const std::string& line) {
    const fs::path log = dir / "zsh.log";
    const std::string cmd = "cd '" + dir.path().string() + "' && timeout 60 zsh capture.zsh '" +
                            script.string() + "' '" + line + "' '" + dir.path().string() + "' > '" +
                            log.string() + "' 2>&1 < /dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << line << ": " << ReadText(log);
    return Words(ReadText(log));
  };
  EXPECT_EQ(complete("alab mi"), (std::set<std::string>{"migrate"}));
  EXPECT_EQ(complete("alab "), HelpCommands());
  auto dash = complete("alab export -");
  for (const char* opt : {"-f", "--format", "--dir", "--stdout", "--env"})
    EXPECT_TRUE(dash.count(opt)) << opt << " missing";
  EXPECT_EQ(complete("alab export -f "),
            (std::set<std::string>{"ts", "go", "rust", "python", "openapi", "graphql", "jsonschema",
                                   "mermaid", "all"}));
  EXPECT_EQ(complete("alab lock "),
            (std::set<std::string>{"status", "verify", "repair", "release"}));
  EXPECT_EQ(complete("alab completion "), (std::set<std::string>{"bash", "zsh", "fish"}));
}

TEST(CompletionTest, UnknownShellIsAUsageError) {
  TempDir dir;
  auto r = RunAlab({"completion", "tcsh"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("tcsh"), std::string::npos) << r.err;
  EXPECT_EQ(RunAlab({"completion"}, dir.path()).exit_code, 2);
}

TEST(CompletionTest, ChoicesComeFromValidatorsOrTheHelpText) {
  EXPECT_EQ(ChoicesOf("TEXT:{table,json,sql}", "Output format"),
            (std::vector<std::string>{"table", "json", "sql"}));
  EXPECT_EQ(ChoicesOf("TEXT", "Target: ts|go|all"), (std::vector<std::string>{"ts", "go", "all"}));
  EXPECT_EQ(ChoicesOf("TEXT", "Language: ts|go|rust|python (or any export format)"),
            (std::vector<std::string>{"ts", "go", "rust", "python"}));
  EXPECT_TRUE(ChoicesOf("TEXT", "schemas | migrations (default) | db | a database URL").empty());
  EXPECT_TRUE(ChoicesOf("INT:NONNEGATIVE", "How many").empty());
}

}  // namespace
}  // namespace alab::cli
