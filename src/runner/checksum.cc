#include "runner/checksum.h"

#include "base/sha256.h"

namespace alab::runner {

std::vector<std::string> ChainChecksums(const std::vector<const migration::Migration*>& ordered) {
  std::vector<std::string> out;
  out.reserve(ordered.size());
  std::string prev = kGenesis;
  for (const auto* m : ordered) {
    prev = Sha256Hex(m->content + prev);
    out.push_back(prev);
  }
  return out;
}

std::string SqlChecksum(const std::vector<dialect::Statement>& statements) {
  std::string all;
  for (const auto& s : statements) {
    all += s.sql;
    all += ";\n";
  }
  return Sha256Hex(all);
}

}  // namespace alab::runner
