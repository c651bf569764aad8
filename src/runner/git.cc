#include "runner/git.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include <fmt/format.h>

#include "base/files.h"
#include "base/strings.h"

extern char** environ;

namespace alab::runner {
namespace {

// The whole content of an open file, from its start.
std::string ReadAll(int fd) {
  std::string out;
  if (::lseek(fd, 0, SEEK_SET) < 0) return out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

GitResult RunGit(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  GitResult r;
  // git's output goes to two anonymous temporary files: unlinked as soon as they are open,
  // so nothing is left in /tmp even when alab is killed while git runs.
  char out_tmpl[] = "/tmp/alab-git-out-XXXXXX";
  char err_tmpl[] = "/tmp/alab-git-err-XXXXXX";
  int out_fd = ::mkstemp(out_tmpl);
  if (out_fd >= 0) ::unlink(out_tmpl);
  int err_fd = ::mkstemp(err_tmpl);
  if (err_fd >= 0) ::unlink(err_tmpl);
  if (out_fd < 0 || err_fd < 0) {
    if (out_fd >= 0) ::close(out_fd);
    if (err_fd >= 0) ::close(err_fd);
    return r;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
  posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
  std::vector<std::string> argv_s{"git", "-C", dir.string()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc == 0) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = ReadAll(out_fd);
    r.err = ReadAll(err_fd);
  }
  ::close(out_fd);
  ::close(err_fd);
  return r;
}

GitState ReadGitState(const std::filesystem::path& root,
                      const std::filesystem::path& migrations_dir,
                      const std::filesystem::path& schemas_dir) {
  GitState st;
  auto top = RunGit(root, {"rev-parse", "--show-toplevel"});
  if (top.exit_code != 0) return st;
  std::string mig = DisplayPath(migrations_dir, root), sch = DisplayPath(schemas_dir, root);
  // Paths relative to root (-C root + --relative via pathspec from root).
  auto status = RunGit(root, {"status", "--porcelain=v1", "--untracked-files=all", "--", mig, sch});
  if (status.exit_code != 0) return st;
  st.in_repo = true;
  auto prefix = RunGit(root, {"rev-parse", "--show-prefix"});
  std::string pre = prefix.exit_code == 0 ? Trim(prefix.out) : "";
  for (const auto& line : Split(status.out, '\n')) {
    if (line.size() < 4) continue;
    std::string xy = line.substr(0, 2);
    std::string path = line.substr(3);
    if (auto arrow = path.find(" -> "); arrow != std::string::npos) path = path.substr(arrow + 4);
    if (path.size() >= 2 && path.front() == '"' && path.back() == '"')
      path = path.substr(1, path.size() - 2);
    if (!pre.empty() && StartsWith(path, pre))
      path = path.substr(pre.size());  // repo-relative -> root-relative
    bool untracked = xy == "??";
    if (StartsWith(path, mig + "/")) {
      if (!untracked) st.modified_migrations.push_back(path);
    } else if (StartsWith(path, sch + "/")) {
      st.changed_schemas.push_back(path);
    }
  }
  return st;
}

Status GitCommit(const std::filesystem::path& root, const std::vector<std::string>& files,
                 const std::string& message) {
  std::vector<std::string> add{"add", "--"};
  add.insert(add.end(), files.begin(), files.end());
  auto a = RunGit(root, add);
  if (a.exit_code != 0) return MakeError("git add failed: " + Trim(a.err), ExitCode::kIo);
  std::vector<std::string> commit{"commit", "-q", "-m", message, "--"};
  commit.insert(commit.end(), files.begin(), files.end());
  auto c = RunGit(root, commit);
  if (c.exit_code != 0) {
    std::string why = Trim(c.err.empty() ? c.out : c.err);
    if (c.out.find("nothing to commit") != std::string::npos ||
        c.out.find("no changes added") != std::string::npos) {
      return Status::Ok();  // already committed as they are
    }
    return MakeError("git commit failed: " + why, ExitCode::kIo);
  }
  return Status::Ok();
}

}  // namespace alab::runner
