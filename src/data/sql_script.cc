#include "data/sql_script.h"

#include <fmt/format.h>

#include "base/strings.h"

namespace alab::data {
namespace {

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c & 0x80);
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$'; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

class Splitter {
 public:
  Splitter(std::string_view text, const ScriptSyntax& syntax) : text_(text), syntax_(syntax) {}

  Expected<std::vector<ScriptStatement>> Run() {
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        if (c == '\n') ++line_;
        ++i_;
        continue;
      }
      if (c == '-' && Peek(1) == '-') {
        while (i_ < text_.size() && text_[i_] != '\n') ++i_;
        continue;
      }
      if (c == '/' && Peek(1) == '*') {
        if (Status s = SkipBlockComment(); !s.ok()) return s.error();
        continue;
      }
      if (!have_) {
        have_ = true;
        start_ = i_;
        start_line_ = line_;
      }
      if (c == ';') {
        if (InTriggerBody()) {
          last_word_.clear();
          ++i_;
          continue;
        }
        Emit(i_);
        ++i_;
        continue;
      }
      if (Status s = SkipToken(); !s.ok()) return s.error();
    }
    if (have_) Emit(text_.size());
    return std::move(out_);
  }

 private:
  char Peek(size_t k) const { return i_ + k < text_.size() ? text_[i_ + k] : '\0'; }

  Error Unterminated(const char* what, int line) const {
    return MakeError(fmt::format("line {}: unterminated {}", line, what), ExitCode::kUserError);
  }

  Status SkipBlockComment() {
    int begin = line_;
    int depth = 1;
    i_ += 2;
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '\n') ++line_;
      if (c == '*' && Peek(1) == '/') {
        i_ += 2;
        if (--depth == 0) return Status::Ok();
        continue;
      }
      if (syntax_.nested_comments && c == '/' && Peek(1) == '*') {
        ++depth;
        i_ += 2;
        continue;
      }
      ++i_;
    }
    return Unterminated("/* comment", begin);
  }

  // Skips a quoted run opened at i_ by `open` and closed by `close` (a doubled close is an
  // escaped one); with backslash escapes, "\x" is one character.
  Status SkipQuoted(char close, bool backslash, const char* what) {
    int begin = line_;
    ++i_;
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '\n') ++line_;
      if (backslash && c == '\\') {
        if (Peek(1) == '\n') ++line_;
        i_ += 2;
        continue;
      }
      ++i_;
      if (c == close) {
        if (i_ < text_.size() && text_[i_] == close && close != ']') {
          ++i_;
          continue;
        }
        return Status::Ok();
      }
    }
    return Unterminated(what, begin);
  }

  // $tag$ ... $tag$ starting at i_; false when i_ does not open a dollar quote.
  Expected<bool> SkipDollarQuote() {
    if (i_ > 0 && IsIdentChar(text_[i_ - 1])) return false;
    size_t j = i_ + 1;
    if (j < text_.size() && text_[j] != '$') {
      if (!IsIdentStart(text_[j])) return false;
      while (j < text_.size() && IsIdentChar(text_[j]) && text_[j] != '$') ++j;
      if (j >= text_.size() || text_[j] != '$') return false;
    }
    if (j >= text_.size()) return false;
    std::string_view tag = text_.substr(i_, j - i_ + 1);
    size_t end = text_.find(tag, j + 1);
    if (end == std::string_view::npos) return Unterminated("dollar-quoted string", line_);
    for (size_t k = i_; k < end + tag.size(); ++k)
      if (text_[k] == '\n') ++line_;
    i_ = end + tag.size();
    return true;
  }

  Status SkipToken() {
    char c = text_[i_];
    if (c == '\'') {
      bool escape = syntax_.escape_strings && i_ > 0 &&
                    (text_[i_ - 1] == 'E' || text_[i_ - 1] == 'e') &&
                    (i_ < 2 || !IsIdentChar(text_[i_ - 2]));
      last_word_.clear();
      return SkipQuoted('\'', escape, "string");
    }
    if (c == '"') {
      last_word_.clear();
      return SkipQuoted('"', false, "quoted identifier");
    }
    if (syntax_.bracket_idents && (c == '[' || c == '`')) {
      last_word_.clear();
      return SkipQuoted(c == '[' ? ']' : '`', false, "quoted identifier");
    }
    if (syntax_.dollar_quotes && c == '$') {
      auto dq = SkipDollarQuote();
      if (!dq) return dq.error();
      if (*dq) {
        last_word_.clear();
        return Status::Ok();
      }
    }
    if (IsIdentChar(c) || (c >= '0' && c <= '9')) {
      size_t b = i_;
      while (i_ < text_.size() &&
             (IsIdentChar(text_[i_]) || (text_[i_] >= '0' && text_[i_] <= '9')))
        ++i_;
      last_word_ = Upper(text_.substr(b, i_ - b));
      if (words_.size() < 3) words_.push_back(last_word_);
      return Status::Ok();
    }
    last_word_.clear();
    ++i_;
    return Status::Ok();
  }

  // SQLite: inside CREATE TRIGGER ... BEGIN ... END, only "END;" ends the statement.
  bool InTriggerBody() const {
    if (!syntax_.trigger_bodies || words_.empty() || words_[0] != "CREATE") return false;
    bool trigger = (words_.size() > 1 && words_[1] == "TRIGGER") ||
                   (words_.size() > 2 && (words_[1] == "TEMP" || words_[1] == "TEMPORARY") &&
                    words_[2] == "TRIGGER");
    return trigger && last_word_ != "END";
  }

  void Emit(size_t end) {
    std::string sql = Trim(text_.substr(start_, end - start_));
    if (!sql.empty()) out_.push_back({std::move(sql), start_line_});
    have_ = false;
    words_.clear();
    last_word_.clear();
  }

  std::string_view text_;
  ScriptSyntax syntax_;
  size_t i_ = 0;
  int line_ = 1;
  bool have_ = false;
  size_t start_ = 0;
  int start_line_ = 0;
  std::vector<std::string> words_;  // the statement's first words, upper-cased
  std::string last_word_;
  std::vector<ScriptStatement> out_;
};

}  // namespace

Expected<std::vector<ScriptStatement>> SplitSqlScript(std::string_view text,
                                                      const ScriptSyntax& syntax) {
  return Splitter(text, syntax).Run();
}

std::string FirstKeyword(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(') {
      ++i;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  size_t b = i;
  while (i < sql.size() && IsIdentStart(sql[i])) ++i;
  return Upper(sql.substr(b, i - b));
}

}  // namespace alab::data
