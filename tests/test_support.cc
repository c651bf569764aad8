#include "test_support.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "dialect/dialect.h"
#include "dialect/registry.h"

extern char** environ;

namespace alab::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "alab-test-XXXXXX").string();
  char* p = ::mkdtemp(tmpl.data());
  path_ = p ? std::filesystem::path(p) : std::filesystem::path(tmpl);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void TempDir::Write(const std::string& rel, const std::string& content) const {
  auto p = path_ / rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
}

std::string TempDir::Read(const std::string& rel) const { return ReadText(path_ / rel); }

std::string ReadText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path SourceDir() { return ALAB_SOURCE_DIR; }

Txtar ParseTxtar(const std::string& text) {
  Txtar t;
  std::istringstream in(text);
  std::string line;
  std::string* body = &t.comment;
  while (std::getline(in, line)) {
    if (line.size() > 6 && line.rfind("-- ", 0) == 0 &&
        line.compare(line.size() - 3, 3, " --") == 0) {
      t.sections.push_back({line.substr(3, line.size() - 6), ""});
      body = &t.sections.back().body;
      continue;
    }
    *body += line + "\n";
  }
  return t;
}

std::string FormatTxtar(const Txtar& txtar) {
  std::string out = txtar.comment;
  for (const auto& s : txtar.sections) out += "-- " + s.name + " --\n" + s.body;
  return out;
}

RunResult RunAlab(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                  const std::vector<std::string>& extra_env) {
  RunResult r;
  TempDir io;
  auto out_path = (io.path() / "out").string();
  auto err_path = (io.path() / "err").string();
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  std::vector<std::string> argv_s{ALAB_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) env_s.emplace_back(*e);
  for (const auto& e : extra_env) env_s.push_back(e);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, ALAB_BINARY, &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    r.err = "posix_spawn failed";
    return r;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadText(out_path);
  r.err = ReadText(err_path);
  return r;
}

std::string CompareGolden(const std::filesystem::path& golden, const std::string& actual) {
  if (const char* u = std::getenv("ALAB_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    std::filesystem::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary | std::ios::trunc) << actual;
    return "";
  }
  if (!std::filesystem::exists(golden))
    return "missing golden file " + golden.string() +
           " (run with ALAB_UPDATE_GOLDEN=1 to create it)";
  std::string expected = ReadText(golden);
  if (expected == actual) return "";
  std::istringstream e(expected), a(actual);
  std::string le, la, diff = "golden mismatch: " + golden.string() + "\n";
  int line = 1, shown = 0;
  while (shown < 40) {
    bool he = static_cast<bool>(std::getline(e, le));
    bool ha = static_cast<bool>(std::getline(a, la));
    if (!he && !ha) break;
    if (!he) le = "<eof>";
    if (!ha) la = "<eof>";
    if (le != la) {
      diff += "@@ line " + std::to_string(line) + "\n-" + le + "\n+" + la + "\n";
      ++shown;
    }
    ++line;
  }
  return diff;
}

bool InCi() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

std::string PgBaseUrl() {
  const char* u = std::getenv("ALAB_TEST_PG_URL");
  return u ? std::string(u) : std::string();
}

std::string CreatePgDatabase(const std::string& name_hint) {
  static std::atomic<int> counter{0};
  std::string base = PgBaseUrl();
  if (base.empty()) return "";
  std::random_device rd;
  std::string name = "t_" + name_hint.substr(0, 30) + "_" + std::to_string(::getpid()) + "_" +
                     std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Through the dialect that claims the url: only dialect/postgres/ includes libpq-fe.h.
  auto d = dialect::DialectForUrl(base);
  if (!d.ok() || *d == nullptr) return "";
  auto conn = (*d)->Connect(base);
  if (!conn.ok()) return "";
  if (!(*conn)->Exec("CREATE DATABASE \"" + name + "\"").ok()) return "";
  // base is postgresql://postgres@/postgres?host=...; swap the database name.
  auto q = base.find('?');
  auto slash = base.rfind('/', q);
  return base.substr(0, slash + 1) + name + base.substr(q);
}

bool IsUuidV4(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return s[14] == '4' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

}  // namespace alab::testing
