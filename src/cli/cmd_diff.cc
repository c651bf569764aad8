// `alab diff [--from S] [--to S] [--sql]`: the changes between two schemas, where a schema
// is `schemas` (the schema files), `migrations` (their replay), `db` (the configured
// database, introspected) or a database URL.
#include <cstdio>
#include <iterator>
#include <memory>
#include <string>
#include <variant>

#include <fmt/format.h>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/json_output.h"
#include "config/config.h"
#include "dialect/compare.h"
#include "dialect/dialect.h"
#include "dialect/inspect.h"
#include "diff/diff.h"
#include "drift/sources.h"
#include "schema/type_text.h"

namespace alab::cli {

namespace {

struct DiffArgs {
  std::string from = "migrations";
  std::string to = "schemas";
  bool sql = false;
  bool json = false;
  bool exit_code = false;  // exit 1 when there are changes (like `git diff --exit-code`)
};

// The op's kind as the JSON output names it, in the order of the ops::Op variant.
const char* KindName(const ops::Op& op) {
  static constexpr const char* kNames[] = {
      "create_table",     "drop_table",   "rename_table", "add_column", "drop_column",
      "rename_column",    "alter_column", "create_index", "drop_index", "add_foreign_key",
      "drop_foreign_key", "add_check",    "drop_check",   "raw_sql"};
  static_assert(std::size(kNames) == std::variant_size_v<ops::Op>, "a name for every op kind");
  return kNames[op.index()];
}

bool IsDatabase(const std::string& source) { return source != "schemas" && source != "migrations"; }

struct Loaded {
  schema::Schema schema;
  std::string dialect;  // for database sources
};

Expected<Loaded> LoadOffline(const config::Config& cfg, const std::string& source, bool color) {
  Loaded out;
  auto s = source == "schemas" ? drift::SchemaFromFiles(cfg, color)
                               : drift::SchemaFromMigrations(cfg, nullptr, color);
  if (!s) return s.error();
  out.schema = std::move(*s);
  return out;
}

Expected<Loaded> LoadDatabase(const config::Config& cfg, const std::string& source,
                              const schema::Schema* other) {
  auto conn = drift::OpenDatabase(cfg, source == "db" ? "" : source);
  if (!conn) return conn.error();
  dialect::InspectOptions o;
  o.ignore_tables = cfg.ignore_tables;
  o.expected = other;
  o.namespace_by_prefix = other == nullptr;
  auto s = dialect::Inspect(**conn, o);
  if (!s) return s.error();
  Loaded out;
  out.dialect = (*conn)->dialect().name();
  out.schema = other ? dialect::Reconcile((*conn)->dialect(), *other, *s) : std::move(*s);
  return out;
}

std::string ColumnText(const schema::Column& c) {
  std::string out = c.name + " " + schema::TypeText(c);
  if (c.primary_key) out += " PRIMARY KEY";
  if (c.primary_key && c.key_position != 0) out += fmt::format(" (place {})", c.key_position);
  out += c.nullable ? " NULL" : " NOT NULL";
  if (c.unique) out += " UNIQUE";
  if (c.default_value) out += " DEFAULT " + dialect::DescribeValue(c.default_value);
  if (!c.check.empty()) out += " CHECK (" + c.check + ")";
  if (c.computed) out += " GENERATED";
  return out;
}

std::string IndexText(const std::string& table, const schema::Index& i) {
  return fmt::format("{}INDEX {} ON {} ({}){}", i.unique ? "UNIQUE " : "", i.name,
                     schema::SqlNameOfRef(table), Join(i.columns, ", "),
                     i.where.empty() ? "" : " WHERE " + i.where);
}

struct Human {
  std::string operator()(const ops::CreateTable& o) const {
    std::vector<std::string> cols;
    for (const auto& c : o.table.columns) cols.push_back(ColumnText(c));
    return fmt::format("+ CREATE TABLE {} ({})", o.table.SqlName(), Join(cols, ", "));
  }
  std::string operator()(const ops::DropTable& o) const {
    return "- DROP TABLE " + o.table.SqlName();
  }
  std::string operator()(const ops::RenameTable& o) const {
    return fmt::format("~ ALTER TABLE {} RENAME TO {}", schema::SqlNameOfRef(o.from),
                       schema::SqlNameOfRef(o.to));
  }
  std::string operator()(const ops::AddColumn& o) const {
    return fmt::format("~ ALTER TABLE {} ADD COLUMN {}", schema::SqlNameOfRef(o.table),
                       ColumnText(o.column));
  }
  std::string operator()(const ops::DropColumn& o) const {
    return fmt::format("~ ALTER TABLE {} DROP COLUMN {}", schema::SqlNameOfRef(o.table),
                       o.column.name);
  }
  std::string operator()(const ops::RenameColumn& o) const {
    return fmt::format("~ ALTER TABLE {} RENAME COLUMN {} TO {}", schema::SqlNameOfRef(o.table),
                       o.from, o.to);
  }
  std::string operator()(const ops::AlterColumn& o) const {
    return fmt::format("~ ALTER TABLE {} ALTER COLUMN {} -> {}", schema::SqlNameOfRef(o.table),
                       ColumnText(o.from), ColumnText(o.to));
  }
  std::string operator()(const ops::CreateIndex& o) const {
    return "+ CREATE " + IndexText(o.table, o.index);
  }
  std::string operator()(const ops::DropIndex& o) const { return "- DROP INDEX " + o.index.name; }
  std::string operator()(const ops::AddForeignKey& o) const {
    return fmt::format(
        "~ ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON "
        "UPDATE {}{}",
        schema::SqlNameOfRef(o.table), o.fk.name, Join(o.fk.columns, ", "),
        schema::SqlNameOfRef(o.fk.ref_table), Join(o.fk.ref_columns, ", "),
        schema::FkActionSql(o.fk.on_delete), schema::FkActionSql(o.fk.on_update),
        o.fk.deferral == schema::FkDeferral::kNot
            ? ""
            : std::string(" ") + schema::FkDeferralSql(o.fk.deferral));
  }
  std::string operator()(const ops::DropForeignKey& o) const {
    return fmt::format("~ ALTER TABLE {} DROP CONSTRAINT {}", schema::SqlNameOfRef(o.table),
                       o.fk.name);
  }
  std::string operator()(const ops::AddCheck& o) const {
    return fmt::format("~ ALTER TABLE {} ADD CONSTRAINT {} CHECK ({})",
                       schema::SqlNameOfRef(o.table), o.check.name, o.check.expr);
  }
  std::string operator()(const ops::DropCheck& o) const {
    return fmt::format("~ ALTER TABLE {} DROP CONSTRAINT {}", schema::SqlNameOfRef(o.table),
                       o.check.name);
  }
  std::string operator()(const ops::RawSql&) const { return "~ (raw SQL)"; }
};

int RunDiff(Context& ctx, const DiffArgs& args) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  bool color = ctx.global.color;
  // Offline sides first, so that a database side is named and compared against them.
  std::optional<Loaded> from, to;
  if (!IsDatabase(args.from)) {
    auto l = LoadOffline(*cfg, args.from, color);
    if (!l) return ReportError(l.error());
    from = std::move(*l);
  }
  if (!IsDatabase(args.to)) {
    auto l = LoadOffline(*cfg, args.to, color);
    if (!l) return ReportError(l.error());
    to = std::move(*l);
  }
  if (!from) {
    auto l = LoadDatabase(*cfg, args.from, to ? &to->schema : nullptr);
    if (!l) return ReportError(l.error());
    from = std::move(*l);
  }
  if (!to) {
    auto l = LoadDatabase(*cfg, args.to, &from->schema);
    if (!l) return ReportError(l.error());
    to = std::move(*l);
  }
  std::vector<ops::Op> ops = diff::Diff(from->schema, to->schema, {});
  const int changed_code =
      ops.empty() || !args.exit_code ? 0 : static_cast<int>(ExitCode::kUserError);
  const std::string d = !to->dialect.empty()     ? to->dialect
                        : !from->dialect.empty() ? from->dialect
                                                 : cfg->dialect;
  auto render_sql = [&]() -> Expected<std::vector<dialect::Statement>> {
    auto dialect = dialect::MakeDialect(d);
    return dialect::RenderAll(*dialect, ops, from->schema);
  };
  if (args.json) {
    nlohmann::ordered_json out = JsonEnvelope("diff");
    out["from"] =
        args.from == "db" || !IsDatabase(args.from) ? args.from : config::RedactUrl(args.from);
    out["to"] = args.to == "db" || !IsDatabase(args.to) ? args.to : config::RedactUrl(args.to);
    out["dialect"] = d;
    nlohmann::ordered_json changes = nlohmann::ordered_json::array();
    for (const auto& op : ops) {
      changes.push_back({{"kind", KindName(op)},
                         {"summary", ops::Describe(op)},
                         {"destructive", ops::IsDestructive(op)},
                         {"text", std::visit(Human{}, op)}});
    }
    out["changes"] = std::move(changes);
    auto stmts = render_sql();
    if (!stmts) return ReportError(stmts.error());
    nlohmann::ordered_json sql = nlohmann::ordered_json::array();
    for (const auto& s : *stmts) sql.push_back(s.sql);
    out["sql"] = std::move(sql);
    PrintJson(out);
    return changed_code;
  }
  if (ops.empty()) {
    // With --sql, stdout is SQL only (`alab diff --sql | psql` must work when nothing differs):
    // the note goes to stderr.
    if (!ctx.global.quiet) std::fputs("no changes\n", args.sql ? stderr : stdout);
    return 0;
  }
  if (args.sql) {
    auto stmts = render_sql();
    if (!stmts) return ReportError(stmts.error());
    for (const auto& s : *stmts) std::printf("%s;\n", s.sql.c_str());
    return changed_code;
  }
  for (const auto& op : ops) std::printf("%s\n", std::visit(Human{}, op).c_str());
  return changed_code;
}

}  // namespace

void RegisterDiff(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Show the changes between two schemas (files, migrations, database)");
  cmd->add_option("--from", args->from, "schemas | migrations (default) | db | a database URL");
  cmd->add_option("--to", args->to, "schemas (default) | migrations | db | a database URL");
  cmd->add_flag("--sql", args->sql, "Print the SQL of the target dialect instead");
  cmd->add_flag("--json", args->json, "Print {json_version, changes: [...], sql: [...]} as JSON");
  cmd->add_flag("--exit-code", args->exit_code, "Exit 1 when there are changes (0 when none)");
  cmd->footer(
      "Examples:\n"
      "  alab diff                       # what `alab new` would generate\n"
      "  alab diff --from db --to schemas --sql\n"
      "  alab diff --from migrations --to db   # drift of the database\n"
      "  alab diff --exit-code --json          # for scripts: exit 1 when anything differs");
  cmd->callback([&ctx, args] { ctx.exit_code = RunDiff(ctx, *args); });
}

}  // namespace alab::cli
