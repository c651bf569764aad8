#include "migration/file_text.h"

#include <regex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/strings.h"

namespace alab::migration {

std::string MigrationFileName(const std::string& revision, const std::string& name) {
  std::string snake = ToSnakeCase(name);
  return snake.empty() ? revision + ".js" : revision + "_" + snake + ".js";
}

std::string JsString(const std::string& s) { return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

std::string JsRevisionList(const std::vector<std::string>& parents) {
  if (parents.empty()) return "null";
  if (parents.size() == 1) return JsString(parents[0]);
  std::string out = "[";
  for (size_t i = 0; i < parents.size(); ++i) out += (i ? ", " : "") + JsString(parents[i]);
  return out + "]";
}

namespace {

// A JS value for a revision field: null, a quoted string, or an array of quoted strings.
constexpr const char* kValue = R"((null|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\[[^\]]*\]))";

Expected<std::string> ReplaceField(const std::string& text, const std::string& field, const std::string& value) {
  std::regex re(std::string("(\\b") + field + R"(\s*:\s*))" + kValue);
  std::smatch m;
  if (!std::regex_search(text, m, re))
    return MakeError(fmt::format("cannot find the '{}' field to rewrite", field), ExitCode::kUserError);
  return text.substr(0, m.position(0)) + m[1].str() + value + text.substr(m.position(0) + m.length(0));
}

}  // namespace

Expected<std::string> RewriteRevisionFields(const std::string& text, const std::string& revision,
                                            const std::vector<std::string>& parents) {
  auto with_up = ReplaceField(text, "up_revision", JsString(revision));
  if (!with_up.ok()) return with_up.error();
  return ReplaceField(*with_up, "down_revision", JsRevisionList(parents));
}

}  // namespace alab::migration
