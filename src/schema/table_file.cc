#include "schema/table_file.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/strings.h"
#include "schema/junction.h"

namespace alab::schema {

namespace {

using dsl::Json;

void ReportNotATable(const Json& exported, const std::string& file, diag::DiagnosticSink& diags) {
  diag::SourceLoc loc{file, 1, 1, 0};
  std::string kind = exported.value("kind", "none");
  if (kind == "none") {
    diags.Error(loc, "the file has no `export default table({...})`");
  } else if (kind == "migration") {
    diags.Error(loc, "this is a migration file; a schema file must `export default table({...})`");
  } else {
    std::string type = exported.value("type", "value");
    std::string article =
        !type.empty() && std::string("aeiou").find(type[0]) != std::string::npos ? "an " : "a ";
    diags.Error(loc,
                fmt::format("the default export must be table({{...}}), got {}{}", article, type));
  }
}

// In table-level lists a relationship key means its columns, as in the original: a
// belongs_to/one_to_one key `order` is `order_id`, a belongs_to_any `owner` is `owner_type` +
// `owner_id`. A name that is a column stays as it is (explicit `_id`/`_type` names included);
// an unknown name stays too, so validation reports it with a suggestion.
std::vector<std::string> ResolveRelationshipKeys(const Table& t,
                                                 const std::vector<std::string>& names,
                                                 bool keep_direction) {
  std::vector<std::string> out;
  for (const auto& raw : names) {
    std::string dir, name = raw;
    if (keep_direction && !name.empty() && name[0] == '-') {
      dir = "-";
      name = name.substr(1);
    }
    if (t.FindColumn(name) == nullptr) {
      bool is_fk =
          std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(), [&](const ForeignKey& fk) {
            return fk.columns.size() == 1 && fk.columns[0] == name + "_id";
          });
      auto poly = std::find_if(t.polymorphic.begin(), t.polymorphic.end(),
                               [&](const Polymorphic& p) { return p.as == name; });
      if (is_fk && t.FindColumn(name + "_id") != nullptr) {
        out.push_back(dir + name + "_id");
        continue;
      }
      if (poly != t.polymorphic.end()) {
        out.push_back(dir + name + "_type");
        out.push_back(dir + name + "_id");
        continue;
      }
    }
    out.push_back(dir + name);
  }
  return out;
}

std::optional<std::string> OptionString(const Json& args, const char* key) {
  for (const auto& a : args) {
    if (a.is_object() && !a.contains("$alab") && a.contains(key) && a[key].is_string())
      return a[key].get<std::string>();
  }
  return std::nullopt;
}

void ApplyTableModifier(Table& t, const Json& mod, const dsl::Context& ctx, dsl::ColumnParts& parts,
                        std::vector<JunctionRequest>& junctions) {
  std::string n = mod.value("n", "");
  const Json& a = mod["a"];
  diag::SourceLoc loc = dsl::Loc(mod["loc"], ctx.file);
  auto need_string = [&](std::string& into) {
    if (a.empty() || !a[0].is_string()) {
      ctx.Error(loc, fmt::format(".{}() needs a string, got {}", n,
                                 a.empty() ? "nothing" : dsl::DescribeArg(a[0])));
      return false;
    }
    if (!dsl::CheckText(ctx, loc, "." + n + "()", a[0].get<std::string>())) return false;
    into = a[0].get<std::string>();
    return true;
  };
  if (n == "timestamps" || n == "soft_delete" || n == "sortable" || n == "auditable") {
    for (auto& c : dsl::HelperColumns(n, loc)) parts.columns.push_back(std::move(c));
  } else if (n == "index" || n == "unique") {
    Index idx;
    idx.columns =
        ResolveRelationshipKeys(t, dsl::StringList(a, 0, ctx, loc, "." + n + "()"), false);
    idx.unique = n == "unique";
    idx.loc = loc;
    for (const auto& arg : a)
      if (arg.is_object() && !arg.contains("$alab") && arg.contains("native") &&
          !dsl::DecodeNativeIndex(arg["native"], ctx, loc, idx.native))
        return;
    if (!idx.native.empty() && !OptionString(a, "name")) {
      ctx.Error(loc, fmt::format(".{}() with a native definition needs a name", n),
                {"hint: .index({ name: \"release_title\", native: \"USING btree (lower(title))\" "
                 "})"});
      return;
    }
    if (idx.columns.empty() && idx.native.empty()) {
      ctx.Error(loc, fmt::format(".{}() needs at least one column name", n));
      return;
    }
    idx.name = OptionString(a, "name").value_or(IndexName(ctx.table_sql, idx.columns, idx.unique));
    idx.where = OptionString(a, "where").value_or("");
    if (!dsl::CheckText(ctx, loc, "." + n + "() where", idx.where)) return;
    for (const auto& arg : a)
      if (arg.is_object() && !arg.contains("$alab") && arg.contains("constraint")) {
        if (!arg["constraint"].is_boolean() || n != "unique" || !idx.where.empty() ||
            !idx.native.empty()) {
          ctx.Error(loc,
                    "constraint: true makes a .unique() without where or native a UNIQUE "
                    "constraint",
                    {"hint: .unique([\"sku\"], { name: \"products_sku_key\", constraint: true })"});
          return;
        }
        idx.constraint = arg["constraint"].get<bool>();
      }
    parts.indexes.push_back(std::move(idx));
  } else if (n == "foreign_key") {
    // .foreign_key(["a", "b"], "other", ["x", "y"], { name, on_delete, on_update }): a key
    // between any columns (composite, to a unique column, to this table).
    const char* shape =
        ".foreign_key() needs columns, a table and its columns: .foreign_key(\"artist_id\", "
        "\"artist\", \"id\", { on_delete: \"CASCADE\" })";
    auto names = [&](size_t i) {
      std::vector<std::string> out;
      if (i < a.size() && (a[i].is_string() || a[i].is_array()))
        out = dsl::StringList(Json::array({a[i]}), 0, ctx, loc, ".foreign_key()");
      return out;
    };
    ForeignKey fk;
    fk.loc = loc;
    fk.columns = names(0);
    fk.ref_columns = names(2);
    if (a.size() < 3 || a.size() > 4 || !a[1].is_string() || a[1].get<std::string>().empty() ||
        fk.columns.empty() || fk.columns.size() != fk.ref_columns.size() ||
        (a.size() == 4 && (!a[3].is_object() || a[3].contains("$alab")))) {
      ctx.Error(loc, shape,
                {"hint: the two column lists have the same length; the options object is last"});
      return;
    }
    fk.ref_table = dsl::ResolveRef(a[1].get<std::string>(), t.ns);
    fk.name = OptionString(a, "name").value_or(ForeignKeyName(ctx.table_sql, fk.columns));
    for (const char* key : {"on_delete", "on_update"}) {
      auto text = OptionString(a, key);
      if (!text) {
        if (a.size() == 4 && a[3].contains(key))
          ctx.Error(loc, fmt::format(".foreign_key() {} needs a string", key));
        continue;
      }
      auto act = FkActionFromString(*text);
      if (!act) {
        ctx.Error(loc, fmt::format(".foreign_key() {} needs one of CASCADE, SET NULL, SET DEFAULT, "
                                   "RESTRICT, NO ACTION; got '{}'",
                                   key, *text));
        return;
      }
      (std::string(key) == "on_delete" ? fk.on_delete : fk.on_update) = *act;
    }
    if (a.size() == 4 && a[3].contains("deferrable")) {
      auto text = OptionString(a, "deferrable");
      auto d = text ? FkDeferralFromString(*text) : std::nullopt;
      if (!d)
        ctx.Error(loc, ".foreign_key() deferrable needs \"immediate\" or \"deferred\"");
      else
        fk.deferral = *d;
    }
    if (a.size() == 4)
      for (auto it = a[3].begin(); it != a[3].end(); ++it)
        if (it.key() != "name" && it.key() != "on_delete" && it.key() != "on_update" &&
            it.key() != "deferrable")
          ctx.Error(loc, fmt::format(".foreign_key() has no option '{}' (name, on_delete, "
                                     "on_update, deferrable)",
                                     it.key()));
    parts.foreign_keys.push_back(std::move(fk));
  } else if (n == "check") {
    Check c;
    c.loc = loc;
    if (a.size() != 2 || !a[0].is_string() || !a[1].is_string()) {
      ctx.Error(
          loc,
          ".check() needs a name and an SQL expression: .check(\"positive_price\", \"price > 0\")");
      return;
    }
    c.name = a[0].get<std::string>();
    c.expr = a[1].get<std::string>();
    if (!dsl::CheckText(ctx, loc, ".check() expression", c.expr)) return;
    t.checks.push_back(std::move(c));
  } else if (n == "docs") {
    need_string(t.docs);
  } else if (n == "deprecated") {
    std::string why;
    if (!a.empty()) need_string(why);
    t.deprecated = why;
  } else if (n == "sort_by" || n == "searchable" || n == "filterable") {
    auto cols =
        ResolveRelationshipKeys(t, dsl::StringList(a, 0, ctx, loc, "." + n + "()"), n == "sort_by");
    auto& into = n == "sort_by" ? t.sort_by : n == "searchable" ? t.searchable : t.filterable;
    into.insert(into.end(), cols.begin(), cols.end());
  } else if (n == "meta") {
    if (a.empty() || !a[0].is_object() || a[0].contains("$alab")) {
      ctx.Error(loc, fmt::format(".meta() needs an object, got {}",
                                 a.empty() ? "nothing" : dsl::DescribeArg(a[0])));
      return;
    }
    for (auto it = a[0].begin(); it != a[0].end(); ++it)
      t.meta[it.key()] = nlohmann::json::parse(it->dump());
  } else if (n == "many_to_many") {
    if (a.empty() || !a[0].is_string()) {
      ctx.Error(loc, ".many_to_many() needs a table reference like \"auth.role\"");
      return;
    }
    JunctionRequest r{t.Ref(), dsl::ResolveRef(a[0].get<std::string>(), t.ns), ctx.file, loc};
    if (a.size() > 1 && a[1].is_object() && !a[1].contains("$alab")) {
      for (auto it = a[1].begin(); it != a[1].end(); ++it) {
        auto action = it->is_string() ? FkActionFromString(it->get<std::string>()) : std::nullopt;
        if ((it.key() != "on_delete" && it.key() != "on_update") || !action) {
          ctx.Error(
              loc,
              fmt::format(
                  ".many_to_many() option '{}' is not understood; use {{on_delete: \"cascade\"}} "
                  "or on_update, with cascade, restrict, set null, set default or no action",
                  it.key()));
          continue;
        }
        (it.key() == "on_delete" ? r.on_delete : r.on_update) = *action;
      }
    }
    junctions.push_back(std::move(r));
  } else if (n == "belongs_to_any") {
    Json rec = {{"k", "col"},
                {"type", "belongs_to_any"},
                {"a", a},
                {"loc", mod["loc"]},
                {"mods", Json::array()}};
    dsl::DecodeColumn(rec, "", ctx, parts);
  } else {
    ctx.Error(loc, fmt::format("unknown table modifier '{}'", n));
  }
}

}  // namespace

void AddColumnParts(Table& table, dsl::ColumnParts& parts, const std::string& file,
                    diag::DiagnosticSink& diags) {
  for (auto& c : parts.columns) {
    if (const Column* prev = table.FindColumn(c.name)) {
      std::vector<std::string> notes;
      if (prev->loc.line > 0 && prev->loc.file == file)
        notes.push_back(fmt::format("note: first declared at line {}", prev->loc.line));
      diags.Error(c.loc, fmt::format("duplicate column '{}'", c.name), notes);
      continue;
    }
    int last = 0;
    for (const auto& prev_col : table.columns) last = std::max(last, prev_col.position);
    c.position = last + 1;
    table.columns.push_back(std::move(c));
  }
  for (auto& i : parts.indexes) table.indexes.push_back(std::move(i));
  for (auto& f : parts.foreign_keys) table.foreign_keys.push_back(std::move(f));
  for (auto& p : parts.polymorphic) table.polymorphic.push_back(std::move(p));
  parts = dsl::ColumnParts{};
}

void CheckKeyPositions(const Table& table, diag::DiagnosticSink& diags) {
  std::vector<const Column*> key, placed;
  for (const Column* c : DeclaredColumns(table))
    if (c->primary_key) {
      key.push_back(c);
      if (c->key_position != 0) placed.push_back(c);
    }
  if (placed.empty()) return;
  std::vector<std::string> names;
  for (const Column* c : key) names.push_back(c->name);
  std::string example;
  for (size_t i = 0; i < key.size(); ++i)
    example += fmt::format("{}{}: .primary_key({})", i ? ", " : "", key[i]->name, i + 1);
  std::set<int> seen;
  for (const Column* c : key) {
    if (c->key_position == 0) {
      diags.Error(c->loc, fmt::format("column '{}' is in the primary key ({}) but gives no place "
                                      "in it while another key column does; give each key "
                                      "column its place, e.g. {}",
                                      c->name, Join(names, ", "), example));
    } else if (c->key_position > static_cast<int>(key.size()) ||
               !seen.insert(c->key_position).second) {
      diags.Error(c->loc,
                  fmt::format("column '{}' gives place {} in a primary key of {} "
                              "column{} ({}); the places are 1 to {}, once each, e.g. {}",
                              c->name, c->key_position, key.size(), key.size() == 1 ? "" : "s",
                              Join(names, ", "), key.size(), example));
    }
  }
}

bool DecodeTableFile(const Json& exported, const std::string& file, const std::string& ns,
                     const std::string& name, Table& table, std::vector<JunctionRequest>& junctions,
                     diag::DiagnosticSink& diags) {
  if (exported.value("kind", "") != "table") {
    ReportNotATable(exported, file, diags);
    return false;
  }
  const Json& rec = exported["rec"];
  table.ns = ns;
  table.name = name;
  table.file = file;
  table.loc = dsl::Loc(rec["loc"], file);
  dsl::Context ctx{file, ns, table.SqlName(), false, &diags};
  const Json& args = rec["a"];
  if (args.size() != 1 || !args[0].is_object() || args[0].contains("$alab")) {
    ctx.Error(
        table.loc,
        fmt::format("table() needs one object of columns, e.g. table({{ id: col.id() }}), got {}",
                    args.empty() ? "nothing" : dsl::DescribeArg(args[0])));
    return true;
  }
  dsl::ColumnParts parts;
  for (auto it = args[0].begin(); it != args[0].end(); ++it) {
    const Json& v = *it;
    if (dsl::IsMarker(v, "rec") && v["rec"].value("k", "") == "col") {
      dsl::DecodeColumn(v["rec"], it.key(), ctx, parts);
      AddColumnParts(table, parts, file, diags);
      continue;
    }
    if (dsl::IsMarker(v, "reported")) continue;  // an unknown column type: already reported
    std::string got = dsl::DescribeArg(v);
    if (dsl::IsMarker(v, "function")) got += " (missing parentheses?)";
    ctx.Error(table.loc, fmt::format("column '{}' must be a column such as col.string(255), got {}",
                                     it.key(), got));
  }
  for (const auto& mod : rec["mods"]) {
    ApplyTableModifier(table, mod, ctx, parts, junctions);
    AddColumnParts(table, parts, file, diags);
  }
  CheckKeyPositions(table, diags);
  NormalizeKeyPlaces(table);
  return true;
}

void AddJunctionTables(Schema& schema, const std::vector<JunctionRequest>& requests,
                       diag::DiagnosticSink& diags) {
  std::vector<std::string> refs;
  for (const auto& t : schema.tables) refs.push_back(t.Ref());
  std::vector<Table> added;
  std::set<std::string> made;
  for (const auto& r : requests) {
    const Table* a = schema.Find(r.from);
    const Table* b = schema.Find(r.to);
    if (a == nullptr) continue;
    if (b == nullptr) {
      std::string best = ClosestMatch(r.to, refs);
      diags.Error(r.loc,
                  fmt::format("many_to_many() refers to unknown table '{}'{}", r.to,
                              best.empty() ? "" : fmt::format("; did you mean '{}'?", best)));
      continue;
    }
    if (b->SqlName() < a->SqlName()) std::swap(a, b);
    std::string name = a->SqlName() + "_" + b->SqlName();
    if (!made.insert(name).second) continue;
    std::string ca = a->name + "_id", cb = b->name + "_id";
    if (a == b) {
      cb = "related_" + cb;
    } else if (ca == cb) {
      ca = a->SqlName() + "_id";
      cb = b->SqlName() + "_id";
    }
    Table j;
    j.name = name;
    j.junction = true;
    j.file = r.file;
    j.loc = r.loc;
    for (const auto& [col, target] : {std::pair{ca, a}, std::pair{cb, b}}) {
      Column c;
      c.name = col;
      c.type = Type::kUuid;
      c.loc = r.loc;
      j.columns.push_back(c);
      ForeignKey fk{ForeignKeyName(name, {col}),
                    {col},
                    target->Ref(),
                    {"id"},
                    r.on_delete,
                    r.on_update,
                    FkDeferral::kNot,
                    r.loc};
      j.foreign_keys.push_back(fk);
      j.indexes.push_back(Index{IndexName(name, {col}, false), {col}, false, "", r.loc, false, {}});
    }
    j.indexes.push_back(Index{JunctionUniqueName(name), {ca, cb}, true, "", r.loc, false, {}});
    added.push_back(std::move(j));
  }
  (void)diags;
  for (auto& t : added) schema.tables.push_back(std::move(t));
}

}  // namespace alab::schema
