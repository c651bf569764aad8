#include "js/eval_cache.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "base/files.h"

namespace alab::js {

namespace {

// Pack format: the magic line, then per entry "<64 hex key> <byte count>\n<CBOR bytes>".
constexpr std::string_view kMagic = "alab-eval-cache 1\n";
constexpr size_t kKeyLength = 64;

void Parse(const std::string& data, std::unordered_map<std::string, std::string>& out) {
  if (data.compare(0, kMagic.size(), kMagic) != 0) return;
  size_t pos = kMagic.size();
  std::unordered_map<std::string, std::string> entries;
  while (pos < data.size()) {
    if (data.size() - pos < kKeyLength + 3 || data[pos + kKeyLength] != ' ') return;  // torn: use nothing
    std::string key = data.substr(pos, kKeyLength);
    size_t nl = data.find('\n', pos + kKeyLength + 1);
    if (nl == std::string::npos) return;
    std::string count = data.substr(pos + kKeyLength + 1, nl - pos - kKeyLength - 1);
    if (count.empty() || count.size() > 12 || count.find_first_not_of("0123456789") != std::string::npos) return;
    size_t n = std::stoull(count);
    if (data.size() - (nl + 1) < n) return;
    entries.emplace(std::move(key), data.substr(nl + 1, n));
    pos = nl + 1 + n;
  }
  out = std::move(entries);
}

}  // namespace

EvalCache::EvalCache(std::filesystem::path pack) : pack_(std::move(pack)) {
  auto data = ReadFile(pack_);
  if (data.ok()) Parse(*data, loaded_);
}

EvalCache EvalCache::ForProject(const std::filesystem::path& project_root, const std::string& set) {
  const char* env = std::getenv("ALAB_CACHE");
  if (env != nullptr && (std::strcmp(env, "off") == 0 || std::strcmp(env, "0") == 0)) return EvalCache();
  return EvalCache(project_root / ".alab" / "cache" / (set + ".pack"));
}

std::optional<nlohmann::ordered_json> EvalCache::Find(const std::string& key) {
  if (!enabled()) return std::nullopt;
  std::string bytes;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = loaded_.find(key);
    if (it == loaded_.end()) {
      auto again = used_.find(key);  // two files with the same text
      if (again == used_.end()) return std::nullopt;
      bytes = again->second;
    } else {
      bytes = it->second;
      used_[key] = std::move(it->second);
      loaded_.erase(it);
    }
  }
  auto value = nlohmann::ordered_json::from_cbor(bytes, /*strict=*/true, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    std::lock_guard<std::mutex> lock(mu_);
    used_.erase(key);
    added_ = true;  // rewrite the pack without the bad entry
    return std::nullopt;
  }
  return value;
}

void EvalCache::Add(const std::string& key, const nlohmann::ordered_json& value) {
  if (!enabled() || key.size() != kKeyLength) return;
  std::vector<uint8_t> cbor = nlohmann::ordered_json::to_cbor(value);
  std::lock_guard<std::mutex> lock(mu_);
  used_[key] = std::string(cbor.begin(), cbor.end());
  added_ = true;
}

void EvalCache::Save() {
  if (!enabled()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (!added_ && loaded_.empty()) return;  // every entry was used and none is new
  std::vector<const std::pair<const std::string, std::string>*> entries;
  size_t total = kMagic.size();
  for (const auto& e : used_) {
    entries.push_back(&e);
    total += kKeyLength + 24 + e.second.size();
  }
  std::sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out;
  out.reserve(total);
  out += kMagic;
  for (const auto* e : entries) {
    out += e->first;
    out += ' ';
    out += std::to_string(e->second.size());
    out += '\n';
    out += e->second;
  }
  std::error_code ec;
  std::filesystem::path dir = pack_.parent_path();
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return;
    // Keep the cache out of version control without touching the project's .gitignore.
    (void)WriteFileAtomic(dir / ".gitignore", "# alab's evaluation cache: safe to delete\n*\n");
  }
  (void)WriteFileAtomic(pack_, out);
  added_ = false;
  loaded_.clear();  // entries this run did not use are gone from the pack
}

}  // namespace alab::js
