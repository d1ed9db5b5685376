#pragma once
// How long the long runs run (the kill test, the soak, the hostile server's bounds): the environment's knobs
// and whether the sanitizers slow everything down. Header-only.
//   PCSYNC_LONG_TESTS=1      the long versions (1,000 kills, 180 simulated days)
//   PCSYNC_KILL_ROUNDS=N     exactly N kills
//   PCSYNC_KILL_SEED=N       the kill test's random delays of an earlier run
//   PCSYNC_SOAK_DAYS=N       exactly N simulated days

#include <cstdlib>

namespace pcs::sync::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;  // ASan + UBSan: several times slower, memory figures far larger
#else
inline constexpr bool kSanitized = false;
#endif

// The variable as a number, or `fallback` when it is unset or empty.
inline int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

inline bool long_tests() { return env_int("PCSYNC_LONG_TESTS", 0) == 1; }

}  // namespace pcs::sync::test
