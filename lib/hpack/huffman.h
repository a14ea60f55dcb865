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
// Encodes src into dst[0..n) if the code is shorter than n bytes and
// returns its length; otherwise returns n (dst then holds scratch).
size_t huff_encode_shorter(uint8_t *dst, const uint8_t *src, size_t n);

// Decodes a whole code src[0..n) into dst, which needs room for
// n * 8 / 5 + 2 bytes (one more than feed() needs). Returns the bytes
// written, or -1 for an EOS symbol or bad padding.
ptrdiff_t huff_decode_whole(uint8_t *dst, const uint8_t *src, size_t n);

// Streaming decoder: feed() may be called with any split of the input. The
// only state between calls is the tail of bits that did not complete a
// symbol yet (always fewer than 30, the longest code).
class HuffDecoder {
 public:
  void reset() {
    acc_ = 0;
    nbits_ = 0;
  }
  // Decodes src[0..n) appending to dst (room for n * 8 / 5 + 1 bytes is
  // always enough). Returns bytes written or -1 on an invalid code (EOS
  // symbol). When final, also rejects padding longer than 7 bits or not all
  // ones (-1).
  ptrdiff_t feed(uint8_t *dst, const uint8_t *src, size_t n, bool final);

 private:
  uint64_t acc_ = 0;   // top nbits_ bits are pending input, the rest zero
  uint32_t nbits_ = 0;
};

}  // namespace h2pool::hpack
