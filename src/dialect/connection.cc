#include "dialect/connection.h"

#include <fmt/format.h>

namespace alab::dialect {

Connection::~Connection() = default;

Status RefuseNul(const std::string& text) {
  size_t at = text.find('\0');
  if (at == std::string::npos) return Status::Ok();
  return MakeError(
      fmt::format("the SQL text holds a NUL byte (\\u0000) at character {} of {}; nothing was run: "
                  "remove it",
                  at + 1, text.size()),
      ExitCode::kUserError);
}

}  // namespace alab::dialect
