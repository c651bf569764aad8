// `alab docs [--out DIR] [--title NAME]`: the schema files as one static HTML page
// (DIR/index.html) with every table and the ER diagram; no database needed.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "base/files.h"
#include "cli/command.h"
#include "docs/page.h"
#include "drift/sources.h"

namespace alab::cli {

namespace {

namespace fs = std::filesystem;

struct DocsArgs {
  std::string out = "site";
  std::string title;
};

int RunDocs(Context& ctx, const DocsArgs& args) {
  auto cfg = ctx.LoadConfig(/*require_file=*/false);
  if (!cfg) return ctx.exit_code;
  auto schema = drift::SchemaFromFiles(*cfg, ctx.global.color);
  if (!schema) return ReportError(schema.error());
  docs::PageOptions options;
  options.title = args.title.empty() ? cfg->root.filename().string() : args.title;
  if (options.title.empty()) options.title = "alab schema";
  const fs::path dir = fs::path(args.out).is_absolute() ? fs::path(args.out) : cfg->root / args.out;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    return ReportError(MakeError(
        fmt::format("--out {}: exists and is not a folder (choose another path)", args.out),
        ExitCode::kIo));
  const fs::path file = dir / "index.html";
  if (auto st = WriteFileAtomic(file, docs::RenderPage(*schema, options)); !st.ok())
    return ReportError(st.error());
  if (!ctx.global.quiet) {
    const size_t n = schema->tables.size();
    std::printf("wrote %s (%zu table%s)\n", DisplayPath(file, cfg->root).c_str(), n,
                n == 1 ? "" : "s");
  }
  return 0;
}

}  // namespace

void RegisterDocs(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DocsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "docs", "Write a static HTML page documenting the schema, with an ER diagram");
  cmd->add_option("-o,--out", args->out,
                  "Output folder, relative to the project (default: site); writes index.html");
  cmd->add_option("--title", args->title, "Page title (default: the project folder's name)");
  cmd->footer(
      "The page is one self-contained file (inline CSS and SVG, no scripts or external assets):\n"
      "open it from disk or publish it anywhere. How each column type travels as JSON (the rows "
      "of\n"
      "`alab dump --format json`, what the exports decode): README.md, section \"Wire format\".\n"
      "Examples:\n"
      "  alab docs\n"
      "  alab docs --out build/schema-docs --title \"Shop database\"");
  cmd->callback([&ctx, args] { ctx.exit_code = RunDocs(ctx, *args); });
}

}  // namespace alab::cli
