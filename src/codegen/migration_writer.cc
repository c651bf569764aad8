#include "codegen/migration_writer.h"

#include "codegen/js_text.h"
#include "codegen/op_writer.h"

namespace alab::codegen {

namespace {

std::string DownRevision(const std::vector<std::string>& parents) {
  if (parents.empty()) return "null";
  if (parents.size() == 1) return JsString(parents[0]);
  return JsStringArray(parents);
}

void WriteRenames(const MigrationSpec& spec, CodeWriter& w) {
  if (spec.rename_tables.empty() && spec.rename_columns.empty()) return;
  w.Line("renames: {");
  w.Indent();
  auto block = [&](const char* key, const std::map<std::string, std::string>& map) {
    if (map.empty()) return;
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto& [from, to] : map) entries.emplace_back(JsKey(from), JsString(to));
    w.Object(std::string(key) + ": ", entries, ",");
  };
  block("tables", spec.rename_tables);
  block("columns", spec.rename_columns);
  w.Dedent();
  w.Line("},");
}

void WriteBlock(const char* name, const std::vector<ops::Op>& ops, CodeWriter& w) {
  if (ops.empty()) {
    w.Line(std::string(name) + "(m) {},");
    return;
  }
  w.Line(std::string(name) + "(m) {");
  w.Indent();
  for (size_t i = 0; i < ops.size(); ++i) WriteOp(ops[i], i == 0, w);
  w.Dedent();
  w.Line("},");
}

}  // namespace

std::string WriteMigration(const MigrationSpec& spec) {
  CodeWriter w;
  w.Line("export default migration({");
  w.Indent();
  w.Line("description: " + JsString(spec.description) + ",");
  w.Line("up_revision: " + JsString(spec.revision) + ",");
  w.Line("down_revision: " + DownRevision(spec.down_revisions) + ",");
  WriteRenames(spec, w);
  WriteBlock("up", spec.up, w);
  WriteBlock("down", spec.down, w);
  w.Dedent();
  w.Line("});");
  return w.text();
}

std::vector<ops::Op> InverseOps(const std::vector<ops::Op>& up) {
  std::vector<ops::Op> down;
  down.reserve(up.size());
  for (auto it = up.rbegin(); it != up.rend(); ++it)
    if (auto inv = ops::Invert(*it)) down.push_back(std::move(*inv));
  return down;
}

}  // namespace alab::codegen
