#include "data/seed.h"

#include <fmt/format.h>

#include "base/files.h"
#include "data/sql_script.h"
#include "dialect/dialect.h"

namespace alab::data {
namespace {

struct Loaded {
  const SeedFile* file;
  ScriptStatement statement;
};

bool EndsTransaction(const std::string& sql) {
  std::string k = FirstKeyword(sql);
  return k == "BEGIN" || k == "COMMIT" || k == "ROLLBACK" || k == "END" || k == "START" ||
         k == "ABORT";
}

}  // namespace

Expected<std::vector<SeedFile>> SeedFiles(const std::filesystem::path& target,
                                          const std::string& shown) {
  std::error_code ec;
  if (std::filesystem::is_directory(target, ec)) {
    std::vector<SeedFile> out;
    for (const auto& p : ListFiles(target, ".sql")) {
      std::string rel = std::filesystem::relative(p, target, ec).generic_string();
      std::string base = shown;
      if (!base.empty() && base.back() != '/') base += '/';
      out.push_back({p, base + rel});
    }
    if (out.empty())
      return MakeError(fmt::format("{}: no .sql files in this folder", shown),
                       ExitCode::kUserError);
    return out;
  }
  if (!std::filesystem::exists(target, ec)) {
    return MakeError(fmt::format("{}: no such file or folder", shown), ExitCode::kUserError);
  }
  return std::vector<SeedFile>{{target, shown}};
}

Expected<SeedResult> Seed(dialect::Connection& conn, const std::vector<SeedFile>& files,
                          const std::function<void(int, int)>& progress) {
  ScriptSyntax syntax = conn.dialect().script_syntax();
  std::vector<Loaded> all;
  for (const auto& f : files) {
    auto text = ReadFile(f.path);
    if (!text) return text.error().WithContext(f.shown);
    auto statements = SplitSqlScript(*text, syntax);
    if (!statements) return statements.error().WithContext(f.shown);
    for (auto& s : *statements) {
      if (EndsTransaction(s.sql)) {
        return MakeError(
            fmt::format("{}:{}: '{}' would end the transaction that alab seed runs every file in; "
                        "remove it (the whole seed is already one transaction)",
                        f.shown, s.line, FirstKeyword(s.sql)),
            ExitCode::kUserError);
      }
      all.push_back({&f, std::move(s)});
    }
  }
  SeedResult result;
  result.files = static_cast<int>(files.size());
  if (Status s = conn.Begin(); !s.ok())
    return s.error().WithContext("starting the seed transaction");
  int total = static_cast<int>(all.size());
  for (const auto& l : all) {
    if (Status s = conn.Exec(l.statement.sql); !s.ok()) {
      (void)conn.Rollback();
      return MakeError(fmt::format("{}:{}: {} (nothing was loaded: the seed was rolled back)",
                                   l.file->shown, l.statement.line, s.error().message),
                       ExitCode::kIo);
    }
    ++result.statements;
    if (progress) progress(result.statements, total);
  }
  if (Status s = conn.Commit(); !s.ok()) {
    (void)conn.Rollback();
    return s.error().WithContext("committing the seed (nothing was loaded)");
  }
  return result;
}

}  // namespace alab::data
