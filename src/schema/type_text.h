#pragma once
// How a column's type is written for people: the one spelling behind `alab schema`'s table,
// `alab diff`'s and drift's "type" lines, and the generated docs.
#include <string>

#include "schema/ir.h"

namespace alab::schema {

enum class EnumValues {
  kShow,  // enum('draft','live')
  kOmit,  // enum (when the values are listed beside it)
};

// "string(255)" ("string" without a length), "decimal(10,2)", "enum('draft','live')", and
// otherwise the type's name ("integer", "uuid", "datetime").
std::string TypeText(const Column& c, EnumValues values = EnumValues::kShow);

}  // namespace alab::schema
