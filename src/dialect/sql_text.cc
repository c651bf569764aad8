#include "dialect/sql_text.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"

namespace alab::dialect {

std::string QuoteSqlIdent(const std::string& ident) {
  return "\"" + ReplaceAll(ident, "\"", "\"\"") + "\"";
}

std::string QuoteSqlString(const std::string& s) { return "'" + ReplaceAll(s, "'", "''") + "'"; }

bool LooksNumeric(const std::string& s) {
  if (s.empty()) return false;
  bool digit = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (ch >= '0' && ch <= '9') {
      digit = true;
    } else if (ch == '-' || ch == '+') {
      if (i != 0 && s[i - 1] != 'e' && s[i - 1] != 'E') return false;
    } else if (ch != '.' && ch != 'e' && ch != 'E') {
      return false;
    }
  }
  return digit;
}

std::string JsonText(const schema::Value& v) {
  switch (v.kind) {
    case schema::Value::Kind::kString:
      return nlohmann::json(v.text).dump();
    case schema::Value::Kind::kNull:
      return "null";
    default:
      return v.text;
  }
}

}  // namespace alab::dialect
