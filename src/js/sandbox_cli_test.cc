// The sandbox's limits through the built binary, one process per run: a file's outcome must
// not depend on the run (native stack, JIT tiers) and the time limit must hold for promises.
#include <sys/resource.h>

#include <chrono>
#include <set>

#include <gtest/gtest.h>

#include "runner/runner_test_util.h"

namespace alab::js {
namespace {

namespace testkit = runner::testkit;

TEST(SandboxCliTest, RecursionDepthAsAValueFailsTheSameEveryRun) {
  auto p = testkit::MakeProject("sqlite", "sandbox_deep");
  testkit::WriteAlabYaml(p);
  p.dir->Write("schemas/app/item.js", "export default table({ id: col.id() });\n");
  p.dir->Write("schemas/app/deep.js",
               "let d = 0;\nfunction r() { d++; r(); }\ntry { r(); } catch (e) {}\n"
               "export default table({\n  id: col.id(),\n  name: col.string(d % 100 + 1),\n"
               "  other: col.string(Math.floor(d / 100) % 1000 + 1),\n});\n");
  std::set<std::string> outcomes;
  for (int i = 0; i < 5; ++i) {
    auto r = testing::RunAlab({"schema"}, p.dir->path(), {"ALAB_CACHE=off"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("schemas/app/deep.js: error: recursion too deep"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.out.find("string("), std::string::npos)
        << r.out;  // no schema that depends on depth
    outcomes.insert(std::to_string(r.exit_code) + r.out + r.err);
  }
  EXPECT_EQ(outcomes.size(), 1u);
}

TEST(SandboxCliTest, PromiseLoopStopsWithinTheLimit) {
  auto p = testkit::MakeProject("sqlite", "sandbox_promise");
  testkit::WriteAlabYaml(p);
  for (const char* code : {"function f() { return Promise.resolve().then(f); }\nf();\n",
                           "async function g() { for (;;) await 0; }\ng();\n"}) {
    p.dir->Write("schemas/app/loop.js",
                 std::string(code) + "export default table({ id: col.id() });\n");
    auto start = std::chrono::steady_clock::now();
    auto r = testing::RunAlab({"schema"}, p.dir->path(), {"ALAB_CACHE=off"});
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 5.0) << code;
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("schemas/app/loop.js:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("within the time limit (5 s)"), std::string::npos) << r.err;
  }
}

// A file that allocates without end is stopped by the memory limit (512 MB by default) with
// file and fix, well before the time limit, and the process never grows far past the limit
// (unbounded, such a file reached about 4 GB within the 5 s time limit).
TEST(SandboxCliTest, GrowingFileStopsAtTheMemoryLimit) {
  auto p = testkit::MakeProject("sqlite", "sandbox_memory");
  testkit::WriteAlabYaml(p);
  p.dir->Write("schemas/app/item.js", "export default table({ id: col.id() });\n");
  p.dir->Write("schemas/app/big.js",
               "const keep = [];\nfor (;;) keep.push('x'.repeat(1 << 20) + keep.length);\n"
               "export default table({ id: col.id() });\n");
  auto start = std::chrono::steady_clock::now();
  auto r = testing::RunAlab({"schema"}, p.dir->path(), {"ALAB_CACHE=off"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("schemas/app/big.js: error: evaluation stopped: the file used more than 512 "
                       "MB of memory"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("must not build large data"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("app_item"), std::string::npos)
      << r.out;  // no schema printed from a failed project
  EXPECT_LT(seconds, 5.0);
  // The largest child this test process has waited for (every earlier alab run included): a
  // bound, so it cannot pass if this run grew past it.
  rusage ru{};
  ASSERT_EQ(getrusage(RUSAGE_CHILDREN, &ru), 0);
  EXPECT_LT(ru.ru_maxrss, 1536L * 1024) << "peak resident KiB of a child";
}

}  // namespace
}  // namespace alab::js
