// Export throughput: all targets for 1,000 generated tables (10 columns, 1 index, 1 FK each).
// The time is measured and printed (and recorded as a test property), never asserted.
#include <chrono>
#include <cstdio>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "export/export.h"

namespace alab::exports {
namespace {

schema::Schema ThousandTables() {
  using schema::Column;
  using schema::Type;
  schema::Schema s;
  for (int i = 0; i < 1000; ++i) {
    schema::Table t;
    t.ns = fmt::format("ns{}", i % 10);
    t.name = fmt::format("table_{:04}", i);
    t.file = fmt::format("schemas/{}/{}.js", t.ns, t.name);
    Column id{.name = "id", .type = Type::kUuid, .primary_key = true};
    t.columns.push_back(id);
    t.columns.push_back(Column{.name = "title", .type = Type::kString, .length = 200});
    t.columns.push_back(Column{.name = "body", .type = Type::kText, .nullable = true});
    t.columns.push_back(Column{.name = "count", .type = Type::kInteger});
    t.columns.push_back(Column{.name = "price", .type = Type::kDecimal, .precision = 10, .scale = 2});
    t.columns.push_back(Column{.name = "active", .type = Type::kBoolean});
    t.columns.push_back(Column{.name = "status", .type = Type::kEnum, .enum_values = {"a", "b", "c"}});
    t.columns.push_back(Column{.name = "data", .type = Type::kJson, .nullable = true});
    t.columns.push_back(Column{.name = "parent_id", .type = Type::kUuid, .nullable = true});
    t.columns.push_back(Column{.name = "created_at", .type = Type::kDatetime});
    t.indexes.push_back(schema::Index{.name = "idx_" + t.SqlName() + "_parent_id", .columns = {"parent_id"}});
    if (i > 0) {
      schema::ForeignKey fk;
      fk.name = "fk_" + t.SqlName() + "_parent_id";
      fk.columns = {"parent_id"};
      fk.ref_table = fmt::format("ns{}.table_{:04}", (i - 1) % 10, i - 1);
      fk.ref_columns = {"id"};
      t.foreign_keys.push_back(fk);
    }
    s.tables.push_back(std::move(t));
  }
  schema::Canonicalize(s);
  return s;
}

TEST(ExportBenchmark, AllTargetsForThousandTables) {
  auto schema = ThousandTables();
  auto start = std::chrono::steady_clock::now();
  size_t bytes = 0;
  for (auto t : AllTargets())
    for (const auto& f : Export(schema, t)) bytes += f.content.size();
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("export all targets, 1000 tables: %.1f ms, %zu bytes\n", ms, bytes);
  RecordProperty("export_all_1000_tables_ms", static_cast<int>(ms));
  EXPECT_GT(bytes, 1000000u);
}

}  // namespace
}  // namespace alab::exports
