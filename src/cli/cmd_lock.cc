// `alab lock status|verify|repair|release --force`: alab.lock and the migration lock.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/json_output.h"
#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "runner/db_lock.h"
#include "runner/lock_file.h"

namespace alab::cli {
namespace {

const char* ProblemKind(runner::LockProblem::Kind k) {
  switch (k) {
    case runner::LockProblem::Kind::kChanged:
      return "changed";
    case runner::LockProblem::Kind::kMissing:
      return "missing";
    case runner::LockProblem::Kind::kUnlisted:
      return "unlisted";
    case runner::LockProblem::Kind::kAggregate:
      return "aggregate";
    case runner::LockProblem::Kind::kMalformed:
      return "malformed";
    case runner::LockProblem::Kind::kNoLockFile:
      return "no_lock_file";
  }
  return "unknown";
}

int RunLockStatus(Context& ctx, bool verify, bool json) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  auto problems = runner::VerifyLockFile(cfg->root, cfg->migrations_dir);
  auto entries = runner::CurrentEntries(cfg->root, cfg->migrations_dir);
  if (json) {
    nlohmann::ordered_json out = JsonEnvelope(verify ? "lock verify" : "lock status");
    out["lock_file"] = runner::kLockFileName;
    out["in_sync"] = problems.empty();
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& e : entries) files.push_back({{"file", e.file}, {"sha256", e.sha256}});
    out["files"] = std::move(files);
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& p : problems)
      list.push_back({{"kind", ProblemKind(p.kind)}, {"file", p.file}, {"message", p.message}});
    out["problems"] = std::move(list);
    PrintJson(out);
    return verify && !problems.empty() ? static_cast<int>(ExitCode::kUserError) : 0;
  }
  if (!verify) {
    std::printf("%s: %zu migration file%s\n", runner::kLockFileName, entries.size(),
                entries.size() == 1 ? "" : "s");
  }
  for (const auto& p : problems) std::fprintf(verify ? stderr : stdout, "%s\n", p.message.c_str());
  if (problems.empty()) {
    std::printf("%s is in sync with %s\n", runner::kLockFileName,
                cfg->migrations_dir.filename().string().c_str());
    return 0;
  }
  if (!verify) return 0;
  std::fprintf(stderr,
               "alab: error: %s does not match the migration files (%zu problem%s); "
               "check them, then `alab lock repair`\n",
               runner::kLockFileName, problems.size(), problems.size() == 1 ? "" : "s");
  return static_cast<int>(ExitCode::kUserError);
}

int RunLockRepair(Context& ctx) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  if (Status s = runner::WriteLockFile(cfg->root, cfg->migrations_dir); !s.ok())
    return ReportError(s.error());
  if (!ctx.global.quiet) std::printf("wrote %s\n", runner::kLockFileName);
  return 0;
}

int RunLockRelease(Context& ctx, bool force) {
  if (!force) {
    return ReportError(
        MakeError("`alab lock release` ends other migrators' sessions; pass --force to confirm",
                  ExitCode::kUsage));
  }
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  auto conn = dialect::GetDialect(cfg->dialect).Connect(cfg->url);
  if (!conn) return ReportError(conn.error());
  auto n = runner::ForceReleaseLock(**conn);
  if (!n) return ReportError(n.error());
  if (!(*conn)->dialect().capabilities().migration_lock) {
    std::printf("nothing to release: the database's write lock ends with the process holding it\n");
  } else {
    std::printf("released the migration lock (%d session%s ended)\n", *n, *n == 1 ? "" : "s");
  }
  return 0;
}

}  // namespace

void RegisterLock(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("lock", "alab.lock checksums and the migration lock");
  cmd->require_subcommand(1);
  auto json = std::make_shared<bool>(false);
  CLI::App* status =
      cmd->add_subcommand("status", "Show whether alab.lock matches the migration files");
  status->add_flag("--json", *json, "Print {json_version, in_sync, files, problems} as JSON");
  status->callback([&ctx, json] { ctx.exit_code = RunLockStatus(ctx, false, *json); });
  CLI::App* verify =
      cmd->add_subcommand("verify", "Exit 1 unless alab.lock matches the migration files");
  verify->add_flag("--json", *json, "Print {json_version, in_sync, files, problems} as JSON");
  verify->callback([&ctx, json] { ctx.exit_code = RunLockStatus(ctx, true, *json); });
  cmd->add_subcommand("repair", "Rewrite alab.lock from the migration files")->callback([&ctx] {
    ctx.exit_code = RunLockRepair(ctx);
  });
  auto force = std::make_shared<bool>(false);
  CLI::App* rel =
      cmd->add_subcommand("release", "Release a stuck migration lock (ends the holder's session)");
  rel->add_flag("--force", *force, "Confirm");
  rel->callback([&ctx, force] { ctx.exit_code = RunLockRelease(ctx, *force); });
  cmd->footer(
      "Examples:\n"
      "  alab lock verify\n"
      "  alab lock status --json\n"
      "  alab lock repair\n"
      "  alab lock release --force");
}

}  // namespace alab::cli
