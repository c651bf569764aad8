#include "migration/generate.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "base/workers.h"
#include "codegen/migration_writer.h"
#include "migration/dag.h"
#include "migration/file_text.h"
#include "migration/load.h"
#include "migration/replay.h"
#include "schema/junction.h"

namespace alab::migration {

namespace {

// The first table whose database shape differs, for the internal-error message.
std::string FirstDifference(const schema::Schema& got, const schema::Schema& want) {
  for (const auto& t : want.tables) {
    const schema::Table* g = got.Find(t.Ref());
    if (!g) return fmt::format("table {} is missing", t.Ref());
    if (!schema::SameDatabaseShape(*g, t))
      return fmt::format("table {} differs: got {} want {}", t.Ref(), schema::ToJson(*g).dump(),
                         schema::ToJson(t).dump());
  }
  for (const auto& t : got.tables)
    if (!want.Find(t.Ref())) return fmt::format("table {} should not exist", t.Ref());
  return "schemas differ";
}

Status ReplayAndCompare(const Migration& m, const std::vector<ops::Op>& ops, schema::Schema& state,
                        const schema::Schema& want, const char* which) {
  Status st = ApplyMigrationOps(m, ops, state);
  if (!st.ok())
    return MakeError(
        fmt::format("the generated {}() does not replay: {}", which, st.error().message),
        ExitCode::kInternal);
  schema::Canonicalize(state);
  if (!schema::SameDatabaseShape(state, want))
    return MakeError(fmt::format("the generated {}() does not reach the expected schema: {}", which,
                                 FirstDifference(state, want)),
                     ExitCode::kInternal);
  return Status::Ok();
}

}  // namespace

Status CheckGeneratedText(const std::string& display_path, const std::string& content,
                          const schema::Schema& current, const schema::Schema& target) {
  diag::DiagnosticSink diags;
  Migration m = LoadMigrationTextForCheck(display_path, content, diags);
  if (diags.has_errors()) {
    diags.AddSource(display_path, content);
    return MakeError("the generated migration does not evaluate:\n" + diags.Render(),
                     ExitCode::kInternal);
  }
  // up() must take `current` to `target`, and down() `target` back to `current`: two
  // independent replays, one per thread.
  Status status[2] = {Status::Ok(), Status::Ok()};
  RunWorkers(2, [&](size_t k) {
    bool up = k == 0;
    schema::Schema state = up ? current : target;
    status[k] = up ? ReplayAndCompare(m, m.up, state, target, "up")
                   : ReplayAndCompare(m, m.down, state, current, "down");
  });
  return !status[0].ok() ? status[0] : status[1];
}

Expected<GeneratedMigration> GenerateMigration(const std::vector<Migration>& existing,
                                               const schema::Schema& current,
                                               const schema::Schema& target_files,
                                               const GenerateRequest& request) {
  GeneratedMigration out;
  // What the diff compares against (junctions of earlier alab versions keep their shape), so
  // the self-check below expects the same.
  std::optional<schema::Schema> adopted = schema::WithEarlierJunctionShapes(target_files, current);
  const schema::Schema& target = adopted ? *adopted : target_files;
  diff::ChosenRenames renames;
  if (!request.empty) {
    out.up = diff::Diff(current, target, request.diff, &renames);
    if (out.up.empty()) {
      out.no_changes = true;
      return out;
    }
  }
  std::vector<std::string> heads = Heads(existing);
  if (heads.size() > 1)
    return MakeError(
        fmt::format(
            "the migrations have {} heads ({}); join them first with `alab merge -m \"<message>\"`",
            heads.size(), Join(heads, ", ")),
        ExitCode::kUserError);
  out.down_revisions = heads;
  out.revision = request.timestamp ? NextTimestampRevision(existing, *request.timestamp)
                                   : NextRevision(existing);
  out.file_name = MigrationFileName(out.revision, request.name);
  out.down = codegen::InverseOps(out.up);
  codegen::MigrationSpec spec;
  spec.revision = out.revision;
  spec.down_revisions = out.down_revisions;
  spec.description =
      !request.description.empty() ? request.description : ReplaceAll(Trim(request.name), "_", " ");
  spec.rename_tables = renames.tables;
  spec.rename_columns = renames.columns;
  spec.up = std::move(out.up);  // lent to the writer, not copied (thousands of tables)
  spec.down = std::move(out.down);
  out.content = codegen::WriteMigration(spec);
  out.up = std::move(spec.up);
  out.down = std::move(spec.down);
  std::string display = request.migrations_prefix.empty()
                            ? out.file_name
                            : request.migrations_prefix + "/" + out.file_name;
  if (Status st =
          CheckGeneratedText(display, out.content, current, request.empty ? current : target);
      !st.ok())
    return st.error().WithContext(display);
  return out;
}

}  // namespace alab::migration
