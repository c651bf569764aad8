// libFuzzer target: alab.yaml parsing and resolution (environments, ${VAR} expansion,
// URL/dialect inference, redaction). Any input must give a value or an error, never a crash.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::filesystem::path dir = [] {
    auto d =
        std::filesystem::temp_directory_path() / ("alab-fuzz-config-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream out(dir / "alab.yaml", std::ios::binary | std::ios::trunc);
    out << text;
  }
  alab::config::ConfigOptions options;
  options.start_dir = dir;
  options.env = size % 2 ? "prod" : "";
  auto cfg = alab::config::LoadConfig(options);
  if (cfg.ok()) (void)cfg->RedactedUrl();
  (void)alab::config::RedactUrl(text);
  (void)alab::config::InferDialect(text);
  return 0;
}
