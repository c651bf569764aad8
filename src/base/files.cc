#include "base/files.h"

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

namespace alab {

namespace {

// Temporary files of WriteFileAtomic in flight, removed by the signal handler so an
// interrupted command (Ctrl-C, kill) leaves no `*.tmp.<pid>` behind. Fixed slots: the
// handler may only touch async-signal-safe state.
constexpr size_t kTempSlots = 16;
constexpr size_t kTempPathMax = 4096;
struct TempSlot {
  std::atomic<bool> used{false};
  std::atomic<bool> ready{false};
  char path[kTempPathMax];
};
TempSlot g_temp_slots[kTempSlots];
void (*g_write_hook)(const std::filesystem::path&) = nullptr;

void RemoveTempsOnSignal(int sig) {
  for (auto& slot : g_temp_slots)
    if (slot.ready.load()) ::unlink(slot.path);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void InstallTempCleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Every signal whose default action ends the process (KILL and STOP cannot be caught):
    // Ctrl-C, kill, a closed pipe, timers, resource limits, the real-time signals.
    std::vector<int> fatal = {SIGINT,  SIGTERM, SIGHUP,    SIGQUIT,  SIGPIPE, SIGUSR1,
                              SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF,  SIGXCPU, SIGXFSZ,
                              SIGIO,   SIGPWR,  SIGSYS,    SIGTRAP,  SIGABRT, SIGBUS,
                              SIGFPE,  SIGILL,  SIGSEGV,   SIGSTKFLT};
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; ++sig) fatal.push_back(sig);
    for (int sig : fatal) {
      struct sigaction old {};
      if (::sigaction(sig, nullptr, &old) != 0) continue;
      if (old.sa_handler != SIG_DFL) continue;  // someone else handles it (or it is ignored)
      struct sigaction sa {};
      sa.sa_handler = RemoveTempsOnSignal;
      sigemptyset(&sa.sa_mask);
      ::sigaction(sig, &sa, nullptr);
    }
  });
}

// Registers tmp for removal on a signal; -1 when every slot is taken (or the path is too long).
int RegisterTemp(const std::filesystem::path& tmp) {
  const std::string& s = tmp.native();
  if (s.size() >= kTempPathMax) return -1;
  for (size_t i = 0; i < kTempSlots; ++i) {
    bool expected = false;
    if (g_temp_slots[i].used.compare_exchange_strong(expected, true)) {
      std::memcpy(g_temp_slots[i].path, s.c_str(), s.size() + 1);
      g_temp_slots[i].ready.store(true);
      return static_cast<int>(i);
    }
  }
  return -1;
}

void UnregisterTemp(int slot) {
  if (slot < 0) return;
  g_temp_slots[slot].ready.store(false);
  g_temp_slots[slot].used.store(false);
}

}  // namespace

void SetWriteFileAtomicHookForTest(void (*hook)(const std::filesystem::path& tmp)) {
  g_write_hook = hook;
}

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
  InstallTempCleanup();
  int slot = RegisterTemp(tmp);
  struct Unregister {
    int slot;
    ~Unregister() { UnregisterTemp(slot); }
  } unregister{slot};
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return MakeError("cannot write " + path.string() + ": " + std::strerror(errno));
    if (g_write_hook != nullptr) g_write_hook(tmp);
    out << content;
    out.flush();
    if (!out) {
      const std::string why = std::strerror(errno);  // before remove() may change errno
      std::filesystem::remove(tmp, ec);
      return MakeError("cannot write " + path.string() + ": " + why);
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    const std::string why = ec.message();  // the rename's error, not the clean-up's
    std::error_code rm;
    std::filesystem::remove(tmp, rm);
    return MakeError("cannot write " + path.string() + ": " + why);
  }
  return Status::Ok();
}

Expected<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Open(
    const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::unique_ptr<AtomicFileWriter> w(new AtomicFileWriter());
  w->path_ = path;
  w->tmp_ = path;
  w->tmp_ += ".tmp." + std::to_string(::getpid());
  InstallTempCleanup();
  w->slot_ = RegisterTemp(w->tmp_);
  w->file_ = std::fopen(w->tmp_.c_str(), "wb");
  if (w->file_ == nullptr)
    return MakeError("cannot write " + path.string() + ": " + std::strerror(errno));
  if (g_write_hook != nullptr) g_write_hook(w->tmp_);
  return w;
}

AtomicFileWriter::~AtomicFileWriter() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
  }
  UnregisterTemp(slot_);
}

Status AtomicFileWriter::Append(std::string_view piece) {
  if (file_ == nullptr) return MakeError("cannot write " + path_.string() + ": already closed");
  if (std::fwrite(piece.data(), 1, piece.size(), file_) != piece.size())
    return MakeError("cannot write " + path_.string() + ": " + std::strerror(errno));
  return Status::Ok();
}

Status AtomicFileWriter::Commit() {
  if (file_ == nullptr) return MakeError("cannot write " + path_.string() + ": already closed");
  std::FILE* f = file_;
  file_ = nullptr;
  std::error_code ec;
  if (std::fflush(f) != 0 || std::fclose(f) != 0) {
    std::string why = std::strerror(errno);
    std::filesystem::remove(tmp_, ec);
    return MakeError("cannot write " + path_.string() + ": " + why);
  }
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) {
    std::string why = ec.message();
    std::filesystem::remove(tmp_, ec);
    return MakeError("cannot write " + path_.string() + ": " + why);
  }
  return Status::Ok();
}

std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& dir,
                                             const std::string& ext) {
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

void StripUtf8Bom(std::string& text) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
}

std::vector<std::filesystem::path> SymlinksLeaving(const std::filesystem::path& dir,
                                                   const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  fs::path base = fs::weakly_canonical(root, ec);
  if (ec) return out;
  auto inside = [&](const fs::path& p) {
    auto rel = p.lexically_relative(base);
    return !rel.empty() && *rel.begin() != "..";
  };
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_symlink(ec)) continue;
    fs::path target = fs::weakly_canonical(it->path(), ec);
    if (ec || !inside(target)) out.push_back(it->path());
    ec.clear();
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string DisplayPath(const std::filesystem::path& path, const std::filesystem::path& base) {
  // Fast path, without the file-system calls of std::filesystem::relative (which resolves
  // symlinks): path spelled as base + "/" + a plain relative tail.
  std::string p = path.generic_string(), b = base.generic_string();
  while (b.size() > 1 && b.back() == '/') b.pop_back();
  if (!b.empty() && b != "." && p.size() > b.size() + 1 && p.compare(0, b.size(), b) == 0 &&
      p[b.size()] == '/') {
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
