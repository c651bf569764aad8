// Decoding one recorded column declaration (col.* / t.*) into IR columns,
// foreign keys, indexes and polymorphic links.
#include <cmath>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "base/strings.h"
#include "schema/dsl_decode.h"
#include "schema/dsl_names.h"
#include "schema/validate.h"

namespace alab::schema::dsl {

namespace {

std::string Got(const Json& v) {
  if (v.is_number()) return FormatNumber(v.get<double>());
  if (v.is_string()) return "\"" + v.get<std::string>() + "\"";
  return DescribeArg(v);
}

bool IntInRange(const Json& v, int lo, int hi, int& out) {
  if (!v.is_number()) return false;
  double d = v.get<double>();
  if (d != std::floor(d) || d < lo || d > hi) return false;
  out = static_cast<int>(d);
  return true;
}

bool NoArgs(const std::string& type, const Json& args, const Context& ctx,
            const diag::SourceLoc& loc) {
  if (args.empty()) return true;
  ctx.Error(loc, fmt::format("{}() takes no arguments (got {})", type, args.size()));
  return false;
}

// One type's text: no statement separator or comment, so it stays one column type.
bool CheckNativeText(const std::string& text, const std::string& key, const Context& ctx,
                     const diag::SourceLoc& loc) {
  std::string what = "native() " + SqlTextKeyLabel(key) + " type";
  if (!CheckText(ctx, loc, what, text)) return false;
  if (text.find(';') != std::string::npos || text.find("--") != std::string::npos ||
      text.find("/*") != std::string::npos) {
    ctx.Error(loc,
              fmt::format("{} '{}' holds ';' or a comment; it must be one column type", what, text),
              {"hint: for example col.native(\"interval\") or col.native({ postgres: \"inet\", "
               "sqlite: \"TEXT\" })"});
    return false;
  }
  return true;  // an empty type (SQLite: a column without one) is the dialect's to refuse
}

// col.native("interval") (the same text for every database) or col.native({postgres: "...",
// sqlite: "..."}): a type alab has no name for, written into the DDL as given.
bool DecodeNative(Column& c, const Json& args, const Context& ctx, const diag::SourceLoc& loc) {
  c.type = Type::kNative;
  const std::string shape =
      "native() needs the database's type as text or {" + SqlTextKeysText(", ") + "} texts";
  if (args.size() != 1 || !(args[0].is_string() || args[0].is_object())) {
    ctx.Error(loc, fmt::format("{}, got {}", shape, args.empty() ? "nothing" : Got(args[0])),
              {"hint: for example col.native(\"interval\") or col.native({ postgres: "
               "\"inet\", sqlite: \"TEXT\" })"});
    return false;
  }
  if (args[0].is_string()) {
    std::string text = args[0].get<std::string>();
    for (const std::string& key : SqlTextKeys()) {
      if (!CheckNativeText(text, key, ctx, loc)) return false;
      c.native[key] = text;
    }
    return true;
  }
  for (auto it = args[0].begin(); it != args[0].end(); ++it) {
    if (!IsSqlTextKey(it.key()) || !it->is_string()) {
      ctx.Error(loc, UnknownSqlTextKey("native()", it.key(), Got(*it)));
      return false;
    }
    if (!CheckNativeText(it->get<std::string>(), it.key(), ctx, loc)) return false;
    c.native[it.key()] = it->get<std::string>();
  }
  if (c.native.empty()) {
    ctx.Error(loc, shape + " (got an empty object)");
    return false;
  }
  return true;
}

}  // namespace

bool ApplyColumnType(Column& c, const std::string& type, const Json& args, const Context& ctx,
                     const diag::SourceLoc& loc) {
  if (type == "id") {
    c.type = Type::kUuid;
    c.primary_key = true;
    return NoArgs(type, args, ctx, loc);
  }
  if (type == "string") {
    if (args.empty() || !IntInRange(args[0], 1, 10485760, c.length)) {
      ctx.Error(loc,
                args.empty() ? "string() length must be a positive integer"
                             : fmt::format("string() length must be a positive integer, got {}",
                                           Got(args[0])),
                {"hint: for example col.string(255), or col.text() for unlimited text"});
      return false;
    }
    c.type = Type::kString;
    if (args.size() > 1) ctx.Error(loc, "string() takes one argument (the length)");
    return args.size() == 1;
  }
  if (type == "decimal") {
    c.type = Type::kDecimal;
    if (args.size() != 2) {
      ctx.Error(loc, "decimal() needs a precision and a scale",
                {"hint: for example col.decimal(10, 2)"});
      return false;
    }
    if (!IntInRange(args[0], 1, 1000, c.precision)) {
      ctx.Error(loc, fmt::format("decimal() precision must be an integer from 1 to 1000, got {}",
                                 Got(args[0])));
      return false;
    }
    if (!IntInRange(args[1], 0, c.precision, c.scale)) {
      ctx.Error(loc, fmt::format(
                         "decimal() scale must be an integer from 0 to the precision ({}), got {}",
                         c.precision, Got(args[1])));
      return false;
    }
    return true;
  }
  if (type == "enum") {
    c.type = Type::kEnum;
    if (args.empty() || !args[0].is_array()) {
      ctx.Error(loc,
                fmt::format("enum() needs an array of string values, got {}",
                            args.empty() ? "nothing" : Got(args[0])),
                {"hint: for example col.enum([\"draft\", \"published\"])"});
      return false;
    }
    if (args[0].empty()) {
      ctx.Error(loc, "enum() needs at least one value");
      return false;
    }
    std::set<std::string> seen;
    bool ok = true;
    for (const auto& v : args[0]) {
      if (!v.is_string()) {
        ctx.Error(loc, fmt::format("enum values must be strings, got {}", Got(v)));
        ok = false;
        continue;
      }
      std::string s = v.get<std::string>();
      if (s.empty()) {
        ctx.Error(loc, "enum values must not be empty");
        ok = false;
      } else if (!seen.insert(s).second) {
        ctx.Error(loc, fmt::format("duplicate enum value '{}'", s));
        ok = false;
      } else if (!CheckText(ctx, loc, "enum value", s)) {
        ok = false;
      }
      c.enum_values.push_back(s);
    }
    // col.enum(values, { type: "mood" }): a database enum type of that name.
    if (args.size() == 2) {
      const Json& o = args[1];
      const char* hint =
          "hint: for example col.enum([\"happy\", \"sad\"], { type: \"mood\" }) for a "
          "PostgreSQL enum type, or col.enum([\"happy\", \"sad\"]) for text with a CHECK";
      if (!o.is_object() || o.size() != 1 || !o.contains("type") || !o["type"].is_string()) {
        ctx.Error(loc, fmt::format("enum() options must be {{ type: \"name\" }}, got {}", Got(o)),
                  {hint});
        return false;
      }
      std::string name = o["type"].get<std::string>();
      if (std::string problem = IdentifierProblem(name); !problem.empty()) {
        ctx.Error(loc, "enum() type name: " + problem, {hint});
        return false;
      }
      c.enum_type = name;
    }
    if (args.size() > 2)
      ctx.Error(loc, "enum() takes the array of values and an optional { type: \"name\" }");
    return ok && args.size() <= 2;
  }
  if (type == "native") return DecodeNative(c, args, ctx, loc);
  if (auto t = TypeFromName(type)) {
    c.type = *t;
    return NoArgs(type, args, ctx, loc);
  }
  if (const SemanticPreset* p = FindSemanticPreset(type)) {
    c.type = p->type;
    c.semantic = p->name;
    c.length = p->length;
    c.precision = p->precision;
    c.scale = p->scale;
    c.format = p->format;
    c.pattern = p->pattern;
    c.min = p->min;
    c.max = p->max;
    c.write_only = p->write_only;
    if (p->default_number != nullptr) c.default_value = Value::Number(p->default_number);
    if (type == "flag") {
      bool def = false;
      if (!args.empty() && !args[0].is_boolean()) {
        ctx.Error(loc, fmt::format("flag() default must be true or false, got {}", Got(args[0])));
        return false;
      }
      if (!args.empty()) def = args[0].get<bool>();
      c.default_value = Value::Bool(def);
      return args.size() <= 1;
    }
    return NoArgs(type, args, ctx, loc);
  }
  ctx.Error(loc, fmt::format("unknown column type '{}'", type));
  return false;
}

namespace {

struct ModState {
  bool is_relationship = false;
  bool virtual_seen = false;
  diag::SourceLoc virtual_loc;
  diag::SourceLoc default_loc;
  diag::SourceLoc backfill_loc;
};

void ApplyModifier(Column& c, const Json& mod, const Context& ctx, ColumnParts& parts,
                   ModState& st) {
  std::string n = mod.value("n", "");
  const Json& a = mod["a"];
  diag::SourceLoc loc = Loc(mod["loc"], ctx.file);
  Json arg0 = a.empty() ? Json{{"$alab", "undefined"}} : a[0];
  auto need_string = [&](std::string& into) {
    if (!arg0.is_string()) {
      ctx.Error(loc, fmt::format("{}() needs a string, got {}", n, Got(arg0)));
      return;
    }
    if (!CheckText(ctx, loc, n + "()", arg0.get<std::string>())) return;
    into = arg0.get<std::string>();
  };
  if (n == "optional" || n == "nullable") {
    c.nullable = true;
  } else if (n == "unique") {
    c.unique = true;
  } else if (n == "primary_key") {
    // A key of any type; on several columns, one composite key in the table's column order,
    // or in the order of the places they give: primary_key(1), primary_key(2).
    if (a.size() > 1 || (a.size() == 1 && (!a[0].is_number_integer() || a[0].get<long long>() < 1 ||
                                           a[0].get<long long>() > 1000)))
      ctx.Error(loc, fmt::format("primary_key() takes nothing, or the column's place in a "
                                 "composite key as a whole number from 1, e.g. primary_key(2) "
                                 "(got {})",
                                 a.size() == 1 ? DescribeArg(a[0])
                                               : fmt::format("{} arguments", a.size())));
    else if (a.size() == 1)
      c.key_position = static_cast<int>(a[0].get<long long>());
    c.primary_key = true;
  } else if (n == "index") {
    parts.indexes.push_back(
        Index{IndexName(ctx.table_sql, {c.name}, false), {c.name}, false, "", loc, false, {}});
  } else if (n == "default" || n == "backfill") {
    auto v = DecodeValue(arg0, ctx, loc, n + "()");
    if (v) (n == "default" ? c.default_value : c.backfill) = *v;
    (n == "default" ? st.default_loc : st.backfill_loc) = loc;
  } else if (n == "min" || n == "max") {
    if (!arg0.is_number()) {
      ctx.Error(loc, fmt::format("{}() needs a number, got {}", n, Got(arg0)));
      return;
    }
    (n == "min" ? c.min : c.max) = arg0.get<double>();
  } else if (n == "pattern") {
    if (IsMarker(arg0, "regex"))
      c.pattern = arg0.value("source", "");
    else if (arg0.is_string())
      c.pattern = arg0.get<std::string>();
    else
      ctx.Error(loc,
                fmt::format("pattern() needs a regular expression or a string, got {}", Got(arg0)));
    if (IsMarker(arg0, "regex") || arg0.is_string()) {
      try {
        std::regex re(c.pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        ctx.Error(
            loc,
            fmt::format(
                "pattern /{}/ is not a valid regular expression ({}); fix the expression (escape "
                "a literal bracket as \\[)",
                c.pattern, e.what()));
      }
    }
  } else if (n == "format") {
    need_string(c.format);
    if (arg0.is_string() && !IsKnownFormat(c.format)) {
      std::string best = ClosestMatch(c.format, KnownFormats());
      ctx.Error(loc, fmt::format("unknown format '{}'{}; known formats: {}", c.format,
                                 best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best),
                                 Join(KnownFormats(), ", ")));
    }
  } else if (n == "docs") {
    need_string(c.docs);
  } else if (n == "deprecated") {
    std::string why;
    if (!a.empty()) need_string(why);
    c.deprecated = why;
  } else if (n == "check") {
    std::string expr;
    need_string(expr);
    if (arg0.is_string() && Trim(expr).empty())
      ctx.Error(loc, "check() needs a non-empty SQL expression");
    c.check = expr;
  } else if (n == "read_only") {
    c.read_only = true;
  } else if (n == "write_only") {
    c.write_only = true;
  } else if (n == "computed") {
    if (auto e = DecodeExpr(arg0, ctx, loc)) c.computed = Computed{std::move(*e), true};
  } else if (n == "virtual") {
    st.virtual_seen = true;
    st.virtual_loc = loc;
  } else if (n == "as" || n == "on_delete" || n == "on_update") {
    ctx.Error(
        loc, fmt::format(
                 "{}() only applies to relationships (belongs_to, one_to_one, belongs_to_any)", n));
  } else {
    ctx.Error(loc, fmt::format("unknown modifier '{}'", n));
  }
}

void FinishModifiers(Column& c, const Context& ctx, const ModState& st) {
  // Defaults are checked once every modifier is known (.optional() may come after .default(null)).
  if (c.default_value && st.default_loc.known()) {
    std::string p = ValueFitProblem(c, *c.default_value);
    if (!p.empty()) ctx.Error(st.default_loc, p);
  }
  if (c.backfill && st.backfill_loc.known()) {
    std::string p = ValueFitProblem(c, *c.backfill);
    if (!p.empty()) ctx.Error(st.backfill_loc, "backfill: " + p);
  }
  if (!st.virtual_seen) return;
  if (!c.computed)
    ctx.Error(st.virtual_loc,
              "virtual() only applies to computed columns (use .computed(fn...) first)");
  else
    c.computed->stored = false;
}

std::string LastPart(const std::string& ref) {
  size_t dot = ref.rfind('.');
  return dot == std::string::npos ? ref : ref.substr(dot + 1);
}

void DecodeBelongsTo(const std::string& type, const Json& rec, const std::string& key,
                     const Context& ctx, const diag::SourceLoc& loc, ColumnParts& out) {
  const Json& args = rec["a"];
  if (args.empty() || !args[0].is_string() || args[0].get<std::string>().empty()) {
    ctx.Error(loc, fmt::format("{}() needs a table reference like \"auth.user\", got {}", type,
                               args.empty() ? "nothing" : Got(args[0])));
    return;
  }
  std::string ref = ResolveRef(args[0].get<std::string>(), ctx.ns);
  std::string alias;
  FkAction on_delete = FkAction::kNoAction, on_update = FkAction::kNoAction;
  FkDeferral deferral = FkDeferral::kNot;
  std::vector<const Json*> rest;
  for (const auto& mod : rec["mods"]) {
    std::string n = mod.value("n", "");
    const Json& a = mod["a"];
    diag::SourceLoc mloc = Loc(mod["loc"], ctx.file);
    if (n == "as") {
      if (a.empty() || !a[0].is_string())
        ctx.Error(mloc,
                  fmt::format("as() needs a name, got {}", a.empty() ? "nothing" : Got(a[0])));
      else
        alias = a[0].get<std::string>();
    } else if (n == "on_delete" || n == "on_update") {
      std::optional<FkAction> act;
      if (!a.empty() && a[0].is_string()) act = FkActionFromString(a[0].get<std::string>());
      if (!act) {
        ctx.Error(
            mloc,
            fmt::format(
                "{}() needs one of CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION; got {}", n,
                a.empty() ? "nothing" : Got(a[0])));
      } else {
        (n == "on_delete" ? on_delete : on_update) = *act;
      }
    } else if (n == "deferrable") {
      std::optional<FkDeferral> d;
      if (a.size() == 1 && a[0].is_string()) d = FkDeferralFromString(a[0].get<std::string>());
      if (!d)
        ctx.Error(mloc, fmt::format("deferrable() needs \"immediate\" or \"deferred\" (when the "
                                    "key is checked until SET CONSTRAINTS says otherwise); got {}",
                                    a.empty() ? "nothing" : Got(a[0])));
      else
        deferral = *d;
    } else {
      rest.push_back(&mod);
    }
  }
  Column c;
  std::string base = !alias.empty() ? alias : !key.empty() ? key : LastPart(ref);
  c.name = EndsWith(base, "_id") && alias.empty() && !key.empty() ? base : base + "_id";
  c.type = Type::kUuid;
  c.unique = type == "one_to_one";
  c.loc = loc;
  ModState st;
  st.is_relationship = true;
  for (const Json* mod : rest) ApplyModifier(c, *mod, ctx, out, st);
  FinishModifiers(c, ctx, st);
  ForeignKey fk;
  fk.name = ForeignKeyName(ctx.table_sql, {c.name});
  fk.columns = {c.name};
  fk.ref_table = ref;
  fk.ref_columns = {"id"};
  fk.on_delete = on_delete;
  fk.on_update = on_update;
  fk.deferral = deferral;
  fk.loc = loc;
  out.foreign_keys.push_back(fk);
  if (!ctx.migration)
    out.indexes.push_back(
        Index{IndexName(ctx.table_sql, {c.name}, false), {c.name}, false, "", loc, false, {}});
  out.columns.push_back(std::move(c));
}

void DecodeBelongsToAny(const Json& rec, const std::string& key, const Context& ctx,
                        const diag::SourceLoc& loc, ColumnParts& out) {
  const Json& args = rec["a"];
  Polymorphic poly;
  if (args.empty() || !args[0].is_array() || args[0].empty()) {
    ctx.Error(loc,
              "belongs_to_any() needs an array of table references, e.g. "
              "belongs_to_any([\"blog.post\", \"blog.page\"])");
    return;
  }
  for (const auto& r : args[0]) {
    if (!r.is_string()) {
      ctx.Error(loc,
                fmt::format("belongs_to_any() table references must be strings, got {}", Got(r)));
      return;
    }
    poly.refs.push_back(ResolveRef(r.get<std::string>(), ctx.ns));
  }
  poly.as = key;
  if (args.size() > 1 && args[1].is_object() && args[1].contains("as")) {
    if (args[1]["as"].is_string())
      poly.as = args[1]["as"].get<std::string>();
    else
      ctx.Error(loc, fmt::format("belongs_to_any() option 'as' must be a string, got {}",
                                 Got(args[1]["as"])));
  }
  if (poly.as.empty()) {
    ctx.Error(loc, "belongs_to_any() needs a name: belongs_to_any([...], {as: \"owner\"})");
    return;
  }
  Column type_col, id_col;
  type_col.name = poly.as + "_type";
  type_col.type = Type::kString;
  type_col.length = 255;
  type_col.loc = loc;
  id_col.name = poly.as + "_id";
  id_col.type = Type::kUuid;
  id_col.loc = loc;
  for (const auto& mod : rec["mods"]) {
    std::string n = mod.value("n", "");
    diag::SourceLoc mloc = Loc(mod["loc"], ctx.file);
    if (n == "optional" || n == "nullable") {
      type_col.nullable = id_col.nullable = true;
    } else if (n == "docs" || n == "deprecated") {
      ModState st;
      ApplyModifier(id_col, mod, ctx, out, st);
      ApplyModifier(type_col, mod, ctx, out, st);
    } else {
      ctx.Error(mloc, fmt::format("{}() does not apply to belongs_to_any()", n));
    }
  }
  if (!ctx.migration)
    out.indexes.push_back(Index{IndexName(ctx.table_sql, {type_col.name, id_col.name}, false),
                                {type_col.name, id_col.name},
                                false,
                                "",
                                loc,
                                false,
                                {}});
  out.columns.push_back(std::move(type_col));
  out.columns.push_back(std::move(id_col));
  out.polymorphic.push_back(std::move(poly));
}

}  // namespace

std::vector<Column> HelperColumns(const std::string& helper, const diag::SourceLoc& loc) {
  std::vector<Column> out;
  auto add = [&](const char* name, Type type, bool nullable) -> Column& {
    Column c;
    c.name = name;
    c.type = type;
    c.nullable = nullable;
    c.loc = loc;
    out.push_back(std::move(c));
    return out.back();
  };
  if (helper == "timestamps") {
    add("created_at", Type::kDatetime, false).default_value =
        Value::SqlForEveryKey("CURRENT_TIMESTAMP");
    add("updated_at", Type::kDatetime, false).default_value =
        Value::SqlForEveryKey("CURRENT_TIMESTAMP");
  } else if (helper == "soft_delete") {
    add("deleted_at", Type::kDatetime, true);
  } else if (helper == "sortable") {
    add("position", Type::kInteger, false).default_value = Value::Number("0");
  } else if (helper == "auditable") {
    add("created_by", Type::kUuid, true);
    add("updated_by", Type::kUuid, true);
  }
  return out;
}

void DecodeColumn(const Json& rec, const std::string& key, const Context& ctx, ColumnParts& out) {
  std::string type = rec.value("type", "");
  diag::SourceLoc loc = Loc(rec["loc"], ctx.file);
  if (const char* hint = ForbiddenTypeHint(type)) {
    ctx.Error(loc, fmt::format("column type '{}' is not supported", type),
              {std::string("hint: ") + hint});
    return;
  }
  if (type == "belongs_to" || type == "one_to_one")
    return DecodeBelongsTo(type, rec, key, ctx, loc, out);
  if (type == "belongs_to_any") return DecodeBelongsToAny(rec, key, ctx, loc, out);
  if (IsTableHelperType(type)) {
    if (!rec["a"].empty()) ctx.Error(loc, fmt::format("{}() takes no arguments", type));
    for (auto& c : HelperColumns(type, loc)) out.columns.push_back(std::move(c));
    for (const auto& mod : rec["mods"])
      ctx.Error(Loc(mod["loc"], ctx.file),
                fmt::format("{}() does not apply to {}()", mod.value("n", ""), type));
    return;
  }
  if (type == "many_to_many") {
    const Json& a = rec["a"];
    if (a.empty() || !a[0].is_string())
      ctx.Error(loc, "many_to_many() needs a table reference like \"auth.role\"");
    else
      out.many_to_many.push_back(ManyToMany{ResolveRef(a[0].get<std::string>(), ctx.ns), loc});
    return;
  }
  Json args = rec["a"];
  Column c;
  c.loc = loc;
  if (ctx.migration) {
    if (type == "id" && (args.empty() || !args[0].is_string())) {
      c.name = "id";
    } else if (args.empty() || !args[0].is_string()) {
      ctx.Error(loc, fmt::format("t.{}() needs the column name first, e.g. t.{}(\"name\"{})", type,
                                 type, type == "string" ? ", 255" : ""));
      return;
    } else {
      c.name = args[0].get<std::string>();
      args.erase(args.begin());
    }
  } else {
    c.name = key;
  }
  if (!ApplyColumnType(c, type, args, ctx, loc)) return;
  ModState st;
  for (const auto& mod : rec["mods"]) ApplyModifier(c, mod, ctx, out, st);
  FinishModifiers(c, ctx, st);
  out.columns.push_back(std::move(c));
}

}  // namespace alab::schema::dsl
