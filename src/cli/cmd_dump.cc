// `alab dump [--data-only] [--table T ...] [-o FILE]`: the database's tables and rows as SQL
// that `alab seed` loads back identically.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/files.h"
#include "cli/command.h"
#include "data/dump.h"
#include "inspect/sources.h"

namespace alab::cli {
namespace {

struct DumpArgs {
  bool data_only = false;
  std::vector<std::string> tables;
  std::string out;
};

int RunDump(Context& ctx, const DumpArgs& args) {
  auto cfg = ctx.LoadConfig(/*require_file=*/false);
  if (!cfg) return ctx.exit_code;
  auto conn = inspect::OpenDatabase(*cfg);
  if (!conn) return ReportError(conn.error());
  data::DumpOptions options;
  options.data_only = args.data_only;
  options.tables = args.tables;
  options.ignore_tables = cfg->ignore_tables;
  bool drew = false;
  if (!ctx.global.quiet && ::isatty(2) != 0) {
    options.progress = [&drew](const std::string& table, size_t done, size_t total) {
      if (total < 10000) return;
      std::fprintf(stderr, "\rdumping %s: %zu/%zu rows", table.c_str(), done, total);
      drew = true;
    };
  }
  std::string text;
  auto write = [&](const std::string& piece) -> Status {
    if (!args.out.empty()) {
      text += piece;
      return Status::Ok();
    }
    if (std::fwrite(piece.data(), 1, piece.size(), stdout) != piece.size())
      return MakeError("writing the dump to stdout failed", ExitCode::kIo);
    return Status::Ok();
  };
  auto stats = data::Dump(**conn, options, write);
  if (drew) std::fputs("\r\033[K", stderr);
  if (!stats) return ReportError(stats.error());
  for (const auto& w : stats->warnings) std::fprintf(stderr, "alab: warning: %s\n", w.c_str());
  if (!args.out.empty()) {
    if (Status s = WriteFileAtomic(args.out, text); !s.ok()) return ReportError(s.error());
    if (!ctx.global.quiet)
      std::fprintf(stderr, "dumped %zu row%s of %zu table%s to %s\n", stats->rows, stats->rows == 1 ? "" : "s",
                   stats->tables, stats->tables == 1 ? "" : "s", args.out.c_str());
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace

void RegisterDump(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DumpArgs>();
  CLI::App* cmd = app.add_subcommand("dump", "Write the database's tables and rows as SQL that `alab seed` loads");
  cmd->add_flag("--data-only", args->data_only, "Only INSERT statements (no CREATE TABLE)");
  cmd->add_option("--table", args->tables, "Dump only this table (SQL name, e.g. auth_user); repeatable");
  cmd->add_option("-o,--out", args->out, "Write to FILE instead of stdout");
  cmd->footer(
      "Tables come parents first (foreign keys), rows in primary-key order, 500 rows per INSERT;\n"
      "the same database always gives the same bytes. alab's own tables and alab.yaml's\n"
      "ignore_tables are left out.\n"
      "Examples:\n"
      "  alab dump --data-only -o seeds/dev.sql\n"
      "  alab dump --table auth_user --table blog_post > snapshot.sql");
  cmd->callback([&ctx, args] { ctx.exit_code = RunDump(ctx, *args); });
}

}  // namespace alab::cli
