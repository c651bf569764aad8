#include "codegen/column_writer.h"

#include <map>

#include "base/check.h"
#include "base/strings.h"
#include "codegen/presets.h"

namespace alab::codegen {

namespace {

CallExpr Mod(const std::string& name, std::vector<Arg> args = {}) {
  return CallExpr{"." + name, std::move(args)};
}

schema::Column Str255(const std::string& name) {
  schema::Column c;
  c.name = name;
  c.type = schema::Type::kString;
  c.length = 255;
  return c;
}

// Arguments after the name for t.<type>(name, ...) and c.set_type(type, ...).
std::vector<Arg> TypeArgs(const schema::Column& c) {
  switch (c.type) {
    case schema::Type::kString:
      if (c.length > 0) return {Arg::Text(std::to_string(c.length))};
      return {};
    case schema::Type::kDecimal:
      return {Arg::Text(std::to_string(c.precision)), Arg::Text(std::to_string(c.scale))};
    case schema::Type::kEnum:
      if (!c.enum_type.empty())
        return {Arg::Strings(c.enum_values), Arg::Object({{"type", JsString(c.enum_type)}})};
      return {Arg::Strings(c.enum_values)};
    case schema::Type::kNative:
      return {NativeTypeArg(c.native)};
    case schema::Type::kUuid:
    case schema::Type::kText:
    case schema::Type::kInteger:
    case schema::Type::kBigint:
    case schema::Type::kFloat:
    case schema::Type::kBoolean:
    case schema::Type::kDate:
    case schema::Type::kTime:
    case schema::Type::kDatetime:
    case schema::Type::kJson:
    case schema::Type::kBase64:
      return {};
  }
  ALAB_UNREACHABLE("a column type without a case");
}

// t.<type>(name, args) + modifiers; a primary key that is not an id() is `.primary_key()`.
std::vector<CallExpr> LowLevel(const schema::Column& c) {
  std::vector<Arg> args{Arg::Str(c.name)};
  for (auto& a : TypeArgs(c)) args.push_back(std::move(a));
  std::vector<CallExpr> chain{
      CallExpr{std::string("t.") + schema::TypeName(c.type), std::move(args)}};
  schema::Column base = BaseColumn(c);
  base.primary_key = c.primary_key;
  base.key_position = c.key_position;
  if (c.primary_key && c.key_position != 0)
    chain.push_back(Mod("primary_key", {Arg::Text(std::to_string(c.key_position))}));
  else if (c.primary_key)
    chain.push_back(Mod("primary_key"));
  auto mods = Modifiers(base, c);
  ALAB_CHECK(mods.has_value());  // BaseColumn keeps the whole type (schema::CopyType)
  for (auto& m : *mods) chain.push_back(std::move(m));
  return chain;
}

// A preset's shorthand with the modifiers that complete it, or nullopt.
std::optional<std::vector<CallExpr>> Shorthand(CallExpr call, const schema::Column& preset,
                                               const schema::Column& c) {
  if (preset.name != c.name) return std::nullopt;
  auto mods = Modifiers(preset, c);
  if (!mods) return std::nullopt;
  std::vector<CallExpr> chain{std::move(call)};
  for (auto& m : *mods) chain.push_back(std::move(m));
  return chain;
}

bool IsExactly(const schema::Column& preset, const schema::Column& c) {
  auto mods = Modifiers(preset, c);
  return preset.name == c.name && mods && mods->empty();
}

// t.belongs_to(ref).as(alias) for a column with a default-named FK to ref's id.
std::optional<std::vector<CallExpr>> BelongsTo(const schema::Table& table, const schema::Column& c,
                                               std::string* fk_name) {
  if (!EndsWith(c.name, "_id") || c.name.size() <= 3) return std::nullopt;
  const std::string name = schema::ForeignKeyName(table.SqlName(), {c.name});
  const schema::ForeignKey* fk = nullptr;
  for (const auto& f : table.foreign_keys)
    if (f.name == name && f.columns == std::vector<std::string>{c.name} &&
        f.ref_columns == std::vector<std::string>{"id"})
      fk = &f;
  if (!fk) return std::nullopt;
  auto mods = Modifiers(PresetBelongsTo(c.name), c);
  if (!mods) return std::nullopt;
  std::vector<CallExpr> chain{CallExpr{"t.belongs_to", {Arg::Str(fk->ref_table)}}};
  const std::string alias = c.name.substr(0, c.name.size() - 3);
  if (alias != schema::SplitRef(fk->ref_table).second)
    chain.push_back(Mod("as", {Arg::Str(alias)}));
  for (auto& m : *mods) chain.push_back(std::move(m));
  if (fk->on_delete != schema::FkAction::kNoAction)
    chain.push_back(Mod("on_delete", {Arg::Str(FkActionText(fk->on_delete))}));
  if (fk->on_update != schema::FkAction::kNoAction)
    chain.push_back(Mod("on_update", {Arg::Str(FkActionText(fk->on_update))}));
  if (fk->deferral != schema::FkDeferral::kNot)
    chain.push_back(Mod("deferrable", {Arg::Str(schema::FkDeferralName(fk->deferral))}));
  *fk_name = fk->name;
  return chain;
}

// t.belongs_to_any(refs, { as }) for the <as>_type + <as>_id pair it makes (both optional
// or both required, docs/deprecated alike); nullopt when the columns are anything else.
std::optional<std::vector<CallExpr>> BelongsToAny(const schema::Table& table,
                                                  const schema::Polymorphic& p) {
  const schema::Column* type_col = table.FindColumn(p.as + "_type");
  const schema::Column* id_col = table.FindColumn(p.as + "_id");
  if (!type_col || !id_col) return std::nullopt;
  schema::Column type_base = Str255(p.as + "_type"), id_base = BaseColumn(*id_col);
  id_base.type = schema::Type::kUuid;
  auto type_mods = Modifiers(type_base, *type_col);
  auto id_mods = Modifiers(id_base, *id_col);
  if (!type_mods || !id_mods) return std::nullopt;
  auto key = [](const std::vector<CallExpr>& mods) {
    std::string k;
    for (const auto& m : mods) {
      if (m.callee != ".optional" && m.callee != ".docs" && m.callee != ".deprecated")
        return std::string("!");
      k += m.Inline();
    }
    return k;
  };
  if (key(*type_mods) != key(*id_mods) || key(*id_mods) == "!") return std::nullopt;
  for (const auto& fk : table.foreign_keys)
    if (fk.columns == std::vector<std::string>{id_col->name}) return std::nullopt;
  std::vector<CallExpr> chain{
      CallExpr{"t.belongs_to_any", {Arg::Strings(p.refs), Arg::Object({{"as", JsString(p.as)}})}}};
  for (auto& m : *id_mods) chain.push_back(std::move(m));
  return chain;
}

}  // namespace

std::string FkActionText(schema::FkAction a) { return ToLower(schema::FkActionSql(a)); }

std::optional<std::vector<CallExpr>> Modifiers(const schema::Column& base,
                                               const schema::Column& c) {
  // Flags a modifier can set but not clear, and properties no modifier changes.
  if (!SameType(base, c) || base.primary_key != c.primary_key ||
      base.key_position != c.key_position || (base.nullable && !c.nullable) ||
      (base.unique && !c.unique) || (base.read_only && !c.read_only) ||
      (base.write_only && !c.write_only))
    return std::nullopt;
  // Values a modifier can replace but not remove.
  if ((base.default_value && !c.default_value) || (base.backfill && !c.backfill) ||
      (!base.check.empty() && c.check.empty()) || (base.computed && !c.computed) ||
      (base.min && !c.min) || (base.max && !c.max) ||
      (!base.pattern.empty() && c.pattern.empty()) || (!base.format.empty() && c.format.empty()) ||
      (!base.docs.empty() && c.docs.empty()) || (base.deprecated && !c.deprecated))
    return std::nullopt;
  std::vector<CallExpr> mods;
  if (c.nullable && !base.nullable) mods.push_back(Mod("optional"));
  if (c.unique && !base.unique) mods.push_back(Mod("unique"));
  if (c.default_value != base.default_value)
    mods.push_back(Mod("default", {Arg::Text(JsValue(*c.default_value))}));
  if (c.backfill != base.backfill)
    mods.push_back(Mod("backfill", {Arg::Text(JsValue(*c.backfill))}));
  if (c.check != base.check) mods.push_back(Mod("check", {Arg::Str(c.check)}));
  if (c.computed != base.computed) {
    mods.push_back(Mod("computed", {Arg::Text(JsExpr(c.computed->expr))}));
    if (!c.computed->stored) mods.push_back(Mod("virtual"));
  }
  if (c.min != base.min) mods.push_back(Mod("min", {Arg::Text(FormatNumber(*c.min))}));
  if (c.max != base.max) mods.push_back(Mod("max", {Arg::Text(FormatNumber(*c.max))}));
  if (c.pattern != base.pattern) mods.push_back(Mod("pattern", {Arg::Str(c.pattern)}));
  if (c.format != base.format) mods.push_back(Mod("format", {Arg::Str(c.format)}));
  if (c.docs != base.docs) mods.push_back(Mod("docs", {Arg::Str(c.docs)}));
  if (c.deprecated != base.deprecated) {
    std::vector<Arg> args;
    if (!c.deprecated->empty()) args.push_back(Arg::Str(*c.deprecated));
    mods.push_back(Mod("deprecated", std::move(args)));
  }
  if (c.read_only && !base.read_only) mods.push_back(Mod("read_only"));
  if (c.write_only && !base.write_only) mods.push_back(Mod("write_only"));
  return mods;
}

std::vector<CallExpr> ColumnStatement(const schema::Column& c) {
  if (c.primary_key && c.type == schema::Type::kUuid) {
    std::vector<Arg> args;
    if (c.name != "id") args.push_back(Arg::Str(c.name));
    if (auto chain = Shorthand(CallExpr{"t.id", std::move(args)}, PresetId(c.name), c))
      return *chain;
  }
  if (!c.semantic.empty()) {
    if (auto base = PresetSemantic(c.semantic, c.name)) {
      std::vector<Arg> args{Arg::Str(c.name)};
      if (c.semantic == "flag" && c.default_value == schema::Value::Bool(true)) {
        args.push_back(Arg::Text("true"));
        base->default_value = c.default_value;
      }
      if (auto chain = Shorthand(CallExpr{"t." + c.semantic, std::move(args)}, *base, c))
        return *chain;
    }
  }
  return LowLevel(c);
}

std::vector<std::vector<CallExpr>> TableColumnStatements(const schema::Table& table,
                                                         std::set<std::string>* belongs_to_fks) {
  std::vector<std::vector<CallExpr>> out;
  // Polymorphic pairs: written once, where the first of their two columns comes.
  std::map<std::string, std::string> poly_as;         // <as>_id / <as>_type -> <as>
  std::map<std::string, std::vector<CallExpr>> poly;  // <as> -> statement, until written
  for (const auto& p : table.polymorphic) {
    if (auto chain = BelongsToAny(table, p)) {
      poly_as[p.as + "_id"] = poly_as[p.as + "_type"] = p.as;
      poly[p.as] = std::move(*chain);
    }
  }
  // In declared order, so the migration creates the table as its schema file declares it.
  std::vector<schema::Column> cols;
  for (const schema::Column* c : schema::DeclaredColumns(table)) cols.push_back(*c);
  for (size_t i = 0; i < cols.size(); ++i) {
    const schema::Column& c = cols[i];
    if (auto it = poly_as.find(c.name); it != poly_as.end()) {
      auto chain = poly.find(it->second);
      if (chain != poly.end()) {
        out.push_back(std::move(chain->second));
        poly.erase(chain);
      }
      continue;
    }
    if (i + 1 < cols.size() && IsExactly(PresetCreatedAt(), c) &&
        IsExactly(PresetUpdatedAt(), cols[i + 1])) {
      out.push_back({CallExpr{"t.timestamps", {}}});
      ++i;
      continue;
    }
    if (IsExactly(PresetDeletedAt(), c)) {
      out.push_back({CallExpr{"t.soft_delete", {}}});
      continue;
    }
    if (auto sortable = HelperPreset("sortable");
        sortable.size() == 1 && IsExactly(sortable[0], c)) {
      out.push_back({CallExpr{"t.sortable", {}}});
      continue;
    }
    std::string fk_name;
    if (auto chain = BelongsTo(table, c, &fk_name)) {
      if (belongs_to_fks) belongs_to_fks->insert(fk_name);
      out.push_back(std::move(*chain));
      continue;
    }
    out.push_back(ColumnStatement(c));
  }
  return out;
}

std::vector<CallExpr> AlterChain(const schema::Column& from, const schema::Column& to) {
  std::vector<CallExpr> chain;
  auto add = [&](const std::string& name, std::vector<Arg> args = {}) {
    chain.push_back(CallExpr{(chain.empty() ? "c." : ".") + name, std::move(args)});
  };
  if (!SameType(from, to)) {
    std::vector<Arg> args{Arg::Str(schema::TypeName(to.type))};
    for (auto& a : TypeArgs(to)) args.push_back(std::move(a));
    add("set_type", std::move(args));
  }
  if (from.nullable != to.nullable) add(to.nullable ? "set_nullable" : "set_not_null");
  // The schema file's .backfill(v) on an optional -> required change: existing NULLs get v.
  if (from.nullable && !to.nullable && to.backfill &&
      to.backfill->kind != schema::Value::Kind::kNull)
    add("backfill", {Arg::Text(JsValue(*to.backfill))});
  if (from.default_value != to.default_value) {
    if (to.default_value)
      add("set_default", {Arg::Text(JsValue(*to.default_value))});
    else
      add("drop_default");
  }
  if (from.check != to.check) {
    if (to.check.empty())
      add("drop_check");
    else
      add("set_check", {Arg::Str(to.check)});
  }
  if (from.unique != to.unique) add(to.unique ? "set_unique" : "drop_unique");
  if (from.key_position != to.key_position) {
    if (to.key_position == 0)
      add("drop_key_place");
    else
      add("set_key_place", {Arg::Text(std::to_string(to.key_position))});
  }
  return chain;
}

}  // namespace alab::codegen
