// The SQLite dialect: one Render overload per operation. Operations SQLite cannot do in
// place go through the table rebuild (rebuild.cc).
#include <fmt/format.h>

#include "base/check.h"
#include "base/db_url.h"
#include "base/strings.h"
#include "dialect/sqlite/connection.h"
#include "dialect/sqlite/inspect.h"
#include "dialect/sqlite/rebuild.h"
#include "dialect/sqlite/render.h"
#include "dialect/sqlite/types.h"
#include "dialect/sqlite/urls.h"
#include "dialect/sqlite/value_codec.h"

namespace alab::dialect::sqlite {
namespace {

using Sql = std::vector<std::string>;

// The table an operation changes: ops::Resolve checked that it exists.
const schema::Table& TableIn(const schema::Schema& s, const std::string& ref) {
  const schema::Table* t = s.Find(ref);
  ALAB_CHECK(t != nullptr);
  return *t;
}

std::string DropIndexSql(const std::string& name) { return "DROP INDEX " + QuoteIdent(name); }

struct Renderer {
  const schema::Schema& before;

  Sql operator()(const ops::CreateTable& o) const {
    Sql out{CreateTableStatement(o.table, o.table.SqlName())};
    for (auto& s : IndexStatements(o.table)) out.push_back(std::move(s));
    return out;
  }
  Sql operator()(const ops::DropTable& o) const {
    return {"DROP TABLE " + QuoteIdent(o.table.SqlName())};
  }
  Sql operator()(const ops::RenameTable& o) const {
    const schema::Table& t = TableIn(before, o.from);
    std::string from = t.SqlName(), to = schema::SqlNameOfRef(o.to);
    Sql out{fmt::format("ALTER TABLE {} RENAME TO {}", QuoteIdent(from), QuoteIdent(to))};
    // Unique-column indexes are named after the table: recreate them under the new name.
    for (const auto& c : t.columns) {
      if (!c.unique) continue;
      out.push_back(DropIndexSql(UniqueColumnIndexName(from, c.name)));
      out.push_back(CreateIndexStatement(
          to, schema::Index{UniqueColumnIndexName(to, c.name), {c.name}, true, "", {}, false, {}}));
    }
    return out;
  }
  Sql operator()(const ops::AddColumn& o) const {
    const schema::Table& t = TableIn(before, o.table);
    std::string table_sql = t.SqlName();
    Sql out{fmt::format("ALTER TABLE {} ADD COLUMN {}", QuoteIdent(table_sql),
                        ColumnDefinition(table_sql, o.column))};
    if (o.column.unique)
      out.push_back(CreateIndexStatement(
          table_sql, schema::Index{UniqueColumnIndexName(table_sql, o.column.name),
                                   {o.column.name},
                                   true,
                                   "",
                                   {},
                                   false,
                                   {}}));
    return out;
  }
  Sql operator()(const ops::DropColumn& o) const {
    const schema::Table& t = TableIn(before, o.table);
    return {fmt::format("ALTER TABLE {} DROP COLUMN {}", QuoteIdent(t.SqlName()),
                        QuoteIdent(o.column.name))};
  }
  Sql operator()(const ops::RenameColumn& o) const {
    const schema::Table& t = TableIn(before, o.table);
    std::string table_sql = t.SqlName();
    Sql out{fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", QuoteIdent(table_sql),
                        QuoteIdent(o.from), QuoteIdent(o.to))};
    const schema::Column* c = t.FindColumn(o.from);
    if (c && c->unique) {
      out.push_back(DropIndexSql(UniqueColumnIndexName(table_sql, o.from)));
      out.push_back(CreateIndexStatement(
          table_sql,
          schema::Index{UniqueColumnIndexName(table_sql, o.to), {o.to}, true, "", {}, false, {}}));
    }
    return out;
  }
  // Reached only when just `unique` changes (everything else rebuilds).
  Sql operator()(const ops::AlterColumn& o) const {
    const schema::Table& t = TableIn(before, o.table);
    std::string table_sql = t.SqlName();
    std::string name = UniqueColumnIndexName(table_sql, o.to.name);
    if (o.to.unique && !o.from.unique)
      return {CreateIndexStatement(table_sql,
                                   schema::Index{name, {o.to.name}, true, "", {}, false, {}})};
    if (!o.to.unique && o.from.unique) return {DropIndexSql(name)};
    return {};
  }
  Sql operator()(const ops::CreateIndex& o) const {
    return {CreateIndexStatement(TableIn(before, o.table).SqlName(), o.index)};
  }
  Sql operator()(const ops::DropIndex& o) const { return {DropIndexSql(o.index.name)}; }
  // Constraints are rebuilt: NeedsRebuild answers yes for these, so Render never visits them.
  Sql operator()(const ops::AddForeignKey&) const {
    ALAB_UNREACHABLE("SQLite adds a foreign key by rebuilding the table");
  }
  Sql operator()(const ops::DropForeignKey&) const {
    ALAB_UNREACHABLE("SQLite drops a foreign key by rebuilding the table");
  }
  Sql operator()(const ops::AddCheck&) const {
    ALAB_UNREACHABLE("SQLite adds a check by rebuilding the table");
  }
  Sql operator()(const ops::DropCheck&) const {
    ALAB_UNREACHABLE("SQLite drops a check by rebuilding the table");
  }
  Sql operator()(const ops::RawSql& o) const {
    auto it = o.up.find(kName);
    if (it == o.up.end() || Trim(it->second).empty()) return {};
    return {it->second};
  }
};

class SqliteDialect : public Dialect {
 public:
  std::string name() const override { return kName; }
  std::string sql_key() const override { return kName; }

  // ---- reading a live database (inspect.cc)
  Expected<RawSchema> ReadCatalog(Connection& conn) const override {
    return ReadSqliteCatalog(conn);
  }
  void MapColumnType(const RawColumn& raw, schema::Column& col) const override {
    MapSqliteType(raw, col);
  }
  schema::Value SqlDefault(const std::string& expr, const schema::Column& col) const override {
    return SqliteSqlDefault(expr, col);
  }
  bool IsTypeCheck(const std::string& expr, const schema::Table& t) const override {
    return IsSqliteTypeCheck(expr, t);
  }
  bool SameStoredType(const schema::Column& e, const schema::Column& a) const override {
    return SameSqliteStoredType(e, a);
  }
  std::string CanonicalDefaultExpr(const std::string& n) const override {
    return SqliteCanonicalDefault(n);
  }
  void GuessPulledTypes(schema::Schema& s) const override { GuessSqliteUuids(s); }
  const ValueCodec& value_codec() const override { return SqliteValueCodec(); }
  ScriptSyntax script_syntax() const override { return SqliteScriptSyntax(); }
  Capabilities capabilities() const override {
    Capabilities c;
    c.add_foreign_key_in_place = false;
    c.migration_lock = false;
    c.typeless_columns = true;
    return c;
  }
  ForeignKeyFrame ForeignKeysOffFrame() const override {
    return {"PRAGMA foreign_keys=OFF", "PRAGMA foreign_key_check", "PRAGMA foreign_keys=ON"};
  }
  // A rebuild writes every column of the table again, so each of them must render here (a
  // table read from a database or another dialect's files may hold another dialect's sql()).
  // The base check comes first: NeedsRebuild renders an altered column's both sides.
  Status CheckRenderable(const ops::Op& op, const schema::Schema& before) const override {
    if (Status st = Dialect::CheckRenderable(op, before); !st.ok()) return st;
    if (!NeedsRebuild(op, before)) return Status::Ok();
    if (const schema::Table* t = before.Find(TableOf(op)))
      for (const auto& c : t->columns)
        if (Status st = CheckSqlTexts(c); !st.ok()) return st;
    return Status::Ok();
  }
  Expected<std::vector<Statement>> RenderChecked(const ops::Op& op,
                                                 const schema::Schema& before) const override {
    std::vector<Statement> out;
    if (NeedsRebuild(op, before)) {
      auto rebuilt = RenderRebuild(op, before);
      if (!rebuilt) return rebuilt.error();
      out = std::move(*rebuilt);
    } else {
      for (auto& sql : std::visit(Renderer{before}, op))
        out.push_back(MakeStatement(std::move(sql)));
    }
    std::string why = ops::Describe(op);
    for (auto& s : out) {
      s.why = why;
      s.loc = ops::LocOf(op);
    }
    return out;
  }
  std::string FoldKeyChecked(const ops::Op& op, const schema::Schema& before) const override {
    if (render_version() < 2 || !NeedsRebuild(op, before)) return "";
    return FoldableRebuildTable(op, before);
  }
  Expected<std::vector<Statement>> RenderFoldedChecked(
      const std::vector<ops::Op>& run, const schema::Schema& before) const override {
    auto folded = RenderFoldedRebuild(run, before);
    if (!folded) return folded.error();
    std::vector<Statement> out = std::move(*folded);
    std::vector<std::string> why;
    for (const auto& op : run) why.push_back(ops::Describe(op));
    for (auto& s : out) {
      s.why = Join(why, "; ");
      s.loc = ops::LocOf(run.front());
    }
    return out;
  }
  std::vector<std::string> CreateTableChecked(const schema::Table& table) const override {
    return Renderer{schema::Schema{}}(ops::CreateTable{table, {}});
  }
  std::string QuoteIdent(const std::string& ident) const override {
    return sqlite::QuoteIdent(ident);
  }
  std::string QuoteString(const std::string& s) const override { return sqlite::QuoteString(s); }
  std::string ColumnType(const schema::Column& c) const override { return SqlType(c); }
  std::string UnfitRowsQuery(const std::string& table_sql, const std::vector<std::string>& key,
                             const schema::Column& from, const schema::Column& to) const override {
    std::string v = sqlite::QuoteIdent(from.name);
    std::string where = UnfitCondition(v, from, to);
    if (where.empty()) return "";
    static const dialect::SampleSpelling kSpelling{"CAST({0} AS TEXT)", "quote({0})",
                                                   "substr({0}, 1, 40)", "length({0})", "rowid"};
    return dialect::UnfitRowsSelect(table_sql, key, v, where, kSpelling);
  }

  // ---- connecting and urls (urls.cc)
  Expected<std::unique_ptr<Connection>> Connect(const std::string& url) const override {
    RememberPasswordsOf(url);
    return OpenSqlite(*this, url);
  }
  bool RecognizesUrl(const std::string& url) const override { return IsSqliteUrl(url); }
  std::string UrlForms() const override { return kSqliteUrlForms; }
  std::string ResolveUrl(const std::string& url,
                         const std::filesystem::path& project_root) const override {
    return url.empty() ? url : ResolveSqliteUrl(url, project_root);
  }
  bool DatabaseMissing(const std::string& url) const override { return SqliteFileMissing(url); }
  Status RequireExistingDatabase(const std::string& url) const override {
    return RequireSqliteFile(url);
  }
  Status SetLockWait(Connection& conn, std::chrono::milliseconds timeout) const override {
    return conn.Exec(fmt::format("PRAGMA busy_timeout={}", timeout.count()));
  }
};

}  // namespace

std::unique_ptr<Dialect> MakeSqliteDialect() { return std::make_unique<SqliteDialect>(); }

}  // namespace alab::dialect::sqlite
