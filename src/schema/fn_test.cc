// The functions of a generated column are an enum: every one has a name that reads back to
// it, and a schema dump naming a function the IR does not have is refused, not carried to
// render time.
#include <gtest/gtest.h>

#include "schema/dsl_names.h"
#include "schema/ir.h"

namespace alab::schema {
namespace {

TEST(Fn, EveryFunctionRoundTripsThroughItsName) {
  for (Fn f : AllFns()) {
    auto back = FnFromName(FnName(f));
    ASSERT_TRUE(back.has_value()) << FnName(f);
    EXPECT_EQ(*back, f);
  }
  EXPECT_FALSE(FnFromName("sqrt").has_value());
  // The schema language offers every function but the literal leaf.
  EXPECT_EQ(FnNames().size() + 1, AllFns().size());
}

nlohmann::json DumpWithComputed(const std::string& fn) {
  return nlohmann::json::parse(R"({"tables": [{"namespace": "app", "name": "item", "columns": [
      {"name": "label", "type": "text", "computed": {"fn": ")" +
                               fn + R"(", "args": [{"col": "name"}]}}]}]})");
}

TEST(Fn, ASchemaDumpWithAnUnknownFunctionIsRefused) {
  auto ok = SchemaFromJson(DumpWithComputed("upper"));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  ASSERT_EQ(ok->tables.size(), 1u);
  ASSERT_TRUE(ok->tables[0].columns[0].computed.has_value());
  EXPECT_EQ(ok->tables[0].columns[0].computed->expr.fn, Fn::kUpper);

  auto bad = SchemaFromJson(DumpWithComputed("sqrt"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ExitCode::kUserError);
  EXPECT_NE(bad.error().message.find("unknown computed-column function fn.sqrt"), std::string::npos)
      << bad.error().message;
}

}  // namespace
}  // namespace alab::schema
