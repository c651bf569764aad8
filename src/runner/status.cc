// `alab status`: applied, pending, partly applied and tampered migrations.
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runner/executor.h"

namespace alab::runner {

Expected<StatusReport> ReadStatus(dialect::Connection& conn, const Plan& plan) {
  auto applied = ReadHistory(conn);
  if (!applied.ok()) return applied.error();
  StatusReport rep;
  rep.problems = VerifyApplied(plan, *applied);
  std::map<std::string, const AppliedMigration*> by_rev;
  for (const auto& row : *applied) by_rev[row.revision] = &row;
  // Applied ones first, in the order they were applied, then pending ones in DAG order.
  for (const auto& row : *applied) {
    StatusEntry e;
    e.revision = row.revision;
    e.file = row.file;
    e.description = row.description;
    e.applied_at = row.applied_at;
    e.exec_time_ms = row.exec_time_ms;
    e.statements_done = row.statements_done;
    e.statements_total = row.statements_total;
    const PlannedMigration* pm = plan.Find(row.revision);
    if (pm == nullptr && plan.BaselineReplacing(row.revision) != nullptr) {
      // Squashed into a baseline; the file is in .alab/archive/. Counted with the baseline.
      e.state = "squashed";
      e.description +=
          (e.description.empty() ? "" : " ") +
          fmt::format("(in {})", plan.BaselineReplacing(row.revision)->migration->file);
      ++rep.squashed;
      rep.entries.push_back(std::move(e));
      continue;
    } else if (pm == nullptr) {
      e.state = "missing file";
    } else {
      e.transactional = pm->migration->transactional;
      if (!row.file_checksum.empty() && row.file_checksum != pm->file_checksum) {
        e.state = "changed";
      } else {
        e.state = row.rolling_back ? "rolling back" : row.complete() ? "applied" : "partial";
      }
    }
    if (row.complete()) ++rep.applied;
    rep.entries.push_back(std::move(e));
  }
  for (const auto& pm : plan.ordered) {
    if (by_rev.count(pm.migration->revision)) continue;
    StatusEntry e;
    e.revision = pm.migration->revision;
    e.file = pm.migration->file;
    e.description = pm.migration->description;
    e.state = "pending";
    e.transactional = pm.migration->transactional;
    e.statements_total = static_cast<long long>(pm.up.size());
    ++rep.pending;
    rep.entries.push_back(std::move(e));
  }
  return rep;
}

namespace {

// The applied-at cell: the time, and "(no transaction)" for a migration that runs without one.
std::string WhenCell(const StatusEntry& e) {
  std::string when = e.applied_at;
  if (!e.transactional) when += when.empty() ? "(no transaction)" : " (no transaction)";
  return when;
}

}  // namespace

std::string FormatStatus(const StatusReport& rep) {
  size_t wrev = 8, wstate = 7, wfile = 4, wwhen = 10;
  auto state_of = [](const StatusEntry& e) {
    std::string s = e.state;
    if (e.state == "partial")
      s += fmt::format(" ({}/{} statements)", e.statements_done, e.statements_total);
    return s;
  };
  for (const auto& e : rep.entries) {
    wrev = std::max(wrev, e.revision.size());
    wstate = std::max(wstate, state_of(e).size());
    wfile = std::max(wfile, e.file.size());
    wwhen = std::max(wwhen, WhenCell(e).size());
  }
  // The description is last (SPEC §3: it is shown in alab status).
  std::string out = fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", "REVISION", wrev, "STATE",
                                wstate, "FILE", wfile, "APPLIED AT", wwhen, "DESCRIPTION");
  for (const auto& e : rep.entries) {
    out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", e.revision, wrev, state_of(e),
                       wstate, e.file, wfile, WhenCell(e), wwhen, e.description);
    // Trailing spaces are not useful in a terminal.
    while (!out.empty() && out[out.size() - 2] == ' ') out.erase(out.size() - 2, 1);
  }
  out += fmt::format("\n{} applied, {} pending", rep.applied, rep.pending);
  if (rep.squashed > 0) out += fmt::format(", {} squashed into a baseline", rep.squashed);
  int partial = 0;
  for (const auto& e : rep.entries) partial += e.state == "partial";
  if (partial > 0) {
    out += fmt::format(
        ", {} partly applied (transaction: false; re-run `alab migrate`, or after editing a failed "
        "step `alab migrate --resume`; `alab rollback` undoes the applied steps)",
        partial);
  }
  int rolling = 0;
  for (const auto& e : rep.entries) rolling += e.state == "rolling back";
  if (rolling > 0)
    out += fmt::format(", {} rolling back (interrupted; re-run `alab rollback`)", rolling);
  out += "\n";
  for (const auto& p : rep.problems) out += "problem: " + p + "\n";
  return out;
}

std::string FormatStatusJson(const StatusReport& rep) {
  nlohmann::ordered_json j;
  j["applied"] = rep.applied;
  j["pending"] = rep.pending;
  auto arr = nlohmann::ordered_json::array();
  for (const auto& e : rep.entries) {
    nlohmann::ordered_json m;
    m["revision"] = e.revision;
    m["file"] = e.file;
    m["description"] = e.description;
    m["state"] = e.state;
    m["applied_at"] = e.applied_at.empty() ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(e.applied_at);
    m["exec_time_ms"] = e.exec_time_ms;
    m["transaction"] = e.transactional;
    m["statements_done"] = e.statements_done;
    m["statements_total"] = e.statements_total;
    arr.push_back(std::move(m));
  }
  j["migrations"] = std::move(arr);
  j["problems"] = rep.problems;
  return j.dump(2) + "\n";
}

}  // namespace alab::runner
