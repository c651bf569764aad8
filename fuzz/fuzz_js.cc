// libFuzzer target: the JS-to-IR boundary. The input is evaluated both as a schema file
// and as a migration file; any input must produce diagnostics or a value, never a crash,
// and never write a file.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "migration/load.h"
#include "schema/project.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::filesystem::path root = [] {
    auto d =
        std::filesystem::temp_directory_path() / ("alab-fuzz-js-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d / "schemas" / "app");
    return d;
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  alab::diag::DiagnosticSink diags;
  (void)alab::migration::LoadMigrationText("migrations/001_fuzz.js", text, diags, 0.5);
  (void)diags.Render();
  {
    std::ofstream out(root / "schemas" / "app" / "item.js", std::ios::binary | std::ios::trunc);
    out << text;
  }
  alab::schema::LoadOptions options;
  options.time_limit_seconds = 0.5;
  auto result = alab::schema::LoadSchemas(root, root / "schemas", options);
  (void)result.diags.Render();
  return 0;
}
