#include "migration/dag.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include <fmt/format.h>

namespace alab::migration {

namespace {

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "007" -> "7" (value without leading zeros, for numeric comparison by length then text).
std::string StripZeros(const std::string& s) {
  size_t i = s.find_first_not_of('0');
  return i == std::string::npos ? "0" : s.substr(i);
}

struct RevLess {
  bool operator()(const std::string& a, const std::string& b) const { return RevisionLess(a, b); }
};

// Finds one cycle among the nodes left after Kahn's algorithm and names its files in order.
std::string DescribeCycle(const std::map<std::string, const Migration*, RevLess>& by_rev,
                          const std::set<std::string, RevLess>& left) {
  // Walk parent links from the smallest remaining node until a node repeats.
  std::string cur = *left.begin();
  std::vector<std::string> path;
  std::map<std::string, size_t> seen;
  while (!seen.count(cur)) {
    seen[cur] = path.size();
    path.push_back(cur);
    const Migration* m = by_rev.at(cur);
    std::string next;
    for (const auto& p : m->down_revisions)
      if (left.count(p)) {
        next = p;
        break;
      }
    if (next.empty()) break;  // cannot happen for a node left by Kahn's algorithm
    cur = next;
  }
  std::vector<std::string> files;
  for (size_t i = seen.count(cur) ? seen[cur] : 0; i < path.size(); ++i)
    files.push_back(fmt::format("{} (revision {})", by_rev.at(path[i])->file, path[i]));
  if (!files.empty()) files.push_back(by_rev.at(path[seen.count(cur) ? seen[cur] : 0])->file);
  std::string out;
  for (size_t i = 0; i < files.size(); ++i) out += (i ? " -> " : "") + files[i];
  return out;
}

}  // namespace

bool RevisionLess(const std::string& a, const std::string& b) {
  bool na = AllDigits(a), nb = AllDigits(b);
  if (na != nb) return na;
  if (na) {
    std::string sa = StripZeros(a), sb = StripZeros(b);
    if (sa.size() != sb.size()) return sa.size() < sb.size();
    if (sa != sb) return sa < sb;
  }
  return a < b;
}

Expected<std::vector<const Migration*>> TopoOrder(const std::vector<Migration>& migrations) {
  std::map<std::string, const Migration*, RevLess> by_rev;
  std::vector<std::string> problems;
  for (const auto& m : migrations) {
    if (m.revision.empty()) {
      problems.push_back(fmt::format("{}: migration has no up_revision", m.file));
      continue;
    }
    auto [it, inserted] = by_rev.emplace(m.revision, &m);
    if (!inserted)
      problems.push_back(
          fmt::format("duplicate revision '{}' in {} and {} (two branches may each have added it; "
                      "run `alab rebase` to renumber the local one)",
                      m.revision, it->second->file, m.file));
  }
  // A squash baseline and a file it replaces never coexist: that is an interrupted `alab squash`.
  std::map<std::string, const Migration*> replaced_by;
  for (const auto& m : migrations)
    for (const auto& r : m.replaces) replaced_by.emplace(r, &m);
  for (const auto& [rev, b] : replaced_by) {
    auto it = by_rev.find(rev);
    if (it == by_rev.end()) continue;
    problems.push_back(
        fmt::format("{3}: revision {4} was squashed into {2}, but the file is still in the "
                    "migrations folder (an interrupted "
                    "`alab squash`?); finish it by moving the file to .alab/archive/{0}..{1}/, or "
                    "undo it by moving the files in "
                    ".alab/archive/{0}..{1}/ back and deleting {2}",
                    b->replaces.front(), b->replaces.back(), b->file, it->second->file, rev));
  }
  for (const auto& m : migrations) {
    for (const auto& p : m.down_revisions) {
      if (!by_rev.count(p) && replaced_by.count(p)) {
        const Migration* b = replaced_by.at(p);
        problems.push_back(
            p == b->replaces.back()
                ? fmt::format(
                      "{}: down_revision '{}' was squashed into {}, which has the same schema; set "
                      "down_revision: \"{}\"",
                      m.file, p, b->file, b->revision)
                : fmt::format("{}: down_revision '{}' was squashed into {} and is not its last "
                              "revision; regenerate "
                              "this migration with `alab new` on top of the baseline",
                              m.file, p, b->file));
      } else if (!by_rev.count(p))
        problems.push_back(fmt::format(
            "{}: down_revision '{}' does not match any migration's up_revision", m.file, p));
      else if (p == m.revision)
        problems.push_back(
            fmt::format("{}: migration names itself ('{}') as its down_revision", m.file, p));
    }
  }
  if (!problems.empty()) {
    std::string msg;
    for (size_t i = 0; i < problems.size(); ++i) msg += (i ? "\n" : "") + problems[i];
    return MakeError(msg, ExitCode::kUserError);
  }

  // Kahn's algorithm; the ready set is ordered by revision so ties resolve deterministically.
  std::map<std::string, int, RevLess> pending_parents;
  std::map<std::string, std::vector<std::string>, RevLess> children;
  for (const auto& [rev, m] : by_rev) {
    std::set<std::string> parents(m->down_revisions.begin(), m->down_revisions.end());
    pending_parents[rev] = static_cast<int>(parents.size());
    for (const auto& p : parents) children[p].push_back(rev);
  }
  std::set<std::string, RevLess> ready;
  for (const auto& [rev, n] : pending_parents)
    if (n == 0) ready.insert(rev);
  std::vector<const Migration*> order;
  order.reserve(by_rev.size());
  while (!ready.empty()) {
    std::string rev = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(by_rev.at(rev));
    for (const auto& c : children[rev])
      if (--pending_parents[c] == 0) ready.insert(c);
  }
  if (order.size() != by_rev.size()) {
    std::set<std::string, RevLess> left;
    for (const auto& [rev, n] : pending_parents)
      if (n > 0) left.insert(rev);
    return MakeError("cycle in the revision graph: " + DescribeCycle(by_rev, left),
                     ExitCode::kUserError);
  }
  return order;
}

void LinkImplicitParents(std::vector<Migration>& migrations) {
  for (size_t i = 1; i < migrations.size(); ++i) {
    Migration& m = migrations[i];
    if (m.down_revision_given || m.is_baseline() || !m.down_revisions.empty()) continue;
    if (migrations[i - 1].revision.empty() || migrations[i - 1].revision == m.revision) continue;
    m.down_revisions = {migrations[i - 1].revision};
  }
}

std::vector<std::string> Heads(const std::vector<Migration>& migrations) {
  std::set<std::string> parents;
  for (const auto& m : migrations)
    for (const auto& p : m.down_revisions) parents.insert(p);
  std::set<std::string, RevLess> heads;
  for (const auto& m : migrations)
    if (!m.revision.empty() && !parents.count(m.revision)) heads.insert(m.revision);
  return {heads.begin(), heads.end()};
}

std::string NextRevision(const std::vector<Migration>& migrations) {
  std::string best = "0";
  for (const auto& m : migrations) {
    if (!AllDigits(m.revision)) continue;
    std::string v = StripZeros(m.revision);
    if (v.size() > best.size() || (v.size() == best.size() && v > best)) best = v;
  }
  // Decimal increment of the string (revisions may exceed 64-bit integers in theory).
  std::string next = best;
  int i = static_cast<int>(next.size()) - 1;
  while (i >= 0 && next[i] == '9') next[i--] = '0';
  if (i < 0)
    next.insert(next.begin(), '1');
  else
    ++next[i];
  if (next.size() < 3) next.insert(next.begin(), 3 - next.size(), '0');
  return next;
}

std::string NextTimestampRevision(const std::vector<Migration>& migrations,
                                  long long unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  std::string stamp = buf;
  std::string next = NextRevision(migrations);
  return RevisionLess(next, stamp) || next == stamp ? stamp : next;
}

}  // namespace alab::migration
