#include "migration/file_text.h"

#include <cctype>

#include <fmt/format.h>

#include "base/strings.h"

namespace alab::migration {

std::string MigrationFileName(const std::string& revision, const std::string& name) {
  std::string snake = ToSnakeCase(name);
  return snake.empty() ? revision + ".js" : revision + "_" + snake + ".js";
}

std::string JsRevisionList(const std::vector<std::string>& parents) {
  if (parents.empty()) return "null";
  if (parents.size() == 1) return codegen::JsString(parents[0]);
  std::string out = "[";
  for (size_t i = 0; i < parents.size(); ++i)
    out += (i ? ", " : "") + codegen::JsString(parents[i]);
  return out + "]";
}

namespace {

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Length of a JS value for a revision field at text[pos]: null, a quoted string ("..." or
// '...', with backslash escapes), or an array literal without nested brackets; 0 if none.
size_t ValueLength(const std::string& text, size_t pos) {
  if (pos >= text.size()) return 0;
  if (text.compare(pos, 4, "null") == 0) return 4;
  char open = text[pos];
  if (open == '"' || open == '\'') {
    for (size_t i = pos + 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        if (i + 1 >= text.size() || text[i + 1] == '\n' || text[i + 1] == '\r') return 0;
        ++i;
      } else if (text[i] == open) {
        return i + 1 - pos;
      }
    }
    return 0;
  }
  if (open == '[') {
    size_t close = text.find(']', pos + 1);
    return close == std::string::npos ? 0 : close + 1 - pos;
  }
  return 0;
}

// Replaces the value of the first `field: <value>` (field at a word boundary).
Expected<std::string> ReplaceField(const std::string& text, const std::string& field,
                                   const std::string& value) {
  for (size_t at = text.find(field); at != std::string::npos; at = text.find(field, at + 1)) {
    if (at > 0 && IsWordChar(text[at - 1])) continue;
    size_t i = at + field.size();
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (i >= text.size() || text[i] != ':') continue;
    ++i;
    while (i < text.size() && IsSpace(text[i])) ++i;
    size_t len = ValueLength(text, i);
    if (len == 0) continue;
    return text.substr(0, i) + value + text.substr(i + len);
  }
  return MakeError(fmt::format("cannot find the '{}' field to rewrite", field),
                   ExitCode::kUserError);
}

}  // namespace

Expected<std::string> RewriteRevisionFields(const std::string& text, const std::string& revision,
                                            const std::vector<std::string>& parents) {
  auto with_up = ReplaceField(text, "up_revision", codegen::JsString(revision));
  if (!with_up.ok()) return with_up.error();
  return ReplaceField(*with_up, "down_revision", JsRevisionList(parents));
}

}  // namespace alab::migration
