#include "rewrite/rebase.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "base/files.h"
#include "base/strings.h"
#include "migration/dag.h"
#include "migration/file_text.h"

namespace alab::rewrite {

using migration::Heads;
using migration::RevisionLess;
using migration::RewriteRevisionFields;
using migration::TopoOrder;

namespace {

std::vector<std::string> DuplicateRevisions(const std::vector<Migration>& ms) {
  std::map<std::string, int> count;
  for (const auto& m : ms) ++count[m.revision];
  std::vector<std::string> out;
  for (const auto& [rev, n] : count)
    if (n > 1) out.push_back(rev);
  return out;
}

std::filesystem::file_time_type MTime(const std::filesystem::path& root, const Migration& m) {
  std::error_code ec;
  auto t = std::filesystem::last_write_time(root / m.file, ec);
  return ec ? std::filesystem::file_time_type::min() : t;
}

// Files committed in git's HEAD, relative to project_root; nullopt without git or commits.
std::optional<std::set<std::string>> GitHeadFiles(const std::filesystem::path& root) {
  std::string cmd = "git -C '" + ReplaceAll(root.string(), "'", "'\\''") +
                    "' ls-tree -r --name-only HEAD 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return std::nullopt;
  std::string out;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (::pclose(p) != 0) return std::nullopt;
  std::set<std::string> files;
  for (const auto& line : Split(out, '\n'))
    if (!line.empty()) files.insert(line);
  return files;
}

// Without git: among duplicate revisions the earliest file stays; the others and their
// later descendants are local. With several heads and no duplicates: every head but the
// earliest, and its ancestors that the earliest head does not share.
std::set<std::string> LocalByMTime(const std::filesystem::path& root,
                                   const std::vector<Migration>& ms) {
  std::set<std::string> local;
  std::vector<std::string> dups = DuplicateRevisions(ms);
  auto earlier = [&](const Migration* a, const Migration* b) {
    auto ta = MTime(root, *a), tb = MTime(root, *b);
    return ta != tb ? ta < tb : a->file < b->file;
  };
  if (!dups.empty()) {
    std::set<std::string> local_revs;
    auto min_time = std::filesystem::file_time_type::max();
    for (const auto& rev : dups) {
      std::vector<const Migration*> group;
      for (const auto& m : ms)
        if (m.revision == rev) group.push_back(&m);
      std::sort(group.begin(), group.end(), earlier);
      for (size_t i = 1; i < group.size(); ++i) {
        local.insert(group[i]->file);
        local_revs.insert(rev);
        min_time = std::min(min_time, MTime(root, *group[i]));
      }
    }
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& m : ms) {
        if (local.count(m.file) || MTime(root, m) < min_time) continue;
        bool child = std::any_of(m.down_revisions.begin(), m.down_revisions.end(),
                                 [&](const std::string& p) { return local_revs.count(p) > 0; });
        bool dup = std::find(dups.begin(), dups.end(), m.revision) != dups.end();
        if (child && !dup) {
          local.insert(m.file);
          local_revs.insert(m.revision);
          grew = true;
        }
      }
    }
    return local;
  }
  std::vector<std::string> heads = Heads(ms);
  if (heads.size() < 2) return local;
  std::map<std::string, const Migration*> by_rev;
  for (const auto& m : ms) by_rev[m.revision] = &m;
  auto ancestors = [&](const std::string& rev) {
    std::set<std::string> seen;
    std::vector<std::string> todo{rev};
    while (!todo.empty()) {
      std::string r = todo.back();
      todo.pop_back();
      if (!seen.insert(r).second || !by_rev.count(r)) continue;
      for (const auto& p : by_rev[r]->down_revisions) todo.push_back(p);
    }
    return seen;
  };
  std::vector<const Migration*> tips;
  for (const auto& h : heads) tips.push_back(by_rev[h]);
  std::sort(tips.begin(), tips.end(), earlier);
  std::set<std::string> keep = ancestors(tips[0]->revision);
  for (size_t i = 1; i < tips.size(); ++i)
    for (const auto& r : ancestors(tips[i]->revision))
      if (!keep.count(r)) local.insert(by_rev[r]->file);
  return local;
}

}  // namespace

std::set<std::string> LocalMigrationFiles(const std::filesystem::path& project_root,
                                          const std::vector<Migration>& migrations) {
  if (auto committed = GitHeadFiles(project_root)) {
    std::set<std::string> local;
    for (const auto& m : migrations)
      if (!committed->count(m.file)) local.insert(m.file);
    if (!local.empty() && local.size() < migrations.size()) return local;
  }
  return LocalByMTime(project_root, migrations);
}

Expected<RebasePlan> PlanRebase(const std::vector<Migration>& migrations,
                                const std::set<std::string>& local) {
  RebasePlan plan;
  plan.conflict = !DuplicateRevisions(migrations).empty() || Heads(migrations).size() > 1;
  if (!plan.conflict) return plan;
  std::vector<Migration> others;
  std::vector<const Migration*> mine;
  for (const auto& m : migrations) {
    if (local.count(m.file))
      mine.push_back(&m);
    else
      others.push_back(m);
  }
  if (mine.empty())
    return MakeError(
        "cannot tell which migrations are local: every migration file is committed in git's HEAD "
        "and their modification times do not separate the branches",
        ExitCode::kUserError);
  if (auto dups = DuplicateRevisions(others); !dups.empty())
    return MakeError(
        fmt::format("revision {} is duplicated among the migrations committed in git's HEAD; "
                    "renumber one by hand",
                    dups[0]),
        ExitCode::kUserError);
  std::sort(mine.begin(), mine.end(), [](const Migration* a, const Migration* b) {
    return a->revision != b->revision ? RevisionLess(a->revision, b->revision) : a->file < b->file;
  });
  std::vector<std::string> other_heads = Heads(others);
  std::map<std::string, std::string> renumbered;  // old local revision -> new
  std::vector<Migration> result = others;
  std::vector<Migration> next_base = others;
  for (const Migration* m : mine) {
    RebaseMove mv;
    mv.old_file = m->file;
    mv.old_revision = m->revision;
    mv.new_revision = NextRevision(next_base);
    for (const auto& p : m->down_revisions) {
      std::string np = renumbered.count(p)       ? renumbered[p]
                       : other_heads.size() == 1 ? other_heads[0]
                                                 : p;
      if (std::find(mv.new_parents.begin(), mv.new_parents.end(), np) == mv.new_parents.end())
        mv.new_parents.push_back(np);
    }
    if (m->down_revisions.empty() && other_heads.size() == 1)
      mv.new_parents.push_back(other_heads[0]);
    renumbered[m->revision] = mv.new_revision;
    std::filesystem::path old_path(m->file);
    std::string base = old_path.filename().string();
    std::string rest =
        StartsWith(base, m->revision + "_") ? base.substr(m->revision.size()) : "_" + base;
    mv.new_file = (old_path.parent_path() / (mv.new_revision + rest)).generic_string();
    auto text = RewriteRevisionFields(m->content, mv.new_revision, mv.new_parents);
    if (!text.ok()) return text.error().WithContext(m->file);
    mv.new_text = *text;
    Migration moved = *m;
    moved.file = mv.new_file;
    moved.revision = mv.new_revision;
    moved.down_revisions = mv.new_parents;
    next_base.push_back(moved);
    result.push_back(std::move(moved));
    plan.moves.push_back(std::move(mv));
  }
  auto order = TopoOrder(result);
  if (!order.ok())
    return order.error().WithContext("the renumbered migrations would not form a valid graph");
  return plan;
}

Status ApplyRebase(const std::filesystem::path& project_root, const RebasePlan& plan) {
  std::set<std::string> vacated;
  for (const auto& mv : plan.moves) vacated.insert(mv.old_file);
  for (const auto& mv : plan.moves) {
    std::error_code ec;
    if (!vacated.count(mv.new_file) && std::filesystem::exists(project_root / mv.new_file, ec))
      return MakeError(
          fmt::format("cannot rename {} to {}: the file exists", mv.old_file, mv.new_file),
          ExitCode::kUserError);
  }
  // Write every new file under a temporary name first, so old names stay intact until all
  // texts are on disk, then rename into place.
  for (const auto& mv : plan.moves)
    if (Status st = WriteFileAtomic(project_root / (mv.new_file + ".rebase"), mv.new_text);
        !st.ok())
      return st;
  for (const auto& mv : plan.moves) {
    std::error_code ec;
    if (mv.old_file != mv.new_file) std::filesystem::remove(project_root / mv.old_file, ec);
  }
  for (const auto& mv : plan.moves) {
    std::error_code ec;
    std::filesystem::rename(project_root / (mv.new_file + ".rebase"), project_root / mv.new_file,
                            ec);
    if (ec) return MakeError(fmt::format("cannot write {}: {}", mv.new_file, ec.message()));
  }
  return Status::Ok();
}

}  // namespace alab::rewrite
