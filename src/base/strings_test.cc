#include "base/strings.h"

#include <gtest/gtest.h>

#include "base/sha256.h"

namespace alab {

TEST(Strings, SnakeAndPascal) {
  EXPECT_EQ(ToSnakeCase("Add User-Auth 2"), "add_user_auth_2");
  EXPECT_EQ(ToSnakeCase("addUserAuth"), "add_user_auth");
  EXPECT_EQ(ToPascalCase("auth_user"), "AuthUser");
  EXPECT_EQ(ToCamelCase("auth_user"), "authUser");
}

TEST(Strings, ClosestMatch) {
  std::vector<std::string> c{"string", "text", "integer", "unique"};
  EXPECT_EQ(ClosestMatch("strng", c), "string");
  EXPECT_EQ(ClosestMatch("uniqe", c), "unique");
  EXPECT_EQ(ClosestMatch("zzzzzz", c), "");
}

TEST(Strings, Utf8AndNumbers) {
  EXPECT_TRUE(IsValidUtf8("héllo"));
  EXPECT_FALSE(IsValidUtf8(std::string("\xff\xfe", 2)));
  EXPECT_EQ(FormatNumber(1), "1");
  EXPECT_EQ(FormatNumber(1.5), "1.5");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(-3), "-3");
}

TEST(Sha256, KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace alab
