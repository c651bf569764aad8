#pragma once
// Text helpers for user source files: UTF-8 checks, the `export default` rewrite,
// and mapping engine positions (UTF-16 columns) onto byte columns with a caret span.
#include <string>
#include <string_view>
#include <vector>

namespace alab::js {

// Byte offset of the first invalid UTF-8 sequence, or npos.
size_t FindInvalidUtf8(std::string_view s);
// The text with each byte of an invalid UTF-8 sequence replaced by '?', for quoting
// source lines in diagnostics.
std::string SourceForDisplay(std::string_view text);
// Valid UTF-8 -> UTF-16 code units.
std::u16string Utf8ToUtf16(std::string_view s);

// Replaces the first `export default` that starts a statement with an assignment
// to `__m.default` of the same length. Returns false when there is none.
bool RewriteExportDefault(std::string& text);
// Position (1-based line, byte column) of the identifier `async` or `await` in code (not in a
// comment, a string literal, template text or a regex literal), or {0, 0}.
std::pair<int, int> FindAsyncSyntax(const std::string& text);
// Position (1-based line, byte column) of a top-level `import` statement, or {0, 0}.
std::pair<int, int> FindImportStatement(const std::string& text);

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // The text of a 1-based line ("" when out of range).
  std::string_view Line(int line) const;
  int line_count() const { return static_cast<int>(starts_.size()); }
  // Converts a 1-based UTF-16 column to a 1-based byte column.
  int ByteColumn(int line, int utf16_col) const;
  // Given a position the engine reported (a call's '(' / a property's '.' / the end of an
  // identifier), returns {byte_col, length} of the name it points at.
  std::pair<int, int> Refine(int line, int utf16_col) const;

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// 1-based line/col of a byte offset.
std::pair<int, int> LineColOfOffset(std::string_view text, size_t offset);

}  // namespace alab::js
