#include "dialect/postgres/effect.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/postgres/render.h"

namespace alab::dialect::postgres {
namespace {

// A word (upper-cased unless it was a quoted identifier), a string literal or one
// punctuation character.
struct Token {
  enum class Kind { kWord, kQuoted, kString, kPunct };
  Kind kind = Kind::kWord;
  std::string text;
  bool Is(const char* upper) const { return kind == Kind::kWord && text == upper; }
};

std::vector<Token> Tokenize(const std::string& sql) {
  std::vector<Token> out;
  size_t i = 0, n = sql.size();
  auto word_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
  };
  while (i < n) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string::npos ? n : end + 2;
    } else if (c == '"' || c == '\'') {
      Token t;
      t.kind = c == '"' ? Token::Kind::kQuoted : Token::Kind::kString;
      ++i;
      while (i < n) {
        if (sql[i] == c && i + 1 < n && sql[i + 1] == c) {
          t.text += c;
          i += 2;
        } else if (sql[i] == c) {
          ++i;
          break;
        } else {
          t.text += sql[i++];
        }
      }
      out.push_back(std::move(t));
    } else if (word_char(c)) {
      Token t;
      while (i < n && word_char(sql[i]))
        t.text += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
      out.push_back(std::move(t));
    } else {
      out.push_back(Token{Token::Kind::kPunct, std::string(1, c)});
      ++i;
    }
  }
  return out;
}

// A possibly schema-qualified name at tokens[i]: advances i past it. Unquoted names fold to
// lower case, as the server folds them.
struct Name {
  std::string schema, name;
  bool ok = false;
  std::string Sql() const {
    return schema.empty() ? QuoteIdent(name) : QuoteIdent(schema) + "." + QuoteIdent(name);
  }
};

Name ReadName(const std::vector<Token>& t, size_t& i) {
  auto part = [&](std::string& out) {
    if (i >= t.size()) return false;
    if (t[i].kind == Token::Kind::kQuoted) {
      out = t[i++].text;
      return true;
    }
    if (t[i].kind == Token::Kind::kWord) {
      out = ToLower(t[i++].text);
      return true;
    }
    return false;
  };
  Name n;
  if (!part(n.name)) return n;
  if (i < t.size() && t[i].kind == Token::Kind::kPunct && t[i].text == ".") {
    ++i;
    n.schema = n.name;
    if (!part(n.name)) return n;
  }
  n.ok = true;
  return n;
}

// Skips "IF NOT EXISTS" / "IF EXISTS" at tokens[i].
void SkipIfExists(const std::vector<Token>& t, size_t& i) {
  if (i < t.size() && t[i].Is("IF")) {
    ++i;
    if (i < t.size() && t[i].Is("NOT")) ++i;
    if (i < t.size() && t[i].Is("EXISTS")) ++i;
  }
}

constexpr const char* kIndexQuery =
    "SELECT i.indisvalid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_index i ON i.indexrelid = "
    "c.oid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relname = $1 AND n.nspname = CASE WHEN $2 = '' THEN current_schema() ELSE $2 END";

using Effect = Connection::Effect;
using State = Effect::State;

Effect Make(State s, std::string detail, std::string cleanup = {}) {
  Effect e;
  e.state = s;
  e.detail = std::move(detail);
  e.cleanup = std::move(cleanup);
  return e;
}

Expected<Effect> IndexEffect(Connection& conn, const Name& name, bool dropping) {
  auto r = conn.Query(kIndexQuery, {name.name, name.schema});
  if (!r.ok()) return r.error().WithContext("reading pg_index");
  std::string shown = name.Sql();
  if (r->rows.empty()) {
    return dropping ? Make(State::kDone, fmt::format("index {} no longer exists", shown))
                    : Make(State::kNotDone, fmt::format("index {} does not exist", shown));
  }
  if (dropping) return Make(State::kNotDone, fmt::format("index {} still exists", shown));
  if (r->rows[0][0].value_or("f") == "t")
    return Make(State::kDone, fmt::format("index {} exists and is valid", shown));
  return Make(State::kLeftInvalid,
              fmt::format("index {} exists but is INVALID (its build was interrupted)", shown),
              "DROP INDEX CONCURRENTLY IF EXISTS " + shown);
}

}  // namespace

bool CanRunInTransaction(const std::string& sql) {
  auto t = Tokenize(sql);
  if (t.empty()) return true;
  for (const auto& tok : t) {
    if (tok.Is("CONCURRENTLY")) return false;
  }
  auto at = [&](size_t i, const char* w) { return i < t.size() && t[i].Is(w); };
  if (at(0, "VACUUM") || (at(0, "ALTER") && at(1, "SYSTEM"))) return false;
  if ((at(0, "CREATE") || at(0, "DROP")) && (at(1, "DATABASE") || at(1, "TABLESPACE")))
    return false;
  if (at(0, "REINDEX") && (at(1, "DATABASE") || at(1, "SYSTEM"))) return false;
  if (at(0, "ALTER") && at(1, "TYPE")) {
    for (size_t i = 2; i + 1 < t.size(); ++i) {
      if (t[i].Is("ADD") && t[i + 1].Is("VALUE")) return false;
    }
  }
  return true;
}

Expected<Effect> InspectEffect(Connection& conn, const std::string& sql) {
  auto t = Tokenize(sql);
  auto at = [&](size_t i, const char* w) { return i < t.size() && t[i].Is(w); };
  size_t i = 0;
  if (at(0, "CREATE")) {
    i = 1;
    if (at(i, "UNIQUE")) ++i;
    if (!at(i, "INDEX")) return Effect{};
    ++i;
    if (!at(i, "CONCURRENTLY")) return Effect{};
    ++i;
    SkipIfExists(t, i);
    if (at(i, "ON"))
      return Make(State::kUnknown,
                  "the index has no name, so the catalog cannot tell whether it was built");
    Name name = ReadName(t, i);
    if (!name.ok) return Effect{};
    return IndexEffect(conn, name, false);
  }
  if (at(0, "DROP") && at(1, "INDEX") && at(2, "CONCURRENTLY")) {
    i = 3;
    SkipIfExists(t, i);
    Name name = ReadName(t, i);
    if (!name.ok || (i < t.size() && t[i].kind == Token::Kind::kPunct && t[i].text == ","))
      return Effect{};
    return IndexEffect(conn, name, true);
  }
  if (at(0, "ALTER") && at(1, "TYPE")) {
    i = 2;
    Name type = ReadName(t, i);
    if (!type.ok || !at(i, "ADD") || !at(i + 1, "VALUE")) return Effect{};
    i += 2;
    SkipIfExists(t, i);
    if (i >= t.size() || t[i].kind != Token::Kind::kString) return Effect{};
    auto r = conn.Query(
        "SELECT count(*) FROM pg_catalog.pg_enum e JOIN pg_catalog.pg_type ty ON ty.oid = "
        "e.enumtypid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = ty.typnamespace WHERE ty.typname = $1 AND "
        "e.enumlabel = $3 "
        "AND n.nspname = CASE WHEN $2 = '' THEN current_schema() ELSE $2 END",
        {type.name, type.schema, t[i].text});
    if (!r.ok()) return r.error().WithContext("reading pg_enum");
    bool present = !r->rows.empty() && r->rows[0][0].value_or("0") != "0";
    return present ? Make(State::kDone,
                          fmt::format("enum {} has the value '{}'", type.Sql(), t[i].text))
                   : Make(State::kNotDone,
                          fmt::format("enum {} lacks the value '{}'", type.Sql(), t[i].text));
  }
  if (at(0, "VACUUM") || at(0, "ANALYZE")) return Make(State::kNotDone, "repeating it is harmless");
  return Effect{};
}

}  // namespace alab::dialect::postgres
