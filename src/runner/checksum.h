#pragma once
// The checksum chain over migration files and the checksum of rendered SQL.
#include <string>
#include <vector>

#include "dialect/dialect.h"
#include "migration/migration.h"

namespace alab::runner {

inline constexpr const char* kGenesis = "genesis";

// checksum_i = sha256(file_content_i + checksum_{i-1}), checksum_{-1} = "genesis", over
// migrations in DAG order.
std::vector<std::string> ChainChecksums(const std::vector<const migration::Migration*>& ordered);

// sha256 of the statements joined by ";\n" (what `check --determinism` compares).
std::string SqlChecksum(const std::vector<dialect::Statement>& statements);

}  // namespace alab::runner
