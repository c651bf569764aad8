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
    auto add = [&t](const char* name, Type type, bool nullable = false) -> Column& {
      Column c;
      c.name = name;
      c.type = type;
      c.nullable = nullable;
      t.columns.push_back(c);
      return t.columns.back();
    };
    add("id", Type::kUuid).primary_key = true;
    add("title", Type::kString).length = 200;
    add("body", Type::kText, true);
    add("count", Type::kInteger);
    Column& price = add("price", Type::kDecimal);
    price.precision = 10;
    price.scale = 2;
    add("active", Type::kBoolean);
    add("status", Type::kEnum).enum_values = {"a", "b", "c"};
    add("data", Type::kJson, true);
    add("parent_id", Type::kUuid, true);
    add("created_at", Type::kDatetime);
    schema::Index index;
    index.name = "idx_" + t.SqlName() + "_parent_id";
    index.columns = {"parent_id"};
    t.indexes.push_back(index);
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
  std::string per_target;
  for (auto t : AllTargets()) {
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& f : Export(schema, t)) bytes += f.content.size();
    per_target += fmt::format(
        " {}={:.0f}", TargetName(t),
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("export all targets, 1000 tables: %.1f ms, %zu bytes (ms per target:%s)\n", ms, bytes,
              per_target.c_str());
  RecordProperty("export_all_1000_tables_ms", static_cast<int>(ms));
  EXPECT_GT(bytes, 1000000u);
}

}  // namespace
}  // namespace alab::exports
