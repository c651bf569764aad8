#pragma once
// Expected<T>: the channel for operational failures (I/O, database, checksums).
// Each layer adds context with WithContext() so the final message reads
// "applying 003_x.js: statement 2 (...): ERROR: ...".
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace alab {

// Process exit codes (SPEC §8).
enum class ExitCode : int {
  kOk = 0,
  kUserError = 1,  // check failed, bad input
  kUsage = 2,
  kIo = 3,  // database or I/O failure
  kInternal = 70,
};

struct Error {
  std::string message;
  ExitCode code = ExitCode::kIo;

  Error WithContext(const std::string& context) const {
    return Error{context + ": " + message, code};
  }
};

inline Error MakeError(std::string message, ExitCode code = ExitCode::kIo) {
  return Error{std::move(message), code};
}

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Expected(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(data_); }
  const T& value() const { return std::get<0>(data_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

// Expected<void>.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  static Status Ok() { return Status(); }
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace alab
