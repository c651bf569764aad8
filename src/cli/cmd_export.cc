// `alab export` (files for one or all targets) and `alab types` (one language to stdout).
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "base/files.h"
#include "cli/command.h"
#include "cli/editor_typings.h"
#include "cli/templates.h"
#include "config/config.h"
#include "export/export.h"
#include "schema/project.h"

namespace alab::cli {

namespace {

namespace fs = std::filesystem;

struct ExportArgs {
  std::string format;
  std::string dir = "exports";
  bool to_stdout = false;
  std::string python_style = "dataclass";
  bool per_namespace = false;
  bool validator = false;               // TypeScript: isX / parseX checking the wire format
  std::string layout = "alab";          // or "astroladb": the original's file names (export.h)
  std::string schema_json;              // read the IR from a JSON dump instead of the schema files
  std::string openapi_version = "3.1";  // or "3.0" (3.0.3)
  bool no_paths = false;                // OpenAPI: `paths: {}` instead of list/get/create per table
};

int Fail(const std::string& message, ExitCode code) {
  std::fprintf(stderr, "alab: error: %s\n", message.c_str());
  return static_cast<int>(code);
}

// Loads the schema (from --schema-json or the project's schema files). Returns the exit code
// on failure; root receives the folder that relative output paths start from.
// servers receives alab.yaml's openapi.servers (none with --schema-json).
int LoadSchema(Context& ctx, const ExportArgs& args, schema::Schema& out, fs::path& root,
               std::vector<exports::Options::Server>& servers) {
  if (!args.schema_json.empty()) {
    auto text = ReadFile(args.schema_json);
    if (!text) return Fail(text.error().message, text.error().code);
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return Fail(args.schema_json + ": not a JSON schema dump", ExitCode::kUserError);
    auto dump = schema::SchemaFromJson(j);
    if (!dump) return Fail(args.schema_json + ": " + dump.error().message, dump.error().code);
    out = std::move(*dump);
    root = ctx.global.project_dir;
    return 0;
  }
  config::ConfigOptions opts;
  opts.start_dir = ctx.global.project_dir;
  opts.env = ctx.global.env;
  opts.database_url = ctx.global.database_url;
  opts.require_file = false;
  auto cfg = config::LoadConfig(opts);
  if (!cfg) return Fail(cfg.error().message, cfg.error().code);
  PrintConfigWarnings(*cfg);
  for (const auto& srv : cfg->openapi_servers) servers.push_back({srv.url, srv.description});
  auto result = schema::LoadSchemas(cfg->root, cfg->schemas_dir);
  std::string rendered = result.diags.Render(ctx.global.color);
  if (!rendered.empty()) std::fputs(rendered.c_str(), stderr);
  if (!result.ok()) return static_cast<int>(ExitCode::kUserError);
  out = std::move(result.schema);
  root = cfg->root;
  return 0;
}

int RunExport(Context& ctx, const ExportArgs& args, const std::vector<exports::Target>& targets) {
  exports::Options options;
  if (args.python_style == "pydantic")
    options.python_style = exports::PythonStyle::kPydantic;
  else if (args.python_style != "dataclass")
    return Fail("--python-style must be dataclass or pydantic", ExitCode::kUsage);
  options.per_namespace = args.per_namespace;
  options.ts_validator = args.validator;
  const bool astroladb = args.layout == "astroladb";
  if (!astroladb && args.layout != "alab")
    return Fail("--layout must be alab or astroladb", ExitCode::kUsage);
  if (args.openapi_version != "3.1" && args.openapi_version != "3.0")
    return Fail("--openapi-version must be 3.0 or 3.1", ExitCode::kUsage);
  options.openapi_version = args.openapi_version;
  options.openapi_paths = !args.no_paths;
  if (astroladb) {
    options.per_namespace = true;
    options.go_initialisms = false;
  }
  schema::Schema schema;
  fs::path root;
  if (int rc = LoadSchema(ctx, args, schema, root, options.openapi_servers); rc != 0) return rc;
  exports::Files files;
  for (auto t : targets) {
    auto f = exports::Export(schema, t, options);
    files.insert(files.end(), f.begin(), f.end());
  }
  if (astroladb) files = exports::AstroladbLayout(schema, std::move(files));
  if (args.to_stdout) {
    for (const auto& f : files) {
      if (files.size() > 1) std::printf("==> %s <==\n", f.path.c_str());
      std::fputs(f.content.c_str(), stdout);
    }
    return 0;
  }
  fs::path dir = fs::path(args.dir).is_absolute() ? fs::path(args.dir) : root / args.dir;
  for (const auto& f : files) {
    fs::path p = dir / f.path;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (auto st = WriteFileAtomic(p, f.content); !st.ok())
      return Fail(st.error().message, st.error().code);
    if (!ctx.global.quiet) std::printf("wrote %s\n", DisplayPath(p, root).c_str());
  }
  return 0;
}

std::string TargetList() {
  std::string out;
  for (auto t : exports::AllTargets())
    out += std::string(out.empty() ? "" : "|") + exports::TargetName(t);
  return out + "|all";
}

}  // namespace

void RegisterExport(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand("export", "Export native types and API specs from the schema");
  cmd->add_option("-f,--format", args->format, "Target: " + TargetList())->required();
  cmd->add_option("--dir", args->dir, "Output folder, relative to the project (default: exports)");
  cmd->add_flag("--stdout", args->to_stdout, "Print the files instead of writing them");
  cmd->add_option("--python-style", args->python_style,
                  "Python classes: dataclass (default) or pydantic");
  cmd->add_flag("--per-namespace", args->per_namespace,
                "One file per namespace (ts, go, rust, python)");
  cmd->add_flag("--validator", args->validator,
                "TypeScript: also write isX(x): x is X and parseX(x) per table, checking every "
                "field's wire format");
  cmd->add_option(
      "--layout", args->layout,
      "File layout: alab (default) or astroladb (<ns>/types.go, openapi.json, ... as the original "
      "AstrolaDB writes them)");
  cmd->add_option("--schema-json", args->schema_json,
                  "Read the schema from a JSON dump (alab schema -f json)");
  cmd->add_option("--openapi-version", args->openapi_version,
                  "OpenAPI: 3.1 (default, 3.1.0) or 3.0 (3.0.3: nullable: true, format: byte)");
  cmd->add_flag("--no-paths", args->no_paths,
                "OpenAPI: only components (no list/get/create paths per table)");
  cmd->callback([&ctx, args] {
    std::vector<exports::Target> targets;
    if (args->format == "all") {
      targets = exports::AllTargets();
    } else if (auto t = exports::TargetFromName(args->format)) {
      targets.push_back(*t);
    } else {
      ctx.exit_code =
          Fail(fmt::format("unknown export format '{}' (expected {})", args->format, TargetList()),
               ExitCode::kUsage);
      return;
    }
    ctx.exit_code = RunExport(ctx, *args, targets);
  });
}

// `alab types` without -l: the editor typings written again (types/alab.d.ts of this alab,
// types/tables.d.ts from the schema files), and a tsconfig.json that a current TypeScript
// refuses is named with its fix.
int RunEditorTypings(Context& ctx) {
  auto cfg = ctx.LoadConfig();
  if (!cfg.ok()) return ctx.exit_code;
  schema::LoadResult loaded = schema::LoadSchemas(cfg->root, cfg->schemas_dir);
  if (!loaded.diags.diagnostics().empty())
    std::fputs(loaded.diags.Render(ctx.global.color).c_str(), stderr);
  if (!loaded.ok())
    return Fail("the schema files have errors; the editor typings were not written",
                ExitCode::kUserError);
  if (Status st = WriteFileAtomic(cfg->root / "types/alab.d.ts", templates::AlabDts()); !st.ok())
    return ReportError(st.error());
  std::string warning = UpdateTablesDts(cfg->root, loaded.schema, /*create=*/true);
  if (!warning.empty()) return Fail(warning, ExitCode::kIo);
  auto tsconfig = ReadFile(cfg->root / "tsconfig.json");
  if (tsconfig.ok() && (tsconfig->find("\"moduleResolution\": \"node\"") != std::string::npos ||
                        tsconfig->find("\"moduleResolution\": \"node10\"") != std::string::npos)) {
    std::fputs(
        "warning: tsconfig.json: \"moduleResolution\": \"node\" is deprecated in TypeScript 6 and "
        "removed in 7; "
        "set \"module\": \"ESNext\" and \"moduleResolution\": \"bundler\"\n",
        stderr);
  }
  if (!ctx.global.quiet)
    std::printf("wrote types/alab.d.ts and types/tables.d.ts (%zu tables)\n",
                loaded.schema.tables.size());
  return 0;
}

void RegisterTypes(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand(
      "types",
      "Print the types of one language to stdout (-l), or write the editor typings (types/*.d.ts)");
  cmd->add_option(
      "-l,--lang", args->format,
      "Language: ts|go|rust|python (or any export format); without it, types/alab.d.ts and "
      "types/tables.d.ts are written");
  cmd->add_option("--python-style", args->python_style,
                  "Python classes: dataclass (default) or pydantic");
  cmd->add_option("--schema-json", args->schema_json,
                  "Read the schema from a JSON dump (alab schema -f json)");
  cmd->callback([&ctx, args] {
    if (args->format.empty()) {
      ctx.exit_code = RunEditorTypings(ctx);
      return;
    }
    auto t = exports::TargetFromName(args->format);
    if (!t) {
      ctx.exit_code =
          Fail(fmt::format("unknown language '{}' (expected {})", args->format, TargetList()),
               ExitCode::kUsage);
      return;
    }
    args->to_stdout = true;
    ctx.exit_code = RunExport(ctx, *args, {*t});
  });
}

}  // namespace alab::cli
