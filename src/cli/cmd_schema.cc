// `alab schema [-f table|json|sql] [--at REV]`: the schema of the schema files, or the schema
// the migrations produce up to a revision.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/strings.h"
#include "cli/command.h"
#include "dialect/dialect.h"
#include "drift/sources.h"
#include "schema/dsl_names.h"
#include "schema/fk_order.h"
#include "schema/ir.h"
#include "schema/type_text.h"

namespace alab::cli {

namespace {

struct SchemaArgs {
  std::string format = "table";
  std::string at;
};

std::string ValueText(const schema::Value& v) {
  using Kind = schema::Value::Kind;
  switch (v.kind) {
    case Kind::kNull:
      return "null";
    case Kind::kString:
      return nlohmann::json(v.text).dump();
    case Kind::kNumber:
    case Kind::kBool:
    case Kind::kJson:
      return v.text;
    case Kind::kSql:
      if (v.SameSqlForEveryKey()) return "sql(" + v.FirstSqlText() + ")";
      std::vector<std::string> parts;
      for (const std::string& key : schema::SqlTextKeys())
        parts.push_back(key + ": " + (v.SqlText(key).empty() ? "-" : v.SqlText(key)));
      return "sql(" + Join(parts, ", ") + ")";
  }
  return "";
}

std::string ColumnNotes(const schema::Column& c) {
  std::vector<std::string> notes;
  if (c.primary_key) notes.push_back("primary key");
  if (c.nullable) notes.push_back("optional");
  if (c.unique) notes.push_back("unique");
  if (c.default_value) notes.push_back("default " + ValueText(*c.default_value));
  if (!c.check.empty()) notes.push_back("check (" + c.check + ")");
  if (c.computed) notes.push_back(c.computed->stored ? "computed" : "computed, virtual");
  if (!c.semantic.empty()) notes.push_back("[" + c.semantic + "]");
  if (c.deprecated) notes.push_back("deprecated");
  return Join(notes, ", ");
}

std::string FormatTables(const schema::Schema& s) {
  std::string out;
  for (const auto& t : s.tables) {
    if (!out.empty()) out += "\n";
    out += fmt::format("{} ({}){}\n", t.Ref(), t.SqlName(), t.junction ? " junction" : "");
    size_t name_width = 4;
    size_t type_width = 4;
    for (const auto& c : t.columns) {
      name_width = std::max(name_width, c.name.size());
      type_width = std::max(type_width, schema::TypeText(c).size());
    }
    for (const auto& c : t.columns) {
      std::string line = fmt::format("  {:<{}}  {:<{}}  {}", c.name, name_width,
                                     schema::TypeText(c), type_width, ColumnNotes(c));
      line.erase(line.find_last_not_of(' ') + 1);  // no trailing spaces when there are no notes
      out += line + "\n";
    }
    for (const auto& i : t.indexes) {
      out += fmt::format("  {}index {} ({}){}\n", i.unique ? "unique " : "", i.name,
                         Join(i.columns, ", "), i.where.empty() ? "" : " where " + i.where);
    }
    for (const auto& fk : t.foreign_keys) {
      std::string actions;
      if (fk.on_delete != schema::FkAction::kNoAction) {
        actions += fmt::format(" on delete {}", ToLower(schema::FkActionSql(fk.on_delete)));
      }
      if (fk.on_update != schema::FkAction::kNoAction) {
        actions += fmt::format(" on update {}", ToLower(schema::FkActionSql(fk.on_update)));
      }
      out += fmt::format("  foreign key {} ({}) -> {} ({}){}\n", fk.name, Join(fk.columns, ", "),
                         fk.ref_table, Join(fk.ref_columns, ", "), actions);
    }
    for (const auto& c : t.checks) out += fmt::format("  check {}: {}\n", c.name, c.expr);
  }
  return out;
}

// CREATE statements in foreign-key order (the order a first migration creates the tables in).
// A cycle is broken as a migration breaks it: on a dialect that adds foreign keys in place,
// the breaking table is created without the constraints that close the cycle and they are
// added after the last table; SQLite accepts a reference to a table created later.
Expected<std::string> FormatSql(const schema::Schema& s, const std::string& dialect_name) {
  std::unique_ptr<dialect::Dialect> d = dialect::MakeDialect(dialect_name);
  std::vector<const schema::Table*> tables;
  for (const auto& t : s.tables) tables.push_back(&t);
  schema::FkOrder order = schema::OrderByForeignKeys(tables);
  bool fk_in_place = d->capabilities().add_foreign_key_in_place;
  std::vector<std::vector<size_t>> deferred(tables.size());
  if (fk_in_place)
    for (const auto& [pos, fk] : order.deferred) deferred[pos].push_back(fk);
  std::string out = "-- alab schema, dialect: " + d->name() + "\n";
  if (auto types = d->TypeDefinitions(tables); !types.empty()) {
    out += "\n";
    for (const auto& stmt : types) out += stmt + ";\n";
  }
  for (size_t pos : order.order) {
    schema::Table copy = *tables[pos];
    for (auto f = deferred[pos].rbegin(); f != deferred[pos].rend(); ++f)
      copy.foreign_keys.erase(copy.foreign_keys.begin() + static_cast<std::ptrdiff_t>(*f));
    out += "\n";
    auto created = d->CreateTableSql(copy);
    if (!created)
      return MakeError(copy.Ref() + ": " + created.error().message, ExitCode::kUserError);
    for (const auto& stmt : *created) out += stmt + ";\n";
  }
  if (!fk_in_place || order.deferred.empty()) return out;
  out += "\n";
  for (const auto& [pos, fk] : order.deferred) {
    const schema::Table& t = *tables[pos];
    auto added = d->Render(ops::AddForeignKey{t.Ref(), t.foreign_keys[fk], {}}, s);
    if (!added) return MakeError(t.Ref() + ": " + added.error().message, ExitCode::kUserError);
    for (const auto& st : *added) out += st.sql + ";\n";
  }
  return out;
}

int RunSchema(Context& ctx, const SchemaArgs& args) {
  auto cfg = ctx.LoadConfig();
  if (!cfg) return ctx.exit_code;
  auto loaded = args.at.empty() ? drift::SchemaFromFiles(*cfg, ctx.global.color)
                                : drift::SchemaAtRevision(*cfg, args.at, ctx.global.color);
  if (!loaded) return ReportError(loaded.error());
  const schema::Schema& s = *loaded;
  if (args.format == "json") {
    std::printf("%s\n", schema::ToJson(s).dump(2).c_str());
  } else if (args.format == "sql") {
    auto sql = FormatSql(s, cfg->dialect);
    if (!sql) return ReportError(sql.error());
    std::fputs(sql->c_str(), stdout);
  } else {
    std::fputs(FormatTables(s).c_str(), stdout);
  }
  return 0;
}

}  // namespace

void RegisterSchema(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SchemaArgs>();
  CLI::App* cmd =
      app.add_subcommand("schema", "Show the schema: of the schema files, or at a revision");
  cmd->add_option("-f,--format", args->format,
                  "table (default), json (the IR) or sql (CREATE statements)")
      ->check(CLI::IsMember({"table", "json", "sql"}));
  cmd->add_option("--at", args->at, "The schema the migrations produce up to revision REV")
      ->option_text("REV");
  cmd->footer(
      "Examples:\n"
      "  alab schema\n"
      "  alab schema -f json > schema.json\n"
      "  alab --database-url postgres://localhost/app schema -f sql\n"
      "  alab schema --at 002 -f table");
  cmd->callback([&ctx, args] { ctx.exit_code = RunSchema(ctx, *args); });
}

}  // namespace alab::cli
