#pragma once
// JavaScript source text for generated migration files: literals quoted the way
// prettier prints them, IR values and fn.* expressions, and a line writer that keeps
// calls within 80 columns (prettier's default width) where it can.
#include <string>
#include <vector>

#include "schema/ir.h"

namespace alab::codegen {

inline constexpr size_t kLineWidth = 80;

// A string literal: double quotes unless the text holds more double than single quotes.
std::string JsString(const std::string& s);
// ["a", "b"]
std::string JsStringArray(const std::vector<std::string>& items);
// A value as written in .default()/.backfill()/set_default(): "text", 42, true, null,
// {"a":1} (JSON), sql({ postgres: "...", sqlite: "..." }).
std::string JsValue(const schema::Value& v);
// A generated column's expression: fn.concat(fn.col("a"), " ", fn.col("b")).
std::string JsExpr(const schema::Expr& e);

// One argument of a call: plain text, or an array/object literal that a long line
// may expand over several lines.
struct Arg {
  enum class Kind { kText, kArray, kObject };
  Kind kind = Kind::kText;
  std::string text;                                          // kText
  std::vector<std::string> items;                            // kArray: element texts
  std::vector<std::pair<std::string, std::string>> entries;  // kObject: key text, value text

  static Arg Text(std::string t) { return Arg{Kind::kText, std::move(t), {}, {}}; }
  static Arg Str(const std::string& s) { return Text(JsString(s)); }
  static Arg Strings(const std::vector<std::string>& items);
  static Arg Object(std::vector<std::pair<std::string, std::string>> entries) {
    return Arg{Kind::kObject, {}, {}, std::move(entries)};
  }
  std::string Inline() const;
};

// The argument of col.native(...): "interval" when every key gives the same text, else
// { postgres: "inet", sqlite: "TEXT" }.
Arg NativeTypeArg(const schema::SqlTexts& native);

// `callee(args)`; in a chain, modifiers have callees such as ".unique".
struct CallExpr {
  std::string callee;
  std::vector<Arg> args;
  std::string Inline() const;
};

// Indented lines of one file, printed the way prettier (width 80, two spaces, double
// quotes, trailing commas) prints the shapes generated here.
class CodeWriter {
 public:
  void Line(const std::string& text);  // at the current indentation; "" = blank line
  void Indent() { depth_ += 1; }
  void Dedent() { depth_ -= 1; }
  size_t width() const { return depth_ * 2; }  // of the current indentation
  bool Fits(const std::string& text) const { return width() + text.size() <= kLineWidth; }
  // `recv.call().mod().mod()` + suffix: one line when it fits; else as prettier prints
  // member chains: a short chain keeps one line and expands the arguments of the call
  // that overflows; a longer one puts each call on its own line. merge_head keeps the
  // first call on the receiver's line (prettier does so for a short receiver such as `t`
  // in an expression statement), else the receiver stands alone.
  void Statement(const std::vector<CallExpr>& chain, const std::string& suffix = ";",
                 bool merge_head = true);
  // An object literal over several lines: `prefix{`, `key: value,` lines, `}suffix`.
  void Object(const std::string& prefix,
              const std::vector<std::pair<std::string, std::string>>& entries,
              const std::string& suffix);
  const std::string& text() const { return text_; }

 private:
  void ExpandArgs(const std::string& prefix, const std::vector<Arg>& args,
                  const std::string& suffix);
  void OneLineChain(const std::vector<CallExpr>& chain, const std::string& suffix);

  std::string text_;
  size_t depth_ = 0;
};

// `{ key: value, ... }` on one line; keys are written as given (quote them yourself).
std::string InlineObject(const std::vector<std::pair<std::string, std::string>>& entries);
// An object key: bare when it is an identifier, else a string literal.
std::string JsKey(const std::string& key);

}  // namespace alab::codegen
