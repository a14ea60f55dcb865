// RFC 7541 Appendix B Huffman code.
#pragma once

#include <cstddef>
#include <cstdint>

namespace h2pool::hpack {

// Exact encoded length in bytes of src[0..n).
size_t huff_encoded_length(const uint8_t *src, size_t n);
// Encodes src into dst (which must have huff_encoded_length bytes); returns
// the number of bytes written.
size_t huff_encode(uint8_t *dst, const uint8_t *src, size_t n);

// Streaming decoder: feed() may be called with any split of the input. The
// state between calls is one automaton state plus whether the bits seen so
// far end on a symbol boundary with only 1-bit padding.
class HuffDecoder {
 public:
  void reset() {
    state_ = 0;
    accept_ = true;
  }
  // Decodes src[0..n) appending to dst (room for n * 8 / 5 + 1 bytes is
  // always enough). Returns bytes written or -1 on an invalid code (EOS
  // symbol). When final, also rejects padding longer than 7 bits or not all
  // ones (-1).
  ptrdiff_t feed(uint8_t *dst, const uint8_t *src, size_t n, bool final);

 private:
  uint16_t state_ = 0;
  bool accept_ = true;
};

}  // namespace h2pool::hpack
