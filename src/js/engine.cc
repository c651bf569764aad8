#include "js/engine.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>

#include <fmt/format.h>

#include "base/check.h"
#include "base/sha256.h"
#include "base/strings.h"
#include "js/jsc_private.h"
#include "js/prelude.h"
#include "js/source_text.h"

namespace alab::js {

namespace {

// JSObjectMakeFunction wraps the body in "(function anonymous(__m\n) {\n", so the
// engine reports the body's first line as line 3.
constexpr int kLineShift = 2;

class JsString {
 public:
  explicit JsString(const char* utf8) : s_(JSStringCreateWithUTF8CString(utf8)) {}
  explicit JsString(const std::u16string& u)
      : s_(JSStringCreateWithCharacters(reinterpret_cast<const JSChar*>(u.data()), u.size())) {}
  ~JsString() { JSStringRelease(s_); }
  JsString(const JsString&) = delete;
  JsString& operator=(const JsString&) = delete;
  JSStringRef get() const { return s_; }

 private:
  JSStringRef s_;
};

std::string ToStdString(JSStringRef s) {
  size_t n = JSStringGetMaximumUTF8CStringSize(s);
  std::string out(n, '\0');
  size_t used = JSStringGetUTF8CString(s, out.data(), n);
  out.resize(used > 0 ? used - 1 : 0);
  return out;
}

std::string ValueToString(JSContextRef ctx, JSValueRef v) {
  JSValueRef exc = nullptr;
  JSStringRef s = JSValueToStringCopy(ctx, v, &exc);
  if (s == nullptr) return "<unprintable value>";
  std::string out = ToStdString(s);
  JSStringRelease(s);
  return out;
}

JSValueRef GetProperty(JSContextRef ctx, JSValueRef obj, const char* name) {
  if (!JSValueIsObject(ctx, obj)) return JSValueMakeUndefined(ctx);
  JSValueRef exc = nullptr;
  JSObjectRef o = JSValueToObject(ctx, obj, &exc);
  if (o == nullptr) return JSValueMakeUndefined(ctx);
  JsString key(name);
  JSValueRef v = JSObjectGetProperty(ctx, o, key.get(), &exc);
  return exc != nullptr || v == nullptr ? JSValueMakeUndefined(ctx) : v;
}

std::string StringProperty(JSContextRef ctx, JSValueRef obj, const char* name) {
  JSValueRef v = GetProperty(ctx, obj, name);
  if (JSValueIsUndefined(ctx, v) || JSValueIsNull(ctx, v)) return {};
  return ValueToString(ctx, v);
}

struct Frame {
  std::string url;
  int line = 0;
  int col = 0;
};

// "fn@url:line:col" (or "url:line:col") lines of an Error's stack.
std::vector<Frame> ParseStack(const std::string& stack) {
  std::vector<Frame> frames;
  for (const auto& raw : Split(stack, '\n')) {
    std::string f = raw;
    size_t at = f.find('@');
    if (at != std::string::npos) f = f.substr(at + 1);
    size_t c2 = f.rfind(':');
    if (c2 == std::string::npos || c2 == 0) continue;
    size_t c1 = f.rfind(':', c2 - 1);
    if (c1 == std::string::npos) continue;
    Frame fr;
    fr.url = f.substr(0, c1);
    fr.line = std::atoi(f.substr(c1 + 1, c2 - c1 - 1).c_str());
    fr.col = std::atoi(f.substr(c2 + 1).c_str());
    if (fr.line > 0) frames.push_back(std::move(fr));
  }
  return frames;
}

void RefineLocs(nlohmann::ordered_json& j, const LineIndex& lines) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "loc" && it->is_array() && it->size() == 2) {
        int line = (*it)[0].get<int>();
        int col = (*it)[1].get<int>();
        auto [c, len] = lines.Refine(line, col);
        *it = nlohmann::ordered_json::array({line, c, len});
      } else {
        RefineLocs(*it, lines);
      }
    }
  } else if (j.is_array()) {
    for (auto& e : j) RefineLocs(e, lines);
  }
}

// The unknown names the prelude recorded instead of stopping the file (finish()'s
// "problems", locations refined), as diagnostics with did-you-mean; removes them from j.
// Returns whether there were any.
bool ReportProblems(nlohmann::ordered_json& j, const std::string& path,
                    diag::DiagnosticSink& diags) {
  auto it = j.find("problems");
  if (it == j.end()) return false;
  bool any = false;
  for (const auto& p : *it) {
    std::string message = p.value("message", "");
    std::vector<std::string> candidates;
    if (p.contains("candidates") && p["candidates"].is_array())
      for (const auto& c : p["candidates"])
        if (c.is_string()) candidates.push_back(c.get<std::string>());
    std::string best = ClosestMatch(p.value("name", ""), candidates);
    if (!best.empty()) message += fmt::format("; did you mean '{}'?", best);
    diag::SourceLoc loc;
    loc.file = path;
    if (p.contains("loc") && p["loc"].is_array() && p["loc"].size() == 3) {
      loc.line = p["loc"][0].get<int>();
      loc.col = p["loc"][1].get<int>();
      loc.length = p["loc"][2].get<int>();
    }
    diags.Error(loc, message);
    any = true;
  }
  j.erase(it);
  return any;
}

// Deep recursion. JavaScriptCore throws a catchable RangeError when the native stack runs out,
// at a depth that depends on the stack at hand and on which tier compiled each frame (53,243 to
// 70,856 calls of one function across runs), so a file that catches it and uses how far it got
// would evaluate differently each time. Instead, a band of the native stack well above the
// engine's limit (kDeepBytes below the current frame, or just above the bottom of a small thread
// stack) is filled with a pattern before the file runs; if the pattern is touched, the file went
// deep enough to overflow and fails with one fixed error, whatever it caught.
constexpr size_t kDeepBytes = 3 * 1024 * 1024;
constexpr size_t kBandBytes = 64 * 1024;
constexpr size_t kBottomMargin = 512 * 1024;  // above the engine's reserved zones
constexpr unsigned char kPattern = 0xa5;

class StackBand {
 public:
  __attribute__((noinline, no_sanitize("address"))) StackBand() {
    auto* here = static_cast<char*>(__builtin_frame_address(0));
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
    void* addr = nullptr;
    size_t size = 0;
    const bool ok = pthread_attr_getstack(&attr, &addr, &size) == 0;
    pthread_attr_destroy(&attr);
    if (!ok || addr == nullptr) return;
    char* bottom = static_cast<char*>(addr) + kBottomMargin;
    char* lo = here - kDeepBytes - kBandBytes;
    if (lo < bottom) lo = bottom;
    if (here - lo < static_cast<std::ptrdiff_t>(kBandBytes + 64 * 1024))
      return;  // a tiny stack: no band
    lo_ = lo;
    volatile char* p = lo_;
    for (size_t i = 0; i < kBandBytes; ++i) p[i] = static_cast<char>(kPattern);
  }
  // Whether the code run since construction reached the band.
  __attribute__((noinline, no_sanitize("address"))) bool Touched() const {
    if (lo_ == nullptr) return false;
    const volatile char* p = lo_;
    for (size_t i = 0; i < kBandBytes; ++i)
      if (static_cast<unsigned char>(p[i]) != kPattern) return true;
    return false;
  }

 private:
  char* lo_ = nullptr;
};

std::string FormatBytes(size_t n) {
  if (n >= 1024 * 1024)
    return FormatNumber(static_cast<double>(n * 10 / (1024 * 1024)) / 10) + " MB";
  if (n >= 1024) return FormatNumber(static_cast<double>(n * 10 / 1024) / 10) + " KB";
  return std::to_string(n) + " bytes";
}

// The CPU time of the calling thread, in seconds: what the time limit counts (the engine's
// own watchdog counts the same), so a loaded machine does not stop a file early.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// The process's resident memory in bytes (0 if /proc cannot be read: then no memory limit).
size_t ResidentBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size = 0, resident = 0;
  const int n = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  if (n != 2) return 0;
  return static_cast<size_t>(resident) * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// How often (in the file's CPU time) the watchdog asks whether to stop: the limits below are
// checked there, so a file cannot run or grow past them by more than about this much.
constexpr double kWatchdogPollSeconds = 0.02;
// The first check of each evaluation comes later: every firing of the engine's watchdog
// interrupts the running thread through the engine's signal-based traps, and under heavy CPU
// contention that machinery can deadlock inside the library (a thread spinning on its
// allocator's lock while the trap sender waits for it; seen about once in 400 evaluations on
// a loaded 2-core machine with a 20 ms period from the start). Schema and migration files
// finish long before this, so they never wake the watchdog; a file that runs this long is
// polled from then on.
constexpr double kWatchdogFirstSeconds = 0.25;

}  // namespace

struct Engine::Impl {
  enum class Stop { kNone, kTime, kMemory };
  JSContextGroupRef group = nullptr;
  JSGlobalContextRef ctx = nullptr;
  JSObjectRef finish = nullptr;
  JSObjectRef mode = nullptr;
  // The current evaluation's limits and starting point (set by Arm before a file runs).
  double time_limit = 0;
  size_t memory_limit = 0;
  double cpu_start = 0;
  size_t resident_start = 0;
  Stop stopped = Stop::kNone;

  void Arm(double seconds, size_t bytes) {
    time_limit = seconds;
    memory_limit = bytes;
    cpu_start = ThreadCpuSeconds();
    resident_start = memory_limit > 0 ? ResidentBytes() : 0;
    stopped = Stop::kNone;
    if (group != nullptr && (time_limit > 0 || memory_limit > 0)) {
      const double first =
          time_limit > 0 ? std::min(time_limit, kWatchdogFirstSeconds) : kWatchdogFirstSeconds;
      JSContextGroupSetExecutionTimeLimit(group, first, &Impl::OnWatchdog, this);
    }
  }

  // Called by the engine's watchdog every kWatchdogPollSeconds of CPU time while JS runs;
  // returning true terminates the script (an uncatchable exception), false lets it go on.
  static bool OnWatchdog(JSContextRef, void* data) {
    Impl* self = static_cast<Impl*>(data);
    if (self->time_limit > 0 && ThreadCpuSeconds() - self->cpu_start >= self->time_limit) {
      self->stopped = Stop::kTime;
      return true;
    }
    if (self->memory_limit > 0 && self->resident_start > 0) {
      const size_t now = ResidentBytes();
      if (now > self->resident_start && now - self->resident_start > self->memory_limit) {
        self->stopped = Stop::kMemory;
        return true;
      }
    }
    // Going on: the engine re-arms its timer only when the callback sets the limit again
    // (returning false alone leaves the expired deadline in place and the watchdog silent).
    JSContextGroupSetExecutionTimeLimit(self->group, kWatchdogPollSeconds, &Impl::OnWatchdog, self);
    return false;
  }

  ~Impl() {
    if (finish != nullptr) JSValueUnprotect(ctx, finish);
    if (mode != nullptr) JSValueUnprotect(ctx, mode);
    if (ctx != nullptr) JSGlobalContextRelease(ctx);
    if (group != nullptr) JSContextGroupRelease(group);
  }

  bool IsStackOverflow(JSValueRef exc) {
    return JSValueIsObject(ctx, exc) && StringProperty(ctx, exc, "name") == "RangeError" &&
           StringProperty(ctx, exc, "message").find("call stack") != std::string::npos;
  }

  // Turns a JS exception into a diagnostic at the innermost frame of the user's file.
  void Report(JSValueRef exc, const std::string& path, const LineIndex& lines, double limit,
              diag::DiagnosticSink& diags) {
    diag::SourceLoc loc;
    loc.file = path;
    if (stopped == Stop::kTime) {
      diags.Error(
          loc,
          fmt::format("evaluation stopped after {} s (an infinite loop?)", FormatNumber(limit)),
          {"hint: schema and migration files must finish quickly; the limit is configurable"});
      return;
    }
    if (stopped == Stop::kMemory) {
      diags.Error(loc,
                  fmt::format("evaluation stopped: the file used more than {} of memory",
                              FormatBytes(memory_limit)),
                  {"hint: a schema or migration file declares tables and operations; it must not "
                   "build large "
                   "data (strings, arrays) while it runs"});
      return;
    }
    std::string message;
    std::string name;
    if (JSValueIsObject(ctx, exc)) {
      name = StringProperty(ctx, exc, "name");
      message = StringProperty(ctx, exc, "message");
      std::string stack = StringProperty(ctx, exc, "stack");
      for (const auto& f : ParseStack(stack)) {
        if (f.url == path) {
          loc.line = f.line - kLineShift;
          loc.col = f.col;
          break;
        }
      }
      if (loc.line <= 0) {  // syntax errors carry only line (and sometimes column)
        std::string url = StringProperty(ctx, exc, "sourceURL");
        std::string l = StringProperty(ctx, exc, "line");
        std::string c = StringProperty(ctx, exc, "column");
        if ((url.empty() || url == path) && !l.empty()) {
          loc.line = std::max(0, std::atoi(l.c_str()) - kLineShift);
          loc.col = c.empty() ? 0 : std::atoi(c.c_str());
        }
      }
      std::string unknown = StringProperty(ctx, exc, "alabName");
      if (!unknown.empty()) {
        std::vector<std::string> candidates;
        JSValueRef list = GetProperty(ctx, exc, "alabCandidates");
        std::string csv = JSValueIsObject(ctx, list) ? ValueToString(ctx, list) : "";
        candidates = Split(csv, ',');
        std::string best = ClosestMatch(unknown, candidates);
        if (!best.empty()) message += fmt::format("; did you mean '{}'?", best);
      }
    } else {
      message = "uncaught exception: " + ValueToString(ctx, exc);
    }
    if (name == "RangeError" && message.find("call stack") != std::string::npos) {
      message = "maximum call stack size exceeded (runaway recursion?)";
    } else if (name == "SyntaxError") {
      message = "syntax error: " + message;
    } else if (!name.empty() && name != "Error") {
      message = name + ": " + message;
    }
    if (loc.line > 0 && loc.col > 0) {
      auto [c, len] = lines.Refine(loc.line, loc.col);
      loc.col = c;
      loc.length = len;
    }
    diags.Error(loc, message);
  }
};

Engine::Engine(EngineOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  // Hashed once: the key of a file is sha256(this digest + its path + its text). kCacheFormat
  // changes when what is stored changes without the prelude changing (e.g. how locations are
  // refined; 3: the path joined the key).
  constexpr int kCacheFormat = 3;
  cache_salt_ =
      Sha256Hex(std::string("alab ") + ALAB_VERSION + " format " + std::to_string(kCacheFormat) +
                '\0' + PreludeSource() + '\0' + options_.dsl_config.dump() + '\0');
}

// The JavaScriptCore VM starts on the first file that is not in the cache: a run that
// finds every result cached never pays for it.
void Engine::StartVm() {
  if (impl_->ctx != nullptr) return;
  impl_->group = JSContextGroupCreate();
  // The watchdog polls (see OnWatchdog) rather than firing once at the time limit, so that it
  // can also stop a file that grows without bound.
  // (Armed per evaluation by Impl::Arm.)
  impl_->ctx = JSGlobalContextCreateInGroup(impl_->group, nullptr);
  JSContextRef ctx = impl_->ctx;

  JsString script(PreludeSource());
  JsString url(kPreludeUrl);
  JSValueRef exc = nullptr;
  JSValueRef setup = JSEvaluateScript(ctx, script.get(), nullptr, url.get(), 1, &exc);
  ALAB_CHECK(exc == nullptr && setup != nullptr && JSValueIsObject(ctx, setup));
  nlohmann::json config = options_.dsl_config;
  config["prelude_url"] = kPreludeUrl;
  config["line_shift"] = kLineShift;
  config["time_limit"] =
      options_.time_limit_seconds > 0 ? FormatNumber(options_.time_limit_seconds) + " s" : "none";
  JsString config_text(config.dump().c_str());
  JSValueRef arg = JSValueMakeString(ctx, config_text.get());
  JSObjectRef setup_fn = JSValueToObject(ctx, setup, &exc);
  JSValueRef pair = JSObjectCallAsFunction(ctx, setup_fn, nullptr, 1, &arg, &exc);
  if (exc != nullptr) std::fprintf(stderr, "alab: prelude: %s\n", ValueToString(ctx, exc).c_str());
  ALAB_CHECK(exc == nullptr && pair != nullptr && JSValueIsObject(ctx, pair));
  JSObjectRef pair_obj = JSValueToObject(ctx, pair, &exc);
  JSValueRef finish = JSObjectGetPropertyAtIndex(ctx, pair_obj, 0, &exc);
  JSValueRef mode = JSObjectGetPropertyAtIndex(ctx, pair_obj, 1, &exc);
  ALAB_CHECK(exc == nullptr && JSValueIsObject(ctx, finish) && JSValueIsObject(ctx, mode));
  impl_->finish = JSValueToObject(ctx, finish, &exc);
  impl_->mode = JSValueToObject(ctx, mode, &exc);
  JSValueProtect(ctx, impl_->finish);
  JSValueProtect(ctx, impl_->mode);
}

void Engine::SetMode(const EvaluateMode& mode) {
  JSContextRef ctx = impl_->ctx;
  JSValueRef args[] = {JSValueMakeBoolean(ctx, mode.locations), JSValueMakeNumber(ctx, mode.part),
                       JSValueMakeNumber(ctx, mode.parts)};
  JSValueRef exc = nullptr;
  JSObjectCallAsFunction(ctx, impl_->mode, nullptr, 3, args, &exc);
  ALAB_CHECK(exc == nullptr);
}

Engine::~Engine() = default;

namespace {

struct EnginePool {
  std::mutex mu;
  std::vector<std::unique_ptr<Engine>> all;
  std::vector<Engine*> idle;
};

// Never destroyed (see LeasedEngine): constructed in static storage on first use.
EnginePool& Pool() {
  alignas(EnginePool) static unsigned char storage[sizeof(EnginePool)];
  static EnginePool* pool = ::new (storage) EnginePool();
  return *pool;
}

}  // namespace

// Sanitizer builds: engines stay alive until exit (releasing a JavaScriptCore VM trips a
// UBSan vptr false positive inside the library), and the library's internal allocations
// are referenced from memory LeakSanitizer does not scan. Leaks with a JavaScriptCore
// frame are therefore not ours; every other leak is still reported.
extern "C" __attribute__((used, visibility("default"))) const char* __lsan_default_suppressions() {
  return "leak:libjavascriptcoregtk\n";
}

LeasedEngine LeaseEngine(const EngineOptions& options) {
  EnginePool& pool = Pool();
  {
    std::lock_guard<std::mutex> lock(pool.mu);
    for (size_t i = 0; i < pool.idle.size(); ++i) {
      const EngineOptions& o = pool.idle[i]->options();
      // The size and memory limits are checked per evaluation, not part of the VM: any may be
      // lent. The time limit decides whether the VM has a watchdog at all.
      if ((o.time_limit_seconds > 0 || o.memory_limit_bytes > 0) ==
              (options.time_limit_seconds > 0 || options.memory_limit_bytes > 0) &&
          o.time_limit_seconds == options.time_limit_seconds &&
          o.dsl_config == options.dsl_config) {
        Engine* e = pool.idle[i];
        e->set_max_file_bytes(options.max_file_bytes);
        e->set_memory_limit_bytes(options.memory_limit_bytes);
        pool.idle.erase(pool.idle.begin() + static_cast<std::ptrdiff_t>(i));
        return LeasedEngine(e);
      }
    }
  }
  auto engine = std::make_unique<Engine>(options);
  Engine* e = engine.get();
  std::lock_guard<std::mutex> lock(pool.mu);
  pool.all.push_back(std::move(engine));
  return LeasedEngine(e);
}

LeasedEngine::~LeasedEngine() {
  if (engine_ == nullptr) return;
  EnginePool& pool = Pool();
  std::lock_guard<std::mutex> lock(pool.mu);
  pool.idle.push_back(engine_);
}

std::optional<nlohmann::ordered_json> Engine::Evaluate(const std::string& display_path,
                                                       const std::string& text,
                                                       diag::DiagnosticSink& diags,
                                                       EvalCache* cache, const EvaluateMode& mode) {
  const bool plain = mode.locations && mode.parts == 1;
  std::string cache_key;
  if (plain && cache != nullptr && cache->enabled() && text.size() <= options_.max_file_bytes) {
    // The path is part of the key: the file's own path is visible to its code (in an Error's
    // stack), so two files with one text may evaluate differently.
    cache_key = Sha256Hex(cache_salt_ + display_path + '\0' + text);
    if (cache->readable())
      if (auto hit = cache->Find(cache_key, display_path)) return hit;
  }
  diag::SourceLoc file_loc;
  file_loc.file = display_path;
  if (text.size() > options_.max_file_bytes) {
    diags.Error(file_loc,
                fmt::format("file is too large ({}; the limit is {})", FormatBytes(text.size()),
                            FormatBytes(options_.max_file_bytes)));
    return std::nullopt;
  }
  size_t bad = FindInvalidUtf8(text);
  if (bad != std::string::npos) {
    auto [line, col] = LineColOfOffset(text, bad);
    diags.Error(diag::SourceLoc{display_path, line, col, 1},
                fmt::format("file is not valid UTF-8 (byte 0x{:02x})",
                            static_cast<unsigned>(static_cast<uint8_t>(text[bad]))),
                {"hint: save the file as UTF-8"});
    return std::nullopt;
  }
  if (auto [line, col] = FindImportStatement(text); line > 0) {
    diags.Error(diag::SourceLoc{display_path, line, col, 6},
                "import is not available: each file is self-contained (modules and files cannot be "
                "loaded)");
    return std::nullopt;
  }
  if (auto [line, col] = FindAsyncSyntax(text); line > 0) {
    // See the prelude: microtasks would run outside the time limit.
    diags.Error(
        diag::SourceLoc{display_path, line, col, 5},
        fmt::format("async functions and await are not available: schema and migration files run "
                    "synchronously and must finish within the time limit ({})",
                    options_.time_limit_seconds > 0
                        ? FormatNumber(options_.time_limit_seconds) + " s"
                        : std::string("none")),
        {"hint: the words async and await may appear only in comments and strings"});
    return std::nullopt;
  }
  std::string body = text;
  RewriteExportDefault(body);
  LineIndex lines(text);

  StartVm();
  JSContextRef ctx = impl_->ctx;
  if (!plain) SetMode(mode);
  struct ResetMode {
    Engine* engine;
    bool active;
    ~ResetMode() {
      if (active) engine->SetMode(EvaluateMode{});
    }
  } reset_mode{this, !plain};
  impl_->Arm(options_.time_limit_seconds, options_.memory_limit_bytes);
  JsString param("__m");
  JsString source(Utf8ToUtf16(body));
  JsString url(display_path.c_str());
  JSStringRef params[] = {param.get()};
  JSValueRef exc = nullptr;
  JSObjectRef fn = JSObjectMakeFunction(ctx, nullptr, 1, params, source.get(), url.get(), 1, &exc);
  if (exc != nullptr || fn == nullptr) {
    impl_->Report(exc, display_path, lines, options_.time_limit_seconds, diags);
    return std::nullopt;
  }
  JSObjectRef module = JSObjectMake(ctx, nullptr, nullptr);
  JSValueRef module_arg = module;
  StackBand band;
  JSObjectCallAsFunction(ctx, fn, nullptr, 1, &module_arg, &exc);
  if (band.Touched() && !(exc != nullptr && impl_->IsStackOverflow(exc))) {
    (void)JSObjectCallAsFunction(ctx, impl_->finish, nullptr, 1, &module_arg,
                                 nullptr);  // drop what it recorded
    diags.Error(file_loc,
                "recursion too deep: the file went deep enough to overflow the call stack",
                {"hint: the depth a recursion reaches depends on the engine, so a file that does "
                 "this (even "
                 "catching the error) cannot be evaluated deterministically; use a loop or a "
                 "shallower recursion"});
    return std::nullopt;
  }
  if (exc != nullptr) {
    // The unknown names recorded before the exception are reported too (and cleared).
    JSValueRef none = JSValueMakeUndefined(ctx);
    JSValueRef drain_exc = nullptr;
    JSValueRef left = JSObjectCallAsFunction(ctx, impl_->finish, nullptr, 1, &none, &drain_exc);
    if (drain_exc == nullptr && left != nullptr && JSValueIsString(ctx, left)) {
      auto j = nlohmann::ordered_json::parse(ValueToString(ctx, left), nullptr, false);
      if (!j.is_discarded()) {
        RefineLocs(j, lines);
        ReportProblems(j, display_path, diags);
      }
    }
    impl_->Report(exc, display_path, lines, options_.time_limit_seconds, diags);
    return std::nullopt;
  }
  JsString key("default");
  JSValueRef exported = JSObjectGetProperty(ctx, module, key.get(), &exc);
  JSValueRef json = exc == nullptr
                        ? JSObjectCallAsFunction(ctx, impl_->finish, nullptr, 1, &exported, &exc)
                        : nullptr;
  if (exc != nullptr || json == nullptr || !JSValueIsString(ctx, json)) {
    if (exc != nullptr)
      impl_->Report(exc, display_path, lines, options_.time_limit_seconds, diags);
    else
      diags.Error(file_loc, "internal: the recorded data could not be read");
    return std::nullopt;
  }
  nlohmann::ordered_json out =
      nlohmann::ordered_json::parse(ValueToString(ctx, json), nullptr, false);
  if (out.is_discarded()) {
    diags.Error(file_loc, "internal: the recorded data is not JSON");
    return std::nullopt;
  }
  RefineLocs(out, lines);
  const bool problems = ReportProblems(out, display_path, diags);
  if (!cache_key.empty() && !problems) cache->Add(cache_key, out);
  return out;
}

}  // namespace alab::js
