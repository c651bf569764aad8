// libFuzzer target: the alab.lock parser. Any input parses or gives an error naming the
// line; a parsed file renders back to text that parses to the same entries.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "runner/lock_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = alab::runner::ParseLockFile(text);
  if (!parsed.ok()) return 0;
  std::string rendered = alab::runner::RenderLockFile(parsed->entries);
  auto again = alab::runner::ParseLockFile(rendered);
  if (!again.ok() || again->entries != parsed->entries) std::abort();
  return 0;
}
