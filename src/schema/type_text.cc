#include "schema/type_text.h"

#include <fmt/format.h>

namespace alab::schema {

std::string TypeText(const Column& c, EnumValues values) {
  std::string out = TypeName(c.type);
  if (c.type == Type::kString && c.length > 0) out += fmt::format("({})", c.length);
  if (c.type == Type::kDecimal) out += fmt::format("({},{})", c.precision, c.scale);
  if (c.type == Type::kNative) {
    std::string texts;
    for (const auto& [key, text] : c.native)
      texts += (texts.empty() ? "" : ", ") + key + ": " + text;
    out += "(" + texts + ")";
  }
  if (c.type == Type::kEnum && values == EnumValues::kShow) {
    std::string list;
    for (const auto& v : c.enum_values) list += (list.empty() ? "'" : ",'") + v + "'";
    out += "(" + list + ")";
  }
  return out;
}

}  // namespace alab::schema
