#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace alab {

std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string Trim(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
std::string ReplaceAll(std::string s, std::string_view from, std::string_view to);
std::string ToLower(std::string_view s);
// "add_user-Auth 2" -> "add_user_auth_2"
std::string ToSnakeCase(std::string_view s);
// "auth_user" -> "AuthUser"
std::string ToPascalCase(std::string_view s);
// "auth_user" -> "authUser"
std::string ToCamelCase(std::string_view s);
// Damerau-free Levenshtein distance, for "did you mean".
size_t EditDistance(std::string_view a, std::string_view b);
// The closest candidate within a distance that scales with the word length, or "".
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);
// True when s is valid UTF-8.
bool IsValidUtf8(std::string_view s);
// The offset of the first control character other than tab, newline and carriage return (NUL,
// U+0001..U+001F, DEL), or npos. No SQL text or export may carry one.
size_t FindControlChar(std::string_view s);
// For messages: "a NUL byte (\u0000)", "control character \u001b".
std::string DescribeControlChar(char c);
// Formats a double the way JavaScript prints numbers (1, 1.5, 0.25, 1e+21).
std::string FormatNumber(double v);

}  // namespace alab
