// Decoding recorded JS values: locations, literal values, sql() markers, fn expressions.
#include <algorithm>

#include <fmt/format.h>

#include "base/strings.h"
#include "schema/dsl_decode.h"
#include "schema/dsl_names.h"

namespace alab::schema::dsl {

diag::SourceLoc Loc(const Json& loc, const std::string& file) {
  diag::SourceLoc l;
  l.file = file;
  if (loc.is_array() && loc.size() >= 2) {
    l.line = loc[0].get<int>();
    l.col = loc[1].get<int>();
    if (loc.size() >= 3) l.length = loc[2].get<int>();
  }
  if (l.line <= 0) l.line = 0;
  return l;
}

bool IsMarker(const Json& v, const char* kind) {
  if (!v.is_object()) return false;
  auto it = v.find("$alab");
  return it != v.end() && it->is_string() && *it == kind;
}

std::string DescribeArg(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_string()) return "a string";
  if (v.is_number()) return "a number";
  if (v.is_boolean()) return "a boolean";
  if (v.is_array()) return "an array";
  if (v.is_object()) {
    auto it = v.find("$alab");
    if (it == v.end() || !it->is_string()) return "an object";
    std::string k = *it;
    if (k == "undefined") return "undefined";
    if (k == "function") return "a function";
    if (k == "regex") return "a regular expression";
    if (k == "rec") return "a column or table builder";
    if (k == "sql") return "an sql() expression";
    if (k == "fn") return "an fn expression";
    if (k == "bigint") return "a BigInt";
    if (k == "symbol") return "a symbol";
    if (k == "number") return v.value("text", "NaN");
    if (k == "deep") return "a too deeply nested value";
    return "an object";
  }
  return "a value";
}

bool CheckText(const Context& ctx, const diag::SourceLoc& loc, const std::string& what,
               const std::string& text) {
  size_t at = FindControlChar(text);
  if (at == std::string::npos) return true;
  size_t line =
      1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  ctx.Error(
      loc, fmt::format(
               "{} contains {} (character {}{}); it cannot hold control characters other than tab, "
               "newline and carriage return: remove it",
               what, DescribeControlChar(text[at]), at + 1,
               line > 1 ? fmt::format(", line {} of the text", line) : ""));
  return false;
}

std::optional<Value> DecodeSql(const Json& v, const Context& ctx, const diag::SourceLoc& loc,
                               const std::string& what) {
  Json value = v;
  if (IsMarker(v, "sql")) value = v.value("value", Json());
  if (value.is_string()) {
    std::string s = value.get<std::string>();
    if (Trim(s).empty()) {
      ctx.Error(loc, what + " needs a non-empty SQL expression");
      return std::nullopt;
    }
    if (!CheckText(ctx, loc, what + " SQL", s)) return std::nullopt;
    return Value::SqlForEveryKey(s);
  }
  if (value.is_object() && !value.contains("$alab")) {
    SqlTexts texts;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!IsSqlTextKey(it.key()) || !it->is_string()) {
        ctx.Error(loc, UnknownSqlTextKey(what, it.key(), DescribeArg(*it)));
        return std::nullopt;
      }
      texts[it.key()] = it->get<std::string>();
    }
    Value sql = Value::Sql(std::move(texts));
    if (sql.sql.empty()) {
      ctx.Error(loc, what + ": sql() needs a " + SqlTextKeysText(" or ") + " expression");
      return std::nullopt;
    }
    for (const std::string& key : SqlTextKeys())
      if (!CheckText(ctx, loc, what + " " + SqlTextKeyLabel(key) + " SQL", sql.SqlText(key)))
        return std::nullopt;
    return sql;
  }
  ctx.Error(loc, fmt::format("{} needs SQL text or sql({{{}}}), got {}", what,
                             SqlTextKeysText(", "), DescribeArg(value)));
  return std::nullopt;
}

std::optional<Value> DecodeValue(const Json& v, const Context& ctx, const diag::SourceLoc& loc,
                                 const std::string& what) {
  if (v.is_null()) return Value{};
  if (v.is_string()) {
    // A string value is a quoted literal, which may hold any character but NUL (PostgreSQL
    // text cannot hold one, and the SQL text would end there).
    std::string s = v.get<std::string>();
    if (s.find('\0') != std::string::npos) {
      ctx.Error(
          loc, fmt::format(
                   "{} contains a NUL byte (\\u0000) at character {}; no database column holds one "
                   "as text: remove it",
                   what, s.find('\0') + 1));
      return std::nullopt;
    }
    return Value::String(std::move(s));
  }
  if (v.is_boolean()) return Value::Bool(v.get<bool>());
  if (v.is_number()) return Value::Number(FormatNumber(v.get<double>()));
  if (IsMarker(v, "sql")) return DecodeSql(v, ctx, loc, what);
  if (v.is_array() || (v.is_object() && !v.contains("$alab"))) {
    Value j;
    j.kind = Value::Kind::kJson;
    j.text = v.dump();
    return j;
  }
  if (IsMarker(v, "undefined")) {
    ctx.Error(loc, what + " needs a value");
  } else if (IsMarker(v, "function")) {
    ctx.Error(loc,
              what + " got a function; pass a value, or sql({postgres, sqlite}) for an expression");
  } else {
    ctx.Error(loc, fmt::format("{} cannot be {}", what, DescribeArg(v)));
  }
  return std::nullopt;
}

namespace {

size_t MinArgs(const std::string& fn) {
  if (fn == "add" || fn == "sub" || fn == "mul" || fn == "div" || fn == "nullif") return 2;
  if (fn == "coalesce") return 2;
  return 1;
}

size_t MaxArgs(const std::string& fn) {
  if (fn == "concat" || fn == "coalesce") return 64;
  if (fn == "round") return 2;
  return MinArgs(fn);
}

}  // namespace

std::optional<Expr> DecodeExpr(const Json& v, const Context& ctx, const diag::SourceLoc& loc) {
  if (v.is_string() || v.is_number() || v.is_boolean() || v.is_null()) {
    auto literal = DecodeValue(v, ctx, loc, "fn argument");
    if (!literal) return std::nullopt;  // refused (e.g. a NUL byte): the error is reported
    Expr e;
    e.fn = Fn::kLit;
    e.literal = std::move(*literal);
    return e;
  }
  if (!IsMarker(v, "fn")) {
    ctx.Error(loc,
              fmt::format("expected an fn expression (fn.col(\"x\"), fn.concat(...), ...), got {}",
                          DescribeArg(v)));
    return std::nullopt;
  }
  diag::SourceLoc here = v.contains("loc") ? Loc(v["loc"], ctx.file) : loc;
  std::string name = v.value("fn", "");
  const Json& args = v["args"];
  if (name == "col") {
    if (args.size() != 1 || !args[0].is_string()) {
      ctx.Error(here, "fn.col() takes one column name");
      return std::nullopt;
    }
    Expr e;
    e.fn = Fn::kCol;
    e.column = args[0].get<std::string>();
    return e;
  }
  if (args.size() < MinArgs(name) || args.size() > MaxArgs(name)) {
    size_t lo = MinArgs(name), hi = MaxArgs(name);
    std::string count = lo == hi ? std::to_string(lo)
                        : hi > 2 ? fmt::format("at least {}", lo)
                                 : fmt::format("{} or {}", lo, hi);
    ctx.Error(here, fmt::format("fn.{}() takes {} argument{} (got {})", name, count,
                                hi == 1 ? "" : "s", args.size()));
    return std::nullopt;
  }
  std::optional<Fn> fn = FnFromName(name);
  if (!fn || *fn == Fn::kLit) {
    ctx.Error(here, fmt::format("unknown function fn.{}()", name));
    return std::nullopt;
  }
  Expr e;
  e.fn = *fn;
  for (const auto& a : args) {
    auto sub = DecodeExpr(a, ctx, here);
    if (!sub) return std::nullopt;
    e.args.push_back(std::move(*sub));
  }
  return e;
}

std::string ResolveRef(const std::string& ref, const std::string& current_ns) {
  if (!ref.empty() && ref[0] == '.')
    return current_ns.empty() ? ref.substr(1) : current_ns + "." + ref.substr(1);
  if (ref.find('.') == std::string::npos && !current_ns.empty()) return current_ns + "." + ref;
  return ref;
}

bool DecodeNativeIndex(const Json& v, const Context& ctx, const diag::SourceLoc& loc,
                       SqlTexts& out) {
  const std::string what = "index native definition";
  auto take = [&](const std::string& key, const Json& text) {
    if (!text.is_string() || Trim(text.get<std::string>()).empty()) {
      ctx.Error(loc, fmt::format("{} needs the text after ON <table>, such as \"USING gin "
                                 "(tags)\", got {}",
                                 what, DescribeArg(text)));
      return false;
    }
    if (!CheckText(ctx, loc, what, text.get<std::string>())) return false;
    out[key] = text.get<std::string>();
    return true;
  };
  if (v.is_string()) {
    for (const std::string& key : SqlTextKeys())
      if (!take(key, v)) return false;
    return true;
  }
  if (!v.is_object() || v.contains("$alab") || v.empty()) {
    ctx.Error(loc, fmt::format("{} needs text or {{{}}}, got {}", what, SqlTextKeysText(", "),
                               DescribeArg(v)));
    return false;
  }
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!IsSqlTextKey(it.key())) {
      ctx.Error(loc, UnknownSqlTextKey(what, it.key(), DescribeArg(*it)));
      return false;
    }
    if (!take(it.key(), *it)) return false;
  }
  return true;
}

std::vector<std::string> StringList(const Json& args, size_t from, const Context& ctx,
                                    const diag::SourceLoc& loc, const std::string& what) {
  std::vector<std::string> out;
  for (size_t i = from; i < args.size(); ++i) {
    const Json& a = args[i];
    if (a.is_string()) {
      out.push_back(a.get<std::string>());
    } else if (a.is_array()) {
      for (const auto& e : a) {
        if (e.is_string())
          out.push_back(e.get<std::string>());
        else
          ctx.Error(loc, fmt::format("{} takes column names, got {}", what, DescribeArg(e)));
      }
    } else if (a.is_object() && !a.contains("$alab")) {
      continue;  // an options object; the caller reads it
    } else {
      ctx.Error(loc, fmt::format("{} takes column names, got {}", what, DescribeArg(a)));
    }
  }
  return out;
}

}  // namespace alab::schema::dsl
