#include "codegen/schema_writer.h"

#include <set>

#include <fmt/format.h>

#include "base/check.h"
#include "base/strings.h"
#include "codegen/column_writer.h"
#include "codegen/js_text.h"

namespace alab::codegen {

namespace {

using schema::Column;

// schemas/<ns>/<table> or, for a table without a namespace, schemas/<table>.
std::string FileStem(const schema::Table& t) { return t.ns.empty() ? t.name : t.ns + "/" + t.name; }
using schema::Type;
using schema::Value;

bool IsCurrentTimestamp(const std::optional<Value>& v) {
  if (!v || v->kind != Value::Kind::kSql) return false;
  for (const auto& [key, e] : v->sql) {
    std::string l = ToLower(Trim(e));
    if (!l.empty() && l != "current_timestamp" && l != "now()" && l != "datetime('now')")
      return false;
  }
  return true;
}

bool IsTimestampColumn(const Column* c) {
  return c && c->type == Type::kDatetime && !c->nullable && !c->unique && c->check.empty() &&
         !c->computed && IsCurrentTimestamp(c->default_value);
}

bool IsSoftDeleteColumn(const Column* c) {
  return c && c->type == Type::kDatetime && c->nullable && !c->unique && c->check.empty() &&
         !c->computed && !c->default_value;
}

std::string TypeCall(const Column& c) {
  switch (c.type) {
    case Type::kString:
      return fmt::format("col.string({})", c.length);
    case Type::kDecimal:
      return fmt::format("col.decimal({}, {})", c.precision, c.scale);
    case Type::kEnum:
      return "col.enum(" + JsStringArray(c.enum_values) +
             (c.enum_type.empty() ? "" : ", { type: " + JsString(c.enum_type) + " }") + ")";
    case Type::kNative:
      return "col.native(" + NativeTypeArg(c.native).Inline() + ")";
    case Type::kUuid:
    case Type::kText:
    case Type::kInteger:
    case Type::kBigint:
    case Type::kFloat:
    case Type::kBoolean:
    case Type::kDate:
    case Type::kTime:
    case Type::kDatetime:
    case Type::kJson:
    case Type::kBase64:
      return fmt::format("col.{}()", schema::TypeName(c.type));
  }
  ALAB_UNREACHABLE("a column type without a case");
}

std::string ActionText(schema::FkAction a) { return JsString(FkActionText(a)); }

// The two tables a junction table links, when `j` is one.
std::optional<std::pair<const schema::Table*, const schema::Table*>> JunctionEnds(
    const schema::Table& j, const schema::Schema& s) {
  if (j.columns.size() != 2 || j.foreign_keys.size() != 2) return std::nullopt;
  const schema::Table* a = s.Find(j.foreign_keys[0].ref_table);
  const schema::Table* b = s.Find(j.foreign_keys[1].ref_table);
  if (!a || !b || a == &j || b == &j) return std::nullopt;
  if (b->SqlName() < a->SqlName()) std::swap(a, b);
  if (j.SqlName() != a->SqlName() + "_" + b->SqlName()) return std::nullopt;
  for (const auto& c : j.columns)
    if (c.type != Type::kUuid || c.nullable) return std::nullopt;
  return std::make_pair(a, b);
}

struct TableWriter {
  TableWriter(const schema::Table& table, const schema::Schema& schema)
      : t(table), s(schema), sql(table.SqlName()) {}
  const schema::Table& t;
  const schema::Schema& s;
  std::string sql;
  std::set<std::string> used_indexes;
  std::set<std::string> used_fks;
  std::vector<std::string> notes;

  // A table without a namespace, written by its bare name from a namespaced file, is read
  // as that namespace's table of the name when there is one (LoadSchemas); then it cannot
  // be reached from this file.
  bool Reaches(const std::string& ref) const {
    return ref.find('.') != std::string::npos || t.ns.empty() ||
           s.Find(t.ns + "." + ref) == nullptr;
  }

  bool HasIndex(const std::string& name, const std::vector<std::string>& cols) const {
    for (const auto& i : t.indexes)
      if (i.name == name && i.columns == cols && !i.unique && i.where.empty()) return true;
    return false;
  }

  // col.belongs_to(ref) for `<x>_id` uuid columns with a default-named FK to <ref>.id.
  std::optional<std::string> BelongsTo(const Column& c, std::string& key) {
    if (c.type != Type::kUuid || c.primary_key || !EndsWith(c.name, "_id") || c.name.size() <= 3)
      return std::nullopt;
    for (const auto& fk : t.foreign_keys) {
      if (fk.columns != std::vector<std::string>{c.name} ||
          fk.ref_columns != std::vector<std::string>{"id"})
        continue;
      if (fk.name != schema::ForeignKeyName(sql, {c.name})) continue;
      const schema::Table* target = s.Find(fk.ref_table);
      if (!target || !Reaches(target->Ref())) continue;
      std::string idx = schema::IndexName(sql, {c.name}, false);
      if (!HasIndex(idx, {c.name}))
        notes.push_back(fmt::format("belongs_to adds index {} (missing in the database)", idx));
      used_indexes.insert(idx);
      used_fks.insert(fk.name);
      key = c.name.substr(0, c.name.size() - 3);
      std::string out = fmt::format("col.{}({})", c.unique ? "one_to_one" : "belongs_to",
                                    JsString(target->Ref()));
      if (fk.on_delete != schema::FkAction::kNoAction)
        out += ".on_delete(" + ActionText(fk.on_delete) + ")";
      if (fk.on_update != schema::FkAction::kNoAction)
        out += ".on_update(" + ActionText(fk.on_update) + ")";
      if (fk.deferral != schema::FkDeferral::kNot)
        out += ".deferrable(" + JsString(schema::FkDeferralName(fk.deferral)) + ")";
      return out;
    }
    return std::nullopt;
  }

  std::string ColumnLine(const Column& c) {
    std::string key = c.name;
    std::string out;
    bool relationship = false;
    if (auto bt = BelongsTo(c, key)) {
      out = *bt;
      relationship = true;
    } else if (c.primary_key && c.type == Type::kUuid && !c.default_value && c.key_position == 0) {
      out = "col.id()";
    } else {
      out = TypeCall(c);
      if (c.primary_key && c.key_position != 0)
        out += fmt::format(".primary_key({})", c.key_position);
      else if (c.primary_key)
        out += ".primary_key()";
    }
    if (c.nullable) out += ".optional()";
    if (c.unique && !relationship) out += ".unique()";
    if (c.default_value) out += ".default(" + JsValue(*c.default_value) + ")";
    if (!c.check.empty()) out += ".check(" + JsString(c.check) + ")";
    if (c.computed) {
      out += ".computed(" + JsExpr(c.computed->expr) + ")";
      if (!c.computed->stored) out += ".virtual()";
    }
    std::string idx = schema::IndexName(sql, {c.name}, false);
    if (!relationship && HasIndex(idx, {c.name})) {
      out += ".index()";
      used_indexes.insert(idx);
    }
    return fmt::format("  {}: {},", JsKey(key), out);
  }

  std::string Write() {
    const Column* created = t.FindColumn("created_at");
    const Column* updated = t.FindColumn("updated_at");
    const Column* deleted = t.FindColumn("deleted_at");
    bool timestamps = IsTimestampColumn(created) && IsTimestampColumn(updated);
    bool soft_delete = IsSoftDeleteColumn(deleted);
    std::vector<std::string> lines;
    for (const Column* col : schema::DeclaredColumns(t)) {
      const Column& c = *col;
      if (timestamps && (c.name == "created_at" || c.name == "updated_at")) continue;
      if (soft_delete && c.name == "deleted_at") continue;
      lines.push_back(ColumnLine(c));
    }
    std::vector<std::string> modlist;
    if (timestamps) modlist.push_back(".timestamps()");
    if (soft_delete) modlist.push_back(".soft_delete()");
    for (const auto& j : s.tables) {
      if (!j.junction) continue;
      auto ends = JunctionEnds(j, s);
      if (ends && ends->first->SqlName() == sql)
        modlist.push_back(".many_to_many(" + JsString(ends->second->Ref()) + ")");
    }
    for (const auto& i : t.indexes) {
      if (used_indexes.count(i.name)) continue;
      std::vector<std::string> args;
      for (const auto& c : i.columns) args.push_back(JsString(c));
      std::vector<std::string> opts;
      if (i.name != schema::IndexName(sql, i.columns, i.unique))
        opts.push_back("name: " + JsString(i.name));
      if (!i.where.empty()) opts.push_back("where: " + JsString(i.where));
      if (i.constraint) opts.push_back("constraint: true");
      if (!i.native.empty()) opts.push_back("native: " + NativeTypeArg(i.native).Inline());
      if (!opts.empty()) args.push_back("{ " + Join(opts, ", ") + " }");
      modlist.push_back(fmt::format(".{}({})", i.unique ? "unique" : "index", Join(args, ", ")));
    }
    for (const auto& c : t.checks)
      modlist.push_back(fmt::format(".check({}, {})", JsString(c.name), JsString(c.expr)));
    for (const auto& fk : t.foreign_keys) {
      if (used_fks.count(fk.name) || !Reaches(fk.ref_table)) continue;
      used_fks.insert(fk.name);
      auto list = [](const std::vector<std::string>& cols) {
        return cols.size() == 1 ? JsString(cols[0]) : JsStringArray(cols);
      };
      std::vector<std::string> opts;
      if (fk.name != schema::ForeignKeyName(sql, fk.columns))
        opts.push_back("name: " + JsString(fk.name));
      if (fk.on_delete != schema::FkAction::kNoAction)
        opts.push_back("on_delete: " + ActionText(fk.on_delete));
      if (fk.on_update != schema::FkAction::kNoAction)
        opts.push_back("on_update: " + ActionText(fk.on_update));
      if (fk.deferral != schema::FkDeferral::kNot)
        opts.push_back("deferrable: " + JsString(schema::FkDeferralName(fk.deferral)));
      modlist.push_back(fmt::format(".foreign_key({}, {}, {}{})", list(fk.columns),
                                    JsString(fk.ref_table), list(fk.ref_columns),
                                    opts.empty() ? "" : ", { " + Join(opts, ", ") + " }"));
    }
    std::string mods = modlist.size() == 1 ? modlist[0] : "";
    if (modlist.size() > 1)
      for (const auto& m : modlist) mods += "\n  " + m;
    for (const auto& fk : t.foreign_keys)
      if (!used_fks.count(fk.name))
        notes.push_back(fmt::format(
            "foreign key {} ({}) -> {} cannot be written here (a table of this namespace has the "
            "referenced table's name); add it with a migration",
            fk.name, Join(fk.columns, ", "), fk.ref_table));
    std::string out =
        fmt::format("// schemas/{}.js: pulled from the database table {}\n", FileStem(t), sql);
    for (const auto& n : notes) out += "// note: " + n + "\n";
    out += "export default table({\n" + Join(lines, "\n") + "\n})" + mods + ";\n";
    return out;
  }
};

}  // namespace

void PrepareForFiles(schema::Schema& s) {
  for (auto& t : s.tables) {
    if (JunctionEnds(t, s)) {
      t.name = t.SqlName();
      t.ns.clear();
      t.junction = true;
    }
  }
  schema::Canonicalize(s);
}

SchemaFile WriteSchemaFile(const schema::Table& table, const schema::Schema& s) {
  TableWriter w(table, s);
  SchemaFile f;
  f.path = FileStem(table) + ".js";
  f.content = w.Write();
  f.notes = w.notes;
  return f;
}

std::vector<SchemaFile> WriteSchemaFiles(const schema::Schema& s) {
  std::vector<SchemaFile> out;
  for (const auto& t : s.tables)
    if (!t.junction) out.push_back(WriteSchemaFile(t, s));
  return out;
}

}  // namespace alab::codegen
