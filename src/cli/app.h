#pragma once

namespace alab::cli {
// The whole command line: parses argv, runs one command, returns the process exit code.
int Main(int argc, char** argv);
}  // namespace alab::cli
