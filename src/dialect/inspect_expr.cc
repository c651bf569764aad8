#include "dialect/inspect_expr.h"

#include <string>
#include <vector>

#include "base/strings.h"
#include "dialect/inspect_sql.h"

namespace alab::dialect {

namespace {

class Parser {
 public:
  explicit Parser(std::vector<SqlToken> toks) : toks_(std::move(toks)) {}

  std::optional<schema::Expr> Parse() {
    auto e = Concat();
    if (!e || pos_ != toks_.size()) return std::nullopt;
    return e;
  }

 private:
  bool AtPunct(std::string_view p) const {
    return pos_ < toks_.size() && toks_[pos_].kind == SqlToken::Kind::kPunct &&
           toks_[pos_].text == p;
  }

  static schema::Expr Call(schema::Fn fn, std::vector<schema::Expr> args) {
    schema::Expr e;
    e.fn = fn;
    e.args = std::move(args);
    return e;
  }

  std::optional<schema::Expr> Concat() {
    auto left = Additive();
    if (!left) return std::nullopt;
    if (!AtPunct("||")) return left;
    std::vector<schema::Expr> args;
    auto push = [&args](schema::Expr e) {
      // Renderers write concat parts as coalesce(x, '') so NULL reads as ''.
      if (e.fn == schema::Fn::kCoalesce && e.args.size() == 2 && e.args[1].fn == schema::Fn::kLit &&
          e.args[1].literal && e.args[1].literal->kind == schema::Value::Kind::kString &&
          e.args[1].literal->text.empty()) {
        schema::Expr inner = std::move(e.args[0]);
        e = std::move(inner);
      }
      if (e.fn == schema::Fn::kConcat) {
        for (auto& a : e.args) args.push_back(std::move(a));
      } else {
        args.push_back(std::move(e));
      }
    };
    push(std::move(*left));
    while (AtPunct("||")) {
      ++pos_;
      auto right = Additive();
      if (!right) return std::nullopt;
      push(std::move(*right));
    }
    return Call(schema::Fn::kConcat, std::move(args));
  }

  std::optional<schema::Expr> Additive() {
    auto left = Term();
    while (left && (AtPunct("+") || AtPunct("-"))) {
      schema::Fn fn = toks_[pos_++].text == "+" ? schema::Fn::kAdd : schema::Fn::kSub;
      auto right = Term();
      if (!right) return std::nullopt;
      left = Call(fn, {std::move(*left), std::move(*right)});
    }
    return left;
  }

  std::optional<schema::Expr> Term() {
    auto left = Unary();
    while (left && (AtPunct("*") || AtPunct("/"))) {
      schema::Fn fn = toks_[pos_++].text == "*" ? schema::Fn::kMul : schema::Fn::kDiv;
      auto right = Unary();
      if (!right) return std::nullopt;
      left = Call(fn, {std::move(*left), std::move(*right)});
    }
    return left;
  }

  std::optional<schema::Expr> Unary() {
    if (AtPunct("-") && pos_ + 1 < toks_.size() &&
        toks_[pos_ + 1].kind == SqlToken::Kind::kNumber) {
      ++pos_;
      auto e = Primary();
      if (e && e->literal) e->literal->text = FormatNumber(-std::stod(e->literal->text));
      return e;
    }
    return Primary();
  }

  void SkipCasts() {
    while (AtPunct("::")) {
      ++pos_;
      if (pos_ < toks_.size()) ++pos_;
      while (pos_ < toks_.size() && toks_[pos_].kind == SqlToken::Kind::kIdent) {
        std::string w = ToLower(toks_[pos_].text);
        if (w != "varying" && w != "precision" && w != "with" && w != "without" && w != "time" &&
            w != "zone")
          break;
        ++pos_;
      }
      if (AtPunct("(")) {
        while (pos_ < toks_.size() && !AtPunct(")")) ++pos_;
        if (pos_ < toks_.size()) ++pos_;
      }
    }
  }

  std::optional<schema::Expr> Primary() {
    if (pos_ >= toks_.size()) return std::nullopt;
    const SqlToken& t = toks_[pos_];
    std::optional<schema::Expr> out;
    if (AtPunct("(")) {
      ++pos_;
      out = Concat();
      if (!out || !AtPunct(")")) return std::nullopt;
      ++pos_;
    } else if (t.kind == SqlToken::Kind::kNumber) {
      ++pos_;
      schema::Expr e;
      e.fn = schema::Fn::kLit;
      try {
        e.literal = schema::Value::Number(FormatNumber(std::stod(t.text)));
      } catch (...) {
        return std::nullopt;
      }
      out = std::move(e);
    } else if (t.kind == SqlToken::Kind::kString) {
      ++pos_;
      schema::Expr e;
      e.fn = schema::Fn::kLit;
      e.literal = schema::Value::String(t.text);
      out = std::move(e);
    } else if (t.kind == SqlToken::Kind::kIdent || t.kind == SqlToken::Kind::kQuotedIdent) {
      ++pos_;
      std::string name = t.kind == SqlToken::Kind::kIdent ? ToLower(t.text) : t.text;
      if (t.kind == SqlToken::Kind::kIdent && AtPunct("(")) {
        // The SQL functions that are fn.* calls of the same name (concat and the operators are
        // read above).
        using schema::Fn;
        std::optional<Fn> fn = schema::FnFromName(name);
        if (name == "char_length" || name == "character_length") fn = Fn::kLength;
        if (!fn ||
            (*fn != Fn::kUpper && *fn != Fn::kLower && *fn != Fn::kTrim && *fn != Fn::kLength &&
             *fn != Fn::kAbs && *fn != Fn::kRound && *fn != Fn::kCoalesce && *fn != Fn::kNullif))
          return std::nullopt;
        ++pos_;
        std::vector<schema::Expr> args;
        while (!AtPunct(")")) {
          auto a = Concat();
          if (!a) return std::nullopt;
          args.push_back(std::move(*a));
          if (AtPunct(","))
            ++pos_;
          else if (!AtPunct(")"))
            return std::nullopt;
        }
        ++pos_;
        out = Call(*fn, std::move(args));
      } else {
        std::string l = ToLower(name);
        if (t.kind == SqlToken::Kind::kIdent && (l == "true" || l == "false")) {
          schema::Expr e;
          e.fn = schema::Fn::kLit;
          e.literal = schema::Value::Bool(l == "true");
          out = std::move(e);
        } else {
          schema::Expr e;
          e.fn = schema::Fn::kCol;
          e.column = name;
          out = std::move(e);
        }
      }
    } else {
      return std::nullopt;
    }
    SkipCasts();
    return out;
  }

  std::vector<SqlToken> toks_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<schema::Expr> ParseGeneratedExpr(std::string_view sql) {
  return Parser(TokenizeSql(sql)).Parse();
}

}  // namespace alab::dialect
