#pragma once
// A test-only dialect that proves the Dialect seam: PostgreSQL's SQL and wire protocol with a
// migration lock that is a row with a lease in a table instead of an advisory lock (what a
// database without advisory locks, such as CockroachDB, needs). Its urls are the test server's
// with another scheme. Registered through tests/test_dialects.h; nothing outside this folder
// and src/dialect/ knows its name.
#include <string>

namespace alab::testing::lease {

// The lock table and the lease a holder takes: long enough for any test migration; a holder
// that dies leaves a row another migrator takes over once it expires.
inline constexpr char kLockTable[] = "alab_lock_lease";
inline constexpr int kLeaseSeconds = 600;

}  // namespace alab::testing::lease
