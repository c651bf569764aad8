#include "dialect/session.h"


namespace alab::dialect {

const std::string& SqlTextFor(const schema::Value& v, const std::string& dialect) {
  return dialect == "sqlite" ? v.sqlite : v.postgres;
}

}  // namespace alab::dialect
