// `alab dump [--format sql|json] [--data-only] [--table T ...] [-o FILE]`: the database's
// tables and rows as SQL that `alab seed` loads back identically, or its rows as JSON in the
// wire format (README, "Wire format"), typed by the migrations' schema.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "base/files.h"
#include "cli/command.h"
#include "data/dump.h"
#include "drift/sources.h"

namespace alab::cli {
namespace {

struct DumpArgs {
  std::string format = "sql";
  bool data_only = false;
  std::vector<std::string> tables;
  std::string out;
};

// The message for an -o path that cannot be written: what failed, and the fix.
Error UnwritableOut(const Error& e) {
  return MakeError(e.message + "; choose a writable path for -o (nothing was written)", e.code);
}

// --format json: the whole document goes to a temporary file first (beside -o's file, or an
// anonymous one for stdout), so a failure part way writes nothing anywhere.
int RunDumpJson(Context& ctx, const DumpArgs& args, const config::Config& cfg,
                dialect::Connection& conn, data::DumpOptions& options, bool& drew) {
  auto types = drift::SchemaAtRevision(cfg, "", ctx.global.color);
  if (!types)
    return ReportError(
        types.error().WithContext("reading the migrations' schema (the dump's column types)"));
  std::unique_ptr<AtomicFileWriter> file;
  std::FILE* spool = nullptr;
  struct Closer {
    std::FILE*& f;
    ~Closer() {
      if (f != nullptr) std::fclose(f);
    }
  } closer{spool};
  if (!args.out.empty()) {
    auto opened = AtomicFileWriter::Open(args.out);
    if (!opened) return ReportError(UnwritableOut(opened.error()));
    file = std::move(*opened);
  } else {
    spool = std::tmpfile();
    if (spool == nullptr)
      return ReportError(MakeError(std::string("cannot create a temporary file for the dump: ") +
                                   std::strerror(errno) +
                                   "; set TMPDIR to a writable folder or use -o FILE"));
  }
  auto write = [&](const std::string& piece) -> Status {
    if (file) return file->Append(piece);
    if (std::fwrite(piece.data(), 1, piece.size(), spool) != piece.size())
      return MakeError(std::string("writing the dump's temporary file failed: ") +
                       std::strerror(errno) + "; free space in TMPDIR or use -o FILE");
    return Status::Ok();
  };
  auto stats = data::DumpJson(conn, options, *types, write);
  if (drew) std::fputs("\r\033[K", stderr);
  if (!stats) {
    if (!args.out.empty() && stats.error().code == ExitCode::kIo &&
        stats.error().message.rfind("cannot write", 0) == 0)
      return ReportError(UnwritableOut(stats.error()));
    return ReportError(stats.error());
  }
  for (const auto& w : stats->warnings) std::fprintf(stderr, "alab: warning: %s\n", w.c_str());
  if (file) {
    if (Status s = file->Commit(); !s.ok()) return ReportError(UnwritableOut(s.error()));
    if (!ctx.global.quiet)
      std::fprintf(stderr, "dumped %zu row%s of %zu table%s to %s\n", stats->rows,
                   stats->rows == 1 ? "" : "s", stats->tables, stats->tables == 1 ? "" : "s",
                   args.out.c_str());
    return 0;
  }
  std::rewind(spool);
  char buf[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, spool)) > 0)
    if (std::fwrite(buf, 1, n, stdout) != n)
      return ReportError(MakeError(
          "writing the dump to stdout failed (a closed pipe or a full disk?); use -o FILE",
          ExitCode::kIo));
  std::fflush(stdout);
  return 0;
}

int RunDump(Context& ctx, const DumpArgs& args) {
  auto cfg = ctx.LoadConfig(/*require_file=*/false);
  if (!cfg) return ctx.exit_code;
  if (args.format == "json" && args.data_only)
    return ReportError(
        MakeError("--data-only is for --format sql (the JSON dump holds only rows); drop it",
                  ExitCode::kUsage));
  auto conn = drift::OpenDatabase(*cfg);
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
  if (args.format == "json") return RunDumpJson(ctx, args, *cfg, **conn, options, drew);
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
      std::fprintf(stderr, "dumped %zu row%s of %zu table%s to %s\n", stats->rows,
                   stats->rows == 1 ? "" : "s", stats->tables, stats->tables == 1 ? "" : "s",
                   args.out.c_str());
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace

void RegisterDump(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DumpArgs>();
  CLI::App* cmd = app.add_subcommand(
      "dump",
      "Write the database's tables and rows as SQL that `alab seed` loads, or its rows as JSON");
  cmd->add_option("--format", args->format,
                  "sql (default): CREATE TABLE + INSERTs for `alab seed`; json: {\"table\": "
                  "[rows]} in the wire format")
      ->check(CLI::IsMember({"sql", "json"}));
  cmd->add_flag("--data-only", args->data_only, "Only INSERT statements (no CREATE TABLE)");
  cmd->add_option("--table", args->tables,
                  "Dump only this table (SQL name, e.g. auth_user); repeatable");
  cmd->add_option("-o,--out", args->out, "Write to FILE instead of stdout");
  cmd->footer(
      "Tables come parents first (foreign keys), rows in primary-key order, 500 rows per INSERT;\n"
      "the same database always gives the same bytes. alab's own tables and alab.yaml's\n"
      "ignore_tables are left out.\n"
      "--format json writes {\"<sql table name>\": [{row}, ...]} with every column in schema order "
      "and\n"
      "each value in the wire format that the exports decode (decimals as exact strings, "
      "datetimes\n"
      "as UTC ...Z, booleans, base64, JSON values): see README.md, section \"Wire format\" (also\n"
      "`alab docs`). Column types come from the migrations' schema; a value with no wire form is "
      "an\n"
      "error naming its table, column and primary key, and nothing is written.\n"
      "Examples:\n"
      "  alab dump --data-only -o seeds/dev.sql\n"
      "  alab dump --table auth_user --table blog_post > snapshot.sql\n"
      "  alab dump --format json --table auth_user -o users.json");
  cmd->callback([&ctx, args] { ctx.exit_code = RunDump(ctx, *args); });
}

}  // namespace alab::cli
