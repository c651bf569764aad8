#pragma once
// ALAB_CHECK: invariants for programmer errors only; never reachable from user input.
#include <cstdio>
#include <cstdlib>

#define ALAB_CHECK(cond)                                                                    \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "alab: internal error: %s:%d: check failed: %s\n", __FILE__,     \
                   __LINE__, #cond);                                                        \
      std::exit(70);                                                                        \
    }                                                                                       \
  } while (0)
