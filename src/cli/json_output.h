#pragma once
// `--json` output of the read commands: one JSON object on stdout whose first keys are
// "json_version" (the shape's version: fields may be added within a version, never removed
// or changed) and "command". Errors still go to stderr with the command's exit code.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "base/db_url.h"

namespace alab::cli {

inline constexpr int kJsonVersion = 1;

inline nlohmann::ordered_json JsonEnvelope(const std::string& command) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["json_version"] = kJsonVersion;
  out["command"] = command;
  return out;
}

inline void PrintJson(const nlohmann::ordered_json& out) {
  std::printf("%s\n", RedactKnownPasswords(out.dump(2)).c_str());
}

}  // namespace alab::cli
