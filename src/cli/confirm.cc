#include "cli/confirm.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "base/strings.h"

namespace alab::cli {

Status ConfirmEnvironment(const config::Config& cfg, bool yes, const std::string& action) {
  if (!cfg.confirm || yes) return Status::Ok();
  const std::string target = "environment '" + cfg.env_name + "' (" + cfg.RedactedUrl() + ")";
  if (::isatty(0) == 0) {
    return MakeError(
        target +
            " has `confirm: true` in alab.yaml and there is no terminal to ask on; pass --yes to " +
            action + " it",
        ExitCode::kUserError);
  }
  std::fprintf(stderr, "%s %s? [y/N] ", action.c_str(), target.c_str());
  std::fflush(stderr);
  std::string answer;
  if (!std::getline(std::cin, answer)) answer.clear();
  answer = ToLower(Trim(answer));
  if (answer == "y" || answer == "yes") return Status::Ok();
  return MakeError("cancelled: nothing was changed in " + target, ExitCode::kUserError);
}

}  // namespace alab::cli
