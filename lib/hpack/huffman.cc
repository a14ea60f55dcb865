#include "hpack/huffman.h"

#include <array>

namespace h2pool::hpack {
namespace {

struct Code {
  uint8_t len;
  uint32_t bits;
};

constexpr Code kCodes[257] = {
#include "hpack/huffman_codes.inc"
};
constexpr unsigned kEos = 256;
constexpr unsigned kMaxLen = 30;

// Decoding reads kPeek bits at a time: every code up to kPeek bits long (all
// of the frequent characters) resolves with a single lookup; longer codes go
// through the canonical-code ranges below.
constexpr unsigned kPeek = 11;

struct PeekEntry {
  uint16_t sym;  // valid when len != 0
  uint8_t len;   // 0: the code is longer than kPeek bits
};

// The RFC 7541 code is canonical (codes of one length are consecutive and
// ordered by symbol), which lets long codes be decoded from per-length
// ranges instead of a second table level.
struct Canonical {
  uint32_t first[kMaxLen + 1];  // smallest code of each length
  uint32_t count[kMaxLen + 1];
  uint16_t offset[kMaxLen + 1];  // position of that code in `sorted`
  uint16_t sorted[257];
};

constexpr Canonical make_canonical() {
  Canonical c{};
  for (const Code &k : kCodes) ++c.count[k.len];
  uint16_t pos = 0;
  for (unsigned len = 1; len <= kMaxLen; ++len) {
    c.offset[len] = pos;
    c.first[len] = 0xffffffffu;
    for (unsigned s = 0; s < 257; ++s) {
      if (kCodes[s].len != len) continue;
      if (c.first[len] == 0xffffffffu) c.first[len] = kCodes[s].bits;
      c.sorted[pos++] = uint16_t(s);
    }
  }
  return c;
}

constexpr bool is_canonical(const Canonical &c) {
  for (unsigned len = 1; len <= kMaxLen; ++len)
    for (unsigned i = 0; i < c.count[len]; ++i)
      if (kCodes[c.sorted[c.offset[len] + i]].bits != c.first[len] + i)
        return false;
  return true;
}

constexpr Canonical kCanon = make_canonical();
static_assert(is_canonical(kCanon), "Huffman table must be canonical");

constexpr std::array<PeekEntry, (1u << kPeek)> make_peek() {
  std::array<PeekEntry, (1u << kPeek)> t{};
  for (unsigned s = 0; s < 257; ++s) {
    const unsigned len = kCodes[s].len;
    if (len > kPeek) continue;
    const unsigned span = 1u << (kPeek - len);
    const unsigned base = kCodes[s].bits << (kPeek - len);
    for (unsigned i = 0; i < span; ++i) t[base + i] = {uint16_t(s), uint8_t(len)};
  }
  return t;
}

constexpr std::array<PeekEntry, (1u << kPeek)> kPeekTable = make_peek();

constexpr std::array<uint8_t, 256> make_lengths() {
  std::array<uint8_t, 256> t{};
  for (unsigned s = 0; s < 256; ++s) t[s] = kCodes[s].len;
  return t;
}
constexpr std::array<uint8_t, 256> kLengths = make_lengths();

// Decodes a code longer than kPeek bits from the top `avail` bits of acc.
// Returns the symbol and sets *len, or returns -1 if avail bits are not
// enough to finish the code.
inline int decode_long(uint64_t acc, unsigned avail, unsigned *len) {
  for (unsigned l = kPeek + 1; l <= kMaxLen && l <= avail; ++l) {
    const uint32_t code = uint32_t(acc >> (avail - l)) & ((1u << l) - 1);
    if (code - kCanon.first[l] < kCanon.count[l]) {
      *len = l;
      return kCanon.sorted[kCanon.offset[l] + (code - kCanon.first[l])];
    }
  }
  return -1;
}

}  // namespace

size_t huff_encoded_length(const uint8_t *src, size_t n) {
  size_t bits = 0;
  for (size_t i = 0; i < n; ++i) bits += kLengths[src[i]];
  return (bits + 7) / 8;
}

size_t huff_encode(uint8_t *dst, const uint8_t *src, size_t n) {
  uint8_t *const begin = dst;
  uint64_t acc = 0;  // low `nbits` bits pending
  unsigned nbits = 0;
  for (size_t i = 0; i < n; ++i) {
    const Code &c = kCodes[src[i]];
    acc = (acc << c.len) | c.bits;
    nbits += c.len;
    // At most 30 new bits per symbol; flushing whole bytes at 32 keeps the
    // accumulator within 64 bits.
    if (nbits >= 32) {
      while (nbits >= 8) {
        nbits -= 8;
        *dst++ = uint8_t(acc >> nbits);
      }
    }
  }
  while (nbits >= 8) {
    nbits -= 8;
    *dst++ = uint8_t(acc >> nbits);
  }
  if (nbits) {
    // Pad with the most significant bits of EOS, i.e. ones.
    *dst++ = uint8_t((acc << (8 - nbits)) | ((1u << (8 - nbits)) - 1));
  }
  return size_t(dst - begin);
}

ptrdiff_t HuffDecoder::feed(uint8_t *dst, const uint8_t *src, size_t n,
                            bool final) {
  uint8_t *const begin = dst;
  const uint8_t *const end = src + n;
  uint64_t acc = acc_;
  unsigned nbits = nbits_;

  for (;;) {
    // Keep at most 56 bits so that shifting in a byte never drops live bits;
    // with more than 48 buffered, any code (30 bits at most) is complete.
    while (nbits <= 48 && src != end) {
      acc = (acc << 8) | *src++;
      nbits += 8;
    }
    if (nbits < 5) break;
    const uint64_t peek = nbits >= kPeek ? acc >> (nbits - kPeek)
                                         : acc << (kPeek - nbits);
    const PeekEntry e = kPeekTable[peek & ((1u << kPeek) - 1)];
    if (e.len != 0) {
      // Past the end of the input the low bits of `peek` are made up, so
      // the code only counts if it fits in the bits we really have.
      if (e.len > nbits) break;
      *dst++ = uint8_t(e.sym);
      nbits -= e.len;
      continue;
    }
    unsigned len;
    const int sym = decode_long(acc, nbits, &len);
    if (sym < 0) break;  // incomplete: only possible at the end of input
    if (sym == int(kEos)) return -1;
    *dst++ = uint8_t(sym);
    nbits -= len;
  }

  acc &= (uint64_t(1) << nbits) - 1;
  if (final) {
    // RFC 7541 5.2: padding is at most 7 bits, all ones (a prefix of EOS).
    if (nbits > 7 || acc != (uint64_t(1) << nbits) - 1) return -1;
    acc = 0;
    nbits = 0;
  }
  acc_ = acc;
  nbits_ = nbits;
  return dst - begin;
}

}  // namespace h2pool::hpack
