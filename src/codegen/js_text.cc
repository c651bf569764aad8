#include "codegen/js_text.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "schema/dsl_names.h"
namespace alab::codegen {

namespace {

bool IsIdentifier(const std::string& s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// JSON text (an object/array default) as a JavaScript literal in prettier's style.
std::string JsonToJs(const nlohmann::ordered_json& j) {
  if (j.is_object()) {
    if (j.empty()) return "{}";
    std::vector<std::pair<std::string, std::string>> entries;
    for (auto it = j.begin(); it != j.end(); ++it)
      entries.emplace_back(JsKey(it.key()), JsonToJs(it.value()));
    return InlineObject(entries);
  }
  if (j.is_array()) {
    std::vector<std::string> items;
    for (const auto& e : j) items.push_back(JsonToJs(e));
    return "[" + fmt::format("{}", fmt::join(items, ", ")) + "]";
  }
  if (j.is_string()) return JsString(j.get<std::string>());
  return j.dump();
}

}  // namespace

std::string JsString(const std::string& s) {
  size_t doubles = 0, singles = 0;
  for (char c : s) {
    if (c == '"') ++doubles;
    if (c == '\'') ++singles;
  }
  const char quote = doubles > singles ? '\'' : '"';
  std::string out(1, quote);
  for (unsigned char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c == static_cast<unsigned char>(quote)) {
          out += '\\';
          out += static_cast<char>(c);
        } else if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += quote;
  return out;
}

std::string JsKey(const std::string& key) {
  // `__proto__: v` and `"__proto__": v` set an object literal's prototype; only a computed key
  // defines a property of that name.
  if (key == "__proto__") return "[" + JsString(key) + "]";
  return IsIdentifier(key) ? key : JsString(key);
}

std::string JsStringArray(const std::vector<std::string>& items) {
  return Arg::Strings(items).Inline();
}

std::string InlineObject(const std::vector<std::pair<std::string, std::string>>& entries) {
  if (entries.empty()) return "{}";
  std::string out = "{ ";
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i) out += ", ";
    out += entries[i].first + ": " + entries[i].second;
  }
  return out + " }";
}

std::string JsValue(const schema::Value& v) {
  using K = schema::Value::Kind;
  switch (v.kind) {
    case K::kNull:
      return "null";
    case K::kString:
      return JsString(v.text);
    case K::kNumber:
      return v.text.empty() ? "0" : v.text;
    case K::kBool:
      return v.text == "true" ? "true" : "false";
    case K::kJson: {
      auto j = nlohmann::ordered_json::parse(v.text, nullptr, false);
      return j.is_discarded() ? v.text : JsonToJs(j);
    }
    case K::kSql: {
      std::vector<std::pair<std::string, std::string>> entries;
      for (const std::string& key : schema::SqlTextKeys())
        if (!v.SqlText(key).empty()) entries.emplace_back(key, JsString(v.SqlText(key)));
      return "sql(" + InlineObject(entries) + ")";
    }
  }
  return "null";
}

std::string JsExpr(const schema::Expr& e) {
  if (e.fn == schema::Fn::kCol) return "fn.col(" + JsString(e.column) + ")";
  if (e.fn == schema::Fn::kLit) return JsValue(e.literal.value_or(schema::Value{}));
  std::string out = std::string("fn.") + schema::FnName(e.fn) + "(";
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (i) out += ", ";
    out += JsExpr(e.args[i]);
  }
  return out + ")";
}

Arg NativeTypeArg(const schema::SqlTexts& native) {
  bool same = native.size() == schema::SqlTextKeys().size();
  for (const auto& [key, text] : native) same = same && text == native.begin()->second;
  if (same) return Arg::Str(native.begin()->second);
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& [key, text] : native) entries.emplace_back(key, JsString(text));
  return Arg::Object(std::move(entries));
}

Arg Arg::Strings(const std::vector<std::string>& items) {
  Arg a{Kind::kArray, {}, {}, {}};
  for (const auto& i : items) a.items.push_back(JsString(i));
  return a;
}

std::string Arg::Inline() const {
  switch (kind) {
    case Kind::kText:
      return text;
    case Kind::kArray:
      return "[" + fmt::format("{}", fmt::join(items, ", ")) + "]";
    case Kind::kObject:
      return InlineObject(entries);
  }
  return text;
}

std::string CallExpr::Inline() const {
  std::string out = callee + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out += ", ";
    out += args[i].Inline();
  }
  return out + ")";
}

void CodeWriter::Line(const std::string& text) {
  if (!text.empty()) text_.append(width(), ' ');
  text_ += text;
  text_ += '\n';
}

void CodeWriter::Statement(const std::vector<CallExpr>& chain, const std::string& suffix,
                           bool merge_head) {
  std::string one;
  for (const auto& c : chain) one += c.Inline();
  if (chain.empty() || Fits(one + suffix)) {
    Line(one + suffix);
    return;
  }
  const size_t groups = 1 + chain.size();  // the receiver, then one group per call
  if (groups <= (merge_head ? 3u : 2u)) {
    OneLineChain(chain, suffix);
    return;
  }
  size_t first_mod = 1;
  if (merge_head) {
    Line(chain[0].Inline());
  } else {
    const std::string& callee = chain[0].callee;
    size_t dot = callee.find('.');
    Line(callee.substr(0, dot));
    first_mod = 0;
  }
  Indent();
  for (size_t i = first_mod; i < chain.size(); ++i) {
    std::string text = chain[i].Inline();
    if (i == 0) text = text.substr(text.find('.'));
    Line(text + (i + 1 == chain.size() ? suffix : ""));
  }
  Dedent();
}

void CodeWriter::OneLineChain(const std::vector<CallExpr>& chain, const std::string& suffix) {
  // The first call whose arguments overflow the line (measured up to the next call's
  // opening parenthesis) is expanded; the calls after it follow its closing parenthesis.
  size_t pick = chain.size();
  std::string before;
  for (size_t i = 0; i < chain.size() && pick == chain.size(); ++i) {
    std::string upto =
        before + chain[i].Inline() + (i + 1 < chain.size() ? chain[i + 1].callee + "(" : suffix);
    if (!Fits(upto) && !chain[i].args.empty())
      pick = i;
    else
      before += chain[i].Inline();
  }
  if (pick == chain.size()) {  // only calls without arguments overflow: expand the last with any
    for (size_t i = chain.size(); i-- > 0 && pick == chain.size();)
      if (!chain[i].args.empty()) pick = i;
    if (pick == chain.size()) pick = chain.size() - 1;
  }
  std::string prefix, rest;
  for (size_t i = 0; i < pick; ++i) prefix += chain[i].Inline();
  for (size_t i = pick + 1; i < chain.size(); ++i) rest += chain[i].Inline();
  ExpandArgs(prefix + chain[pick].callee, chain[pick].args, rest + suffix);
}

void CodeWriter::ExpandArgs(const std::string& prefix, const std::vector<Arg>& args,
                            const std::string& suffix) {
  if (args.empty()) {
    Line(prefix + "()" + suffix);
    return;
  }
  const Arg& last = args.back();
  std::string head = prefix + "(";
  for (size_t i = 0; i + 1 < args.size(); ++i) head += args[i].Inline() + ", ";
  bool huggable = (last.kind == Arg::Kind::kArray && !last.items.empty()) ||
                  (last.kind == Arg::Kind::kObject && !last.entries.empty());
  if (huggable && Fits(head + "[")) {
    if (last.kind == Arg::Kind::kObject) {
      Object(head, last.entries, ")" + suffix);
    } else {
      Line(head + "[");
      Indent();
      for (const auto& item : last.items) Line(item + ",");
      Dedent();
      Line("])" + suffix);
    }
    return;
  }
  Line(prefix + "(");
  Indent();
  for (const auto& a : args) Line(a.Inline() + ",");
  Dedent();
  Line(")" + suffix);
}

void CodeWriter::Object(const std::string& prefix,
                        const std::vector<std::pair<std::string, std::string>>& entries,
                        const std::string& suffix) {
  Line(prefix + "{");
  Indent();
  for (const auto& [k, v] : entries) Line(k + ": " + v + ",");
  Dedent();
  Line("}" + suffix);
}

}  // namespace alab::codegen
