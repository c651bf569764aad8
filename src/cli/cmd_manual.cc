// `alab manual`: the alab(1) manual page in roff, generated from the command tree that --help
// prints (every command with its description, options and the examples of its footer), plus
// the fixed sections: exit status (SPEC §8), environment, files and the JSON output contract.
// The build runs it to produce alab.1 for `man alab`.
#include <cstdio>
#include <sstream>

#include "cli/command.h"
#include "cli/command_tree.h"

namespace alab::cli {

namespace {

// Text for a roff line: backslashes and hyphens escaped, no control character at the start.
std::string Roff(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// One option as a tagged paragraph: "\fB\-f\fR, \fB\-\-format\fR \fITEXT\fR" + description.
void Option(const OptionInfo& opt, std::string& out) {
  out += ".TP\n";
  if (opt.positional()) {
    out += "\\fI" + Roff(opt.positional_name) + "\\fR" + (opt.repeats ? " ..." : "") + "\n";
  } else {
    std::string names;
    for (const auto& n : opt.Names())
      names += (names.empty() ? "" : ", ") + ("\\fB" + Roff(n) + "\\fR");
    if (opt.takes_value) names += " \\fI" + Roff(opt.value_name) + "\\fR";
    out += names + "\n";
  }
  std::string text = opt.description;
  if (!opt.choices.empty()) {
    std::string list;
    for (const auto& c : opt.choices) list += (list.empty() ? "" : ", ") + c;
    if (text.find(list) == std::string::npos &&
        text.find(opt.choices[0] + "|") == std::string::npos)
      text += " (one of: " + list + ")";
  }
  if (opt.required) text += " (required)";
  out += Roff(text.empty() ? "(no description)" : text) + "\n";
}

// "alab lock status [options] <name> [<file> ...]"
std::string Synopsis(const CommandInfo& cmd) {
  std::string out = "\\fBalab " + Roff(cmd.Path()) + "\\fR";
  if (!cmd.subcommands.empty()) out += " \\fIsubcommand\\fR";
  if (cmd.options.size() > 1) out += " [\\fIoptions\\fR]";
  for (const auto& pos : cmd.positionals) {
    std::string name = "\\fI" + Roff(pos.positional_name) + "\\fR" + (pos.repeats ? " ..." : "");
    out += " " + (pos.required ? name : "[" + name + "]");
  }
  return out;
}

void Command(const CommandInfo& cmd, std::string& out) {
  out += ".SS \"" + Roff("alab " + cmd.Path()) + "\"\n";
  out += Synopsis(cmd) + "\n.PP\n" + Roff(cmd.description) + "\n";
  for (const auto& pos : cmd.positionals) Option(pos, out);
  for (const auto& opt : cmd.options) {
    if (opt.long_names.size() == 1 && opt.long_names[0] == "--help") continue;
    Option(opt, out);
  }
  if (!cmd.subcommands.empty()) {
    out += ".PP\nSubcommands:\n";
    for (const auto& sub : cmd.subcommands) {
      out += ".TP\n\\fB" + Roff(sub.name) + "\\fR\n" + Roff(sub.description) + "\n";
    }
  }
  if (!cmd.footer.empty()) {
    out += ".PP\n.nf\n.RS 4\n";
    for (const auto& line : Lines(cmd.footer)) out += Roff(line) + "\n";
    out += ".RE\n.fi\n";
  }
}

const char* const kFixedSections = R"(.SH EXIT STATUS
.TP
.B 0
Success.
.TP
.B 1
A check failed, or the input was wrong (schema or migration files, alab.yaml, arguments that
name something that does not exist).
.TP
.B 2
Usage error: an unknown command or option, or a missing argument.
.TP
.B 3
A database or I/O failure (connection refused, a statement the database rejected, a file that
cannot be read or written).
.TP
.B 70
Internal error (a bug in alab; please report it with the command that triggered it).
.SH ENVIRONMENT
.TP
.B DATABASE_URL
The database URL, used when \fB\-\-database\-url\fR is not given; it takes precedence over the
environment chosen with \fB\-\-env\fR and over \fBdatabase.url\fR in alab.yaml.
.TP
.B NO_COLOR
When set (to any value), output is never coloured. Colours are used only on a terminal.
.TP
.I VARIABLE
Any variable named as \fB${VARIABLE}\fR in a url of alab.yaml is expanded from the
environment; an unset variable is an error that names it. Keep secrets there, not in the file.
.SH FILES
.TP
.B alab.yaml
The project configuration: \fBdatabase.dialect\fR, \fBdatabase.url\fR, \fBschemas\fR,
\fBmigrations\fR and \fBenvironments.\fR\fIname\fR; searched from the current folder (or
\fB\-C\fR) upwards.
.TP
.B alab.lock
Checksums of every migration file, chained in revision order.
.TP
.B schemas/\fIns\fB/\fItable\fB.js
One table per file; the folder name is its namespace.
.TP
.B migrations/\fINNN_name\fB.js
Generated migrations, editable after generation.
.SH JSON OUTPUT
Commands with a \fB\-\-json\fR option print one JSON object. Its first key is
\fB"json_version"\fR, currently \fB1\fR. Within a version, objects only grow: keys may be added,
none is removed, renamed or changes its type; any other change increments the version.
Programs should ignore keys they do not know. The exit status is the same as without
\fB\-\-json\fR.
.SH SEE ALSO
\fBalab \-\-help\fR, \fBalab\fR \fIcommand\fR \fB\-\-help\fR, \fBalab completion\fR
)";

std::string ManualPage(const CommandInfo& root) {
  std::string summary = root.description;
  if (auto colon = summary.find(": "); colon != std::string::npos)
    summary = summary.substr(colon + 2);
  std::string out;
  out += ".\\\" alab(1), generated by `alab manual` from the command table.\n";
  out += ".TH ALAB 1 \"\" \"alab " + Roff(ALAB_VERSION) + "\" \"User Commands\"\n";
  out += ".SH NAME\nalab \\- " + Roff(summary) + "\n";
  out +=
      ".SH SYNOPSIS\n\\fBalab\\fR [\\fIglobal options\\fR] \\fIcommand\\fR [\\fIoptions\\fR] "
      "[\\fIarguments\\fR]\n";
  out +=
      ".SH DESCRIPTION\n"
      "alab keeps one data model, declared in small JavaScript schema files, and turns it into\n"
      "reviewed, reversible migrations that it applies to SQLite and PostgreSQL. It detects\n"
      "drift between the files and a live database, and exports native types for TypeScript,\n"
      "Go, Rust and Python, OpenAPI, GraphQL, JSON Schema and Mermaid.\n"
      ".PP\n"
      "Global options may be given before or after the command name.\n";
  if (!root.footer.empty()) {
    out += ".PP\n.nf\n.RS 4\n";
    for (const auto& line : Lines(root.footer)) out += Roff(line) + "\n";
    out += ".RE\n.fi\n";
  }
  out += ".SH GLOBAL OPTIONS\n";
  for (const auto& opt : root.options) Option(opt, out);
  out += ".SH COMMANDS\n";
  for (const CommandInfo* cmd : Flatten(root)) {
    if (cmd != &root) Command(*cmd, out);
  }
  out += kFixedSections;
  return out;
}

}  // namespace

void RegisterManual(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("manual", "Print the alab(1) manual page (roff)");
  cmd->group("");  // hidden: `man alab` is how people read it
  cmd->footer(
      "Example:\n"
      "  alab manual > alab.1 && man -l alab.1");
  CLI::App* root = &app;
  cmd->callback([&ctx, root] {
    std::fputs(ManualPage(DescribeCommands(*root)).c_str(), stdout);
    ctx.exit_code = 0;
  });
}

}  // namespace alab::cli
