#include "js/eval_cache.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "base/files.h"
#include "base/sha256.h"
#include "js/source_text.h"

namespace alab::js {

namespace {

namespace fs = std::filesystem;

// Pack format: the magic line, then per entry
// "<64 hex key> <byte count> <64 hex sha256(key ' ' CBOR bytes)>\n<CBOR bytes>".
constexpr std::string_view kMagicPrefix = "alab-eval-cache ";
constexpr std::string_view kMagic = "alab-eval-cache 2\n";
constexpr size_t kHexLength = 64;

bool IsHex(std::string_view s) {
  return s.size() == kHexLength &&
         s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string EntryDigest(std::string_view key, std::string_view bytes) {
  std::string in;
  in.reserve(key.size() + 1 + bytes.size());
  in.append(key);
  in += ' ';
  in.append(bytes);
  return Sha256Hex(in);
}

enum class ParseResult { kOk, kOtherFormat, kCorrupt };

ParseResult Parse(const std::string& data, std::unordered_map<std::string, std::string>& bytes_out,
                  std::unordered_map<std::string, std::string>& digests_out) {
  if (data.compare(0, kMagic.size(), kMagic) != 0)
    return data.compare(0, kMagicPrefix.size(), kMagicPrefix) == 0 &&
                   data.find('\n') != std::string::npos && data.find('\n') < 40
               ? ParseResult::kOtherFormat
               : ParseResult::kCorrupt;
  size_t pos = kMagic.size();
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string::npos || nl - pos > 2 * kHexLength + 16) return ParseResult::kCorrupt;
    std::string_view header(data.data() + pos, nl - pos);
    size_t s1 = header.find(' ');
    size_t s2 = s1 == std::string_view::npos ? s1 : header.find(' ', s1 + 1);
    if (s2 == std::string_view::npos) return ParseResult::kCorrupt;
    std::string_view key = header.substr(0, s1);
    std::string_view count = header.substr(s1 + 1, s2 - s1 - 1);
    std::string_view digest = header.substr(s2 + 1);
    if (!IsHex(key) || !IsHex(digest) || count.empty() || count.size() > 12 ||
        count.find_first_not_of("0123456789") != std::string_view::npos ||
        (count.size() > 1 && count[0] == '0'))
      return ParseResult::kCorrupt;
    size_t n = std::stoull(std::string(count));
    if (data.size() - (nl + 1) < n) return ParseResult::kCorrupt;  // torn
    std::string k(key);
    if (bytes_out.count(k) != 0) return ParseResult::kCorrupt;  // written once per key
    bytes_out.emplace(k, data.substr(nl + 1, n));
    digests_out.emplace(std::move(k), std::string(digest));
    pos = nl + 1 + n;
  }
  return ParseResult::kOk;
}

bool ValidText(const nlohmann::ordered_json& j, int depth) {
  if (depth > 200) return false;
  if (j.is_string()) return FindInvalidUtf8(j.get_ref<const std::string&>()) == std::string::npos;
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (FindInvalidUtf8(it.key()) != std::string::npos) return false;
      if (it.key() == "loc") {
        if (!it->is_array() || it->size() != 3) return false;
        for (const auto& n : *it)
          if (!n.is_number_integer() || n.get<int64_t>() < 0 ||
              n.get<int64_t>() > (int64_t{1} << 31))
            return false;
        continue;
      }
      if (!ValidText(*it, depth + 1)) return false;
    }
    return true;
  }
  if (j.is_array()) {
    for (const auto& e : j)
      if (!ValidText(e, depth + 1)) return false;
    return true;
  }
  return !j.is_binary() && !j.is_discarded();
}

bool IsArray(const nlohmann::ordered_json& rec, const char* name) {
  auto it = rec.find(name);
  return it != rec.end() && it->is_array();
}

}  // namespace

bool EvalCache::ValidValue(const nlohmann::ordered_json& v) {
  if (!v.is_object()) return false;
  auto kind = v.find("kind");
  if (kind == v.end() || !kind->is_string()) return false;
  const std::string& k = kind->get_ref<const std::string&>();
  if (v.contains("problems")) return false;  // never stored: such files are not cached
  if (k == "table" || k == "migration") {
    auto rec = v.find("rec");
    if (rec == v.end() || !rec->is_object()) return false;
    auto rk = rec->find("k");
    if (rk == rec->end() || !rk->is_string() || rk->get_ref<const std::string&>() != k)
      return false;
    if (k == "table" && !(IsArray(*rec, "a") && IsArray(*rec, "mods"))) return false;
    if (k == "migration" &&
        !(IsArray(*rec, "up") && IsArray(*rec, "down") && IsArray(*rec, "up_hook") &&
          IsArray(*rec, "down_hook") && rec->contains("fields")))
      return false;
  } else if (k == "other" || k == "none") {
    auto type = v.find("type");
    if (v.contains("rec") ? false : (type == v.end() || !type->is_string())) return false;
  } else {
    return false;
  }
  return ValidText(v, 0);
}

EvalCache::EvalCache(fs::path pack, std::string shown, Use use)
    : pack_(std::move(pack)), shown_(std::move(shown)), use_(use) {
  if (shown_.empty()) shown_ = pack_.string();
  std::error_code ec;
  if (!fs::exists(pack_, ec)) return;
  auto data = ReadFile(pack_);
  if (!data.ok()) return;
  std::unordered_map<std::string, std::string> bytes;
  std::unordered_map<std::string, std::string> digests;
  switch (Parse(*data, bytes, digests)) {
    case ParseResult::kOk:
      for (auto& [key, b] : bytes)
        loaded_.emplace(key, Stored{std::move(b), std::move(digests[key])});
      break;
    case ParseResult::kOtherFormat:
      added_ = true;  // rewritten in this build's format
      break;
    case ParseResult::kCorrupt:
      Warn("warning: cache file " + shown_ +
           " is corrupt; discarding it and re-evaluating every file");
      added_ = true;
      break;
  }
}

EvalCache EvalCache::ForProject(const fs::path& project_root, const std::string& set, Use use) {
  const char* env = std::getenv("ALAB_CACHE");
  if (env != nullptr && (std::strcmp(env, "off") == 0 || std::strcmp(env, "0") == 0))
    return EvalCache();
  return EvalCache(project_root / ".alab" / "cache" / (set + ".pack"),
                   ".alab/cache/" + set + ".pack", use);
}

void EvalCache::Warn(std::string message) {
  std::fprintf(stderr, "alab: %s\n", message.c_str());
  warnings_.push_back(std::move(message));
}

std::optional<nlohmann::ordered_json> EvalCache::Find(const std::string& key,
                                                      const std::string& file) {
  if (!readable()) return std::nullopt;
  std::string bytes;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = loaded_.find(key);
    if (it == loaded_.end()) {
      auto again = used_.find(key);  // two files with the same text: checked already
      if (again == used_.end()) return std::nullopt;
      return nlohmann::ordered_json::from_cbor(again->second);
    }
    Stored stored = std::move(it->second);
    loaded_.erase(it);
    if (EntryDigest(key, stored.bytes) != stored.digest) {
      added_ = true;  // rewrite the pack without it
      Warn("warning: cache entry for " + (file.empty() ? key : file) +
           " is corrupt; re-evaluating");
      return std::nullopt;
    }
    bytes = std::move(stored.bytes);
  }
  auto value =
      nlohmann::ordered_json::from_cbor(bytes, /*strict=*/true, /*allow_exceptions=*/false);
  if (value.is_discarded() || !ValidValue(value)) {
    std::lock_guard<std::mutex> lock(mu_);
    added_ = true;
    Warn("warning: cache entry for " + (file.empty() ? key : file) + " is corrupt; re-evaluating");
    return std::nullopt;
  }
  std::lock_guard<std::mutex> lock(mu_);
  used_[key] = std::move(bytes);
  return value;
}

void EvalCache::Add(const std::string& key, const nlohmann::ordered_json& value) {
  if (!enabled() || !IsHex(key)) return;
  std::vector<uint8_t> cbor = nlohmann::ordered_json::to_cbor(value);
  std::string bytes(cbor.begin(), cbor.end());
  std::lock_guard<std::mutex> lock(mu_);
  auto stored = loaded_.find(key);
  // Write-only use evaluates every file: an entry that already holds this result (and its
  // digest) is kept without rewriting the pack.
  const bool same = stored != loaded_.end() && stored->second.bytes == bytes &&
                    stored->second.digest == EntryDigest(key, bytes);
  if (stored != loaded_.end()) loaded_.erase(stored);
  auto again = used_.find(key);
  if (!same && !(again != used_.end() && again->second == bytes)) added_ = true;
  used_[key] = std::move(bytes);
}

void EvalCache::Save() {
  if (!enabled()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (!added_ && loaded_.empty()) return;  // every entry was used and none is new
  std::vector<const std::pair<const std::string, std::string>*> entries;
  size_t total = kMagic.size();
  for (const auto& e : used_) {
    entries.push_back(&e);
    total += 2 * kHexLength + 24 + e.second.size();
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out;
  out.reserve(total);
  out += kMagic;
  for (const auto* e : entries) {
    out += e->first;
    out += ' ';
    out += std::to_string(e->second.size());
    out += ' ';
    out += EntryDigest(e->first, e->second);
    out += '\n';
    out += e->second;
  }
  std::error_code ec;
  fs::path dir = pack_.parent_path();
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return;
    // Keep the cache out of version control without touching the project's .gitignore.
    (void)WriteFileAtomic(dir / ".gitignore", "# alab's evaluation cache: safe to delete\n*\n");
  }
  (void)WriteFileAtomic(pack_, out);
  added_ = false;
  loaded_.clear();  // entries this run did not use are gone from the pack
}

}  // namespace alab::js
