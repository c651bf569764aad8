// The command tree as plain data, read from the CLI11 app (see command_tree.h).
#include "cli/command_tree.h"

#include <cctype>

namespace alab::cli {

namespace {

bool IsChoiceChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

std::vector<std::string> SplitOn(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

// "{a,b,c}" anywhere in a CLI11 type name ("TEXT:{a,b,c}").
std::vector<std::string> ChoicesFromValidator(const std::string& type_name) {
  auto open = type_name.find('{');
  auto close = type_name.find('}', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::vector<std::string> out;
  for (auto& item : SplitOn(type_name.substr(open + 1, close - open - 1), ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// The first word of the form "a|b|c" (letters, digits, '_', '-', '.'), trailing punctuation
// such as ')' or ',' aside.
std::vector<std::string> ChoicesFromText(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
    size_t start = i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) ++i;
    std::string word = text.substr(start, i - start);
    while (!word.empty() && !IsChoiceChar(word.back())) word.pop_back();
    if (word.find('|') == std::string::npos) continue;
    auto items = SplitOn(word, '|');
    bool ok = true;
    for (const auto& item : items) {
      if (item.empty()) ok = false;
      for (char c : item) ok = ok && IsChoiceChar(c);
    }
    if (ok) return items;
  }
  return {};
}

OptionInfo DescribeOption(const CLI::Option& opt) {
  OptionInfo info;
  for (const auto& s : opt.get_snames()) info.short_names.push_back("-" + s);
  for (const auto& l : opt.get_lnames()) info.long_names.push_back("--" + l);
  if (!opt.nonpositional()) info.positional_name = opt.get_name(true);
  info.description = opt.get_description();
  info.takes_value = opt.get_items_expected_max() > 0;
  info.repeats = opt.get_items_expected_max() > 1;
  info.required = opt.get_required();
  if (info.takes_value) {
    std::string type_name = opt.get_type_name();
    info.value_name = type_name.substr(0, type_name.find(':'));
    if (!opt.get_option_text().empty()) info.value_name = opt.get_option_text();
    if (info.value_name.empty()) info.value_name = "VALUE";
    info.choices = ChoicesOf(type_name, info.description);
  }
  return info;
}

CommandInfo Describe(const CLI::App& app, const CLI::App* parent, std::vector<std::string> path) {
  CommandInfo info;
  info.name = app.get_name();
  info.path = std::move(path);
  info.description = app.get_description();
  info.footer = app.get_footer();
  // CLI11 copies a parent's footer into each subcommand when it is created (a parent may set
  // its own later): only text that no ancestor has is the command's own.
  for (const CLI::App* up = parent; up != nullptr; up = up->get_parent()) {
    if (info.footer == up->get_footer()) info.footer.clear();
  }
  info.inherits_parent_options = parent != nullptr && app.get_fallthrough();
  for (const CLI::Option* opt : app.get_options()) {
    OptionInfo o = DescribeOption(*opt);
    if (o.positional()) {
      info.positionals.push_back(std::move(o));
    } else if (!o.Names().empty()) {
      info.options.push_back(std::move(o));
    }
  }
  for (const CLI::App* sub :
       app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    std::vector<std::string> sub_path = info.path;
    sub_path.push_back(sub->get_name());
    info.subcommands.push_back(Describe(*sub, &app, std::move(sub_path)));
  }
  return info;
}

void FlattenInto(const CommandInfo& cmd, std::vector<const CommandInfo*>& out) {
  out.push_back(&cmd);
  for (const auto& sub : cmd.subcommands) FlattenInto(sub, out);
}

}  // namespace

std::vector<std::string> OptionInfo::Names() const {
  std::vector<std::string> out = short_names;
  out.insert(out.end(), long_names.begin(), long_names.end());
  return out;
}

std::string OptionInfo::Display() const {
  if (positional()) return positional_name;
  std::string out;
  for (const auto& n : Names()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string CommandInfo::Path() const {
  std::string out;
  for (const auto& p : path) out += (out.empty() ? "" : " ") + p;
  return out;
}

std::vector<std::string> ChoicesOf(const std::string& type_name, const std::string& description) {
  auto choices = ChoicesFromValidator(type_name);
  if (choices.empty()) choices = ChoicesFromText(description);
  return choices;
}

CommandInfo DescribeCommands(const CLI::App& app) { return Describe(app, nullptr, {}); }

std::vector<const CommandInfo*> Flatten(const CommandInfo& root) {
  std::vector<const CommandInfo*> out;
  FlattenInto(root, out);
  return out;
}

}  // namespace alab::cli
