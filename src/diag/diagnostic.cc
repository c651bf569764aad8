#include "diag/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>

namespace alab::diag {

std::string SourceLoc::ToString() const {
  if (line <= 0) return file;
  return col > 0 ? fmt::format("{}:{}:{}", file, line, col) : fmt::format("{}:{}", file, line);
}

void DiagnosticSink::Error(const SourceLoc& loc, std::string message,
                           std::vector<std::string> notes) {
  Add(Diagnostic{Severity::kError, loc, std::move(message), std::move(notes)});
}

void DiagnosticSink::Warning(const SourceLoc& loc, std::string message,
                             std::vector<std::string> notes) {
  Add(Diagnostic{Severity::kWarning, loc, std::move(message), std::move(notes)});
}

void DiagnosticSink::Add(Diagnostic d) {
  if (d.severity == Severity::kError) ++errors_;
  if (d.severity == Severity::kWarning) ++warnings_;
  diags_.push_back(std::move(d));
}

void DiagnosticSink::SortByLocation() {
  std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.loc.file != b.loc.file) return a.loc.file < b.loc.file;
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.col < b.loc.col;
  });
}

void DiagnosticSink::Merge(DiagnosticSink&& other) {
  for (auto& d : other.diags_) Add(std::move(d));
  for (auto& [file, text] : other.sources_) sources_.emplace(file, std::move(text));
  other.diags_.clear();
  other.sources_.clear();
  other.errors_ = other.warnings_ = 0;
}

void DiagnosticSink::AddSource(const std::string& file, std::string text) {
  sources_[file] = std::move(text);
}

static std::string LineOf(const std::string& text, int line) {
  int cur = 1;
  size_t start = 0;
  while (cur < line) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) return {};
    start = nl + 1;
    ++cur;
  }
  size_t end = text.find('\n', start);
  std::string l = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!l.empty() && l.back() == '\r') l.pop_back();
  return l;
}

std::string DiagnosticSink::RenderOne(const Diagnostic& d, bool color) const {
  const char* label = d.severity == Severity::kError     ? "error"
                      : d.severity == Severity::kWarning ? "warning"
                                                         : "note";
  const char* on = "";
  const char* off = "";
  if (color) {
    on = d.severity == Severity::kError     ? "\033[1;31m"
         : d.severity == Severity::kWarning ? "\033[1;35m"
                                            : "\033[1;36m";
    off = "\033[0m";
  }
  std::string out;
  std::string where = d.loc.ToString();
  if (!where.empty()) out += where + ": ";
  out += fmt::format("{}{}:{} {}\n", on, label, off, d.message);
  auto it = sources_.find(d.loc.file);
  if (it != sources_.end() && d.loc.line > 0) {
    std::string line = LineOf(it->second, d.loc.line);
    if (!line.empty() && line.size() < 400) {
      std::string num = std::to_string(d.loc.line);
      out += fmt::format(" {} | {}\n", num, line);
      if (d.loc.col > 0) {
        std::string pad;
        for (int i = 0; i < d.loc.col - 1 && i < static_cast<int>(line.size()); ++i)
          pad += line[static_cast<size_t>(i)] == '\t' ? '\t' : ' ';
        std::string caret = "^";
        for (int i = 1; i < d.loc.length; ++i) caret += '~';
        out += fmt::format(" {} | {}{}{}{}\n", std::string(num.size(), ' '), pad, on, caret, off);
      }
    }
  }
  for (const auto& n : d.notes) out += "  " + n + "\n";
  return out;
}

std::string DiagnosticSink::Render(bool color) const {
  std::string out;
  for (const auto& d : diags_) out += RenderOne(d, color);
  return out;
}

}  // namespace alab::diag
