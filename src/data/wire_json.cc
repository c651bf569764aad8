#include "data/wire_json.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

// A new schema::Type must be given its wire format here before anything compiles.
#pragma GCC diagnostic error "-Wswitch"

namespace alab::data {
namespace {

using Kind = StoredValue::Kind;

Error NotA(const StoredValue& v, const std::string& what) {
  return MakeError(fmt::format("{} is not {}", DescribeStored(v), what), ExitCode::kUserError);
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int Num(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2);
}

bool ValidDate(int y, int m, int d) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m != 2 || d <= 28 || leap;
}

// "YYYY-MM-DD" at the start of s.
bool ParseDate(std::string_view s, int& y, int& m, int& d) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !AllDigits(s.substr(0, 4)) ||
      !AllDigits(s.substr(5, 2)) || !AllDigits(s.substr(8, 2)))
    return false;
  y = Num(s.substr(0, 4));
  m = Num(s.substr(5, 2));
  d = Num(s.substr(8, 2));
  return ValidDate(y, m, d);
}

// "HH:MM[:SS[.f]]" at the start of s; consumed: its length. frac: the digits, trailing zeros
// dropped.
bool ParseTime(std::string_view s, int& h, int& mi, int& sec, std::string& frac, size_t& consumed) {
  if (s.size() < 5 || s[2] != ':' || !AllDigits(s.substr(0, 2)) || !AllDigits(s.substr(3, 2)))
    return false;
  h = Num(s.substr(0, 2));
  mi = Num(s.substr(3, 2));
  sec = 0;
  frac.clear();
  size_t i = 5;
  if (s.size() >= 8 && s[5] == ':' && AllDigits(s.substr(6, 2))) {
    sec = Num(s.substr(6, 2));
    i = 8;
    if (i < s.size() && s[i] == '.') {
      size_t j = i + 1;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      if (j == i + 1) return false;
      frac = std::string(s.substr(i + 1, j - i - 1));
      i = j;
    }
  }
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  consumed = i;
  return h <= 23 && mi <= 59 && sec <= 59;  // no leap seconds: JSON Schema and Go refuse :60
}

Status AppendInteger(const StoredValue& v, std::string& out) {
  if (v.kind != Kind::kInteger) return NotA(v, "an integer");
  errno = 0;
  char* end = nullptr;
  long long n = std::strtoll(v.bytes.c_str(), &end, 10);
  if (errno != 0 || end == v.bytes.c_str() || *end != '\0' || n < INT32_MIN || n > INT32_MAX)
    return NotA(v, "a 32-bit integer() (-2147483648..2147483647)");
  out += fmt::format("{}", n);
  return Status::Ok();
}

// 64-bit integers travel as JSON strings of their digits (readers' numbers lose digits past 2^53).
Status AppendBigint(const StoredValue& v, std::string& out) {
  if (v.kind != Kind::kInteger) return NotA(v, "an integer");
  errno = 0;
  char* end = nullptr;
  long long n = std::strtoll(v.bytes.c_str(), &end, 10);
  if (errno != 0 || end == v.bytes.c_str() || *end != '\0') return NotA(v, "a 64-bit bigint()");
  out += fmt::format("\"{}\"", n);
  return Status::Ok();
}

Status AppendFloat(const StoredValue& v, std::string& out) {
  if (v.kind != Kind::kReal && v.kind != Kind::kInteger) return NotA(v, "a float");
  char* end = nullptr;
  double d = std::strtod(v.bytes.c_str(), &end);
  if (end == v.bytes.c_str() || *end != '\0' || !std::isfinite(d))
    return NotA(v, "a finite float (JSON has no NaN or Infinity)");
  if (d == 0) d = 0;  // -0 and 0 are the same number in JSON's readers
  out += fmt::format("{}", d);
  return Status::Ok();
}

Status AppendJson(const StoredValue& v, std::string& out) {
  if (v.kind != Kind::kText) return NotA(v, "JSON text");
  // Parsed into sorted objects: PostgreSQL's jsonb and SQLite's text then give the same bytes.
  nlohmann::json parsed = nlohmann::json::parse(v.bytes, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return NotA(v, "valid JSON");
  try {
    out += parsed.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception&) {
    return NotA(v, "JSON in valid UTF-8");
  }
  return Status::Ok();
}

Status AppendUuid(const StoredValue& v, std::string& out) {
  if (v.kind != Kind::kText || v.bytes.size() != 36) return NotA(v, "a uuid");
  std::string lower = v.bytes;
  for (size_t i = 0; i < lower.size(); ++i) {
    char& c = lower[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return NotA(v, "a uuid");
    } else if (std::isxdigit(static_cast<unsigned char>(c)) == 0) {
      return NotA(v, "a uuid");
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  out += '"' + lower + '"';
  return Status::Ok();
}

Status AppendEnum(const schema::Column& c, const StoredValue& v, std::string& out) {
  if (v.kind != Kind::kText) return NotA(v, "text");
  bool known = c.enum_values.empty();
  for (const auto& e : c.enum_values) known = known || e == v.bytes;
  if (!known) return NotA(v, "one of the enum's values");
  return AppendJsonString(v.bytes, out);
}

Status AppendDate(const StoredValue& v, std::string& out) {
  int y = 0, m = 0, d = 0;
  if (v.kind != Kind::kText || v.bytes.size() != 10 || !ParseDate(v.bytes, y, m, d))
    return NotA(v, "a date (YYYY-MM-DD, years 0001..9999)");
  out += '"' + v.bytes + '"';
  return Status::Ok();
}

Status AppendTime(const StoredValue& v, std::string& out) {
  int h = 0, mi = 0, s = 0;
  std::string frac;
  size_t used = 0;
  if (v.kind != Kind::kText || !ParseTime(v.bytes, h, mi, s, frac, used) || used != v.bytes.size())
    return NotA(v, "a time (HH:MM:SS, optional fraction)");
  out += fmt::format("\"{:02}:{:02}:{:02}{}{}\"", h, mi, s, frac.empty() ? "" : ".", frac);
  return Status::Ok();
}

Status AppendDatetime(const StoredValue& v, std::string& out) {
  if (v.kind != Kind::kText) return NotA(v, "a datetime text");
  auto utc = UtcDatetime(v.bytes);
  if (!utc) return NotA(v, "a datetime (" + utc.error().message + ")");
  out += '"' + *utc + '"';
  return Status::Ok();
}

Status AppendDecimal(const schema::Column& c, const StoredValue& v, std::string& out) {
  std::string text = v.bytes;
  if (v.kind == Kind::kReal) {
    // An older SQLite column (NUMERIC affinity) holds REALs: printed with the column's scale.
    double d = std::strtod(v.bytes.c_str(), nullptr);
    if (!std::isfinite(d)) return NotA(v, "a finite decimal");
    text = c.precision > 0 ? fmt::format("{:.{}f}", d, c.scale) : fmt::format("{}", d);
  } else if (v.kind != Kind::kText && v.kind != Kind::kInteger) {
    return NotA(v, "a decimal");
  }
  auto canonical = CanonicalDecimal(text, c.precision, c.scale);
  if (!canonical)
    return MakeError(fmt::format("{} is not a decimal({},{}): {}", DescribeStored(v), c.precision,
                                 c.scale, canonical.error().message),
                     ExitCode::kUserError);
  out += '"' + *canonical + '"';
  return Status::Ok();
}

}  // namespace

std::string DescribeStored(const StoredValue& v) {
  auto shown = [](const std::string& s) {
    std::string t = s.size() > 40 ? s.substr(0, 40) + "..." : s;
    std::string q;
    for (char c : t) q += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    return q;
  };
  switch (v.kind) {
    case Kind::kNull:
      return "NULL";
    case Kind::kInteger:
      return v.bytes + " (integer)";
    case Kind::kReal:
      return v.bytes + " (real)";
    case Kind::kText:
      return "'" + shown(v.bytes) + "' (text)";
    case Kind::kBlob:
      return fmt::format("{} byte{} (blob)", v.bytes.size(), v.bytes.size() == 1 ? "" : "s");
  }
  return "?";
}

std::string Base64(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

Status AppendJsonString(std::string_view s, std::string& out) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
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
          if (c < 0x20 || c == 0x7f)
            out += fmt::format("\\u{:04x}", c);
          else
            out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence: lead byte, continuation bytes, no overlong forms or surrogates.
    size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (n == 0 || c > 0xf4 || i + n > s.size())
      return MakeError("text that is not valid UTF-8", ExitCode::kUserError);
    uint32_t cp = c & (0x7f >> n);
    for (size_t k = 1; k < n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80)
        return MakeError("text that is not valid UTF-8", ExitCode::kUserError);
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return MakeError("text that is not valid UTF-8", ExitCode::kUserError);
    out.append(s.substr(i, n));
    i += n;
  }
  out += '"';
  return Status::Ok();
}

Expected<std::string> UtcDatetime(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  std::string frac;
  size_t used = 0;
  if (!ParseDate(s, y, mo, d) || s.size() < 11 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !ParseTime(s.substr(11), h, mi, sec, frac, used))
    return MakeError("expected YYYY-MM-DD HH:MM:SS with an optional fraction and zone",
                     ExitCode::kUserError);
  std::string_view zone = s.substr(11 + used);
  if (!zone.empty() && zone.front() == ' ') zone.remove_prefix(1);
  int offset = 0;  // minutes east of UTC
  if (zone == "Z" || zone == "z" || zone.empty()) {
  } else if (zone[0] == '+' || zone[0] == '-') {
    std::string_view z = zone.substr(1);
    int zh = 0, zm = 0;
    if (z.size() == 2 && AllDigits(z)) {
      zh = Num(z);
    } else if (z.size() == 5 && z[2] == ':' && AllDigits(z.substr(0, 2)) &&
               AllDigits(z.substr(3))) {
      zh = Num(z.substr(0, 2));
      zm = Num(z.substr(3));
    } else if (z.size() == 4 && AllDigits(z)) {
      zh = Num(z.substr(0, 2));
      zm = Num(z.substr(2));
    } else {
      return MakeError("unknown time zone '" + std::string(zone) + "'", ExitCode::kUserError);
    }
    if (zh > 23 || zm > 59)
      return MakeError("unknown time zone '" + std::string(zone) + "'", ExitCode::kUserError);
    offset = (zh * 60 + zm) * (zone[0] == '-' ? -1 : 1);
  } else {
    return MakeError("unknown time zone '" + std::string(zone) + "' (expected Z or +HH:MM)",
                     ExitCode::kUserError);
  }
  int64_t minutes = DaysFromCivil(y, mo, d) * 1440 + h * 60 + mi - offset;
  int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
  int64_t rest = minutes - days * 1440;
  int64_t yy = 0, mm = 0, dd = 0;
  CivilFromDays(days, yy, mm, dd);
  if (yy < 1 || yy > 9999)
    return MakeError("outside years 0001..9999 in UTC", ExitCode::kUserError);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{}Z", yy, mm, dd, rest / 60, rest % 60,
                     sec, frac.empty() ? "" : ".", frac);
}

Expected<std::string> CanonicalDecimal(std::string_view text, int precision, int scale) {
  std::string_view s = text;
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if ((whole.empty() && frac.empty()) || (!whole.empty() && !AllDigits(whole)) ||
      (!frac.empty() && !AllDigits(frac)) ||
      (dot != std::string_view::npos && whole.empty() && frac.empty()))
    return MakeError("not a decimal number (-digits.digits)", ExitCode::kUserError);
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  std::string w = whole.empty() ? "0" : std::string(whole);
  std::string f(frac);
  if (precision > 0) {
    while (f.size() > static_cast<size_t>(scale) && f.back() == '0') f.pop_back();
    if (f.size() > static_cast<size_t>(scale))
      return MakeError(fmt::format("more than {} fraction digit{}", scale, scale == 1 ? "" : "s"),
                       ExitCode::kUserError);
    if (w != "0" && w.size() > static_cast<size_t>(precision - scale))
      return MakeError(fmt::format("more than {} digit{} before the point", precision - scale,
                                   precision - scale == 1 ? "" : "s"),
                       ExitCode::kUserError);
    f.resize(static_cast<size_t>(scale), '0');
  }
  bool zero = w == "0" && f.find_first_not_of('0') == std::string::npos;
  return fmt::format("{}{}{}{}", negative && !zero ? "-" : "", w, f.empty() ? "" : ".", f);
}

Status AppendWireValue(const schema::Column& c, const StoredValue& v, std::string& out) {
  using schema::Type;
  if (v.kind == Kind::kNull) {
    out += "null";
    return Status::Ok();
  }
  switch (c.type) {
    case Type::kUuid:
      return AppendUuid(v, out);
    case Type::kString:
    case Type::kText:
      if (v.kind == Kind::kBlob) return NotA(v, "text");
      return AppendJsonString(v.bytes, out);
    case Type::kEnum:
      return AppendEnum(c, v, out);
    case Type::kInteger:
      return AppendInteger(v, out);
    case Type::kBigint:
      return AppendBigint(v, out);
    case Type::kFloat:
      return AppendFloat(v, out);
    case Type::kDecimal:
      return AppendDecimal(c, v, out);
    case Type::kBoolean:
      if (v.kind == Kind::kInteger && (v.bytes == "0" || v.bytes == "1")) {
        out += v.bytes == "1" ? "true" : "false";
        return Status::Ok();
      }
      return NotA(v, "a boolean (0 or 1)");
    case Type::kDate:
      return AppendDate(v, out);
    case Type::kTime:
      return AppendTime(v, out);
    case Type::kDatetime:
      return AppendDatetime(v, out);
    case Type::kJson:
      return AppendJson(v, out);
    case Type::kBase64:
      // Text in a BLOB column (SQLite keeps the storage class it was given) is its bytes.
      if (v.kind != Kind::kBlob && v.kind != Kind::kText) return NotA(v, "binary data");
      out += '"' + Base64(v.bytes) + '"';
      return Status::Ok();
    case Type::kNative:
      // A type alab has no name for travels as the database's text of the value (a number
      // too, so a 64-bit value keeps its digits); SQLite bytes as base64.
      if (v.kind == Kind::kBlob) {
        out += '"' + Base64(v.bytes) + '"';
        return Status::Ok();
      }
      return AppendJsonString(v.bytes, out);
  }
  return MakeError("unknown column type", ExitCode::kInternal);
}

}  // namespace alab::data
