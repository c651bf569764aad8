#include "dialect/inspect_sql.h"

#include <cctype>

#include <fmt/format.h>

#include "base/strings.h"

namespace alab::dialect {

namespace {

bool IsIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80);
}
bool IsIdentChar(char c) {
  return IsIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

// Reads a quoted run starting at s[i] (the opening quote); doubled closing quotes escape.
size_t ReadQuoted(std::string_view s, size_t i, char close, std::string& out) {
  size_t j = i + 1;
  while (j < s.size()) {
    if (s[j] == close) {
      if (close != ']' && j + 1 < s.size() && s[j + 1] == close) {
        out.push_back(close);
        j += 2;
        continue;
      }
      return j + 1;
    }
    out.push_back(s[j++]);
  }
  return j;
}

bool IsTypeWord(const std::string& w) {
  static const char* kWords[] = {"varying", "precision", "with", "without", "time", "zone"};
  std::string l = ToLower(w);
  for (const char* k : kWords)
    if (l == k) return true;
  return false;
}

bool Is(const SqlToken& t, std::string_view text) {
  return (t.kind == SqlToken::Kind::kIdent || t.kind == SqlToken::Kind::kPunct) &&
         ToLower(t.text) == text;
}

// Tokens without casts (::type, ::type(n), ::type[]) and with now() folded.
std::vector<SqlToken> WithoutCasts(const std::vector<SqlToken>& in) {
  std::vector<SqlToken> out;
  for (size_t i = 0; i < in.size(); ++i) {
    const SqlToken& t = in[i];
    if (t.kind == SqlToken::Kind::kPunct && t.text == "::") {
      size_t j = i + 1;
      if (j < in.size() &&
          (in[j].kind == SqlToken::Kind::kIdent || in[j].kind == SqlToken::Kind::kQuotedIdent))
        ++j;
      while (j < in.size() && in[j].kind == SqlToken::Kind::kIdent && IsTypeWord(in[j].text)) ++j;
      if (j < in.size() && in[j].text == "(") {
        int depth = 0;
        for (; j < in.size(); ++j) {
          if (in[j].text == "(") ++depth;
          if (in[j].text == ")" && --depth == 0) {
            ++j;
            break;
          }
        }
      }
      while (j + 1 < in.size() && in[j].text == "[" && in[j + 1].text == "]") j += 2;
      i = j - 1;
      continue;
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace

std::vector<SqlToken> TokenizeSql(std::string_view s) {
  std::vector<SqlToken> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t e = s.find("*/", i + 2);
      i = e == std::string_view::npos ? s.size() : e + 2;
      continue;
    }
    SqlToken t;
    t.begin = i;
    // `[x]` quotes an identifier (SQLite) except after ARRAY (PostgreSQL's ARRAY[...]).
    bool array_bracket = c == '[' && !out.empty() && out.back().kind == SqlToken::Kind::kIdent &&
                         ToLower(out.back().text) == "array";
    if (c == '\'' || c == '"' || c == '`' || (c == '[' && !array_bracket)) {
      char close = c == '[' ? ']' : c;
      t.kind = c == '\'' ? SqlToken::Kind::kString : SqlToken::Kind::kQuotedIdent;
      i = ReadQuoted(s, i, close, t.text);
    } else if ((c == 'E' || c == 'e') && i + 1 < s.size() && s[i + 1] == '\'') {
      t.kind = SqlToken::Kind::kString;
      i = ReadQuoted(s, i + 1, '\'', t.text);
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      t.kind = SqlToken::Kind::kNumber;
      size_t j = i;
      while (j < s.size() &&
             (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '.' ||
              ((s[j] == '+' || s[j] == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E'))))
        ++j;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else if (IsIdentStart(c)) {
      t.kind = SqlToken::Kind::kIdent;
      size_t j = i;
      while (j < s.size() && IsIdentChar(s[j])) ++j;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else {
      t.kind = SqlToken::Kind::kPunct;
      static const char* kTwo[] = {"::", "<>", "!=", "<=", ">=", "||", "==", "~~", "->"};
      std::string two(s.substr(i, 2));
      bool matched = false;
      for (const char* k : kTwo) {
        if (two == k) {
          t.text = two;
          i += 2;
          matched = true;
          break;
        }
      }
      if (matched && t.text == "~~" && i < s.size() && s[i] == '*') {
        t.text = "~~*";
        ++i;
      }
      if (!matched) {
        if (c == '!' && s.substr(i, 3) == "!~~") {
          t.text = "!~~";
          i += 3;
        } else {
          t.text = std::string(1, c);
          ++i;
        }
      }
    }
    t.end = i;
    out.push_back(std::move(t));
  }
  return out;
}

std::string NormalizeExpr(std::string_view expr) {
  std::vector<SqlToken> toks = WithoutCasts(TokenizeSql(expr));
  std::vector<std::string> words;
  for (size_t i = 0; i < toks.size(); ++i) {
    const SqlToken& t = toks[i];
    switch (t.kind) {
      case SqlToken::Kind::kString:
        words.push_back("'" + ReplaceAll(t.text, "'", "''") + "'");
        break;
      case SqlToken::Kind::kQuotedIdent:
        words.push_back(t.text);
        break;
      case SqlToken::Kind::kNumber:
        words.push_back(t.text);
        break;
      case SqlToken::Kind::kIdent: {
        std::string l = ToLower(t.text);
        if (l == "now" && i + 2 < toks.size() && toks[i + 1].text == "(" &&
            toks[i + 2].text == ")") {
          words.push_back("current_timestamp");
          i += 2;
        } else if (l == "any" && i + 2 < toks.size() && Is(toks[i + 1], "(") &&
                   Is(toks[i + 2], "array") && !words.empty() &&
                   (words.back() == "=" || words.back() == "<>")) {
          // `x = ANY (ARRAY[...])` -> `x in ...`; `x <> ALL` is handled below.
          words.back() = "in";
          i += 2;
        } else if (l == "all" && i + 2 < toks.size() && Is(toks[i + 1], "(") &&
                   Is(toks[i + 2], "array") && !words.empty() && words.back() == "<>") {
          words.back() = "not";
          words.push_back("in");
          i += 2;
        } else {
          words.push_back(l);
        }
        break;
      }
      case SqlToken::Kind::kPunct:
        if (t.text == "(" || t.text == ")" || t.text == "[" || t.text == "]") break;
        if (t.text == "!=")
          words.push_back("<>");
        else if (t.text == "==")
          words.push_back("=");
        else if (t.text == "~~")
          words.push_back("like");
        else if (t.text == "!~~") {
          words.push_back("not");
          words.push_back("like");
        } else if (t.text == "~~*")
          words.push_back("ilike");
        else
          words.push_back(t.text);
        break;
    }
  }
  return Join(words, " ");
}

std::string StripOuterParens(std::string_view expr) {
  std::string s = Trim(expr);
  while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    // The first '(' must close at the very end.
    auto toks = TokenizeSql(s);
    int depth = 0;
    bool wraps = true;
    for (size_t i = 0; i < toks.size(); ++i) {
      if (toks[i].kind != SqlToken::Kind::kPunct) continue;
      if (toks[i].text == "(") ++depth;
      if (toks[i].text == ")") {
        --depth;
        if (depth == 0 && i + 1 != toks.size()) {
          wraps = false;
          break;
        }
      }
    }
    if (!wraps) break;
    s = Trim(std::string_view(s).substr(1, s.size() - 2));
  }
  return s;
}

std::vector<std::string> SplitTopLevel(std::string_view s, char sep) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'' || c == '"' || c == '`') {
      std::string ignored;
      i = ReadQuoted(s, i, c, ignored) - 1;
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i + 1 < s.size() && s[i + 1] != '\n') ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == sep && depth == 0) {
      out.push_back(Trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  std::string last = Trim(s.substr(start));
  if (!last.empty() || !out.empty()) out.push_back(last);
  return out;
}

namespace {
// Tokens of expr without casts and parentheses.
std::vector<SqlToken> CoreTokens(std::string_view expr) {
  std::vector<SqlToken> out;
  for (auto& t : WithoutCasts(TokenizeSql(expr)))
    if (!(t.kind == SqlToken::Kind::kPunct && (t.text == "(" || t.text == ")")))
      out.push_back(std::move(t));
  return out;
}
}  // namespace

std::optional<std::string> StringLiteral(std::string_view expr) {
  auto toks = CoreTokens(expr);
  if (toks.size() == 1 && toks[0].kind == SqlToken::Kind::kString) return toks[0].text;
  return std::nullopt;
}

std::optional<std::string> NumericLiteral(std::string_view expr) {
  auto toks = CoreTokens(expr);
  std::string sign;
  size_t i = 0;
  if (!toks.empty() && toks[0].kind == SqlToken::Kind::kPunct &&
      (toks[0].text == "-" || toks[0].text == "+")) {
    if (toks[0].text == "-") sign = "-";
    i = 1;
  }
  if (toks.size() != i + 1) return std::nullopt;
  std::string text = toks[i].text;
  if (toks[i].kind == SqlToken::Kind::kString) {
    // '-1'::integer
    std::string t = Trim(text);
    if (t.empty()) return std::nullopt;
    auto inner = NumericLiteral(t);
    if (!inner || !sign.empty()) return std::nullopt;
    return inner;
  }
  if (toks[i].kind != SqlToken::Kind::kNumber) return std::nullopt;
  for (char c : text)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
          c == '+' || c == '-'))
      return std::nullopt;
  return sign + text;
}

std::optional<InList> ParseInList(std::string_view expr) {
  auto toks = WithoutCasts(TokenizeSql(expr));
  std::vector<SqlToken> core;
  for (auto& t : toks)
    if (!(t.kind == SqlToken::Kind::kPunct &&
          (t.text == "(" || t.text == ")" || t.text == "[" || t.text == "]")))
      core.push_back(t);
  if (core.size() < 3) return std::nullopt;
  if (core[0].kind != SqlToken::Kind::kIdent && core[0].kind != SqlToken::Kind::kQuotedIdent)
    return std::nullopt;
  InList out;
  out.column = core[0].kind == SqlToken::Kind::kIdent ? ToLower(core[0].text) : core[0].text;
  size_t i = 1;
  if (Is(core[1], "in")) {
    i = 2;
  } else if (Is(core[1], "=") && core.size() > 4 && Is(core[2], "any") && Is(core[3], "array")) {
    i = 4;
  } else {
    return std::nullopt;
  }
  bool expect_value = true;
  for (; i < core.size(); ++i) {
    const SqlToken& t = core[i];
    if (expect_value) {
      if (t.kind == SqlToken::Kind::kString) {
        out.values.push_back(t.text);
      } else if (t.kind == SqlToken::Kind::kNumber) {
        out.values.push_back(t.text);
        out.all_strings = false;
      } else {
        return std::nullopt;
      }
      expect_value = false;
    } else {
      if (!(t.kind == SqlToken::Kind::kPunct && t.text == ",")) return std::nullopt;
      expect_value = true;
    }
  }
  if (expect_value || out.values.empty()) return std::nullopt;
  return out;
}

std::optional<std::string> ParseJsonValid(std::string_view expr) {
  auto toks = CoreTokens(expr);
  if (toks.size() != 2 || !Is(toks[0], "json_valid")) return std::nullopt;
  if (toks[1].kind == SqlToken::Kind::kIdent) return ToLower(toks[1].text);
  if (toks[1].kind == SqlToken::Kind::kQuotedIdent) return toks[1].text;
  return std::nullopt;
}

namespace {

std::string IdentText(const SqlToken& t) {
  return t.kind == SqlToken::Kind::kIdent ? ToLower(t.text) : t.text;
}

// Index of the token closing the '(' at toks[open].
size_t MatchParen(const std::vector<SqlToken>& toks, size_t open) {
  int depth = 0;
  for (size_t j = open; j < toks.size(); ++j) {
    if (toks[j].kind != SqlToken::Kind::kPunct) continue;
    if (toks[j].text == "(") ++depth;
    if (toks[j].text == ")" && --depth == 0) return j;
  }
  return toks.size() - 1;
}

std::vector<std::string> IdentList(const std::vector<SqlToken>& toks, size_t open, size_t close) {
  std::vector<std::string> out;
  for (size_t j = open + 1; j < close; ++j)
    if (toks[j].kind == SqlToken::Kind::kIdent || toks[j].kind == SqlToken::Kind::kQuotedIdent)
      out.push_back(IdentText(toks[j]));
  return out;
}

void ParseItem(std::string_view item, ParsedCreateTable& out) {
  auto toks = TokenizeSql(item);
  if (toks.empty()) return;
  std::string first = ToLower(toks[0].text);
  bool table_constraint = toks[0].kind == SqlToken::Kind::kIdent &&
                          (first == "constraint" || first == "primary" || first == "unique" ||
                           first == "check" || first == "foreign");
  std::string column = table_constraint ? "" : IdentText(toks[0]);
  std::string pending_name;
  for (size_t i = table_constraint ? 0 : 1; i < toks.size(); ++i) {
    const SqlToken& t = toks[i];
    if (t.kind != SqlToken::Kind::kIdent) continue;
    std::string w = ToLower(t.text);
    if (w == "constraint" && i + 1 < toks.size()) {
      pending_name = IdentText(toks[i + 1]);
      ++i;
    } else if (w == "autoincrement") {
      out.unmodelled.push_back("its key " + (column.empty() ? std::string() : column + " ") +
                               "is AUTOINCREMENT (a rowid is never reused)");
    } else if (w == "collate" && !column.empty() && i + 1 < toks.size()) {
      out.collations[column] = toks[i + 1].text;
      ++i;
    } else if (w == "check" && i + 1 < toks.size() && toks[i + 1].text == "(") {
      size_t close = MatchParen(toks, i + 1);
      std::string expr(item.substr(toks[i + 1].end, toks[close].begin - toks[i + 1].end));
      out.checks.push_back(ParsedCheck{pending_name, Trim(expr), column});
      pending_name.clear();
      i = close;
    } else if (w == "foreign" && i + 2 < toks.size() && toks[i + 2].text == "(") {
      size_t close = MatchParen(toks, i + 2);
      out.foreign_keys.push_back(ParsedForeignKey{pending_name, IdentList(toks, i + 2, close)});
      pending_name.clear();
      i = close;
    } else if (w == "references" && !column.empty()) {
      out.foreign_keys.push_back(ParsedForeignKey{pending_name, {column}});
      pending_name.clear();
      ++i;  // skip the referenced table name
    } else if (w == "deferrable" && !out.foreign_keys.empty() &&
               (i == 0 || ToLower(toks[i - 1].text) != "not")) {
      // SQLite's grammar: DEFERRABLE [INITIALLY DEFERRED | INITIALLY IMMEDIATE] after the
      // key's REFERENCES clause; without INITIALLY it is checked at each statement.
      schema::FkDeferral d = schema::FkDeferral::kImmediate;
      if (i + 2 < toks.size() && ToLower(toks[i + 1].text) == "initially" &&
          ToLower(toks[i + 2].text) == "deferred")
        d = schema::FkDeferral::kDeferred;
      out.foreign_keys.back().deferral = d;
    } else if (w == "unique" && !column.empty()) {
      out.inline_unique_columns.push_back(column);
      pending_name.clear();
    } else if (w == "as" && !column.empty() && i + 1 < toks.size() && toks[i + 1].text == "(") {
      size_t close = MatchParen(toks, i + 1);
      ParsedGenerated g;
      g.column = column;
      g.expr = Trim(item.substr(toks[i + 1].end, toks[close].begin - toks[i + 1].end));
      g.stored = close + 1 < toks.size() && ToLower(toks[close + 1].text) == "stored";
      out.generated.push_back(std::move(g));
      i = close;
    } else if (w == "primary" || w == "not" || w == "default" || w == "collate" ||
               w == "generated") {
      pending_name.clear();
      if (w == "default" && i + 1 < toks.size() && toks[i + 1].text == "(")
        i = MatchParen(toks, i + 1);
    }
  }
}

}  // namespace

ParsedCreateTable ParseCreateTable(std::string_view sql) {
  ParsedCreateTable out;
  size_t open = sql.find('(');
  size_t close = sql.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open)
    return out;
  for (const auto& item : SplitTopLevel(sql.substr(open + 1, close - open - 1), ','))
    ParseItem(item, out);
  for (const auto& t : TokenizeSql(sql.substr(close + 1))) {
    std::string w = ToLower(t.text);
    if (t.kind == SqlToken::Kind::kIdent && (w == "rowid" || w == "strict"))
      out.unmodelled.push_back(w == "rowid" ? "it is WITHOUT ROWID" : "it is STRICT");
  }
  return out;
}

std::string IndexWhereClause(std::string_view sql) {
  auto toks = TokenizeSql(sql);
  int depth = 0;
  for (const auto& t : toks) {
    if (t.kind == SqlToken::Kind::kPunct && t.text == "(") ++depth;
    if (t.kind == SqlToken::Kind::kPunct && t.text == ")") --depth;
    if (depth == 0 && t.kind == SqlToken::Kind::kIdent && ToLower(t.text) == "where")
      return Trim(sql.substr(t.end));
  }
  return "";
}

}  // namespace alab::dialect
