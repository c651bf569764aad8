#pragma once
// ALAB_CHECK: invariants for programmer errors only; never reachable from user input.
#include <cstdio>
#include <cstdlib>

#define ALAB_CHECK(cond)                                                                          \
  do {                                                                                            \
    if (!(cond)) {                                                                                \
      std::fprintf(stderr, "alab: internal error: %s:%d: check failed: %s\n", __FILE__, __LINE__, \
                   #cond);                                                                        \
      std::exit(70);                                                                              \
    }                                                                                             \
  } while (0)

// ALAB_UNREACHABLE: a path no input can take (an invariant); exits 70 like ALAB_CHECK.
#define ALAB_UNREACHABLE(what)                                                                 \
  do {                                                                                         \
    std::fprintf(stderr, "alab: internal error: %s:%d: unreachable: %s\n", __FILE__, __LINE__, \
                 what);                                                                        \
    std::exit(70);                                                                             \
  } while (0)
