#include "dialect/values.h"

#include "dialect/dialect.h"
#include "dialect/registry.h"

namespace alab::dialect {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

Expected<std::string> FromHex(const std::string& hex) {
  if (hex.size() % 2 != 0)
    return MakeError("odd-length hex text from the database", ExitCode::kInternal);
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexDigit(hex[i]), lo = HexDigit(hex[i + 1]);
    if (hi < 0 || lo < 0)
      return MakeError("invalid hex text from the database", ExitCode::kInternal);
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

const Dialect* FindDialectReadingSqlKey(const std::string& key) {
  for (const std::string& name : DialectNames()) {
    const Dialect* d = FindDialect(name);
    if (d != nullptr && d->sql_key() == key) return d;
  }
  return nullptr;
}

}  // namespace alab::dialect
