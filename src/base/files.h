#pragma once
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"

namespace alab {

Expected<std::string> ReadFile(const std::filesystem::path& path);
// Writes through a temporary file + rename so a failure never leaves a half-written file.
// The temporary file is removed on every exit path, SIGINT/SIGTERM/SIGHUP included (a
// handler installed on first use, unless the signal already has one, unlinks it).
Status WriteFileAtomic(const std::filesystem::path& path, const std::string& content);
// A file written piece by piece through a temporary file beside it (removed on signals, as
// above), renamed into place by Commit(); destroyed uncommitted, it leaves no file behind.
class AtomicFileWriter {
 public:
  static Expected<std::unique_ptr<AtomicFileWriter>> Open(const std::filesystem::path& path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  Status Append(std::string_view piece);
  Status Commit();

 private:
  AtomicFileWriter() = default;
  std::filesystem::path path_, tmp_;
  std::FILE* file_ = nullptr;
  int slot_ = -1;
};
// Tests only: called with the temporary path once it exists, before the content is written.
void SetWriteFileAtomicHookForTest(void (*hook)(const std::filesystem::path& tmp));
// Sorted list of regular files under dir (recursive) whose names end with ext.
std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& dir,
                                             const std::string& ext);
// Removes a UTF-8 byte order mark at the start of text (editors on Windows write one); line
// numbers are unchanged.
void StripUtf8Bom(std::string& text);
// Symbolic links under dir (recursive, links themselves not followed) whose target lies
// outside root, sorted. Such links are refused: the project would read or move files
// that are not its own.
std::vector<std::filesystem::path> SymlinksLeaving(const std::filesystem::path& dir,
                                                   const std::filesystem::path& root);
// path relative to base when under it, else path as given; always with '/' separators.
std::string DisplayPath(const std::filesystem::path& path, const std::filesystem::path& base);

}  // namespace alab
