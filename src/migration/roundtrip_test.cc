// Round-trip property: for seeded random schema pairs A, B, the migration generated from
// A's history to B replays to B, and its down() returns to A.
#include <gtest/gtest.h>

#include <random>

#include <fmt/format.h>

#include "migration/generate.h"
#include "migration/load.h"
#include "migration/replay.h"

namespace alab::migration {
namespace {

using schema::Column;
using schema::Table;
using schema::Type;

class SchemaGen {
 public:
  explicit SchemaGen(uint32_t seed) : rng_(seed) {}

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Pick(100) < percent; }

  Column RandomColumn(const std::string& name) {
    static const Type kTypes[] = {Type::kString,   Type::kText,    Type::kInteger, Type::kFloat,
                                  Type::kDecimal,  Type::kBoolean, Type::kDate,    Type::kTime,
                                  Type::kDatetime, Type::kUuid,    Type::kJson,    Type::kBase64,
                                  Type::kEnum};
    Column c;
    c.name = name;
    c.type = kTypes[Pick(13)];
    if (c.type == Type::kString) c.length = std::vector<int>{20, 50, 255}[Pick(3)];
    if (c.type == Type::kDecimal) {
      c.precision = std::vector<int>{8, 10, 19}[Pick(3)];
      c.scale = Pick(3);
    }
    if (c.type == Type::kEnum) {
      std::vector<std::string> all{"a", "b", "c", "d"};
      int n = 1 + Pick(4);
      c.enum_values.assign(all.begin(), all.begin() + n);
    }
    c.nullable = Chance(40);
    c.unique = Chance(10) && c.type != Type::kJson && c.type != Type::kText;
    if (Chance(25)) {
      switch (c.type) {
        case Type::kString:
        case Type::kText:
          c.default_value = schema::Value::String("v" + std::to_string(Pick(3)));
          break;
        case Type::kInteger:
        case Type::kFloat:
        case Type::kDecimal:
          c.default_value = schema::Value::Number(std::to_string(Pick(5)));
          break;
        case Type::kBoolean:
          c.default_value = schema::Value::Bool(Chance(50));
          break;
        case Type::kEnum:
          c.default_value = schema::Value::String(c.enum_values[Pick(c.enum_values.size())]);
          break;
        default:
          break;
      }
    }
    if (Chance(8) && (c.type == Type::kInteger || c.type == Type::kFloat)) c.check = name + " >= 0";
    return c;
  }

  Table RandomTable(const std::string& ns, const std::string& name) {
    Table t;
    t.ns = ns;
    t.name = name;
    Column id;
    id.name = "id";
    id.type = Type::kUuid;
    id.primary_key = true;
    t.columns.push_back(id);
    int n = Pick(6);
    for (int i = 0; i < n; ++i) {
      std::string cn = "c" + std::to_string(Pick(8));
      if (!t.FindColumn(cn)) t.columns.push_back(RandomColumn(cn));
    }
    if (Chance(20)) {
      Column ts;
      ts.type = Type::kDatetime;
      ts.name = "created_at";
      t.columns.push_back(ts);
      ts.name = "updated_at";
      t.columns.push_back(ts);
    }
    schema::Canonicalize(t);
    AddRandomIndex(t);
    if (Chance(15)) t.checks.push_back({"chk_" + name + "_ok", "1 = 1", {}});
    return t;
  }

  void AddRandomIndex(Table& t) {
    std::vector<std::string> names;
    for (const auto& c : t.columns)
      if (!c.primary_key && c.type != Type::kJson && c.type != Type::kText) names.push_back(c.name);
    if (names.empty() || !Chance(40)) return;
    std::vector<std::string> cols{names[Pick(names.size())]};
    if (names.size() > 1 && Chance(40) && names[0] != cols[0]) cols.push_back(names[0]);
    schema::Index idx;
    idx.columns = cols;
    idx.unique = Chance(30);
    idx.name = schema::IndexName(t.SqlName(), cols, idx.unique);
    for (const auto& existing : t.indexes)
      if (existing.name == idx.name) return;
    t.indexes.push_back(idx);
  }

  void AddRandomForeignKey(schema::Schema& s, Table& t) {
    if (s.tables.empty()) return;
    const Table& target = s.tables[Pick(s.tables.size())];
    std::string col = SqlName(target) + "_id";
    if (t.FindColumn(col)) return;
    Column c;
    c.name = col;
    c.type = Type::kUuid;
    c.nullable = Chance(50) || target.Ref() == t.Ref();
    t.columns.push_back(c);
    schema::ForeignKey fk;
    fk.columns = {col};
    fk.ref_table = target.Ref();
    fk.ref_columns = {"id"};
    fk.on_delete = static_cast<schema::FkAction>(Pick(c.nullable ? 4 : 3));
    fk.name = schema::ForeignKeyName(t.SqlName(), fk.columns);
    t.foreign_keys.push_back(fk);
  }

  static std::string SqlName(const Table& t) { return t.ns + "_" + t.name; }

  schema::Schema RandomSchema() {
    schema::Schema s;
    int n = Pick(5);
    for (int i = 0; i < n; ++i) AddTable(s);
    schema::Canonicalize(s);
    return s;
  }

  void AddTable(schema::Schema& s) {
    std::string ns = Chance(50) ? "a" : "b";
    std::string name = "t" + std::to_string(Pick(6));
    for (const auto& t : s.tables)
      if (t.ns == ns && t.name == name) return;
    Table t = RandomTable(ns, name);
    if (Chance(40)) AddRandomForeignKey(s, t);
    schema::Canonicalize(t);
    s.tables.push_back(t);
  }

  // A random edit of `a`.
  schema::Schema Mutate(const schema::Schema& a) {
    schema::Schema b = a;
    int edits = 1 + Pick(4);
    for (int e = 0; e < edits; ++e) {
      int kind = Pick(10);
      if (kind == 0) {
        AddTable(b);
      } else if (kind == 1 && !b.tables.empty()) {
        DropTable(b, Pick(b.tables.size()));
      } else if (!b.tables.empty()) {
        Table& t = b.tables[Pick(b.tables.size())];
        MutateTable(b, t, kind);
      }
      schema::Canonicalize(b);
    }
    return b;
  }

  void DropTable(schema::Schema& s, size_t i) {
    std::string ref = s.tables[i].Ref();
    s.tables.erase(s.tables.begin() + i);
    for (auto& t : s.tables) {  // references to the dropped table go too (with their column)
      for (size_t k = t.foreign_keys.size(); k-- > 0;) {
        if (t.foreign_keys[k].ref_table != ref) continue;
        std::string col = t.foreign_keys[k].columns[0];
        t.foreign_keys.erase(t.foreign_keys.begin() + k);
        RemoveColumn(t, col);
      }
    }
  }

  static void RemoveColumn(Table& t, std::string col) {  // by value: may name an element it erases
    std::erase_if(t.columns, [&](const Column& c) { return c.name == col; });
    std::erase_if(t.indexes, [&](const schema::Index& i) {
      return std::find(i.columns.begin(), i.columns.end(), col) != i.columns.end();
    });
    std::erase_if(t.foreign_keys, [&](const schema::ForeignKey& f) { return f.columns[0] == col; });
  }

  void MutateTable(schema::Schema& s, Table& t, int kind) {
    std::vector<Column*> plain;
    for (auto& c : t.columns)
      if (!c.primary_key && c.name.size() == 2 && c.name[0] == 'c') plain.push_back(&c);
    switch (kind) {
      case 2: {  // add a column
        std::string cn = "c" + std::to_string(Pick(8));
        if (!t.FindColumn(cn)) t.columns.push_back(RandomColumn(cn));
        break;
      }
      case 3:  // drop a column
        if (!plain.empty()) RemoveColumn(t, plain[Pick(plain.size())]->name);
        break;
      case 4: {  // change a column (type and/or modifiers); indexes on it go if it cannot be
                 // indexed
        if (plain.empty()) break;
        Column* c = plain[Pick(plain.size())];
        Column n = RandomColumn(c->name);
        if (Chance(50)) {
          n.type = c->type;
          n.length = c->length;
          n.precision = c->precision;
          n.scale = c->scale;
          n.enum_values = c->enum_values;
          if (c->default_value && n.type == c->type) n.default_value = c->default_value;
        }
        std::string name = c->name;
        *c = n;
        if (n.type == Type::kJson || n.type == Type::kText)
          std::erase_if(t.indexes, [&](const schema::Index& i) {
            return std::find(i.columns.begin(), i.columns.end(), name) != i.columns.end();
          });
        break;
      }
      case 5:  // toggle nullability
        if (!plain.empty()) plain[Pick(plain.size())]->nullable ^= true;
        break;
      case 6:
        AddRandomIndex(t);
        break;
      case 7:
        if (!t.indexes.empty()) t.indexes.erase(t.indexes.begin() + Pick(t.indexes.size()));
        break;
      case 8:
        if (Chance(50))
          AddRandomForeignKey(s, t);
        else if (!t.foreign_keys.empty())
          RemoveColumn(t, t.foreign_keys[Pick(t.foreign_keys.size())].columns[0]);
        break;
      default:
        if (t.checks.empty())
          t.checks.push_back({"chk_" + t.name + "_ok", "1 = 1", {}});
        else
          t.checks.clear();
        break;
    }
    schema::Canonicalize(t);
  }

 private:
  std::mt19937 rng_;
};

Migration LoadText(const std::string& file, const std::string& text) {
  diag::DiagnosticSink diags;
  Migration m = LoadMigrationText(file, text, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.Render() << "\n" << text;
  return m;
}

void CheckPair(uint32_t seed) {
  SchemaGen gen(seed);
  schema::Schema a = gen.RandomSchema();
  schema::Schema b = gen.Mutate(a);
  bool accept_renames = gen.Chance(50);
  std::string context = fmt::format("seed {}\nA = {}\nB = {}", seed, schema::ToJson(a).dump(),
                                    schema::ToJson(b).dump());

  GenerateRequest init;
  init.name = "init";
  auto first = GenerateMigration({}, schema::Schema{}, a, init);
  ASSERT_TRUE(first.ok()) << first.error().message << "\n" << context;
  std::vector<Migration> history;
  if (!first->no_changes)
    history.push_back(LoadText("migrations/" + first->file_name, first->content));
  std::vector<const Migration*> order;
  for (const auto& m : history) order.push_back(&m);
  auto state_a = Replay(order);
  ASSERT_TRUE(state_a.ok()) << state_a.error().message << "\n" << context;
  ASSERT_TRUE(schema::SameDatabaseShape(state_a->schema, a)) << context;

  GenerateRequest change;
  change.name = "change";
  change.diff.decide = [accept_renames](const diff::RenameCandidate&) { return accept_renames; };
  auto second = GenerateMigration(history, state_a->schema, b, change);
  ASSERT_TRUE(second.ok()) << second.error().message << "\n" << context;
  if (second->no_changes) {
    ASSERT_TRUE(schema::SameDatabaseShape(a, b)) << "no changes reported for different schemas\n"
                                                 << context;
    return;
  }
  history.push_back(LoadText("migrations/" + second->file_name, second->content));
  order.clear();
  for (const auto& m : history) order.push_back(&m);
  auto state_b = Replay(order);
  ASSERT_TRUE(state_b.ok()) << state_b.error().message << "\n" << context;
  EXPECT_TRUE(schema::SameDatabaseShape(state_b->schema, b))
      << "up() did not reach B\n"
      << context << "\ngot " << schema::ToJson(state_b->schema).dump();
  schema::Schema back = state_b->schema;
  Status down = ApplyMigrationOps(history.back(), history.back().down, back);
  ASSERT_TRUE(down.ok()) << down.error().message << "\n" << context;
  schema::Canonicalize(back);
  EXPECT_TRUE(schema::SameDatabaseShape(back, a))
      << "down() did not return to A\n"
      << context << "\ngot " << schema::ToJson(back).dump();
}

TEST(RoundTrip, RandomSchemaPairs) {
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(seed);
    CheckPair(seed);
    if (::testing::Test::HasFailure()) break;  // the first failing seed is enough to debug
  }
}

}  // namespace
}  // namespace alab::migration
