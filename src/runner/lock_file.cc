#include "runner/lock_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "base/files.h"
#include "base/sha256.h"
#include "base/strings.h"

namespace alab::runner {

std::string AggregateChecksum(const std::vector<LockEntry>& entries) {
  std::string all;
  for (const auto& e : entries) all += e.sha256 + " " + e.file + "\n";
  return Sha256Hex(all);
}

std::vector<LockEntry> CurrentEntries(const std::filesystem::path& root,
                                      const std::filesystem::path& migrations_dir) {
  std::vector<LockEntry> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(migrations_dir, ec)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(migrations_dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".js") continue;
    auto content = ReadFile(entry.path());
    out.push_back({content.ok() ? Sha256Hex(*content) : std::string("unreadable"),
                   DisplayPath(entry.path(), root)});
  }
  std::sort(out.begin(), out.end(),
            [](const LockEntry& a, const LockEntry& b) { return a.file < b.file; });
  return out;
}

std::string RenderLockFile(const std::vector<LockEntry>& entries) {
  std::string out = AggregateChecksum(entries) + "\n";
  for (const auto& e : entries) out += e.sha256 + " " + e.file + "\n";
  return out;
}

namespace {

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

Expected<LockFile> ParseLockFile(const std::string& text) {
  LockFile lf;
  auto lines = Split(text, '\n');
  int n = 0;
  for (const auto& raw : lines) {
    ++n;
    std::string line = Trim(raw);
    if (line.empty()) continue;
    if (lf.aggregate.empty()) {
      if (!IsHex64(line)) {
        return MakeError(fmt::format("{}:{}: malformed aggregate checksum line", kLockFileName, n),
                         ExitCode::kUserError);
      }
      lf.aggregate = line;
      continue;
    }
    auto sp = line.find(' ');
    if (sp == std::string::npos || !IsHex64(line.substr(0, sp))) {
      return MakeError(
          fmt::format("{}:{}: malformed line (expected '<sha256> <file>')", kLockFileName, n),
          ExitCode::kUserError);
    }
    lf.entries.push_back({line.substr(0, sp), Trim(line.substr(sp + 1))});
  }
  if (lf.aggregate.empty())
    return MakeError(fmt::format("{}: empty", kLockFileName), ExitCode::kUserError);
  return lf;
}

std::vector<LockProblem> VerifyLockFile(const std::filesystem::path& root,
                                        const std::filesystem::path& migrations_dir) {
  using Kind = LockProblem::Kind;
  std::vector<LockProblem> problems;
  auto text = ReadFile(root / kLockFileName);
  if (!text.ok()) {
    problems.push_back({Kind::kNoLockFile, kLockFileName,
                        fmt::format("{}: missing (run `alab lock repair`)", kLockFileName)});
    return problems;
  }
  auto lf = ParseLockFile(*text);
  if (!lf.ok()) {
    problems.push_back({Kind::kMalformed, kLockFileName, lf.error().message});
    return problems;
  }
  if (AggregateChecksum(lf->entries) != lf->aggregate) {
    problems.push_back(
        {Kind::kAggregate, kLockFileName,
         fmt::format(
             "{}: the aggregate checksum does not match its entries (the lock file was edited)",
             kLockFileName)});
  }
  std::map<std::string, std::string> listed;
  for (const auto& e : lf->entries) listed[e.file] = e.sha256;
  auto current = CurrentEntries(root, migrations_dir);
  std::map<std::string, std::string> actual;
  for (const auto& e : current) actual[e.file] = e.sha256;
  for (const auto& [file, sha] : listed) {
    auto it = actual.find(file);
    if (it == actual.end()) {
      problems.push_back(
          {Kind::kMissing, file,
           fmt::format("{}: listed in {} but the file is missing", file, kLockFileName)});
    } else if (it->second != sha) {
      problems.push_back(
          {Kind::kChanged, file,
           fmt::format("{}: checksum differs from {} (the file or its entry changed)", file,
                       kLockFileName)});
    }
  }
  for (const auto& [file, sha] : actual) {
    if (!listed.count(file)) {
      problems.push_back(
          {Kind::kUnlisted, file, fmt::format("{}: not listed in {}", file, kLockFileName)});
    }
  }
  return problems;
}

Status ProbeLockFileWritable(const std::filesystem::path& root) {
  // WriteLockFile writes a temporary file next to alab.lock and renames it: the folder must
  // take a new file.
  std::filesystem::path probe =
      root / (std::string(kLockFileName) + ".probe." + std::to_string(::getpid()));
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::string why = std::strerror(errno);
    return MakeError(
        fmt::format(
            "{}: cannot be written ({}), so an applied migration could not be recorded; nothing "
            "was applied. Make the project folder writable (or run from a writable checkout)",
            (root / kLockFileName).string(), why),
        ExitCode::kIo);
  }
  ::close(fd);
  ::unlink(probe.c_str());
  // An existing alab.lock must take the write too: an immutable or append-only file (chattr),
  // or a read-only one, refuses the rename over it. Opened for writing without truncating it.
  const std::filesystem::path lock = root / kLockFileName;
  int lfd = ::open(lock.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (lfd < 0 && errno != ENOENT) {
    std::string why = std::strerror(errno);
    return MakeError(
        fmt::format(
            "{}: cannot be written ({}), so an applied migration could not be recorded; nothing "
            "was applied. Make alab.lock writable (chmod u+w, or chattr -i) and run migrate again",
            lock.string(), why),
        ExitCode::kIo);
  }
  if (lfd >= 0) ::close(lfd);
  return Status::Ok();
}

Status WriteLockFile(const std::filesystem::path& root,
                     const std::filesystem::path& migrations_dir) {
  return WriteFileAtomic(root / kLockFileName,
                         RenderLockFile(CurrentEntries(root, migrations_dir)));
}

}  // namespace alab::runner
