// Equality of two byte strings of the same length, tuned for the encoder's
// table search: most candidates differ early, so the first (and, for short
// strings, the last) 8 bytes are compared inline before any memcmp call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace h2pool::hpack {

inline uint64_t load8(const uint8_t *p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline bool bytes_eq(const uint8_t *a, const uint8_t *b, size_t n) {
  if (n >= 8) {
    // Head and tail words overlap for n < 16, which covers the whole string.
    if (load8(a) != load8(b) || load8(a + n - 8) != load8(b + n - 8)) return false;
    return n <= 16 || std::memcmp(a + 8, b + 8, n - 16) == 0;
  }
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace h2pool::hpack
