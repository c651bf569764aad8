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
// so the pack never holds more than the files it was last used for. A pack that cannot
// be read (missing, torn, from another format) is treated as empty; one that cannot be
// written is skipped. Deleting `.alab/cache/` is always safe; ALAB_CACHE=off disables it.
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace alab::js {

class EvalCache {
 public:
  // A cache that stores nothing (as with ALAB_CACHE=off).
  EvalCache() = default;
  // Reads the pack at `pack` (if any).
  explicit EvalCache(std::filesystem::path pack);
  // `<root>/.alab/cache/<set>.pack`, or a disabled cache when ALAB_CACHE is "off" or "0".
  static EvalCache ForProject(const std::filesystem::path& project_root, const std::string& set);

  bool enabled() const { return !pack_.empty(); }
  // The stored result for key, or nullopt. Thread-safe.
  std::optional<nlohmann::ordered_json> Find(const std::string& key);
  // Records a fresh result. Thread-safe.
  void Add(const std::string& key, const nlohmann::ordered_json& value);
  // Writes the pack when it changed; failures are ignored (it is only a cache).
  void Save();

 private:
  std::filesystem::path pack_;
  std::mutex mu_;
  std::unordered_map<std::string, std::string> loaded_;  // key -> CBOR bytes
  std::unordered_map<std::string, std::string> used_;    // what the next pack holds
  bool added_ = false;
};

}  // namespace alab::js
