#pragma once
// Results of evaluating schema and migration files, kept between runs.
//
// Evaluating a file is a pure function of its text: the sandbox has no clock, randomness,
// files or network, and the prelude and DSL names are fixed per alab build. A result is
// therefore stored under sha256(alab version, cache format, prelude, DSL names, file text),
// a key the Engine computes, and reused exactly; any change to any of them is a different
// key. Only successful evaluations are stored, so every diagnostic of a failing file is
// produced afresh.
//
// One pack file per set of files (schemas, migrations) under `.alab/cache/`: read once,
// and rewritten only when this run evaluated something new or no longer needed an entry,
// so the pack never holds more than the files it was last used for. Deleting
// `.alab/cache/` is always safe; ALAB_CACHE=off disables it.
//
// The pack is never trusted: each entry carries sha256(key, value bytes), checked when the
// entry is used, and the decoded value is validated structurally. An entry that fails
// either is reported once on stderr ("cache entry for <file> is corrupt; re-evaluating")
// and its file is evaluated again (the entry is rewritten); a pack whose framing cannot be
// parsed is discarded with one warning. A pack of another format version is dropped
// silently. A damaged cache therefore costs time, never a different result.
//
// The digest has no secret, so whoever can write the pack can forge an entry with a valid
// digest. The cache is therefore an accelerator for read-only commands only: what is run
// against a database (migrate, rollback, squash, check --determinism) is evaluated afresh
// from the files, through a cache that is written but never read (`Use::kWriteOnly`).
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace alab::js {

class EvalCache {
 public:
  enum class Use {
    kReuse,      // stored results are returned (read-only and generation commands)
    kWriteOnly,  // every file is evaluated; fresh results are stored, nothing is read
  };
  // A cache that stores nothing (as with ALAB_CACHE=off).
  EvalCache() = default;
  // Reads the pack at `pack` (if any); `shown` names it in warnings (default: the path).
  explicit EvalCache(std::filesystem::path pack, std::string shown = {}, Use use = Use::kReuse);
  // `<root>/.alab/cache/<set>.pack`, or a disabled cache when ALAB_CACHE is "off" or "0".
  static EvalCache ForProject(const std::filesystem::path& project_root, const std::string& set,
                              Use use = Use::kReuse);

  bool enabled() const { return !pack_.empty(); }
  // Whether stored results may be returned (Find is never called otherwise).
  bool readable() const { return enabled() && use_ == Use::kReuse; }
  // The stored result for key, or nullopt; `file` names the file in the warning printed
  // when the stored entry is corrupt. Thread-safe.
  std::optional<nlohmann::ordered_json> Find(const std::string& key, const std::string& file = "");
  // Records a fresh result (it replaces a stored entry with the same key). Thread-safe.
  void Add(const std::string& key, const nlohmann::ordered_json& value);
  // Writes the pack when it changed; failures are ignored (it is only a cache).
  void Save();

  // The warnings this cache printed (for tests).
  const std::vector<std::string>& warnings() const { return warnings_; }
  // Whether a stored value has the shape Engine::Evaluate returns.
  static bool ValidValue(const nlohmann::ordered_json& v);

 private:
  struct Stored {
    std::string bytes;   // CBOR
    std::string digest;  // as read from the pack
  };
  void Warn(std::string message);
  std::filesystem::path pack_;
  std::string shown_;
  Use use_ = Use::kReuse;
  std::mutex mu_;
  std::unordered_map<std::string, Stored> loaded_;  // key -> entry as read (not yet checked)
  std::unordered_map<std::string, std::string>
      used_;  // key -> checked CBOR: what the next pack holds
  bool added_ = false;
  std::vector<std::string> warnings_;
};

}  // namespace alab::js
