#include "js/source_text.h"

#include <cstdint>
#include <string>
#include <vector>

namespace alab::js {

size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<uint8_t>(s[i]);
    size_t n = 0;
    uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + n >= s.size()) return i;
    uint32_t cp = c & (0x3F >> n);
    for (size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n + 1;
  }
  return std::string_view::npos;
}

std::string SourceForDisplay(std::string_view text) {
  std::string out(text);
  size_t from = 0;
  while (from < out.size()) {
    size_t bad = FindInvalidUtf8(std::string_view(out).substr(from));
    if (bad == std::string_view::npos) break;
    out[from + bad] = '?';
    from += bad + 1;
  }
  return out;
}

std::u16string Utf8ToUtf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<uint8_t>(s[i]);
    uint32_t cp = 0;
    size_t n = 0;
    if (c < 0x80) {
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      n = 1;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      n = 2;
    } else {
      cp = c & 0x07;
      n = 3;
    }
    for (size_t k = 1; k <= n && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
    i += n + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

namespace {

bool IsIdent(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<uint8_t>(c) >= 0x80;
}

// The text with comments and string/template/regex-free literals blanked out (same length,
// newlines kept), so keyword searches only see code.
std::string CodeMask(const std::string& text) {
  std::string m = text;
  size_t i = 0;
  auto blank = [&](size_t from, size_t to) {
    for (size_t k = from; k < to && k < m.size(); ++k)
      if (m[k] != '\n') m[k] = ' ';
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      size_t e = text.find('\n', i);
      if (e == std::string::npos) e = text.size();
      blank(i, e);
      i = e;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t e = text.find("*/", i + 2);
      e = e == std::string::npos ? text.size() : e + 2;
      blank(i, e);
      i = e;
    } else if (c == '"' || c == '\'' || c == '`') {
      size_t k = i + 1;
      while (k < text.size() && text[k] != c) {
        if (text[k] == '\\')
          ++k;
        else if (c != '`' && text[k] == '\n')
          break;
        ++k;
      }
      size_t e = k < text.size() ? k + 1 : text.size();
      blank(i, e);
      i = e;
    } else {
      ++i;
    }
  }
  // Unicode white space and line terminators (no-break space, U+2028/U+2029, a byte order mark,
  // the U+2000 block, ...) are blanks to JavaScript: blank them too, byte for byte, so that a
  // keyword next to one is still found.
  static const char* const kUnicodeSpaces[] = {
      "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82",
      "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87",
      "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9",
      "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF"};
  for (const char* sp : kUnicodeSpaces) {
    const size_t n = std::char_traits<char>::length(sp);
    for (size_t at = m.find(sp); at != std::string::npos; at = m.find(sp, at + n))
      blank(at, at + n);
  }
  return m;
}

// Offset of `word` as a statement-starting keyword in the masked code, or npos.
size_t FindKeyword(const std::string& mask, std::string_view word, size_t from = 0) {
  size_t p = from;
  while ((p = mask.find(word, p)) != std::string::npos) {
    bool start_ok = p == 0 || !IsIdent(mask[p - 1]);
    if (start_ok && p > 0) {
      size_t k = p;
      while (k > 0 && (mask[k - 1] == ' ' || mask[k - 1] == '\t' || mask[k - 1] == '\r')) --k;
      start_ok = k == 0 || mask[k - 1] == '\n' || mask[k - 1] == ';' || mask[k - 1] == '}';
    }
    size_t end = p + word.size();
    bool end_ok = end >= mask.size() || !IsIdent(mask[end]);
    if (start_ok && end_ok) return p;
    p = end;
  }
  return std::string::npos;
}

// A JavaScript tokenizer just precise enough to tell code from comments, string literals,
// template text and regular expression literals (the classic previous-token rule for `/`,
// with `)` of if/while/for/with and `}` of a block allowing a regex). Returns the offset of
// the first identifier `word1` or `word2` in code (template substitutions included), or npos.
size_t FindIdentifierInCode(const std::string& t, std::string_view word1, std::string_view word2) {
  enum class Prev { kNone, kRegexOk, kValue };  // what the previous significant token allows
  Prev prev = Prev::kNone;
  std::string last_word;                 // the previous token when it was a word
  std::vector<bool> paren_allows_regex;  // per open '(': closes into a regex position
  std::vector<bool> brace_is_block;      // per open '{'
  std::vector<size_t> template_braces;   // brace depth at each open `${`
  auto regex_ok = [&] { return prev != Prev::kValue; };
  auto is_keyword_before_expr = [](const std::string& w) {
    static const char* const kWords[] = {"return", "typeof", "instanceof", "in",    "of",
                                         "new",    "delete", "void",       "throw", "case",
                                         "do",     "else",   "yield",      "await", "extends"};
    for (const char* k : kWords)
      if (w == k) return true;
    return false;
  };
  size_t i = 0;
  const size_t n = t.size();
  // Scans template text from i (just after ` or the } closing a substitution) to the closing `
  // or the next `${`. Returns true when it stopped at `${` (i is then after it).
  auto template_text = [&]() {
    while (i < n) {
      if (t[i] == '\\') {
        i += 2;
      } else if (t[i] == '`') {
        ++i;
        return false;
      } else if (t[i] == '$' && i + 1 < n && t[i + 1] == '{') {
        i += 2;
        return true;
      } else {
        ++i;
      }
    }
    return false;
  };
  while (i < n) {
    char c = t[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    } else if (c == '/' && i + 1 < n && t[i + 1] == '/') {
      while (i < n && t[i] != '\n') ++i;
      continue;
    } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      size_t e = t.find("*/", i + 2);
      i = e == std::string::npos ? n : e + 2;
      continue;
    } else if (c == '"' || c == '\'') {
      ++i;
      while (i < n && t[i] != c && t[i] != '\n') i += t[i] == '\\' ? 2 : 1;
      ++i;
      prev = Prev::kValue;
    } else if (c == '`') {
      ++i;
      if (template_text()) {
        template_braces.push_back(brace_is_block.size());
        prev = Prev::kRegexOk;
      } else {
        prev = Prev::kValue;
      }
    } else if (c == '/' && regex_ok()) {
      size_t k = i + 1;
      bool in_class = false;
      while (k < n && t[k] != '\n' && (in_class || t[k] != '/')) {
        if (t[k] == '\\')
          ++k;
        else if (t[k] == '[')
          in_class = true;
        else if (t[k] == ']')
          in_class = false;
        ++k;
      }
      if (k < n && t[k] == '/') {  // a regex literal, then its flags
        i = k + 1;
        while (i < n && IsIdent(t[i])) ++i;
        prev = Prev::kValue;
      } else {  // not a regex after all: a division
        ++i;
        prev = Prev::kRegexOk;
      }
    } else if (IsIdent(c) || c == '\\') {
      size_t s = i;
      while (i < n && (IsIdent(t[i]) || t[i] == '\\')) ++i;
      std::string_view w(t.data() + s, i - s);
      const bool number = c >= '0' && c <= '9';
      if (!number && (w == word1 || w == word2)) return s;
      last_word = std::string(w);
      prev = number || !is_keyword_before_expr(last_word) ? Prev::kValue : Prev::kRegexOk;
      if (number && i < n && t[i] == '.') ++i;  // 1.5
      continue;
    } else if (c == '(') {
      paren_allows_regex.push_back(
          prev == Prev::kValue &&
          (last_word == "if" || last_word == "while" || last_word == "for" || last_word == "with"));
      ++i;
      prev = Prev::kRegexOk;
    } else if (c == ')') {
      bool r = !paren_allows_regex.empty() && paren_allows_regex.back();
      if (!paren_allows_regex.empty()) paren_allows_regex.pop_back();
      ++i;
      prev = r ? Prev::kRegexOk : Prev::kValue;
    } else if (c == '{') {
      // A block after ) => ; { } else do try finally or at the start; an object literal elsewhere.
      bool block = prev == Prev::kNone;
      size_t k = i;
      while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t' || t[k - 1] == '\n' || t[k - 1] == '\r'))
        --k;
      char b = k > 0 ? t[k - 1] : ';';
      if (b == ')' || b == ';' || b == '{' || b == '}' || (b == '>' && k > 1 && t[k - 2] == '='))
        block = true;
      if (prev == Prev::kValue && (last_word == "else" || last_word == "do" || last_word == "try" ||
                                   last_word == "finally"))
        block = true;
      brace_is_block.push_back(block);
      ++i;
      prev = Prev::kRegexOk;
    } else if (c == '}') {
      if (!template_braces.empty() && template_braces.back() == brace_is_block.size()) {
        template_braces.pop_back();
        ++i;
        if (template_text()) {
          template_braces.push_back(brace_is_block.size());
          prev = Prev::kRegexOk;
        } else {
          prev = Prev::kValue;
        }
        last_word.clear();
        continue;
      }
      bool block = !brace_is_block.empty() && brace_is_block.back();
      if (!brace_is_block.empty()) brace_is_block.pop_back();
      ++i;
      prev = block ? Prev::kRegexOk : Prev::kValue;
    } else if (c == ']') {
      ++i;
      prev = Prev::kValue;
    } else {
      if ((c == '+' || c == '-') && i + 1 < n && t[i + 1] == c && prev == Prev::kValue) {
        i += 2;  // x++ / x--: still a value
        last_word.clear();
        continue;
      }
      ++i;
      prev = Prev::kRegexOk;
    }
    last_word.clear();  // a punctuator, literal or regex (whitespace and comments `continue`d)
  }
  return std::string::npos;
}

}  // namespace

std::pair<int, int> FindAsyncSyntax(const std::string& text) {
  size_t p = FindIdentifierInCode(text, "async", "await");
  if (p == std::string::npos) return {0, 0};
  return LineColOfOffset(text, p);
}

bool RewriteExportDefault(std::string& text) {
  std::string mask = CodeMask(text);
  size_t p = 0;
  while ((p = FindKeyword(mask, "export", p)) != std::string::npos) {
    size_t k = p + 6;
    size_t ws = k;
    // Any white space, line breaks and comments (blanked in the mask) may separate the words.
    while (ws < mask.size() && (mask[ws] == ' ' || mask[ws] == '\t' || mask[ws] == '\n' ||
                                mask[ws] == '\r' || mask[ws] == '\v' || mask[ws] == '\f'))
      ++ws;
    if (ws > k && mask.compare(ws, 7, "default") == 0 &&
        (ws + 7 >= mask.size() || !IsIdent(mask[ws + 7]))) {
      // "export" + blanks + "default" -> "__m.default =" in the same width when on one line;
      // across lines, the line breaks are kept (so every later line keeps its number) and the
      // last line is padded to keep its columns.
      size_t end = ws + 7;
      std::string repl = "__m.default =";
      size_t width = end - p;  // >= 14, so the assignment always fits on one line
      size_t last_nl = mask.rfind('\n', end);
      if (last_nl == std::string::npos || last_nl < p) {
        repl += std::string(width - repl.size(), ' ');
      } else {
        for (size_t i = p; i <= last_nl; ++i)
          if (mask[i] == '\n') repl += '\n';
        repl += std::string(end - last_nl - 1, ' ');
      }
      text.replace(p, width, repl);
      return true;
    }
    p = k;
  }
  return false;
}

std::pair<int, int> FindImportStatement(const std::string& text) {
  std::string mask = CodeMask(text);
  size_t p = FindKeyword(mask, "import");
  if (p == std::string::npos) {
    // Dynamic import(...) anywhere.
    size_t q = 0;
    while ((q = mask.find("import", q)) != std::string::npos) {
      size_t e = q + 6;
      while (e < mask.size() && (mask[e] == ' ' || mask[e] == '\t')) ++e;
      if ((q == 0 || !IsIdent(mask[q - 1])) && e < mask.size() && mask[e] == '(') {
        p = q;
        break;
      }
      q += 6;
    }
  }
  if (p == std::string::npos) return {0, 0};
  return LineColOfOffset(text, p);
}

std::pair<int, int> LineColOfOffset(std::string_view text, size_t offset) {
  int line = 1;
  size_t start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  return {line, static_cast<int>(offset - start) + 1};
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

std::string_view LineIndex::Line(int line) const {
  if (line < 1 || line > line_count()) return {};
  size_t s = starts_[static_cast<size_t>(line - 1)];
  size_t e = line < line_count() ? starts_[static_cast<size_t>(line)] - 1 : text_.size();
  std::string_view l = text_.substr(s, e - s);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

int LineIndex::ByteColumn(int line, int utf16_col) const {
  std::string_view l = Line(line);
  int units = 0;
  size_t i = 0;
  while (i < l.size() && units < utf16_col - 1) {
    auto c = static_cast<uint8_t>(l[i]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return static_cast<int>(i) + 1;
}

std::pair<int, int> LineIndex::Refine(int line, int utf16_col) const {
  std::string_view l = Line(line);
  if (l.empty() || utf16_col <= 0) return {utf16_col > 0 ? utf16_col : 0, 0};
  int b = ByteColumn(line, utf16_col);
  auto idx = static_cast<size_t>(b - 1);
  if (idx > l.size()) return {b, 0};
  auto span_back = [&](size_t end) -> std::pair<int, int> {  // identifier ending before `end`
    size_t s = end;
    while (s > 0 && IsIdent(l[s - 1])) --s;
    if (s == end) return {b, 0};
    return {static_cast<int>(s) + 1, static_cast<int>(end - s)};
  };
  if (idx < l.size() && l[idx] == '(') {
    size_t e = idx;
    while (e > 0 && (l[e - 1] == ' ' || l[e - 1] == '\t')) --e;
    return span_back(e);
  }
  if (idx < l.size() && l[idx] == '.') {
    size_t s = idx + 1, e = s;
    while (e < l.size() && IsIdent(l[e])) ++e;
    if (e > s) return {static_cast<int>(s) + 1, static_cast<int>(e - s)};
    return {b, 0};
  }
  if (idx > 0 && IsIdent(l[idx - 1]) && (idx >= l.size() || !IsIdent(l[idx])))
    return span_back(idx);
  if (idx < l.size() && IsIdent(l[idx])) {
    size_t e = idx;
    while (e < l.size() && IsIdent(l[e])) ++e;
    return {b, static_cast<int>(e - idx)};
  }
  return {b, 0};
}

}  // namespace alab::js
