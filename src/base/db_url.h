#pragma once
// Database URLs and libpq connection strings read structurally, so that passwords are found
// by where they stand, not by searching for their text: redaction replaces exactly the
// password fields, whatever characters a password holds (/ ? @ = are common in generated ones).
#include <string>
#include <string_view>
#include <vector>

namespace alab {

// True for a libpq keyword/value connection string ("host=/tmp dbname=app password=x"): no
// "://" and the first word is a libpq keyword followed by '='.
bool IsConninfo(std::string_view s);

// The byte ranges [begin, end) of every password field in a postgres:// url (the userinfo
// password, found before the last '@' that a host list follows, so an unencoded / ? @ in it
// does not end it; and ?password=) or in a conninfo string (the value of password=, quotes
// included). A conninfo string that does not parse hides everything after "password".
std::vector<std::pair<size_t, size_t>> PasswordSpans(std::string_view url);

// url with every password field replaced by ****; text that is neither a url nor a conninfo
// string is returned unchanged.
std::string RedactDbUrl(std::string_view url);

// The passwords as written and as libpq reads them (percent-decoded, conninfo unquoted).
std::vector<std::string> PasswordsOf(std::string_view url);

// A postgres:// url whose userinfo password holds characters a url cannot carry as they are
// (/ ? # @ [ ] and a % that starts no %XX) with them percent-encoded, so libpq reads the
// password that was meant; anything else unchanged.
std::string EncodeUrlPassword(std::string_view url);

// Free text (a driver's message) with each of the passwords replaced by ****: a password of
// 6 characters or more wherever it occurs, a shorter one only where it stands as a word of its
// own (so the password "o" leaves "No such file or directory" alone).
std::string RedactPasswords(std::string text, const std::vector<std::string>& passwords);

// The passwords of every url this process was given (the configured one, --database-url,
// DATABASE_URL, `diff --from/--to`): the CLI passes its messages, --verbose and --json
// output through RedactKnownPasswords as a last line of defence.
void RememberPasswordsOf(std::string_view url);
std::string RedactKnownPasswords(std::string text);

}  // namespace alab
