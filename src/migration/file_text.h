#pragma once
// Small text operations on migration files: their names, and rewriting
// the revision fields in place (rebase), keeping every other byte of the file.
#include <string>
#include <vector>

#include "base/expected.h"
#include "codegen/js_text.h"

namespace alab::migration {

// "002", "Add Email" -> "002_add_email.js".
std::string MigrationFileName(const std::string& revision, const std::string& name);

// The down_revision value: null, "001", or ["002", "003"].
std::string JsRevisionList(const std::vector<std::string>& parents);

// Replaces the values of the `up_revision:` and `down_revision:` fields of a migration file's
// text. Errors when a field cannot be found (a hand-written file with an unusual shape).
Expected<std::string> RewriteRevisionFields(const std::string& text, const std::string& revision,
                                            const std::vector<std::string>& parents);

}  // namespace alab::migration
