#include "schema/type_text.h"

#include <gtest/gtest.h>

namespace alab::schema {
namespace {

Column Col(Type t) {
  Column c;
  c.name = "c";
  c.type = t;
  return c;
}

TEST(TypeText, OneSpellingForEveryReader) {
  Column s = Col(Type::kString);
  EXPECT_EQ(TypeText(s), "string");
  s.length = 255;
  EXPECT_EQ(TypeText(s), "string(255)");
  Column d = Col(Type::kDecimal);
  d.precision = 10;
  d.scale = 2;
  EXPECT_EQ(TypeText(d), "decimal(10,2)");
  Column e = Col(Type::kEnum);
  e.enum_values = {"draft", "live"};
  EXPECT_EQ(TypeText(e), "enum('draft','live')");
  EXPECT_EQ(TypeText(e, EnumValues::kOmit), "enum");
  EXPECT_EQ(TypeText(Col(Type::kUuid)), "uuid");
  EXPECT_EQ(TypeText(Col(Type::kDatetime)), "datetime");
}

}  // namespace
}  // namespace alab::schema
