// `alab dump --format json` (data/dump.h): rows in the wire format, read in keyset pages.
#include <fmt/format.h>

#include "base/strings.h"
#include "data/dump.h"
#include "data/table_order.h"
#include "data/wire_json.h"
#include "dialect/dialect.h"
#include "dialect/inspect.h"

namespace alab::data {
namespace {

struct SnapshotGuard {
  dialect::Connection& conn;
  ~SnapshotGuard() { (void)conn.Rollback(); }
};

const schema::Table* FindTable(const schema::Schema& s, const std::string& sql_name) {
  for (const auto& t : s.tables)
    if (t.SqlName() == sql_name) return &t;
  return nullptr;
}

const schema::Column* FindColumn(const schema::Table& t, const std::string& name) {
  for (const auto& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

class JsonTableWriter {
 public:
  JsonTableWriter(dialect::Connection& conn, const dialect::Dialect& d,
                  const dialect::ValueCodec& codec, const DumpOptions& options,
                  const std::function<Status(const std::string&)>& write)
      : conn_(conn), d_(d), codec_(codec), options_(options), write_(write) {}

  // Writes `"name": [rows]` of the database table `db`, typed by `typed` (the project's table,
  // or nullptr). Columns: the project's in its order, then any the project does not know.
  Expected<size_t> Write(const schema::Table& db, const schema::Table* typed, bool first,
                         std::vector<std::string>& warnings) {
    std::vector<schema::Column> cols;
    if (typed != nullptr) {
      for (const auto& c : typed->columns) {
        if (FindColumn(db, c.name) == nullptr)
          return MakeError(
              fmt::format("table {}: column \"{}\" is in the migrations' schema but not in the "
                          "database; apply the migrations (alab migrate) and dump again",
                          db.SqlName(), c.name),
              ExitCode::kUserError);
        cols.push_back(c);
      }
      std::vector<std::string> extra;
      for (const auto& c : db.columns)
        if (FindColumn(*typed, c.name) == nullptr) {
          cols.push_back(c);
          extra.push_back(c.name);
        }
      if (!extra.empty())
        warnings.push_back(
            fmt::format("table {}: column{} {} {} not in the migrations' schema; typed as the "
                        "database declares {}",
                        db.SqlName(), extra.size() == 1 ? "" : "s", Join(extra, ", "),
                        extra.size() == 1 ? "is" : "are", extra.size() == 1 ? "it" : "them"));
    } else {
      cols = db.columns;
    }
    std::vector<std::string> select, order;
    for (const auto& c : cols)
      for (auto& e : codec_.SelectExprs(d_.QuoteIdent(c.name))) select.push_back(std::move(e));
    std::vector<size_t> pk;
    for (const auto& name : db.PrimaryKey())
      for (size_t i = 0; i < cols.size(); ++i)
        if (cols[i].name == name) pk.push_back(i);
    for (size_t i : pk) order.push_back(d_.QuoteIdent(cols[i].name));
    if (order.empty())
      for (const auto& c : cols) order.push_back(codec_.OrderExpr(d_.QuoteIdent(c.name)));
    const std::string table_q = d_.QuoteIdent(db.SqlName());
    size_t total = 0;
    if (options_.progress) {
      auto n = conn_.Query("SELECT COUNT(*) FROM " + table_q);
      if (!n) return n.error().WithContext("counting the rows of " + db.SqlName());
      if (!n->rows.empty() && n->rows[0][0]) total = std::stoull(*n->rows[0][0]);
    }
    std::string head = first ? "\n  " : ",\n  ";
    Status st = AppendJsonString(db.SqlName(), head);
    if (!st.ok()) return st.error().WithContext("table name");
    if (Status s = write_(head + ": ["); !s.ok()) return s.error();

    const size_t per = static_cast<size_t>(codec_.FieldsPerColumn());
    const bool paged = pk.size() == 1;  // keyset pages on a one-column key, else one query
    const size_t page = options_.page_rows == 0 ? 5000 : options_.page_rows;
    std::string after;  // the last key's SQL literal
    size_t done = 0;
    std::string text;
    for (;;) {
      std::string sql = fmt::format("SELECT {} FROM {}", Join(select, ", "), table_q);
      if (paged && !after.empty()) sql += fmt::format(" WHERE {} > {}", order[0], after);
      sql += " ORDER BY " + Join(order, ", ");
      if (paged) sql += fmt::format(" LIMIT {}", page);
      auto result = conn_.Query(sql);
      if (!result) return result.error().WithContext("reading " + db.SqlName());
      text.clear();
      for (const auto& row : result->rows) {
        text += done == 0 ? "\n    {" : ",\n    {";
        for (size_t c = 0; c < cols.size(); ++c) {
          if (c > 0) text += ", ";
          (void)AppendJsonString(cols[c].name, text);
          text += ": ";
          Status s = ValueInto(cols[c], &row[c * per], text);
          if (!s.ok()) return RowError(db, cols, pk, row, c, s.error());
        }
        text += '}';
        ++done;
      }
      if (Status s = write_(text); !s.ok()) return s.error();
      if (options_.progress) options_.progress(db.SqlName(), done, std::max(total, done));
      if (!paged || result->rows.size() < page) break;
      auto lit = codec_.Literal(cols[pk[0]], &result->rows.back()[pk[0] * per]);
      if (!lit) return lit.error().WithContext("reading " + db.SqlName());
      after = std::move(*lit);
    }
    if (Status s = write_(done == 0 ? "]" : "\n  ]"); !s.ok()) return s.error();
    return done;
  }

 private:
  Status ValueInto(const schema::Column& c, const std::optional<std::string>* fields,
                   std::string& out) const {
    auto stored = codec_.Stored(c, fields);
    if (!stored) return stored.error();
    return AppendWireValue(c, *stored, out);
  }

  // "table shop_item, column qty, row id=3: 'abc' (text) is not an integer; ..."
  Error RowError(const schema::Table& db, const std::vector<schema::Column>& cols,
                 const std::vector<size_t>& pk, const dialect::Row& row, size_t col,
                 const Error& why) const {
    const size_t per = static_cast<size_t>(codec_.FieldsPerColumn());
    std::vector<std::string> key;
    for (size_t i : pk) {
      auto v = codec_.Stored(cols[i], &row[i * per]);
      key.push_back(cols[i].name + "=" + (v ? DescribeStored(*v) : std::string("?")));
    }
    std::string where =
        key.empty() ? "a row (the table has no primary key)" : "the row with " + Join(key, ", ");
    return MakeError(
        fmt::format("table {}, column {} ({}), {}: {}; the wire format has no form for it: correct "
                    "the value (or the column's type) and dump again; nothing was written",
                    db.SqlName(), cols[col].name, schema::TypeName(cols[col].type), where,
                    why.message),
        ExitCode::kUserError);
  }

  dialect::Connection& conn_;
  const dialect::Dialect& d_;
  const dialect::ValueCodec& codec_;
  const DumpOptions& options_;
  const std::function<Status(const std::string&)>& write_;
};

}  // namespace

Expected<DumpStats> DumpJson(dialect::Connection& conn, const DumpOptions& options,
                             const schema::Schema& types,
                             const std::function<Status(const std::string&)>& write) {
  const dialect::Dialect& d = conn.dialect();
  const dialect::ValueCodec* codec = &d.value_codec();
  for (const auto& s : codec->SessionSetup())
    if (Status st = conn.Exec(s); !st.ok()) return st.error().WithContext(s);
  if (Status s = conn.BeginSnapshot(); !s.ok())
    return s.error().WithContext("reading the database");
  SnapshotGuard guard{conn};
  dialect::InspectOptions io;
  io.ignore_tables = options.ignore_tables;
  std::vector<std::string> inspect_warnings;
  io.warnings = &inspect_warnings;
  auto db = dialect::Inspect(conn, io);
  if (!db) return db.error().WithContext("reading the database's tables");
  auto selected = SelectDumpTables(*db, options);
  if (!selected) return selected.error();
  TableOrder order = OrderTables(*selected);
  DumpStats stats;
  std::vector<std::string> untyped;
  if (Status s = write("{"); !s.ok()) return s.error();
  JsonTableWriter writer(conn, d, *codec, options, write);
  for (const auto* t : order.tables) {
    const schema::Table* typed = FindTable(types, t->SqlName());
    if (typed == nullptr && !types.tables.empty()) untyped.push_back(t->SqlName());
    auto n = writer.Write(*t, typed, stats.tables == 0, stats.warnings);
    if (!n) return n.error();
    stats.rows += *n;
    ++stats.tables;
  }
  if (Status s = write(stats.tables == 0 ? "}\n" : "\n}\n"); !s.ok()) return s.error();
  if (!untyped.empty())
    stats.warnings.push_back(
        fmt::format("table{} {} {} not in the migrations' schema; typed as the database "
                    "declares {}",
                    untyped.size() == 1 ? "" : "s", Join(untyped, ", "),
                    untyped.size() == 1 ? "is" : "are", untyped.size() == 1 ? "it" : "them"));
  return stats;
}

}  // namespace alab::data
