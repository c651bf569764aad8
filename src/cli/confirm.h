#pragma once
// Confirmation before changing a database whose environment says `confirm: true` in
// alab.yaml (e.g. production): a y/N question on a terminal, `--yes` without one.
#include <string>

#include "base/expected.h"
#include "config/config.h"

namespace alab::cli {

// Ok when the environment needs no confirmation, `yes` was passed, or the user typed y/yes
// at the prompt. Otherwise a user error (exit 1) that says how to confirm. `action` reads
// as a verb phrase: "apply pending migrations to".
Status ConfirmEnvironment(const config::Config& cfg, bool yes, const std::string& action);

}  // namespace alab::cli
