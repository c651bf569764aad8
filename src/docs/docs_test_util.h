#pragma once
// Schemas for the docs tests: the demo project (`alab init --demo`, evaluated from its schema
// files) and seeded synthetic schemas with an FK web, self-references and junction tables.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <cstdint>

#include "cli/templates.h"
#include "schema/ir.h"
#include "schema/project.h"
#include "test_support.h"

namespace alab::docs::testschemas {

inline schema::Schema Demo() {
  testing::TempDir dir;
  for (const auto& f : cli::templates::DemoSchemaFiles()) dir.Write(f.path, f.content);
  auto loaded = schema::LoadSchemas(dir.path(), dir.path() / "schemas");
  EXPECT_TRUE(loaded.ok()) << loaded.diags.Render(false);
  return loaded.schema;
}

inline schema::Column Col(const std::string& name, schema::Type type, bool nullable = false) {
  schema::Column c;
  c.name = name;
  c.type = type;
  c.nullable = nullable;
  if (type == schema::Type::kString) c.length = 120;
  return c;
}

// n tables in three namespaces; table i references up to three earlier tables, some reference
// themselves, and every seventh is a junction table of two earlier ones.
inline schema::Schema Generated(int n, uint32_t seed) {
  uint32_t state = seed * 2654435761u + 1;
  auto next = [&state](uint32_t mod) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % mod;
  };
  const char* namespaces[] = {"core", "sales", "ops"};
  schema::Schema s;
  for (int i = 0; i < n; ++i) {
    schema::Table t;
    t.ns = namespaces[next(3)];
    t.name = fmt::format("t{:02}", i);
    t.junction = i % 7 == 6 && i >= 2;
    schema::Column id = Col("id", schema::Type::kUuid);
    id.primary_key = true;
    t.columns.push_back(id);
    const int extra = t.junction ? 0 : 1 + static_cast<int>(next(8));
    for (int c = 0; c < extra; ++c)
      t.columns.push_back(Col(fmt::format("field_{}", c),
                              c % 3 == 0 ? schema::Type::kString : schema::Type::kInteger,
                              c % 2 == 1));
    std::vector<int> refs;
    const int fk_count = i == 0 ? 0 : t.junction ? 2 : static_cast<int>(next(4));
    for (int k = 0; k < fk_count; ++k) {
      const int target = static_cast<int>(next(static_cast<uint32_t>(i)));
      if (std::find(refs.begin(), refs.end(), target) == refs.end()) refs.push_back(target);
    }
    if (!t.junction && i > 0 && next(6) == 0) refs.push_back(i);  // a self-reference
    for (int target : refs) {
      const schema::Table& ref = target == i ? t : s.tables[static_cast<size_t>(target)];
      const std::string col = target == i ? "parent_id" : fmt::format("{}_{}_id", ref.ns, ref.name);
      t.columns.push_back(Col(col, schema::Type::kUuid, target == i));
      schema::ForeignKey fk;
      fk.columns = {col};
      fk.ref_table = target == i ? t.Ref() : ref.Ref();
      fk.ref_columns = {"id"};
      fk.name = schema::ForeignKeyName(t.SqlName(), fk.columns);
      t.foreign_keys.push_back(fk);
    }
    s.tables.push_back(std::move(t));
  }
  schema::Canonicalize(s);
  return s;
}

}  // namespace alab::docs::testschemas
