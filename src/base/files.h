#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "base/expected.h"

namespace alab {

Expected<std::string> ReadFile(const std::filesystem::path& path);
// Writes through a temporary file + rename so a failure never leaves a half-written file.
Status WriteFileAtomic(const std::filesystem::path& path, const std::string& content);
// Sorted list of regular files under dir (recursive) whose names end with ext.
std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& dir, const std::string& ext);
// path relative to base when under it, else path as given; always with '/' separators.
std::string DisplayPath(const std::filesystem::path& path, const std::filesystem::path& base);

}  // namespace alab
