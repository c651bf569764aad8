#include "dialect/sqlite/rebuild_frame.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/sqlite/render.h"

namespace alab::dialect::sqlite {
namespace {

bool ContainsNoCase(const std::vector<std::string>& names, const std::string& name) {
  std::string n = ToLower(name);
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& s) { return ToLower(s) == n; });
}

std::string SchemaFile(const std::string& ref) {
  auto dot = ref.find('.');
  if (dot == std::string::npos) return fmt::format("schemas/<namespace>/{}.js", ref);
  return fmt::format("schemas/{}/{}.js", ref.substr(0, dot), ref.substr(dot + 1));
}

// Columns of the live table (generated ones too; hidden columns of virtual tables are not
// columns a rebuild copies).
Expected<std::vector<std::string>> LiveColumns(Connection& conn, const std::string& table) {
  auto r =
      conn.Query("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden <> 1 ORDER BY cid", {table});
  if (!r.ok()) return r.error();
  std::vector<std::string> out;
  for (const auto& row : r->rows) out.push_back(row.at(0).value_or(""));
  return out;
}

Status RefuseUnknownColumns(Connection& conn, const Statement& first) {
  if (first.rebuild_columns.empty()) return Status::Ok();
  auto live = LiveColumns(conn, first.rebuild_table);
  if (!live.ok()) return live.error();
  std::vector<std::string> extra;
  for (const auto& c : *live)
    if (!ContainsNoCase(first.rebuild_columns, c)) extra.push_back(c);
  if (extra.empty()) return Status::Ok();
  std::string table = QuoteIdent(first.rebuild_table);
  std::string ref = first.rebuild_ref.empty() ? first.rebuild_table : first.rebuild_ref;
  std::vector<std::string> quoted, renames, drops;
  for (const auto& c : extra) {
    quoted.push_back(QuoteIdent(c));
    renames.push_back(fmt::format("m.sql('ALTER TABLE {} RENAME COLUMN {} TO {}')", table,
                                  QuoteIdent(c), QuoteIdent(c + "_old")));
    drops.push_back(fmt::format("m.sql('ALTER TABLE {} DROP COLUMN {}')", table, QuoteIdent(c)));
  }
  bool one = extra.size() == 1;
  const char* it = one ? "it" : "them";
  return MakeError(
      fmt::format(
          "table {} ({}) has {} {} that the migrations do not declare (added outside alab); "
          "rebuilding "
          "the table would drop {} and {} values, so nothing was changed. Either declare {}: add "
          "{} to {} "
          "and run `alab new` (on a database that already has {}, start that migration with {} and "
          "copy "
          "the values over after the add_column); or drop {} explicitly before this operation: {}",
          table, ref, one ? "column" : "columns", Join(quoted, ", "), it, one ? "its" : "their", it,
          it, SchemaFile(ref), it, Join(renames, ", "), it, Join(drops, ", ")),
      ExitCode::kUserError);
}

Expected<std::vector<std::pair<std::string, std::string>>> NamesAndSql(
    Connection& conn, const std::string& sql, const std::vector<std::string>& params) {
  auto r = conn.Query(sql, params);
  if (!r.ok()) return r.error();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& row : r->rows) out.emplace_back(row.at(0).value_or(""), row.at(1).value_or(""));
  return out;
}

// ALTER TABLE ... RENAME re-checks every view and trigger of the schema: renamed and
// renamed back inside a savepoint, it tells whether they all still compile (CREATE VIEW and
// CREATE TRIGGER do not check the columns they use). Nothing of the rename stays.
Status RenameCheck(Connection& conn, const std::string& table) {
  if (Status s = conn.Exec("SAVEPOINT alab_rebuild_check"); !s.ok()) return s;
  Status renamed = conn.Exec(fmt::format("ALTER TABLE {} RENAME TO {}", QuoteIdent(table),
                                         QuoteIdent("_alab_check_" + table)));
  if (Status s = conn.Exec("ROLLBACK TO alab_rebuild_check"); !s.ok()) return s;
  if (Status s = conn.Exec("RELEASE alab_rebuild_check"); !s.ok()) return s;
  return renamed;
}

// strict: without double-quoted string literals, so a view reading "qty" after qty was
// dropped fails instead of reading the string 'qty' (only when the views compiled so before).
Status CompileCheck(Connection& conn, const std::string& table,
                    const RebuildFrame::QuotedStrings& quoted_strings, bool strict) {
  bool was = strict ? quoted_strings(false) : true;
  Status s = RenameCheck(conn, table);
  if (strict) quoted_strings(was);
  return s;
}

// "error in view v_item: no such column: qty" -> {"view", "v_item"}.
std::pair<std::string, std::string> CulpritOf(const std::string& message) {
  for (const char* kind : {"view", "trigger"}) {
    std::string marker = fmt::format("error in {} ", kind);
    auto at = message.find(marker);
    if (at == std::string::npos) continue;
    auto start = at + marker.size();
    auto colon = message.find(':', start);
    return {kind,
            message.substr(start, colon == std::string::npos ? std::string::npos : colon - start)};
  }
  return {};
}

Error CompileError(const std::string& table, bool before, const Error& e) {
  auto [kind, name] = CulpritOf(e.message);
  std::string what =
      kind.empty() ? "a view or trigger" : fmt::format("{} {}", kind, QuoteIdent(name));
  std::string drop = kind.empty() ? "DROP VIEW/TRIGGER ..."
                                  : fmt::format("DROP {} {}", kind == "view" ? "VIEW" : "TRIGGER",
                                                QuoteIdent(name));
  if (before) {
    return MakeError(
        fmt::format(
            "{} is already broken before the rebuild of table {} ({}); fix or drop it first "
            "(h.before('{}') in up_hook, or m.sql before this operation)",
            what, QuoteIdent(table), e.message, drop),
        ExitCode::kUserError);
  }
  return MakeError(
      fmt::format(
          "after the rebuild of table {}, {} no longer works ({}): the migration removes or "
          "changes something it uses, so nothing was changed. Drop or change it before this "
          "operation (h.before('{}') in up_hook, or m.sql('{}') before it) and recreate "
          "it after with m.sql if it is still wanted",
          QuoteIdent(table), what, e.message, drop, drop),
      ExitCode::kUserError);
}

}  // namespace

void RebuildFrame::Reset() {
  active_ = false;
  strict_ = false;
  table_.clear();
  ref_.clear();
  indexes_.clear();
  views_.clear();
  triggers_.clear();
}

Status RebuildFrame::Begin(Connection& conn, const Statement& first) {
  Reset();
  if (Status s = RefuseUnknownColumns(conn, first); !s.ok()) return s;
  table_ = first.rebuild_table;
  ref_ = first.rebuild_ref;
  // Indexes with SQL (not the automatic ones of UNIQUE/PRIMARY KEY) that alab does not know.
  auto idx = NamesAndSql(
      conn,
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 COLLATE NOCASE "
      "AND sql IS NOT NULL ORDER BY rowid",
      {table_});
  if (!idx.ok()) return idx.error();
  for (auto& [name, sql] : *idx)
    if (!ContainsNoCase(first.rebuild_index_names, name)) indexes_.push_back({name, sql});
  // Every view and trigger: the DROP TABLE takes the table's triggers, and the RENAME fails on
  // any view or trigger that names the table (directly or through another view).
  auto views = NamesAndSql(
      conn, "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid", {});
  if (!views.ok()) return views.error();
  auto triggers = NamesAndSql(conn,
                              "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql "
                              "IS NOT NULL ORDER BY rowid",
                              {});
  if (!triggers.ok()) return triggers.error();
  for (auto& [name, sql] : *views) views_.push_back({name, sql});
  for (auto& [name, sql] : *triggers) triggers_.push_back({name, sql});
  if (!views_.empty() || !triggers_.empty()) {
    if (Status s = CompileCheck(conn, table_, quoted_strings_, false); !s.ok())
      return CompileError(table_, true, s.error());
    strict_ = CompileCheck(conn, table_, quoted_strings_, true).ok();
  }
  for (const auto& t : triggers_) {
    if (Status s = conn.Exec("DROP TRIGGER IF EXISTS " + QuoteIdent(t.name)); !s.ok()) return s;
  }
  for (const auto& v : views_) {
    if (Status s = conn.Exec("DROP VIEW IF EXISTS " + QuoteIdent(v.name)); !s.ok()) return s;
  }
  active_ = true;
  return Status::Ok();
}

Status RebuildFrame::End(Connection& conn) {
  if (!active_) return Status::Ok();
  auto recreate = [&](const char* kind, const Object& o) -> Status {
    if (Status s = conn.Exec(o.sql); !s.ok()) {
      return MakeError(fmt::format("recreating {} {} after the rebuild of table {}: {}", kind,
                                   QuoteIdent(o.name), QuoteIdent(table_), s.error().message),
                       ExitCode::kIo);
    }
    return Status::Ok();
  };
  for (const auto& v : views_)
    if (Status s = recreate("view", v); !s.ok()) return s;
  for (const auto& t : triggers_)
    if (Status s = recreate("trigger", t); !s.ok()) return s;
  for (const auto& i : indexes_) {
    auto exists = conn.Query(
        "SELECT 1 FROM sqlite_master WHERE name = ?1 COLLATE NOCASE AND type <> 'trigger'",
        {i.name});
    if (!exists.ok()) return exists.error();
    if (!exists->rows.empty()) continue;
    bool was = quoted_strings_(false);
    Status s = conn.Exec(i.sql);
    quoted_strings_(was);
    if (!s.ok()) {
      return MakeError(
          fmt::format(
              "the rebuild of table {} cannot keep index {} (made outside the migrations): {}; so "
              "nothing "
              "was changed. Drop it before this operation (h.before('DROP INDEX {}') in up_hook, "
              "or "
              "m.sql('DROP INDEX {}') before it) and recreate it after if it is still wanted",
              QuoteIdent(table_), QuoteIdent(i.name), s.error().message, QuoteIdent(i.name),
              QuoteIdent(i.name)),
          ExitCode::kUserError);
    }
  }
  if (!views_.empty() || !triggers_.empty()) {
    if (Status s = CompileCheck(conn, table_, quoted_strings_, strict_); !s.ok())
      return CompileError(table_, false, s.error());
  }
  Reset();
  return Status::Ok();
}

}  // namespace alab::dialect::sqlite
