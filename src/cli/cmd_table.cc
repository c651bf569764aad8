// `alab table <ns> <name>`: scaffolds schemas/<ns>/<name>.js.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "base/files.h"
#include "cli/command.h"
#include "cli/templates.h"

namespace alab::cli {

namespace {

namespace fs = std::filesystem;

struct TableArgs {
  std::string ns;
  std::string name;
};

// "" when ident is a valid identifier, else why not.
std::string IdentifierProblem(const std::string& ident) {
  if (ident.empty()) return "is empty";
  if (ident.size() > 63) return "is longer than 63 bytes";
  const char first = ident[0];
  if (!((first >= 'a' && first <= 'z') || first == '_')) {
    return "must start with a lowercase letter or '_'";
  }
  for (char c : ident) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return "may only contain lowercase letters, digits and '_'";
    }
  }
  return "";
}

int RunTable(Context& ctx, TableArgs args) {
  if (args.name.empty()) {  // `alab table auth.user`
    const size_t dot = args.ns.find('.');
    if (dot == std::string::npos) {
      return ReportError(
          MakeError("give a namespace and a table name: alab table auth user", ExitCode::kUsage));
    }
    args.name = args.ns.substr(dot + 1);
    args.ns = args.ns.substr(0, dot);
  }
  for (const auto& [what, value] :
       {std::pair{"namespace", args.ns}, std::pair{"table name", args.name}}) {
    if (std::string problem = IdentifierProblem(value); !problem.empty()) {
      return ReportError(MakeError(std::string(what) + " '" + value + "' " + problem +
                                       " (identifiers match ^[a-z_][a-z0-9_]*$)",
                                   ExitCode::kUserError));
    }
  }
  if (args.ns.size() + 1 + args.name.size() > 63) {
    return ReportError(
        MakeError("the SQL name '" + args.ns + "_" + args.name + "' would be longer than 63 bytes",
                  ExitCode::kUserError));
  }
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  const fs::path file = cfg->schemas_dir / args.ns / (args.name + ".js");
  std::error_code ec;
  if (fs::exists(file, ec)) {
    return ReportError(
        MakeError(DisplayPath(file, cfg->root) + " already exists; nothing was written",
                  ExitCode::kUserError));
  }
  if (auto st = WriteFileAtomic(file, templates::TableScaffold(args.ns, args.name)); !st) {
    return ReportError(st.error());
  }
  if (!ctx.global.quiet) std::printf("created %s\n", DisplayPath(file, cfg->root).c_str());
  return 0;
}

}  // namespace

void RegisterTable(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<TableArgs>();
  CLI::App* cmd = app.add_subcommand("table", "Scaffold a schema file: schemas/<ns>/<name>.js");
  cmd->add_option("ns", args->ns, "Namespace (the folder under schemas/), or ns.name")->required();
  cmd->add_option("name", args->name, "Table name within the namespace");
  cmd->footer(
      "Examples:\n"
      "  alab table billing invoice     # writes schemas/billing/invoice.js (SQL: "
      "billing_invoice)\n"
      "  alab table auth.api_key");
  cmd->callback([&ctx, args] { ctx.exit_code = RunTable(ctx, *args); });
}

}  // namespace alab::cli
