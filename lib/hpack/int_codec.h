// RFC 7541 section 5.1 prefix integers, encoder side (the decoder is
// resumable and lives in the inflater state machine).
#pragma once

#include <cstddef>
#include <cstdint>

namespace h2pool::hpack {

// Bytes needed to encode v with an N-bit prefix.
inline size_t int_length(size_t v, unsigned prefix) {
  const size_t k = (size_t(1) << prefix) - 1;
  if (v < k) return 1;
  size_t n = 2;
  for (v -= k; v >= 128; v >>= 7) ++n;
  return n;
}

// Writes v with an N-bit prefix; `first` holds the representation's high
// bits. Returns the end of what was written.
inline uint8_t *put_int(uint8_t *p, uint8_t first, size_t v, unsigned prefix) {
  const size_t k = (size_t(1) << prefix) - 1;
  if (v < k) {
    *p++ = uint8_t(first | v);
    return p;
  }
  *p++ = uint8_t(first | k);
  for (v -= k; v >= 128; v >>= 7) *p++ = uint8_t(0x80 | (v & 0x7f));
  *p++ = uint8_t(v);
  return p;
}

}  // namespace h2pool::hpack
