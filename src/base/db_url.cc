#include "base/db_url.h"

#include <cctype>
#include <mutex>
#include <optional>

namespace alab {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

std::string PercentDecode(std::string_view s);

// A key that is, or may be taken for, a password: libpq percent-decodes url query keys
// (pass%77ord is password), and a key whose decoded name holds "password" in any case
// (PASSWORD, sslpassword, a misspelt or unknown one) is hidden too, as libpq may echo it.
bool IsSecretKey(std::string_view key) {
  std::string decoded = PercentDecode(key);
  for (char& c : decoded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return decoded.find("password") != std::string::npos;
}

bool IsLibpqKeyword(std::string_view w) {
  static const char* const kKeywords[] = {"host",
                                          "hostaddr",
                                          "port",
                                          "dbname",
                                          "user",
                                          "password",
                                          "passfile",
                                          "channel_binding",
                                          "connect_timeout",
                                          "client_encoding",
                                          "options",
                                          "application_name",
                                          "fallback_application_name",
                                          "keepalives",
                                          "keepalives_idle",
                                          "keepalives_interval",
                                          "keepalives_count",
                                          "tcp_user_timeout",
                                          "replication",
                                          "gssencmode",
                                          "sslmode",
                                          "requiressl",
                                          "sslcompression",
                                          "sslcert",
                                          "sslkey",
                                          "sslpassword",
                                          "sslcertmode",
                                          "sslrootcert",
                                          "sslcrl",
                                          "sslcrldir",
                                          "sslsni",
                                          "requirepeer",
                                          "require_auth",
                                          "ssl_min_protocol_version",
                                          "ssl_max_protocol_version",
                                          "krbsrvname",
                                          "gsslib",
                                          "gssdelegation",
                                          "service",
                                          "target_session_attrs",
                                          "load_balance_hosts"};
  for (const char* k : kKeywords)
    if (w == k) return true;
  return false;
}

bool IsPostgresUrl(std::string_view s) {
  return s.rfind("postgres://", 0) == 0 || s.rfind("postgresql://", 0) == 0;
}

// A host list as it may follow the userinfo: names, addresses, ports, [v6], commas, %-escapes,
// ${VAR} references of alab.yaml.
bool LooksLikeHosts(std::string_view s) {
  for (char c : s)
    if (!IsAlnum(c) && std::string_view(".-_:,[]%${}").find(c) == std::string_view::npos)
      return false;
  return true;
}

struct Field {
  std::string key;
  size_t begin = 0, end = 0;  // the value as written (quotes included)
  std::string value;          // as libpq reads it
};

// libpq's conninfo_parse, keeping where each value stands; nullopt when it does not parse.
std::optional<std::vector<Field>> ParseConninfo(std::string_view s) {
  std::vector<Field> out;
  size_t i = 0, n = s.size();
  while (true) {
    while (i < n && IsSpace(s[i])) ++i;
    if (i >= n) break;
    Field f;
    size_t k = i;
    while (i < n && s[i] != '=' && !IsSpace(s[i])) ++i;
    f.key = std::string(s.substr(k, i - k));
    while (i < n && IsSpace(s[i])) ++i;
    if (i >= n || s[i] != '=') return std::nullopt;
    ++i;
    while (i < n && IsSpace(s[i])) ++i;
    f.begin = i;
    if (i < n && s[i] == '\'') {
      ++i;
      while (i < n && s[i] != '\'') {
        if (s[i] == '\\' && i + 1 < n) ++i;
        f.value += s[i++];
      }
      if (i >= n) return std::nullopt;  // unterminated quote
      ++i;
    } else {
      while (i < n && !IsSpace(s[i])) {
        if (s[i] == '\\' && i + 1 < n) ++i;
        f.value += s[i++];
      }
    }
    f.end = i;
    out.push_back(std::move(f));
  }
  return out;
}

// "%XX" at s[i].
bool IsEscape(std::string_view s, size_t i) {
  return i + 2 < s.size() && s[i] == '%' && IsHex(s[i + 1]) && IsHex(s[i + 2]);
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsEscape(s, i)) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The userinfo of a postgres:// url: [start, at) where at is the '@' ending it; npos when none.
size_t UserinfoEnd(std::string_view url, size_t start) {
  size_t at = url.size();
  while (true) {
    at = at == 0 ? std::string_view::npos : url.rfind('@', at - 1);
    if (at == std::string_view::npos || at < start) return std::string_view::npos;
    size_t host_end = url.find_first_of("/?#", at + 1);
    if (LooksLikeHosts(url.substr(at + 1, host_end == std::string_view::npos
                                              ? std::string_view::npos
                                              : host_end - at - 1)))
      return at;
  }
}

struct UrlPassword {
  size_t begin = 0, end = 0;
};

std::optional<UrlPassword> UserinfoPassword(std::string_view url) {
  size_t start = url.find("://");
  if (start == std::string_view::npos) return std::nullopt;
  start += 3;
  size_t at = UserinfoEnd(url, start);
  if (at == std::string_view::npos) return std::nullopt;
  size_t colon = url.find(':', start);
  if (colon == std::string_view::npos || colon >= at) return std::nullopt;
  return UrlPassword{colon + 1, at};
}

// "scheme:" at the start of url (RFC 3986: a letter, then letters, digits, + - .): its length
// with the ':', 0 when none.
size_t SchemeLength(std::string_view url) {
  if (url.empty() || !std::isalpha(static_cast<unsigned char>(url[0]))) return 0;
  size_t i = 1;
  while (i < url.size() && (IsAlnum(url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.'))
    ++i;
  return i < url.size() && url[i] == ':' ? i + 1 : 0;
}

// A url that does not parse as one ("postgresql:/u:pw@h/db", "postgresql:u:pw@h", a "://" url
// whose host is not one): everything between the scheme and the last '@' may be a password,
// or all after the scheme when there is no '@'. SQLite's sqlite: and file: carry no password.
std::optional<UrlPassword> UnparsedUserinfo(std::string_view url) {
  size_t scheme = SchemeLength(url);
  if (scheme == 0) return std::nullopt;
  std::string lower(url.substr(0, scheme));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "sqlite:" || lower == "file:") return std::nullopt;
  size_t start = scheme;
  bool slashes = url.compare(scheme, 2, "//") == 0;
  if (slashes) start += 2;
  size_t at = url.rfind('@');
  if (at != std::string_view::npos && at >= start) {
    if (slashes && url.substr(start, at - start).find(':') == std::string_view::npos)
      return std::nullopt;
    return UrlPassword{start, at};
  }
  if (slashes) return std::nullopt;  // "scheme://host/db": no userinfo at all
  return url.size() > start ? std::optional<UrlPassword>(UrlPassword{start, url.size()})
                            : std::nullopt;
}

}  // namespace

bool IsConninfo(std::string_view s) {
  if (s.find("://") != std::string_view::npos) return false;
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  size_t k = i;
  while (i < s.size() && (IsAlnum(s[i]) || s[i] == '_')) ++i;
  std::string_view word = s.substr(k, i - k);
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i < s.size() && s[i] == '=' && IsLibpqKeyword(word);
}

std::vector<std::pair<size_t, size_t>> PasswordSpans(std::string_view url) {
  std::vector<std::pair<size_t, size_t>> spans;
  if (IsConninfo(url)) {
    if (auto fields = ParseConninfo(url)) {
      for (const auto& f : *fields)
        if (IsSecretKey(f.key) && f.end > f.begin) spans.emplace_back(f.begin, f.end);
    } else if (size_t p = url.find("password"); p != std::string_view::npos) {
      spans.emplace_back(p + 8, url.size());  // unparsable: hide all that may be the value
    }
    return spans;
  }
  size_t query_from = 0;
  if (auto pw = UserinfoPassword(url)) {
    if (pw->end > pw->begin) spans.emplace_back(pw->begin, pw->end);
    query_from = pw->end;
  } else if (url.find("://") != std::string_view::npos &&
             UserinfoEnd(url, url.find("://") + 3) != std::string_view::npos) {
    query_from = url.find("://") + 3;  // user@host: no password
  } else if (auto typo = UnparsedUserinfo(url)) {
    spans.emplace_back(typo->begin, typo->end);
    query_from = typo->end;
  } else if (url.find("://") != std::string_view::npos) {
    query_from = url.find("://") + 3;
  } else if (SchemeLength(url) == 0) {
    // Neither a url nor a conninfo string libpq would take: key=value words with a password
    // key are hidden all the same (PASSWORD=x host=h).
    if (auto fields = ParseConninfo(url))
      for (const auto& f : *fields)
        if (IsSecretKey(f.key) && f.end > f.begin) spans.emplace_back(f.begin, f.end);
    return spans;
  }
  size_t q = url.find('?', query_from);
  if (q == std::string_view::npos) return spans;
  size_t i = q + 1;
  while (i < url.size() && url[i] != '#') {
    size_t amp = url.find_first_of("&#", i);
    if (amp == std::string_view::npos) amp = url.size();
    std::string_view part = url.substr(i, amp - i);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && IsSecretKey(part.substr(0, eq)) && eq + 1 < part.size())
      spans.emplace_back(i + eq + 1, amp);
    i = amp + (amp < url.size() && url[amp] == '&' ? 1 : 0);
    if (amp < url.size() && url[amp] == '#') break;
  }
  return spans;
}

std::string RedactDbUrl(std::string_view url) {
  std::string out;
  size_t from = 0;
  for (const auto& [b, e] : PasswordSpans(url)) {
    out += url.substr(from, b - from);
    out += "****";
    from = e;
  }
  out += url.substr(from);
  return out;
}

std::vector<std::string> PasswordsOf(std::string_view url) {
  std::vector<std::string> out;
  auto add = [&](std::string s) {
    if (s.empty()) return;
    for (const auto& o : out)
      if (o == s) return;
    out.push_back(std::move(s));
  };
  bool conninfo = IsConninfo(url);
  if (conninfo) {
    if (auto fields = ParseConninfo(url))
      for (const auto& f : *fields)
        if (IsSecretKey(f.key)) add(f.value);
  }
  auto typo = conninfo || UserinfoPassword(url) ? std::nullopt : UnparsedUserinfo(url);
  for (const auto& [b, e] : PasswordSpans(url)) {
    std::string written(url.substr(b, e - b));
    // An unparsed url's "user:password" (or "/user:password"): the password is what follows
    // the first ':', as it would be once the url is fixed.
    if (typo && b == typo->begin && e == typo->end && written.find(':') != std::string::npos)
      written = written.substr(written.find(':') + 1);
    if (!conninfo) add(PercentDecode(written));
    add(std::move(written));
  }
  return out;
}

std::string EncodeUrlPassword(std::string_view url) {
  if (!IsPostgresUrl(url)) return std::string(url);
  auto pw = UserinfoPassword(url);
  if (!pw) return std::string(url);
  std::string encoded;
  for (size_t i = pw->begin; i < pw->end; ++i) {
    char c = url[i];
    std::string_view password = url.substr(pw->begin, pw->end - pw->begin);
    bool escape = std::string_view("/?#@[]").find(c) != std::string_view::npos ||
                  (c == '%' && !IsEscape(password, i - pw->begin));
    if (escape) {
      static const char* kHex = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[static_cast<unsigned char>(c) >> 4];
      encoded += kHex[static_cast<unsigned char>(c) & 15];
    } else {
      encoded += c;
    }
  }
  return std::string(url.substr(0, pw->begin)) + encoded + std::string(url.substr(pw->end));
}

std::string RedactPasswords(std::string text, const std::vector<std::string>& passwords) {
  for (const auto& pw : passwords) {
    if (pw.empty()) continue;
    std::string out;
    size_t from = 0;
    for (size_t hit = text.find(pw); hit != std::string::npos; hit = text.find(pw, hit + 1)) {
      if (hit < from) continue;
      bool word = (hit == 0 || !IsAlnum(text[hit - 1])) &&
                  (hit + pw.size() >= text.size() || !IsAlnum(text[hit + pw.size()]));
      if (pw.size() < 6 && !word) continue;
      out += text.substr(from, hit - from) + "****";
      from = hit + pw.size();
    }
    text = out + text.substr(from);
  }
  return text;
}

namespace {
std::mutex& KnownMutex() {
  static std::mutex m;
  return m;
}
std::vector<std::string>& Known() {
  static std::vector<std::string> v;
  return v;
}
}  // namespace

void RememberPasswordsOf(std::string_view url) {
  auto found = PasswordsOf(url);
  std::lock_guard<std::mutex> lock(KnownMutex());
  for (auto& pw : found) {
    bool seen = false;
    for (const auto& k : Known()) seen = seen || k == pw;
    if (!seen) Known().push_back(std::move(pw));
  }
}

std::string RedactKnownPasswords(std::string text) {
  std::vector<std::string> known;
  {
    std::lock_guard<std::mutex> lock(KnownMutex());
    known = Known();
  }
  return known.empty() ? text : RedactPasswords(std::move(text), known);
}

}  // namespace alab
