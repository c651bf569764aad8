#include "runner/rollback_guard.h"

#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "base/strings.h"
#include "codegen/js_text.h"
#include "codegen/migration_writer.h"
#include "codegen/op_writer.h"
#include "runner/executor.h"

namespace alab::runner {
namespace {

// The 1-based line of the first `name(` / `name:` member in the file (0 when there is none).
int LineOf(const std::string& content, const std::string& name) {
  std::regex member("(^|[^A-Za-z0-9_$.])" + name + R"(\s*(\(|:))");
  int line = 1;
  size_t start = 0;
  while (start <= content.size()) {
    size_t end = content.find('\n', start);
    std::string text =
        content.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (std::regex_search(text, member)) return line;
    if (end == std::string::npos) break;
    start = end + 1;
    ++line;
  }
  return 0;
}

// The down() that `alab new` would write for up(): the inverses in reverse order.
std::string SuggestedDown(const PlannedMigration& pm) {
  std::vector<ops::Op> inverse = codegen::InverseOps(pm.resolved_up);
  if (inverse.empty()) return "";
  codegen::CodeWriter w;
  w.Indent();
  w.Line("down(m) {");
  w.Indent();
  for (size_t i = 0; i < inverse.size(); ++i) codegen::WriteOp(inverse[i], i == 0, w);
  w.Dedent();
  w.Line("},");
  return w.text();
}

// "(12 rows)" / "(0 rows with a value)" / "(table not created yet: 0 rows)": does the line
// count rows that would be lost? A line without a count is kept.
bool LosesRows(const std::string& line) {
  size_t open = line.rfind(" (");
  if (open == std::string::npos) return true;
  std::string rest = line.substr(open + 2);
  if (StartsWith(rest, "table not created yet")) return false;
  size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  if (digits == 0) return true;
  return rest.substr(0, digits) != "0";
}

}  // namespace

Status CheckDownWritten(const Plan& plan, const PlannedMigration& pm) {
  const auto& m = *pm.migration;
  if (!pm.down.empty() || pm.up.empty() || !pm.down_error.empty()) return Status::Ok();
  int down_line = LineOf(m.content, "down");
  int line = down_line > 0 ? down_line : LineOf(m.content, "up");
  std::string where = line > 0 ? fmt::format("{}:{}", m.file, line) : m.file;
  std::string why = down_line == 0 ? "it has no down()"
                    : m.down.empty()
                        ? "its down() is empty"
                        : fmt::format("its down() runs no statement on {}", plan.dialect);
  std::vector<std::string> made;
  for (const auto& op : pm.resolved_up) made.push_back(ops::Describe(op));
  if (made.size() > 4) {
    made.resize(4);
    made.push_back("...");
  }
  std::string suggestion = SuggestedDown(pm);
  return MakeError(
      fmt::format(
          "{}: cannot roll back {}: {}, so a rollback would run nothing, leave what up() made ({}) "
          "and mark "
          "it pending; write a down() that undoes up() in reverse order{} (an m.sql(up) can carry "
          "its own "
          "undo: m.sql(up, down)), then run `alab rollback` again. Nothing was rolled back.{}",
          where, std::filesystem::path(m.file).filename().string(), why, Join(made, ", "),
          suggestion.empty() ? "" : ", for example", suggestion.empty() ? "" : "\n" + suggestion),
      ExitCode::kUserError);
}

std::vector<std::string> RollbackDestroys(dialect::Connection& conn, const Plan& plan,
                                          const std::vector<const PlannedMigration*>& which) {
  // migrate's guard (DestructiveOps) reads the operations of up(); give it those of down().
  std::vector<PlannedMigration> downs;
  downs.reserve(which.size());
  for (const auto* pm : which) {
    PlannedMigration d;
    d.migration = pm->migration;
    d.resolved_up = pm->resolved_down;
    downs.push_back(std::move(d));
  }
  std::vector<const PlannedMigration*> pointers;
  for (const auto& d : downs) pointers.push_back(&d);
  std::vector<std::string> out;
  for (auto& line : DestructiveOps(conn, plan, pointers)) {
    if (LosesRows(line)) out.push_back(std::move(line));
  }
  return out;
}

}  // namespace alab::runner
