#include "data/dump.h"

#include <memory>

#include <fmt/format.h>

#include "base/strings.h"
#include "data/table_order.h"
#include "dialect/dialect.h"
#include "dialect/inspect.h"

namespace alab::data {
namespace {

// Ends the read snapshot however Dump returns.
struct SnapshotGuard {
  dialect::Connection& conn;
  ~SnapshotGuard() { (void)conn.Rollback(); }
};

class TableWriter {
 public:
  TableWriter(dialect::Connection& conn, const dialect::Dialect& d,
              const dialect::ValueCodec& codec, const DumpOptions& options,
              const std::function<Status(const std::string&)>& write)
      : conn_(conn), d_(d), codec_(codec), options_(options), write_(write) {}

  Expected<size_t> Write(const schema::Table& t) {
    std::vector<const schema::Column*> cols;
    for (const auto& c : t.columns)
      if (!c.computed) cols.push_back(&c);  // generated columns are computed again on insert
    std::vector<std::string> select, names, order;
    for (const auto* c : cols) {
      std::string q = d_.QuoteIdent(c->name);
      for (auto& e : codec_.SelectExprs(q)) select.push_back(std::move(e));
      names.push_back(q);
    }
    for (const auto& pk : t.PrimaryKey()) order.push_back(d_.QuoteIdent(pk));
    if (order.empty())
      for (const auto* c : cols) order.push_back(codec_.OrderExpr(d_.QuoteIdent(c->name)));
    std::string table_q = d_.QuoteIdent(t.SqlName());
    auto result = conn_.Query(fmt::format("SELECT {} FROM {} ORDER BY {}", Join(select, ", "),
                                          table_q, Join(order, ", ")));
    if (!result) return result.error().WithContext("reading " + t.SqlName());
    size_t per = static_cast<size_t>(codec_.FieldsPerColumn());
    std::vector<std::vector<std::string>> lits(result->rows.size());
    for (size_t r = 0; r < result->rows.size(); ++r) {
      const auto& row = result->rows[r];
      lits[r].reserve(cols.size());
      for (size_t c = 0; c < cols.size(); ++c) {
        auto lit = codec_.Literal(*cols[c], &row[c * per]);
        if (!lit)
          return lit.error().WithContext(fmt::format("reading {}.{}", t.SqlName(), cols[c]->name));
        lits[r].push_back(std::move(*lit));
      }
    }
    result->rows.clear();
    std::vector<size_t> rows = RowOrder(t, cols, lits);
    Status st = write_(
        fmt::format("\n-- {}: {} row{}\n", t.SqlName(), rows.size(), rows.size() == 1 ? "" : "s"));
    if (!st.ok()) return st.error();
    std::string head = fmt::format("INSERT INTO {} ({}) VALUES\n", table_q, Join(names, ", "));
    size_t batch = options_.batch_rows == 0 ? 500 : options_.batch_rows;
    for (size_t b = 0; b < rows.size(); b += batch) {
      std::string text = head;
      size_t end = std::min(rows.size(), b + batch);
      for (size_t i = b; i < end; ++i) {
        text += "  (" + Join(lits[rows[i]], ", ") + ")";
        text += i + 1 < end ? ",\n" : ";\n";
      }
      if (Status s = write_(text); !s.ok()) return s.error();
      if (options_.progress) options_.progress(t.SqlName(), end, rows.size());
    }
    return rows.size();
  }

 private:
  // Primary-key order, except that a row referenced through a self-referencing foreign key
  // comes before the rows pointing at it (PostgreSQL checks each row as it is inserted).
  static std::vector<size_t> RowOrder(const schema::Table& t,
                                      const std::vector<const schema::Column*>& cols,
                                      const std::vector<std::vector<std::string>>& lits) {
    auto index_of = [&](const std::string& name) -> int {
      for (size_t i = 0; i < cols.size(); ++i)
        if (cols[i]->name == name) return static_cast<int>(i);
      return -1;
    };
    std::vector<size_t> order(lits.size());
    for (size_t r = 0; r < order.size(); ++r) order[r] = r;
    std::vector<const schema::ForeignKey*> self;
    for (const auto& fk : t.foreign_keys)
      if (schema::SqlNameOfRef(fk.ref_table) == t.SqlName() &&
          fk.columns.size() == fk.ref_columns.size())
        self.push_back(&fk);
    if (self.empty()) return order;
    std::vector<std::vector<std::string>> keys(lits.size()), parents(lits.size());
    for (size_t r = 0; r < lits.size(); ++r) {
      for (const auto* fk : self) {
        std::string key = Join(fk->ref_columns, ",") + "\x1f", parent = key;
        bool null_parent = false, ok = true;
        for (size_t i = 0; i < fk->columns.size(); ++i) {
          int own = index_of(fk->columns[i]), ref = index_of(fk->ref_columns[i]);
          if (own < 0 || ref < 0) {
            ok = false;
            break;
          }
          key += lits[r][ref] + "\x1f";
          parent += lits[r][own] + "\x1f";
          null_parent = null_parent || lits[r][own] == "NULL";
        }
        if (!ok) continue;
        keys[r].push_back(key);
        parents[r].push_back(null_parent ? "" : parent);
      }
    }
    return ParentsFirst(keys, parents);
  }

  dialect::Connection& conn_;
  const dialect::Dialect& d_;
  const dialect::ValueCodec& codec_;
  const DumpOptions& options_;
  const std::function<Status(const std::string&)>& write_;
};

}  // namespace

Expected<std::vector<const schema::Table*>> SelectDumpTables(const schema::Schema& db,
                                                             const DumpOptions& options) {
  std::vector<const schema::Table*> out;
  if (options.tables.empty()) {
    for (const auto& t : db.tables) out.push_back(&t);
    return out;
  }
  std::vector<std::string> names;
  for (const auto& t : db.tables) names.push_back(t.SqlName());
  for (const auto& wanted : options.tables) {
    std::string sql_name =
        wanted.find('.') != std::string::npos ? schema::SqlNameOfRef(wanted) : wanted;
    const schema::Table* found = nullptr;
    for (const auto& t : db.tables)
      if (t.SqlName() == sql_name) found = &t;
    if (found == nullptr) {
      std::string close = ClosestMatch(sql_name, names);
      return MakeError(
          fmt::format("unknown table '{}'{}", wanted,
                      close.empty() ? " (alab dump lists the database's tables by their SQL name)"
                                    : fmt::format("; did you mean '{}'?", close)),
          ExitCode::kUserError);
    }
    bool seen = false;
    for (const auto* t : out) seen = seen || t == found;
    if (!seen) out.push_back(found);
  }
  return out;
}

Expected<DumpStats> Dump(dialect::Connection& conn, const DumpOptions& options,
                         const std::function<Status(const std::string&)>& write) {
  const dialect::Dialect& d = conn.dialect();
  const dialect::ValueCodec* codec = &d.value_codec();
  for (const auto& s : codec->SessionSetup())
    if (Status st = conn.Exec(s); !st.ok()) return st.error().WithContext(s);
  if (Status s = conn.BeginSnapshot(); !s.ok())
    return s.error().WithContext("reading the database");
  SnapshotGuard guard{conn};
  DumpStats stats;
  std::vector<std::string> inspect_warnings;
  dialect::InspectOptions io;
  io.ignore_tables = options.ignore_tables;
  io.warnings = &inspect_warnings;
  auto db = dialect::Inspect(conn, io);
  if (!db) return db.error().WithContext("reading the database's tables");
  auto selected = SelectDumpTables(*db, options);
  if (!selected) return selected.error();
  TableOrder order = OrderTables(*selected);
  bool fk_in_place = d.capabilities().add_foreign_key_in_place;

  std::string head =
      fmt::format("-- alab dump ({}): {} table{}{}\n-- load with: alab seed <this file>\n",
                  d.name(), order.tables.size(), order.tables.size() == 1 ? "" : "s",
                  options.data_only ? ", data only" : "");
  head += codec->DeferForeignKeys() + ";\n";
  if (Status s = write(head); !s.ok()) return s.error();
  if (!options.data_only) {
    for (const auto& w : inspect_warnings) stats.warnings.push_back(w);
    std::string ddl = "\n";
    for (const auto& stmt : d.TypeDefinitions(order.tables)) ddl += stmt + ";\n";
    for (const auto* t : order.tables) {
      schema::Table copy = *t;
      // A dialect that adds foreign keys in place gets the cycle breakers after the data;
      // SQLite accepts a reference to a table created later.
      if (fk_in_place)
        std::erase_if(copy.foreign_keys, [&](const schema::ForeignKey& fk) {
          return order.broken.count(t->SqlName() + "/" + fk.name) > 0;
        });
      auto created = d.CreateTableSql(copy);
      if (!created)
        return MakeError(t->Ref() + ": " + created.error().message, created.error().code);
      for (const auto& s : *created) ddl += s + ";\n";
    }
    if (Status s = write(ddl); !s.ok()) return s.error();
  } else if (!order.cyclic.empty() && !codec->DefersAllForeignKeys()) {
    stats.warnings.push_back(
        fmt::format("tables {} reference each other; loading this data-only dump needs their "
                    "foreign keys DEFERRABLE "
                    "(rows are written parents first only within one table)",
                    Join(order.cyclic, ", ")));
  }
  TableWriter writer(conn, d, *codec, options, write);
  for (const auto* t : order.tables) {
    auto n = writer.Write(*t);
    if (!n) return n.error();
    stats.rows += *n;
    ++stats.tables;
  }
  if (!options.data_only && fk_in_place && !order.broken.empty()) {
    std::string tail = "\n";
    for (const auto* t : order.tables)
      for (const auto& fk : t->foreign_keys) {
        if (!order.broken.count(t->SqlName() + "/" + fk.name)) continue;
        auto added = d.Render(ops::AddForeignKey{t->Ref(), fk, {}}, *db);
        if (!added) return MakeError(t->Ref() + ": " + added.error().message, added.error().code);
        for (const auto& st : *added) tail += st.sql + ";\n";
      }
    if (Status s = write(tail); !s.ok()) return s.error();
  }
  return stats;
}

}  // namespace alab::data
