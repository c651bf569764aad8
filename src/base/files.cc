#include "base/files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace alab {

Expected<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError("cannot read " + path.string() + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFileAtomic(const std::filesystem::path& path, const std::string& content) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return MakeError("cannot write " + path.string() + ": " + std::strerror(errno));
    out << content;
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp, ec);
      return MakeError("cannot write " + path.string() + ": " + std::strerror(errno));
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return MakeError("cannot write " + path.string() + ": " + ec.message());
  }
  return Status::Ok();
}

std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& dir, const std::string& ext) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec) && it->path().filename().string().ends_with(ext))
      out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string DisplayPath(const std::filesystem::path& path, const std::filesystem::path& base) {
  // Fast path, without the file-system calls of std::filesystem::relative (which resolves
  // symlinks): path spelled as base + "/" + a plain relative tail.
  std::string p = path.generic_string(), b = base.generic_string();
  while (b.size() > 1 && b.back() == '/') b.pop_back();
  if (!b.empty() && b != "." && p.size() > b.size() + 1 && p.compare(0, b.size(), b) == 0 && p[b.size()] == '/') {
    std::string tail = p.substr(b.size() + 1);
    bool plain = !tail.empty() && tail.back() != '/' && tail.front() != '/';
    for (const auto& part : std::filesystem::path(tail)) {
      std::string e = part.generic_string();
      if (e.empty() || e == "." || e == ".." || e == "/") plain = false;
    }
    if (plain && tail.find("//") == std::string::npos) return tail;
  }
  std::error_code ec;
  auto rel = std::filesystem::relative(path, base, ec);
  std::string s = (!ec && !rel.empty() && rel.native().rfind("..", 0) != 0) ? rel.generic_string()
                                                                           : path.generic_string();
  return s;
}

}  // namespace alab
