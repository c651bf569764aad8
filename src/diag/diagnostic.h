#pragma once
// Diagnostics: the channel for problems in user input (schemas, migration files,
// config). They are collected, never thrown, so one run reports every problem.
#include <map>
#include <string>
#include <vector>

namespace alab::diag {

// A position in a user file. line and col are 1-based; 0 means unknown.
struct SourceLoc {
  std::string file;  // as displayed: relative to the project root
  int line = 0;
  int col = 0;
  int length = 0;  // characters under the caret; 0 = just the caret

  bool known() const { return !file.empty(); }
  std::string ToString() const;  // "file:line:col" (omits unknown parts)
  bool operator==(const SourceLoc&) const = default;
};

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLoc loc;
  std::string message;
  std::vector<std::string> notes;  // extra lines ("hint: ...")
};

class DiagnosticSink {
 public:
  void Error(const SourceLoc& loc, std::string message, std::vector<std::string> notes = {});
  void Warning(const SourceLoc& loc, std::string message, std::vector<std::string> notes = {});
  void Add(Diagnostic d);
  // Takes every diagnostic and source of other (a sink filled on another thread).
  void Merge(DiagnosticSink&& other);

  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  int warning_count() const { return warnings_; }
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  // Sorts by file, line, column so output does not depend on evaluation order.
  void SortByLocation();
  // Registers the text of a file so Render() can quote its lines.
  void AddSource(const std::string& file, std::string text);
  // GCC-style: "path:line:col: error: message" + the source line + a caret.
  std::string Render(bool color = false) const;
  std::string RenderOne(const Diagnostic& d, bool color = false) const;

 private:
  std::vector<Diagnostic> diags_;
  std::map<std::string, std::string> sources_;
  int errors_ = 0;
  int warnings_ = 0;
};

}  // namespace alab::diag
